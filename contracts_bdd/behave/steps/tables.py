"""Reducing behave's step objects (tables, docstrings) to plain values."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from contracts_bdd.errors import FeatureError, Location
from contracts_bdd.gherkin.values import TableRow


def here(context: Any) -> Location:
    """The location of the running step."""
    location: Location = context.contracts.step_location
    return location


def step_table(context: Any, example: str) -> list[TableRow]:
    """The step's table, heading row included, as `TableRow`s."""
    return rows_of(context.table, here(context), example)


def rows_of(table: Any, location: Location, example: str) -> list[TableRow]:
    """A behave table, heading row included, as `TableRow`s; a `FeatureError` at `location` if there is none."""
    if table is None:
        raise FeatureError(location, "this step needs a table under it", example)
    return [TableRow(tuple(table.headings), table.line)] + [TableRow(tuple(row.cells), row.line) for row in table.rows]


def docstring(context: Any, example: str) -> tuple[str, Location]:
    """The step's docstring and the location of its first content line."""
    text = context.text
    if text is None:
        raise FeatureError(here(context), 'this step needs a docstring (text between """ lines) under it', example)
    step = here(context)
    line = getattr(text, "line", 0) or step.line + 1
    return str(text), Location(step.filename, line + 1)


def docstring_indent(context: Any) -> Callable[[], int]:
    """How many columns of the feature file the step's docstring lines begin after, asked when needed.

    behave's docstring keeps the line of its opening quotes but strips their indentation from
    every line; a column of the docstring is that many columns further right in the file.
    The line is read from the feature file only when asked (to place an error), never per step.
    """
    opening = int(getattr(context.text, "line", 0) or 0)
    filename = here(context).filename

    def indent() -> int:
        try:
            with open(filename, encoding="utf-8-sig", errors="replace") as lines:
                written = next(itertools.islice(lines, opening - 1, None), "") if opening > 0 else ""
        except OSError:
            return 0
        return len(written) - len(written.lstrip()) if written.lstrip().startswith(('"""', "'''")) else 0

    return indent
