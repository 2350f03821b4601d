r"""The feature files behave reads for a run: kept for the pre-flight, and named when they are not UTF-8.

behave parses every feature file before any hook runs. `install()`, called when the hooks are
imported (environment.py is loaded before the features), wraps behave's public file parser,
`behave.parser.parse_file`, which behave's runner calls once per file it will run. The wrapper

- keeps each feature it returns, so `before_all` reads the very features the run will run
  (`take_parsed()`), through behave's public model, with no reach into behave's runner;
- turns a file saved in another encoding (Windows-1252 from a word processor, say), which
  stops behave with a traceback ending in UnicodeDecodeError, into behave's own
  `ParserError`, which behave prints as one line and exits with 1::

    ParserError: Failed to parse "features/cart.feature": the file is not UTF-8: byte 0xe9 ... at line 4

- says, for a table row with more cells than its table's first row, that a `|` inside a cell is
  written `\|` (Gherkin's escape, which behave reads), with the row written so.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from behave import parser
from behave.i18n import languages

STEP_KEYWORDS = frozenset(
    keyword.strip()
    for language in languages.values()
    for kind in ("given", "when", "then", "and", "but")
    for keyword in language.get(kind, [])
)
"""Every step keyword behave reads, in every language (`Given`, `Étant donné que`, `*`)."""

_ORIGINAL = parser.parse_file
_PARSED: list[Any] = []
_CALLS = [0]


def _parse_file(filename: str, language: str | None = None) -> Any:
    _CALLS[0] += 1
    try:
        feature = _ORIGINAL(filename, language=language)
    except UnicodeDecodeError as err:
        data = Path(filename).read_bytes()
        line = data[: err.start].count(b"\n") + 1
        message = (
            f"the file is not UTF-8: byte 0x{data[err.start]:02x} cannot be read as text ({err.reason}); "
            "save the file as UTF-8 (your editor's 'Save with encoding' or 'Encoding' menu)"
        )
        raise parser.ParserError(message, line, filename) from err
    except parser.ParserError as err:
        fix = escaped_row(filename, err.line) if str(err.args[0]).startswith("Malformed table") else None
        if fix is None:
            raise
        cells, heading, row = fix
        problem = (
            f"Malformed table at line {err.line}: the row has {cells} cells where its table's first row has "
            f"{heading}; a | inside a cell is written \\|"
        )
        raise UnreadableFeature(problem, row, err.line, filename) from err
    if feature is not None:
        _PARSED.append(feature)
    return feature


class UnreadableFeature(parser.ParserError):  # type: ignore[misc]  # behave ships no types
    """behave's `ParserError` for a file behave cannot read, with what to write instead (`hint`)."""

    def __init__(self, problem: str, hint: str, line: int, filename: str) -> None:
        self.problem, self.hint = problem, hint
        super().__init__(f"{problem} (write instead: {hint})", line, filename, use_annotated_message=False)


_CELL_EDGE = re.compile(r"(?<!\\)\|")
"""Where behave splits a table row into cells: a `|` that no backslash escapes."""


def escaped_row(filename: str, line: int | None) -> tuple[int, int, str] | None:
    """For a table row at `line` with more cells than its table's first row: how many it has, how many the first
    row has, and the row with the `|`s of its last cell escaped (`regex A\\|B`), as it was meant; else None."""
    lines = Path(filename).read_text(encoding="utf-8", errors="replace").splitlines()
    if not line or line > len(lines):
        return None
    first = line - 1
    while first > 0 and lines[first - 1].strip().startswith("|"):
        first -= 1
    heading, row = (_CELL_EDGE.split(lines[index].strip()[1:-1]) for index in (first, line - 1))
    if first == line - 1 or len(row) <= len(heading):
        return None
    kept = [cell.strip() for cell in row[: len(heading) - 1]]
    joined = "\\|".join(cell.strip() for cell in row[len(heading) - 1 :])
    return len(row), len(heading), "| " + " | ".join([*kept, joined]) + " |"


def take_parsed() -> tuple[list[Any], bool]:
    """The features parsed since the last call (the run's, in behave's order), and whether any file was parsed
    through the wrapper at all (False when the hooks were imported after behave had read the features)."""
    features, seen = list(_PARSED), _CALLS[0] > 0
    _PARSED.clear()
    _CALLS[0] = 0
    return features, seen


def install() -> None:
    """Make behave name a feature file that is not UTF-8 (once; installing again changes nothing)."""
    parser.parse_file = _parse_file
