"""Translation of the body steps beyond JSON docstrings: fields tables, forms, XML, bytes and files.

    body = form_body([TableRow(("name", "{{ regex('Bob', '[A-Z][a-z]+') }}"), 12)], location)
    body.fields == {"name": Matcher("regex", "Bob", ...)}

Pure functions like `contracts_bdd.gherkin.values`, whose expressions and tables they use;
every error is a `FeatureError` with the feature file and line.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from contracts_bdd.errors import FeatureError, Location
from contracts_bdd.gherkin.expressions import (
    PLACEHOLDER,
    Expression,
    evaluate,
    matcher_menu,
    resolve,
    substitute_expressions,
)
from contracts_bdd.gherkin.values import TableRow, scalar, table_pairs, text_value
from contracts_bdd.model.contract import BinaryBody, FormBody, JsonBody, MultipartBody, XmlBody, XmlElement
from contracts_bdd.model.generators import GENERATORS
from contracts_bdd.model.matchers import MATCHERS

_FIELD_HEADINGS = ("field", "example", "rule")
_RULE_KEYWORDS = ("min", "max", "format", "digits", "size")


def fields_body(rows: Sequence[TableRow], location: Location) -> JsonBody:
    """A JSON body from a `| field | example | rule |` table (`items[].id` for list elements)."""
    example = "| field | example | rule |\n| id | 1 | integer |\n| tags[] | admin | each like, min 1 |"
    if not rows or tuple(cell.strip().lower() for cell in rows[0].cells)[:2] != _FIELD_HEADINGS[:2]:
        raise FeatureError(location, "a fields table starts with the heading | field | example | rule |", example)
    entries: dict[str, tuple[Any, str, Location]] = {}
    for row in rows[1:]:
        here = Location(location.filename, row.line)
        if len(row.cells) not in (2, 3):
            raise FeatureError(
                here, f"a fields row has field, example and rule; this one has {len(row.cells)} cells", example
            )
        field_name = row.cells[0].strip()
        rule = row.cells[2].strip() if len(row.cells) == 3 else ""
        if not re.fullmatch(r"[^.\[\]]+(\[\])?(\.[^.\[\]]+(\[\])?)*", field_name):
            raise FeatureError(
                here, f"'{field_name}' is not a field path", "names joined by dots, [] after a list: items[].id"
            )
        entries[field_name] = (scalar(row.cells[1], here) if row.cells[1].strip() else None, rule, here)
    return JsonBody(_build_fields("", entries), location)


def _build_fields(prefix: str, entries: dict[str, tuple[Any, str, Location]]) -> Any:
    names: list[str] = []
    for field_name in entries:
        if field_name.startswith(prefix) and field_name != prefix.rstrip("."):
            head = field_name[len(prefix) :].split(".")[0]
            if head not in names and not (head.endswith("[]") and head[:-2] in names):
                names.append(head)
    document: dict[str, Any] = {}
    for head in names:
        key = head[:-2] if head.endswith("[]") else head
        full = prefix + head
        example, rule, here = entries.get(full, (None, "", Location("", 0)))
        if head.endswith("[]"):
            children = any(name.startswith(full + ".") for name in entries)
            element = _build_fields(full + ".", entries) if children else example
            document[key] = _apply_rule(rule or "each like", element, here)
        elif any(name.startswith(full + ".") for name in entries):
            document[key] = _build_fields(full + ".", entries)
        else:
            document[key] = _apply_rule(rule, example, here) if rule else example
    return document


def _apply_rule(rule: str, example: Any, location: Location) -> Any:
    """Apply a rule written in words (`regex [a-z]+`, `each like, min 1`) to an example."""
    words = rule.split(",", maxsplit=1)[0].split()
    for size in range(len(words), 0, -1):
        name = "_".join(words[:size]).lower()
        if name in MATCHERS or name in GENERATORS:
            break
    else:
        raise FeatureError(location, f"'{rule}' names no matcher", matcher_menu())
    spec = MATCHERS.get(name) or GENERATORS[name]
    rest = " ".join(words[size:])
    positional: list[Any] = [rest] if rest else []
    keywords: dict[str, Any] = {}
    for part in rule.split(",")[1:]:
        key, _, text = part.strip().partition(" ")
        if key in _RULE_KEYWORDS:
            keywords[key] = scalar(text, location)
        else:
            positional.append(part.strip())
    try:
        return spec(example, *positional, **keywords) if spec.name in MATCHERS else spec(*positional, **keywords)
    except ValueError as err:
        raise FeatureError(location, str(err), spec.usage) from err


def form_body(rows: Sequence[TableRow], location: Location) -> FormBody:
    """A form-urlencoded body from a `| field | value |` table; a repeated field gives a list."""
    fields: dict[str, Any] = {}
    for row in table_pairs(rows, "form", "| name | Alice |", location):
        value = text_value(row.cells[1], Location(location.filename, row.line))
        name = row.cells[0].strip()
        if name in fields:
            previous = fields[name]
            fields[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            fields[name] = value
    return FormBody(fields, location)


def xml_body(text: str, location: Location) -> XmlBody:
    """An XML docstring whose attribute values and texts may be `{{ matcher(...) }}`."""
    matchers: list[Any] = []

    def substitute(found: Expression, offset: int) -> str:
        matchers.append(evaluate(found.inner, Location(location.filename, location.line + offset), matchers))
        return PLACEHOLDER.format(len(matchers) - 1) + "\n" * found.inner.count("\n")

    rendered = substitute_expressions(text, substitute)
    try:
        root = ElementTree.fromstring(rendered)  # noqa: S314 - the project's own feature text
    except ElementTree.ParseError as err:
        line, column = err.position
        raise FeatureError(
            Location(location.filename, location.line + line - 1),
            f"the XML body is malformed: {err} (column {column})",
            "well-formed XML with one root element; a matcher stands for a whole text or attribute value",
        ) from err
    return XmlBody(_xml_element(root, matchers), location)


def _xml_element(node: ElementTree.Element, matchers: list[Any]) -> XmlElement:
    children: list[Any] = [_xml_element(child, matchers) for child in node]
    text = (node.text or "").strip()
    if text:
        children.insert(0, resolve(text, matchers))
    attributes = {key: resolve(value, matchers) for key, value in node.attrib.items()}
    return XmlElement(node.tag, attributes, children)


def base64_body(text: str, content_type: str, location: Location) -> BinaryBody:
    """Bytes written in base64 in a docstring."""
    try:
        data = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as err:
        raise FeatureError(location, f"the body is not valid base64 ({err})", "the bytes in base64, e.g. AAEC") from err
    return BinaryBody(data, location, content_type)


def file_body(path: str, content_type: str, location: Location) -> BinaryBody:
    """Bytes read from a file (relative to the folder behave runs in)."""
    return BinaryBody(_existing(path, location).read_bytes(), location, content_type)


def multipart_body(part_name: str, path: str, content_type: str, location: Location) -> MultipartBody:
    """A multipart/form-data body with one file part."""
    return MultipartBody(part_name, str(_existing(path, location)), location, content_type)


def _existing(path: str, location: Location) -> Path:
    found = Path(path)
    if not found.is_file():
        raise FeatureError(
            location, f"the file '{path}' does not exist", "a path relative to the folder behave runs in"
        )
    return found
