"""The Examples row each scenario of an outline was made from, found by file and line.

    example = example_of(scenario)       # behave's Row the scenario was made from, or None
    examples_of(outline)                 # every Examples row of the outline, in order
    Location(outline.filename, example.line)   # how a row is known: by file:line

behave makes an outline's scenarios from its Examples rows, each scenario at its row's
line, and names the outline its `parent`; so a row is found through behave's public model
alone. Rows added by the pre-flight's fill have lines of their own too (past the file's end).
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

_BY_LINE: WeakKeyDictionary[Any, tuple[tuple[tuple[int, int], ...], dict[int, Any]]] = WeakKeyDictionary()


def examples_of(outline: Any) -> list[Any]:
    """Every Examples row of `outline`, table after table."""
    return [example for examples in outline.examples if examples.table for example in examples.table.rows]


def example_of(scenario: Any) -> Any | None:
    """The Examples row `scenario` was made from; None for a scenario no outline made."""
    outline = getattr(scenario, "parent", None)
    if outline is None or not hasattr(outline, "examples"):
        return None
    tables = tuple((id(examples.table), len(examples.table.rows)) for examples in outline.examples if examples.table)
    known = _BY_LINE.get(outline)
    if known is None or known[0] != tables:  # built once per outline (again after a fill adds rows)
        known = (tables, {example.line: example for example in examples_of(outline)})
        _BY_LINE[outline] = known
    return known[1].get(scenario.line)
