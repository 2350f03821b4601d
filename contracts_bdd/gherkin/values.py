"""Translation from Gherkin pieces (step text, tables, docstrings) to the contract model.

Pure functions, no I/O: behave's objects are reduced to plain values by the
step layer before they get here, so every rule can be tested with tables of
cases::

    body = json_body('{"id": {{ integer(1) }}}', Location("users.feature", 12))
    body.value == {"id": Matcher("integer", 1)}

Every error is a `FeatureError` naming the feature file and line, what is wrong
and what to write instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, urlsplit

from contracts_bdd.errors import FeatureError, FeatureErrors, Location
from contracts_bdd.gherkin.expressions import (
    PLACEHOLDER,
    Expression,
    evaluate,
    find_expressions,
    literal_text,
    resolve,
    substitute_expressions,
)
from contracts_bdd.model.characters import escape_code, invisible
from contracts_bdd.model.contract import (
    Generator,
    Header,
    JsonBody,
    Matcher,
    PathRule,
    ProviderState,
    QueryParameter,
    TextBody,
    example_of,
)
from contracts_bdd.model.expressions import (
    MAX_NESTING,
    value_problem,
)
from contracts_bdd.model.matchers import STATUS_CODE
from contracts_bdd.model.messages import MetadataEntry
from contracts_bdd.model.vocabularies import PATH_SAFE, STATUS_CLASSES, STATUS_WORDS

HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT")


_HEADER_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_HEADING_WORDS = {"name", "header", "parameter", "param", "key", "field", "value", "selector"}


@dataclass(frozen=True)
class TableRow:
    """A row of a Gherkin table reduced to its cells and its line."""

    cells: tuple[str, ...]
    line: int


def text_value(text: str, location: Location) -> Any:
    """A path, header, query or form value: text, one `{{ matcher }}`, or text with `${state parameters}`.

    `{{ null }}` is None: a query parameter with no value at all (`?flag`).
    """
    stripped = text.strip()
    if "{{" in stripped:
        expressions = find_expressions(stripped)
        found = (
            expressions[0]
            if len(expressions) == 1 and (expressions[0].start, expressions[0].end) == (0, len(stripped))
            else None
        )
        if found is None:
            raise FeatureError(
                location,
                f"'{stripped}' mixes text and a matcher",
                'let the matcher stand for the whole value: {{ regex("/users/1", "/users/\\d+") }}',
            )
        value = evaluate(found.inner, location, [])
        return value if isinstance(value, Matcher) or value is None else str(value)
    if "${" in stripped:
        return Matcher(None, stripped, (), Generator("ProviderState", (("expression", stripped),)), "from_state")
    return stripped


_STATE_PARAMETER = re.compile(r"\$\{([^}]+)\}")


def fill_from_states(value: Any, parameters: dict[str, Any], location: Location) -> Any:
    """Give a `${name}` shorthand its example from the provider states' parameters."""
    if not (isinstance(value, Matcher) and value.name == "from_state" and value.example == value.generator_expression):
        return value

    def parameter(found: re.Match[str]) -> str:
        found_value: Any = parameters
        for part in found.group(1).split("."):
            if not isinstance(found_value, dict) or part not in found_value:
                raise FeatureError(
                    location,
                    f"'{value.example}' names the state parameter '{found.group(1)}', but no provider state of this "
                    "request has it",
                    f"give a state the parameter (| {found.group(1)} | 1 |), "
                    f'or write the example yourself: {{{{ from_state("{value.example}", "...") }}}}',
                )
            found_value = found_value[part]
        return str(found_value)

    return replace(value, example=_STATE_PARAMETER.sub(parameter, str(value.example)))


def request_line(method: str, path: str, location: Location) -> tuple[str, Any]:
    """Check a request's method and path (text, a matcher or `${...}`) and return them normalised."""
    upper = method.strip().upper()
    if upper not in HTTP_METHODS:
        raise FeatureError(
            location,
            f"'{method}' is not an HTTP method",
            f'one of {", ".join(HTTP_METHODS)}, e.g. When the consumer sends a GET request to "/users/1"',
        )
    value = text_value(path, location)
    shown = str(example_of(value))
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", shown):
        address = urlsplit(shown)
        raise FeatureError(
            location,
            f"'{shown}' is a whole URL; a contract holds only the path, since the mock server (and, later, "
            "the provider) supplies the host",
            f'When the consumer sends a GET request to "{address.path or "/"}"'
            + (' and the query as a table under "And the request has the query:"' if address.query else ""),
        )
    if not shown.startswith("/"):
        raise FeatureError(location, f"the path '{shown}' does not start with '/'", f'a path from the root: "/{shown}"')
    encoded = quote(shown, safe=PATH_SAFE + "{}")  # `${id}` is filled from the provider state later
    if encoded != shown:
        raise FeatureError(
            location,
            f"the path '{shown}' holds characters a URL carries percent-encoded (a space, or non-ASCII); "
            "pact-ffi's mock server compares the encoded path with the declared one, so no request could meet it",
            f'the path as a client sends it: "{encoded}"',
        )
    if "?" in shown:
        raise FeatureError(
            location,
            f"the path '{shown}' holds a query string",
            'the path alone, and the query as a table under "And the request has the query:"',
        )
    return upper, value


_STATUS = re.compile(
    r"^(?P<words>.*?)(?:,?\s+like\s+(?P<example>\d{1,3}))?"
    r"(?:,\s*generated between\s+(?P<low>\d{3})\s+and\s+(?P<high>\d{3}))?$"
)


def status_code(text: str, location: Location) -> int | Matcher:
    """Parse a status: `200`, a class such as `any 2xx` or `client error like 404`,
    either followed by `, generated between 400 and 499`."""
    stripped = text.strip()
    if stripped.startswith("{{") and stripped.endswith("}}"):  # several rules on the status, as a pact may hold
        value = text_value(stripped, location)
        if isinstance(value, Matcher) and isinstance(example_of(value), int):
            return value
    found = _STATUS.match(stripped)
    words = found.group("words").strip().lower() if found else ""
    generator = None
    if found and found.group("low"):
        low, high = int(found.group("low")), int(found.group("high"))
        generator = Generator("RandomInt", (("min", low), ("max", high)))
    if words.isdigit() and 100 <= int(words) <= 599:
        return int(words) if generator is None else Matcher(None, int(words), (), generator, "status")
    if words in STATUS_WORDS:
        status_class = STATUS_WORDS[words]
        chosen = found.group("example") if found else None
        example = int(chosen) if chosen else STATUS_CLASSES[status_class].example
        return STATUS_CODE(example, status_class, generator)
    raise FeatureError(
        location,
        f"'{text}' is not an HTTP status",
        "a number from 100 to 599 (200, 404), or a class: "
        + ", ".join(STATUS_WORDS)
        + ' (add "like 404" for the example, ", generated between 400 and 499" for a generated status)',
    )


def table_pairs(rows: Sequence[TableRow], what: str, example: str, location: Location) -> list[TableRow]:
    """Return the data rows of a two-column table whose heading row is optional."""
    if not rows:
        raise FeatureError(location, f"the {what} table is empty", example)
    for row in rows:
        if len(row.cells) != 2:
            raise FeatureError(
                Location(location.filename, row.line),
                f"a {what} row needs two cells, a name and a value; this one has {len(row.cells)}",
                example,
            )
    first = rows[0]
    if {cell.strip().lower() for cell in first.cells} <= _HEADING_WORDS | {"what"}:
        return list(rows[1:])
    return list(rows)


def headers(rows: Sequence[TableRow], location: Location) -> list[Header]:
    """Turn a `| name | value |` table into headers."""
    example = "| Accept | application/json |"
    result = []
    for row in table_pairs(rows, "headers", example, location):
        name, value = (cell.strip() for cell in row.cells)
        here = Location(location.filename, row.line)
        if not _HEADER_NAME.match(name):
            raise FeatureError(here, f"'{name}' is not a valid header name", example)
        found = text_value(value, here)
        if found is None:
            raise FeatureError(here, f"the header '{name}' has no value ({{{{ null }}}})", "| X-Flag | yes |")
        result.append(Header(name, found, here))
    return result


def metadata(rows: Sequence[TableRow], location: Location) -> list[MetadataEntry]:
    """Turn a `| name | value |` table into a message's metadata.

    A value is text, or one `{{ ... }}`: a matcher, or any JSON value (`{{ 3 }}` is the number 3).
    """
    example = "| topic | orders |"
    result = []
    for row in table_pairs(rows, "metadata", example, location):
        here = Location(location.filename, row.line)
        name = literal_text(row.cells[0].strip(), here)
        if not name:
            raise FeatureError(here, "a metadata row has no name", example)
        result.append(MetadataEntry(name, _metadata_value(row.cells[1], here), here))
    return result


def _metadata_value(text: str, location: Location) -> Any:
    stripped = text.strip()
    expressions = find_expressions(stripped) if stripped.startswith("{{") else []
    if len(expressions) == 1 and (expressions[0].start, expressions[0].end) == (0, len(stripped)):
        return evaluate(expressions[0].inner, location, [])
    return text_value(stripped, location)


def path_rules(rows: Sequence[TableRow], location: Location) -> list[PathRule]:
    """Turn a `| in | path | rule |` table into rules at paths (the heading row is required)."""
    example = "| in | path | rule |\n| body | $.items[*].* | {{ like(1) }} |"
    if not rows or [cell.strip().lower() for cell in rows[0].cells] != ["in", "path", "rule"]:
        raise FeatureError(location, "the rules table needs the heading row | in | path | rule |", example)
    found = []
    for row in rows[1:]:
        here = Location(location.filename, row.line)
        if len(row.cells) != 3:
            raise FeatureError(here, f"a rules row has three cells; this one has {len(row.cells)}", example)
        part, path, rule = (cell.strip() for cell in row.cells)
        value = _metadata_value(rule, here)
        if not isinstance(value, Matcher) or (value.rule is None and value.generator is None):
            raise FeatureError(here, f"'{rule}' is no rule or generator", "{{ like(1) }} or {{ random_integer(1, 9) }}")
        found.append(PathRule(part, literal_text(path, here), value, here))
    return found


def query(rows: Sequence[TableRow], location: Location) -> list[QueryParameter]:
    """Turn a `| name | value |` table into query parameters (names may repeat; `{{ null }}` is no value)."""
    example = "| status | open |"
    return [
        QueryParameter(
            literal_text(row.cells[0], Location(location.filename, row.line)),
            text_value(row.cells[1], Location(location.filename, row.line)),
            Location(location.filename, row.line),
        )
        for row in table_pairs(rows, "query", example, location)
    ]


def scalar(text: str, location: Location) -> Any:
    """Read a table cell: JSON (numbers, booleans, null, quoted text, objects, lists) as such, else the text.

    Raises:
        FeatureError: the cell is JSON a pact cannot hold exactly (a number beyond 64 bits, say).
    """
    stripped = text.strip()
    try:
        value = json.loads(stripped)
    except (ValueError, RecursionError):
        return stripped
    problem = value_problem(value)
    if problem is not None:
        raise FeatureError(location, f"in the cell {stripped[:60]!r}, {problem}", f'"{stripped[:60]}" (quoted: text)')
    return value


def provider_state(name: str, rows: Sequence[TableRow], location: Location) -> ProviderState:
    """Build a provider state from its name and an optional `| parameter | value |` table."""
    name = literal_text(name, location)
    if not name.strip():
        raise FeatureError(
            location, "the provider state has no name", 'Given the provider is in the state "a user with id 1 exists"'
        )
    parameters = {}
    if rows:
        example = "| id | 1 |"
        for row in table_pairs(rows, "state parameters", example, location):
            here = Location(location.filename, row.line)
            parameters[literal_text(row.cells[0], here)] = scalar(row.cells[1], here)
    return ProviderState(name, parameters, location)


def media_type(text: str, location: Location) -> str:
    """A body's content type as written (or as its `{{ "..." }}` literal spells it); one that holds a line break,
    a control or an invisible character, or no `/`, is refused: no header could carry it."""
    written = literal_text(text, location)
    hidden = [char for char in written if invisible(char)]
    if hidden or "/" not in written:
        problem = f"holds {escape_code(hidden[0])}, a character no header carries" if hidden else "has no '/'"
        raise FeatureError(
            location,
            f"the content type {json.dumps(written)[:80]} is not a media type: it {problem}",
            'a media type such as "text/plain" or "application/json; charset=utf-8"',
        )
    return written


def text_body(text: str, content_type: str, location: Location) -> TextBody:
    """A body taken literally (or the text of a docstring that is one `{{ "..." }}` literal)."""
    return TextBody(literal_text(text, location, strip=False), location, media_type(content_type, location))


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


def _refusing_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for key, value in pairs:
        if key in document:
            raise _DuplicateKey(key)
        document[key] = value
    return document


def _second_line_of(text: str, key: str) -> int:
    """The 0-based line where `key` is written as a key a second time (0 when it cannot be told)."""
    pattern = re.compile(re.escape(json.dumps(key)) + r"\s*:")
    found = [text.count("\n", 0, match.start()) for match in pattern.finditer(text)]
    return found[1] if len(found) > 1 else 0


def _written_position(position: int, stand_ins: list[tuple[int, int, int]]) -> int:
    """Where in the docstring as written a position of its text with the expressions stood in for falls
    (an expression's start, for a position inside its stand-in)."""
    shift = 0
    for start, end, length in stand_ins:
        if position < start + shift:
            break
        if position < start + shift + length:
            return start
        shift += length - (end - start)
    return position - shift


def json_body(
    text: str,
    location: Location,
    content_type: str = "application/json",
    *,
    indent: Callable[[], int] | None = None,
) -> JsonBody:
    """Parse a JSON docstring whose values may be `{{ matcher(...) }}` expressions.

    `location` is the line of the docstring's first content line; `indent` gives how many
    columns of the feature file the docstring's lines were taken from (behave strips the
    indentation of its opening quotes), asked only to place malformed JSON at the file's column.
    """
    matchers: list[Any] = []
    problems: list[FeatureError] = []
    stand_ins: list[tuple[int, int, int]] = []  # each expression's start and end in `text`, and its stand-in's length

    def substitute(found: Expression, offset: int) -> str:
        try:
            value = evaluate(found.inner, Location(location.filename, location.line + offset), matchers)
        except FeatureError as problem:  # every expression of the docstring is read: all problems at once
            problems.append(problem)
            value = None
        matchers.append(value)
        stand_in = json.dumps(PLACEHOLDER.format(len(matchers) - 1)) + "\n" * found.inner.count("\n")
        stand_ins.append((found.start, found.end, len(stand_in)))
        return stand_in

    rendered = substitute_expressions(text, substitute)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise FeatureErrors(problems)
    try:
        document = json.loads(rendered, object_pairs_hook=_refusing_duplicates)
    except _DuplicateKey as err:
        raise FeatureError(
            Location(location.filename, location.line + _second_line_of(rendered, err.key)),
            f'the JSON body has the key "{err.key}" twice in one object; JSON keeps only the last one, '
            "so the first would be lost from the contract",
            f'one "{err.key}" per object: merge the two, or rename one',
        ) from err
    except RecursionError as err:
        raise FeatureError(
            location,
            f"the JSON body nests deeper than {MAX_NESTING} levels, deeper than a pact can be read",
            "a flatter body",
        ) from err
    except json.JSONDecodeError as err:
        position = _written_position(err.pos, stand_ins)
        line_start = text.rfind("\n", 0, position) + 1
        column = position - line_start + 1 + (indent() if indent else 0)
        offending = text[line_start:].split("\n", 1)[0].strip()
        raise FeatureError(
            Location(location.filename, location.line + text.count("\n", 0, position)),
            f"the JSON body is malformed: {err.msg} (column {column}) in: {offending}",
            "valid JSON: double-quoted keys and strings, commas between items, no trailing comma; "
            'a matcher stands for a whole value, unquoted: "id": {{ integer(1) }}',
        ) from err
    problem = value_problem(document)
    if problem is not None:
        raise FeatureError(location, f"in the JSON body, {problem}", "a value a pact holds exactly")
    if document is None or document == "":
        shown = "null" if document is None else '""'
        raise FeatureError(
            location,
            f"a JSON body of just {shown} is read by Pact's verifier as no body at all, so the provider could never "
            "keep this contract",
            'leave the body step out for no body, or give a value: {} or [] or {"name": ""}',
        )
    return JsonBody(resolve(document, matchers), location, content_type)
