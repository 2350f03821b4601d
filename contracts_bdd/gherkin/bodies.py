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

from contracts_bdd.errors import FeatureError, Location
from contracts_bdd.gherkin.expressions import (
    PLACEHOLDER,
    PLACEHOLDER_PATTERN,
    Expression,
    evaluate,
    literal_text,
    matcher_menu,
    substitute_expressions,
)
from contracts_bdd.gherkin.values import TableRow, media_type, scalar, table_pairs, text_value
from contracts_bdd.model.contract import BinaryBody, FormBody, JsonBody, Matcher, MultipartPart, XmlBody
from contracts_bdd.model.expressions import ExpressionError, evaluate_expression
from contracts_bdd.model.generators import GENERATORS
from contracts_bdd.model.matchers import MATCHERS
from contracts_bdd.model.xml_document import ELEMENT_MATCHERS, XmlSyntaxError, parse_xml

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
        if field_name in entries:
            raise FeatureError(
                here,
                f"the field '{field_name}' is already in this table, at line {entries[field_name][2].line}; "
                "a JSON object keeps one value per key",
                "one row per field",
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
        here = Location(location.filename, row.line)
        value = text_value(row.cells[1], here)
        name = literal_text(row.cells[0], here)
        if name in fields:
            previous = fields[name]
            fields[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            fields[name] = value
    return FormBody(fields, location)


def xml_body(text: str, location: Location) -> XmlBody:
    """An XML docstring whose attribute values and texts may be `{{ matcher(...) }}`.

    Names keep their prefixes and namespace declarations stay attributes, as Pact writes
    XML. Text between elements is kept in order (white space around it is not). An
    expression inside a start tag is a rule on the element itself:
    `<item {{ each_like(min=2) }}>` or `<address {{ like() }}>`.
    """
    values: list[Any] = []

    def substitute(found: Expression, offset: int) -> str:
        here = Location(location.filename, location.line + offset)
        lines = "\n" * found.inner.count("\n")
        if _inside_start_tag(text, found.start):
            values.append(_element_rule(found.inner, here))
            return f' {_ELEMENT_RULE}="{len(values) - 1}"{lines}'
        values.append(evaluate(found.inner, here, values))
        return PLACEHOLDER.format(len(values) - 1) + lines

    def value(found: str, line: int) -> Any:
        return _xml_value(found, values, Location(location.filename, location.line + line - 1))

    def rule(attributes: dict[str, str]) -> Matcher | None:
        index = attributes.pop(_ELEMENT_RULE, None)
        return None if index is None else values[int(index)]

    try:
        root = parse_xml(substitute_expressions(text, substitute), value, rule)
    except XmlSyntaxError as err:
        raise FeatureError(Location(location.filename, location.line + err.line - 1), str(err), _HINT) from err
    return XmlBody(root, location)


_ELEMENT_RULE = "contracts-bdd-element-rule"
_HINT = "well-formed XML with one root element; a matcher stands for a whole text or attribute value"


def _inside_start_tag(text: str, position: int) -> bool:
    """Whether `position` is between a tag's name and its `>`, outside any attribute value."""
    opened = text.rfind("<", 0, position)
    if opened == -1 or text.rfind(">", 0, position) > opened:
        return False
    between = text[opened:position]
    return between.count('"') % 2 == 0 and between.count("'") % 2 == 0


def _element_rule(inner: str, location: Location) -> Matcher:
    try:
        rule = evaluate_expression(inner, ELEMENT_MATCHERS)
    except ExpressionError as err:
        raise FeatureError(
            location,
            f"{{{{ {inner.strip()} }}}} sits inside a start tag, where it is a rule on the element ({err})",
            "<item {{ each_like(min=1) }}> for an element the provider may repeat, "
            "or <address {{ like() }}> for one whose values may differ in type only",
        ) from err
    if not isinstance(rule, Matcher):
        raise FeatureError(
            location, f"{{{{ {inner.strip()} }}}} inside a start tag is no rule", "<item {{ each_like(min=1) }}>"
        )
    return rule


def _xml_value(text: str, values: list[Any], location: Location) -> Any:
    """A text or attribute value: literal text, or the one matcher that stands for all of it."""
    token = PLACEHOLDER_PATTERN.match(text.strip())
    if token:
        return values[int(token.group(1))]
    if PLACEHOLDER.split("{")[0] in text:
        raise FeatureError(
            location,
            "an XML text or attribute value mixes text and a matcher",
            'let the matcher stand for the whole value: <price>{{ decimal(9.99) }}</price>, code="{{ like("A1") }}"',
        )
    return text


def base64_body(text: str, content_type: str, location: Location) -> BinaryBody:
    """Bytes written in base64 in a docstring."""
    try:
        data = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as err:
        raise FeatureError(location, f"the body is not valid base64 ({err})", "the bytes in base64, e.g. AAEC") from err
    return BinaryBody(data, location, media_type(content_type, location))


def file_body(path: str, content_type: str, location: Location) -> BinaryBody:
    """Bytes read from a file (relative to the folder behave runs in)."""
    return BinaryBody(_existing(path, location).read_bytes(), location, media_type(content_type, location))


def multipart_file_part(name: str, path: str, content_type: str, location: Location) -> MultipartPart:
    """A multipart file part read from a file (relative to the folder behave runs in)."""
    found = _existing(path, location)
    return MultipartPart(name, found.name, found.read_bytes(), media_type(content_type, location), location)


def multipart_base64_part(name: str, text: str, content_type: str, location: Location) -> MultipartPart:
    """A multipart file part whose bytes are written in base64 (its file name is the part's name)."""
    name = literal_text(name, location)
    data = base64_body(text, content_type, location).data
    return MultipartPart(name, name, data, media_type(content_type, location), location)


def _existing(path: str, location: Location) -> Path:
    found = Path(path)
    if not found.is_file():
        raise FeatureError(
            location, f"the file '{path}' does not exist", "a path relative to the folder behave runs in"
        )
    return found
