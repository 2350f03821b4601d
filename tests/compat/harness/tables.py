"""The suite's small vocabularies, one table each, and the reading of its Gherkin tables.

rows(context.table)       # [{"No": "1", "method": "GET", ...}, ...]
ordinal("first")          # 1
MOCK_MISMATCH_KINDS["body-content-type"]     # "body-type": contracts-bdd's MockMismatch kind
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_HEX = "[0-9a-fA-F]"

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}

MOCK_MISMATCH_KINDS = {
    "query": "query",
    "header": "header",
    "body": "body",
    "body-content-type": "body-type",
    "path": "path",
    "method": "method",
    "status": "status",
}
"""The suite's mismatch names -> the kinds of `contracts_bdd.model.reports.MockMismatch`."""

VERIFIER_ERRORS = {
    "Response status did not match": "StatusMismatch",
    "Headers had differences": "HeaderMismatch",
    "Body had differences": "BodyMismatch",
    "Metadata had differences": "MetadataMismatch",
    "State change request failed": "One or more of the setup state change handlers has failed",
}
"""The suite's verification errors -> what pact-rust's verifier writes in the mismatch of that kind."""


def rows(table: Any) -> list[dict[str, str]]:
    """A Gherkin table with a heading row as one dict per row."""
    return [dict(zip(table.headings, row.cells, strict=True)) for row in table]


def pairs(table: Any) -> list[tuple[str, str]]:
    """A two-column table whose first row is data too (`| body | file: basic.json |`)."""
    return [(table.headings[0], table.headings[1])] + [(row.cells[0], row.cells[1]) for row in table]


def ordinal(word: str) -> int:
    """`first` or `1` as a number."""
    return ORDINALS[word] if word in ORDINALS else int(word)


def numbers(text: str) -> list[int]:
    """`1, 2` as [1, 2]."""
    return [int(item) for item in text.replace('"', "").split(",") if item.strip()]


def _is_integer(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, str) and value.isdigit())


GENERATED: dict[str, Callable[[Any], bool]] = {
    "integer": _is_integer,
    "decimal number": lambda v: isinstance(v, (float, str)) and re.fullmatch(r"-?\d+\.\d+", str(v)) is not None,
    "hexadecimal number": lambda v: isinstance(v, str) and re.fullmatch(r"[0-9a-fA-F]+", v) is not None,
    "random string": lambda v: isinstance(v, str) and len(v) > 0,
    "string from the regex": lambda v: isinstance(v, str) and re.fullmatch(r"\d{1,8}", v) is not None,
    "date": lambda v: isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) is not None,
    "time": lambda v: isinstance(v, str) and re.fullmatch(r"\d{2}:\d{2}:\d{2}(\.\d+)?", v) is not None,
    "date-time": lambda v: (
        isinstance(v, str)
        and re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?", v) is not None
    ),
    "UUID": lambda v: (
        isinstance(v, str)
        and re.fullmatch(f"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}", v) is not None
    ),
    "simple UUID": lambda v: isinstance(v, str) and re.fullmatch(r"[0-9a-f]{32}", v) is not None,
    "lower-case-hyphenated UUID": lambda v: (
        isinstance(v, str)
        and re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", v) is not None
    ),
    "upper-case-hyphenated UUID": lambda v: (
        isinstance(v, str)
        and re.fullmatch(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}", v) is not None
    ),
    "URN UUID": lambda v: (
        isinstance(v, str)
        and re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", v) is not None
    ),
    "boolean": lambda v: isinstance(v, bool),
}
"""The suite's names for what a generator makes -> how a generated value of it looks."""
