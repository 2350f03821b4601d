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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
import jinja2.sandbox

from contracts_bdd.contract import Header, JsonBody, Matcher, ProviderState, QueryParameter, TextBody
from contracts_bdd.errors import FeatureError, Location
from contracts_bdd.matchers import MATCHERS

HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT")
_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_PLACEHOLDER = "@@contracts-bdd:{}@@"
_PLACEHOLDER_PATTERN = re.compile(r"^@@contracts-bdd:(\d+)@@$")
_HEADER_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_HEADING_WORDS = {"name", "header", "parameter", "param", "key", "field", "value"}


@dataclass(frozen=True)
class TableRow:
    """A row of a Gherkin table reduced to its cells and its line."""

    cells: tuple[str, ...]
    line: int


def request_line(method: str, path: str, location: Location) -> tuple[str, str]:
    """Check a request's method and path and return them normalised."""
    upper = method.strip().upper()
    if upper not in HTTP_METHODS:
        raise FeatureError(
            location,
            f"'{method}' is not an HTTP method",
            f'one of {", ".join(HTTP_METHODS)}, e.g. When the consumer sends a GET request to "/users/1"',
        )
    if not path.startswith("/"):
        raise FeatureError(
            location,
            f"the path '{path}' does not start with '/'",
            f'a path from the root, e.g. "/{path}"',
        )
    if "?" in path:
        raise FeatureError(
            location,
            f"the path '{path}' holds a query string",
            'the path alone, and the query as a table under "And the request has the query:"',
        )
    return upper, path


def status_code(text: str, location: Location) -> int:
    """Parse an HTTP status written in a step."""
    try:
        status = int(text)
    except ValueError:
        status = 0
    if not 100 <= status <= 599:
        raise FeatureError(location, f"'{text}' is not an HTTP status", "a number from 100 to 599, e.g. 200 or 404")
    return status


def _pairs(rows: Sequence[TableRow], what: str, example: str, location: Location) -> list[TableRow]:
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
    if {cell.strip().lower() for cell in first.cells} <= _HEADING_WORDS:
        return list(rows[1:])
    return list(rows)


def headers(rows: Sequence[TableRow], location: Location) -> list[Header]:
    """Turn a `| name | value |` table into headers."""
    example = "| Accept | application/json |"
    result = []
    for row in _pairs(rows, "headers", example, location):
        name, value = (cell.strip() for cell in row.cells)
        here = Location(location.filename, row.line)
        if not _HEADER_NAME.match(name):
            raise FeatureError(here, f"'{name}' is not a valid header name", example)
        result.append(Header(name, value, here))
    return result


def query(rows: Sequence[TableRow], location: Location) -> list[QueryParameter]:
    """Turn a `| name | value |` table into query parameters (names may repeat)."""
    example = "| status | open |"
    return [
        QueryParameter(row.cells[0].strip(), row.cells[1].strip(), Location(location.filename, row.line))
        for row in _pairs(rows, "query", example, location)
    ]


def scalar(text: str) -> Any:
    """Read a table cell: JSON numbers, booleans, null and quoted text as such, else the text."""
    stripped = text.strip()
    try:
        value = json.loads(stripped)
    except ValueError:
        return stripped
    return value if not isinstance(value, (dict, list)) or stripped else stripped


def provider_state(name: str, rows: Sequence[TableRow], location: Location) -> ProviderState:
    """Build a provider state from its name and an optional `| parameter | value |` table."""
    if not name.strip():
        raise FeatureError(
            location, "the provider state has no name", 'Given the provider is in the state "a user with id 1 exists"'
        )
    parameters = {}
    if rows:
        example = "| id | 1 |"
        for row in _pairs(rows, "state parameters", example, location):
            parameters[row.cells[0].strip()] = scalar(row.cells[1])
    return ProviderState(name.strip(), parameters, location)


def text_body(text: str, content_type: str, location: Location) -> TextBody:
    """A body taken literally."""
    return TextBody(text, location, content_type)


def json_body(text: str, location: Location, content_type: str = "application/json") -> JsonBody:
    """Parse a JSON docstring whose values may be `{{ matcher(...) }}` expressions.

    `location` is the line of the docstring's first content line.
    """
    matchers: list[Any] = []

    def substitute(found: re.Match[str]) -> str:
        line = location.line + text.count("\n", 0, found.start())
        value = _evaluate(found.group(1), Location(location.filename, line), matchers)
        matchers.append(value)
        return json.dumps(_PLACEHOLDER.format(len(matchers) - 1)) + "\n" * found.group(0).count("\n")

    rendered = _EXPRESSION.sub(substitute, text)
    try:
        document = json.loads(rendered)
    except json.JSONDecodeError as err:
        line = location.line + err.lineno - 1
        offending = text.splitlines()[err.lineno - 1].strip() if text.splitlines() else ""
        raise FeatureError(
            Location(location.filename, line),
            f"the JSON body is malformed: {err.msg} (column {err.colno}) in: {offending}",
            "valid JSON: double-quoted keys and strings, commas between items, no trailing comma; "
            'a matcher stands for a whole value, unquoted: "id": {{ integer(1) }}',
        ) from err
    return JsonBody(_resolve(document, matchers), location, content_type)


def _evaluate(expression: str, location: Location, matchers: list[Any]) -> Any:
    environment = _matcher_environment()
    try:
        compiled = environment.compile_expression(expression.strip(), undefined_to_none=False)
        value = compiled()
    except jinja2.TemplateSyntaxError as err:
        raise FeatureError(
            location,
            f"the expression {{{{{expression}}}}} is not valid: {err.message}",
            'a matcher call, e.g. {{ integer(1) }} or {{ regex("A-1", "[A-Z]-\\\\d") }}',
        ) from err
    except (ValueError, jinja2.UndefinedError) as err:
        raise FeatureError(location, str(err), _matcher_menu()) from err
    if isinstance(value, jinja2.Undefined):
        raise FeatureError(location, f"{{{{{expression}}}}} names nothing known", _matcher_menu())
    return _resolve(value, matchers)


def _resolve(value: Any, matchers: list[Any]) -> Any:
    """Replace placeholder tokens (from nested matcher calls) with what they stand for."""
    if isinstance(value, str):
        token = _PLACEHOLDER_PATTERN.match(value)
        return matchers[int(token.group(1))] if token else value
    if isinstance(value, Matcher):
        options = tuple((key, _resolve(option, matchers)) for key, option in value.options)
        return Matcher(value.name, _resolve(value.example, matchers), options)
    if isinstance(value, dict):
        return {key: _resolve(item, matchers) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_resolve(item, matchers) for item in value]
    return value


class _UnknownName(jinja2.StrictUndefined):
    """Calling or using a name that is no matcher says which matchers exist."""

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        msg = f"'{self._undefined_name}' is not a matcher"
        raise ValueError(msg)

    __call__ = _fail_with_undefined_error


_ENVIRONMENT: jinja2.sandbox.SandboxedEnvironment | None = None


def _matcher_environment() -> jinja2.sandbox.SandboxedEnvironment:
    global _ENVIRONMENT  # noqa: PLW0603 - one compiled environment per process
    if _ENVIRONMENT is None:
        environment = jinja2.sandbox.SandboxedEnvironment(undefined=_UnknownName)
        environment.globals.update(MATCHERS)
        environment.globals.update({"null": None, "true": True, "false": False})
        _ENVIRONMENT = environment
    return _ENVIRONMENT


def _matcher_menu() -> str:
    return "one of the matchers: " + ", ".join(spec.usage for spec in MATCHERS.values())


def rows_of(cells_and_lines: Iterable[tuple[Sequence[str], int]]) -> list[TableRow]:
    """Build `TableRow`s from (cells, line) pairs."""
    return [TableRow(tuple(cells), line) for cells, line in cells_and_lines]
