"""Text from a pact written into a feature: the one path every copied string takes, so that it stays data.

    gherkin_text("GET", Sink.WORD)                                # 'GET'
    gherkin_text('json"\\n  Scenario: x', Sink.ARGUMENT)          # '{{ "json\\"\\n  Scenario: x" }}'
    gherkin_text("Alice\\u202eevil", Sink.LINE)                   # 'Alice\\\\u202eevil' (shown, never acted on)

A pact is someone else's text. Gherkin reads a line break as a new step, tag or
scenario, `|` as a new cell, `{{` as an expression and `#` or `@` at the start
of a line as a comment or a tag. Every string render copies from a pact (a
method, header and query names, content types, metadata keys, state names and
parameters, rule values, descriptions and comments) goes through
`gherkin_text` with the `Sink` it lands in. Text that Gherkin reads back
unchanged there is written as it is; anything else becomes a one-line
`{{ "..." }}` literal, which the steps read back exactly (or refuse at their
line, for a sink that takes no such value). On a line that is never read back
as a value (a scenario's name, a `#` comment) line breaks and invisible
characters are shown as escapes instead.

Invisible and bidi control characters (`contracts_bdd.model.characters`) are
never written raw: a reader of the feature would see something else than what
the pact holds.
"""

from __future__ import annotations

import json
import re
from enum import Enum
from typing import Any

from contracts_bdd.model.characters import escape_code, invisible

LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
STEP_STARTS = ("Given ", "When ", "Then ", "And ", "But ", "* ", "#", "@", "|", '"""', "'''", "```")
KEYWORD_LINES = (
    "Feature:",
    "Background:",
    "Scenario:",
    "Scenario Outline:",
    "Scenario Template:",
    "Examples:",
    "Scenarios:",
    "Rule:",
    "Example:",
)
_WORD = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z/;=, ]+")
"""What a bare word may hold: an HTTP token, and the `/`, `;`, `=`, `,` and spaces of a media type."""
_TAG_WORD = re.compile(r"[^\s@#]+")


class Sink(Enum):
    """Where in a feature a copied string lands, and so what Gherkin would read differently there."""

    ARGUMENT = "a quoted step argument: no quote or backslash"
    QUOTED = "a quoted step argument read up to its last quote: quotes may stand"
    VALUE = "a path, header, query or form value: no `${` (a state parameter) and no backslash"
    NAME = "a name in a table (a header, a field, a metadata key, a parameter): no backslash"
    WORD = "a bare word (an HTTP method, a content type): token characters only"
    LINE = "a line of free text (a scenario's name, a `#` comment): shown, never read back as a value"


def gherkin_text(text: str, sink: Sink) -> str:
    """`text` as it may stand in `sink`: as it is when Gherkin reads it back unchanged there, else escaped."""
    if sink is Sink.LINE:
        return text if plain_line(text.replace("{{", "{")) else json_text(text, python=True)[1:-1]
    if sink is Sink.WORD:
        return text if _WORD.fullmatch(text) and text == text.strip() else literal(text)
    unchanged = plain_line(text) and "\\" not in text
    if sink is Sink.ARGUMENT:
        unchanged = unchanged and '"' not in text
    elif sink is Sink.VALUE:
        unchanged = unchanged and "${" not in text
    elif sink is Sink.QUOTED:
        unchanged = plain_line(text)
    return text if unchanged else literal(text)


def plain_line(text: str) -> bool:
    """Whether `text` reads back the same on one Gherkin line and shows all it holds (no line break, control
    or invisible character, no edge spaces, no `{{` an expression would be read from)."""
    return bool(text) and text == text.strip() and "{{" not in text and not any(invisible(char) for char in text)


def tag_word(text: str) -> bool:
    """Whether `text` can follow `@` in a tag and be read back whole."""
    return bool(_TAG_WORD.fullmatch(text)) and not any(invisible(char) for char in text)


def reads_as_description(line: str) -> bool:
    """Whether `line` is read back as a line of a scenario's description (not a step, tag, table or comment)."""
    return plain_line(line) and not line.startswith(STEP_STARTS + KEYWORD_LINES)


def docstring_safe(text: str) -> bool:
    """Whether behave reads `text` back unchanged from a docstring, and it shows all it holds."""
    if any(char in LINE_BREAKS[2:] or (invisible(char) and char not in "\n\t") for char in text):
        return False
    stripped = text.strip()
    lines = text.split("\n")
    return not (stripped.startswith("{{") and stripped.endswith("}}")) and all(
        line == line.rstrip() and not line.lstrip().startswith(('"""', "'''")) for line in lines
    )


def literal(text: str) -> str:
    """`text` as a one-line `{{ "..." }}` literal that the feature reads back exactly."""
    return "{{ " + json_text(text, python=True) + " }}"


def json_text(value: Any, *, python: bool = False) -> str:
    """`value` as JSON on one line, every line break and invisible character inside a string written as an escape.

    `python`: the text is read by an expression (Python's string escapes), not by a JSON parser; the two
    differ only for a character beyond the first plane (`\\U000e0041` against a surrogate pair).
    """
    written = json.dumps(value, ensure_ascii=False)
    if not any(invisible(char) for char in written):
        return written
    return "".join(escape_code(char, json=not python) if invisible(char) else char for char in written)


def xml_text(text: str) -> str:
    """XML text (already escaped for XML) with every invisible character as a character reference (`&#x202e;`)."""
    return "".join(f"&#x{ord(char):x};" if invisible(char) else char for char in text)


def cell(text: str) -> str:
    """A table cell as behave reads it: only the pipe needs a backslash."""
    return text.replace("|", "\\|")
