"""Translation of the body steps beyond JSON docstrings: fields tables, forms, XML, bytes and files.

    body = form_body([TableRow(("name", "{{ regex('Bob', '[A-Z][a-z]+') }}"), 12)], location)
    body.fields == {"name": Matcher("regex", "Bob", ...)}

Pure functions like `contracts_bdd.gherkin.values`, whose expressions and tables they use;
every error is a `FeatureError` with the feature file and line.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contracts_bdd.errors import FeatureError, Location
from contracts_bdd.gherkin.expressions import (
    PLACEHOLDER,
    PLACEHOLDER_PATTERN,
    Expression,
    evaluate,
    literal_text,
    substitute_expressions,
)
from contracts_bdd.gherkin.values import TableRow, media_type, scalar, table_pairs, text_value
from contracts_bdd.model.contract import BinaryBody, FormBody, JsonBody, Matcher, MultipartPart, XmlBody
from contracts_bdd.model.examples import written_value
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
    entries: dict[str, _Field] = {}
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
                f"the field '{field_name}' is already in this table, at line {entries[field_name].location.line}; "
                "a JSON object keeps one value per key",
                "one row per field",
            )
        value = scalar(row.cells[1], here) if row.cells[1].strip() else None
        entries[field_name] = _Field(field_name, value, row.cells[1].strip(), rule, here)
    return JsonBody(_build_fields("", entries), location)


@dataclass(frozen=True)
class _Field:
    """One row of a fields table: its field, its example (read, and as written), its rule, and its line."""

    name: str
    example: Any
    written: str
    rule: str
    location: Location

    def row(self, example: str, rule: str) -> str:
        """This row as a table writes it, with another example or rule."""
        return f"| {self.name} | {example} | {rule} |"


_NO_FIELD = _Field("", None, "", "", Location("", 0))


def _build_fields(prefix: str, entries: dict[str, _Field]) -> Any:
    """The JSON document the rows under `prefix` describe; `entries` holds those rows (and may hold more).

    One pass sorts the rows by their first name under `prefix`, and each nested object is built from its
    own rows only, so a table of n rows takes time in proportion to n, not n squared.
    """
    below: dict[str, dict[str, _Field]] = {}
    for field_name, field in entries.items():
        if not field_name.startswith(prefix) or field_name == prefix.rstrip("."):
            continue
        head, dot, _ = field_name[len(prefix) :].partition(".")
        if head not in below and head.endswith("[]") and head[:-2] in below:
            continue
        rows = below.setdefault(head, {})
        if dot:
            rows[field_name] = field
    document: dict[str, Any] = {}
    for head, rows in below.items():
        key = head[:-2] if head.endswith("[]") else head
        full = prefix + head
        entry = entries.get(full, _NO_FIELD)
        if head.endswith("[]"):
            element = _build_fields(full + ".", rows) if rows else entry.example
            document[key] = _apply_rule(entry.rule or "each like", element, entry)
        elif rows:
            document[key] = _build_fields(full + ".", rows)
        else:
            document[key] = _apply_rule(entry.rule, entry.example, entry) if entry.rule else entry.example
    return document


def _rule_words() -> dict[str, str]:
    """Each matcher and generator as the rule column writes it (`each like`), to its name (`each_like`)."""
    return {name.replace("_", " "): name for table in (MATCHERS, GENERATORS) for name in table}


def _apply_rule(rule: str, example: Any, entry: _Field) -> Any:
    """Apply a rule written in words (`regex [a-z]+`, `each like, min 1`) to an example."""
    location = entry.location
    words = rule.split(",", maxsplit=1)[0].split()
    for size in range(len(words), 0, -1):
        name = "_".join(words[:size]).lower()
        if name in MATCHERS or name in GENERATORS:
            break
    else:
        raise FeatureError(location, f"'{rule}' names no matcher or generator", _closest_rules(rule, entry))
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

    def made(shown: Any) -> Any:
        return spec(shown, *positional, **keywords) if spec.name in MATCHERS else spec(*positional, **keywords)

    try:
        return made(example)
    except ValueError as err:
        raise FeatureError(location, str(err), _unquoted(example, entry, made) or spec.usage) from err


def _unquoted(example: Any, entry: _Field, made: Callable[[Any], Any]) -> str:
    """The row with its quoted example written without quotes, when that is what the rule wanted: a quoted cell
    (`"3"`) is text, an unquoted one (`3`) the number it reads as."""
    if not (isinstance(example, str) and entry.written.startswith('"')):
        return ""
    unquoted = written_value(example)
    if unquoted is example:
        return ""
    try:
        made(unquoted)
    except ValueError:
        return ""
    return f"{entry.row(example.strip(), entry.rule)}, the example written without quotes"


def _closest_rules(rule: str, entry: _Field) -> str:
    """The row with the one to three rule words closest to the one written (`integr`: `integer`), the rest of the
    rule kept (`regexp [A-Z]+`: `regex [A-Z]+`); else the rule words there are."""
    known = _rule_words()
    head, comma, options = rule.partition(",")
    words = head.split()
    for size in range(min(len(words), 3), 0, -1):
        close = difflib.get_close_matches(" ".join(words[:size]).lower(), list(known), n=3, cutoff=0.6)
        if close:
            rest = " ".join(words[size:])
            fixed = [" ".join(filter(None, [word, rest])) + comma + options for word in close]
            return " or ".join(entry.row(entry.written, written) for written in fixed)
    return "a rule word the fields table knows: " + ", ".join(known) + " (docs/writing-contracts.md, section 3)"


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
