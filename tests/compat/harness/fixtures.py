"""The suite's table cells and fixture files, read the way the suite means them.

    body_of("file: basic.json")        # Payload(b'{"one": "a", ...}', "application/json")
    body_of("JSON: {\"one\": 100}")    # Payload(b'{"one": 100}', "application/json")
    headers_of("'X-A: 1', 'X-A: 2'")   # [("X-A", "1"), ("X-A", "2")]
    rules_of("regex-matcher-v2.json")  # the fixture's JSON, as it is

A body cell is one of: `file: <fixture>` (its content type from the extension; a `*-body.xml`
fixture wraps a body and its content type), `JSON: ...`, `XML: ...`, `EMPTY`, or plain text.
Read as the Pact reference implementation's own harness reads them (pact-foundation/pact-compatibility-suite,
and pact-python's `tests/compatibility_suite/util`): no code of either is copied here.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

FIXTURES = (Path(__file__).resolve().parent.parent / "features").resolve().parent / "fixtures"

_BY_EXTENSION = {
    ".json": "application/json",
    ".xml": "application/xml",
    ".jpg": "image/jpeg",
    ".pdf": "application/pdf",
}


@dataclass(frozen=True)
class Payload:
    """A body: its bytes and its content type (None when the cell says none)."""

    data: bytes
    content_type: str | None = None

    @property
    def text(self) -> str | None:
        """The bytes as UTF-8 text, or None for binary data."""
        try:
            return self.data.decode()
        except UnicodeDecodeError:
            return None

    def json(self) -> Any:
        """The bytes parsed as JSON."""
        return json.loads(self.data)

    def typed(self, content_type: str | None) -> Payload:
        """The same bytes, of `content_type` when this payload names none."""
        return self if self.content_type else replace(self, content_type=content_type)


def fixture(name: str) -> Path:
    """The path of a fixture file (the name as a cell writes it)."""
    return FIXTURES / name.strip()


def body_of(cell: str) -> Payload:
    """The body a table cell or step argument names."""
    cell = cell.replace('\\"', '"')
    if cell.startswith("file: "):
        name = cell[len("file: ") :]
        if name.endswith("-body.xml"):
            return _wrapped_body(fixture(name))
        path = fixture(name)
        return Payload(path.read_bytes(), _BY_EXTENSION.get(path.suffix))
    if cell.startswith("JSON: "):
        return Payload(cell[len("JSON: ") :].encode(), "application/json")
    if cell.startswith("XML: "):
        return Payload(cell[len("XML: ") :].encode(), "application/xml")
    if cell == "EMPTY":
        return Payload(b"")
    return Payload(cell.encode())


def _wrapped_body(path: Path) -> Payload:
    """A `*-body.xml` fixture: `<body><contentType>..</contentType><contents>..</contents></body>`."""
    root = ElementTree.parse(path).getroot()
    contents, content_type = root.find("contents"), root.find("contentType")
    assert contents is not None and content_type is not None, f"{path.name} is not a wrapped body"
    text = contents.text or ""
    if contents.get("encoding") == "base64":
        return Payload(base64.b64decode(text.strip()), (content_type.text or "").strip())
    if contents.get("eol") == "CRLF":
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return Payload(text.encode(), (content_type.text or "").strip())


def json_of(cell: str) -> Any:
    """A JSON cell: `JSON: ...`, a fixture file name, or bare JSON."""
    cell = cell.strip()
    if cell.startswith("JSON: "):
        return json.loads(cell[len("JSON: ") :])
    if cell.endswith(".json") and fixture(cell).is_file():
        return json.loads(fixture(cell).read_text())
    return json.loads(cell)


def rules_of(cell: str) -> dict[str, Any]:
    """Matching rules or generators as the fixture (or the `JSON:` cell) writes them, unchanged."""
    found = json_of(cell)
    assert isinstance(found, dict), f"{cell!r} holds no rules object"
    return found


def headers_of(cell: str) -> list[tuple[str, str]]:
    """`'X-A: 1', 'X-B: 2'` as (name, value) pairs, repeats kept in order."""
    pairs = []
    for item in cell.split(", '"):
        name, _, value = item.strip().strip("'").partition(": ")
        pairs.append((name, value))
    return pairs


def value_of(cell: str) -> Any:
    """A metadata or parameter cell: `JSON: ...` is JSON, anything else is text."""
    return json.loads(cell[len("JSON: ") :]) if cell.startswith("JSON: ") else cell
