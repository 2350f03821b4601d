"""Feature files that are not UTF-8: named, at their line, instead of a traceback ending in UnicodeDecodeError.

behave reads every feature file as UTF-8 before any hook runs, and a file saved in another
encoding (Windows-1252 from a word processor, say) stops it with a traceback. `install()`,
called when the hooks are imported (environment.py is loaded before the features), wraps
behave's file parser so that the same failure is behave's own `ParserError`, which behave
prints as one line and exits with 1::

    ParserError: Failed to parse "features/cart.feature": the file is not UTF-8: byte 0xe9 ... at line 4
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from behave import parser

_ORIGINAL = parser.parse_file


def _parse_file(filename: str, language: str | None = None) -> Any:
    try:
        return _ORIGINAL(filename, language=language)
    except UnicodeDecodeError as err:
        data = Path(filename).read_bytes()
        line = data[: err.start].count(b"\n") + 1
        message = (
            f"the file is not UTF-8: byte 0x{data[err.start]:02x} cannot be read as text ({err.reason}); "
            "save the file as UTF-8 (your editor's 'Save with encoding' or 'Encoding' menu)"
        )
        raise parser.ParserError(message, line, filename) from err


def install() -> None:
    """Make behave name a feature file that is not UTF-8 (once; installing again changes nothing)."""
    parser.parse_file = _parse_file
