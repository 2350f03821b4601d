"""Gherkin → contract translation, case by case."""

from __future__ import annotations

from typing import Any

import pytest

from contracts_bdd.errors import FeatureError, Location
from contracts_bdd.gherkin import bodies, provider_tables
from contracts_bdd.gherkin import values as gherkin
from contracts_bdd.gherkin.values import TableRow
from contracts_bdd.model.contract import Generator, Matcher, example_of

HERE = Location("users.feature", 10)


def rule(name: str, example: Any, rule_name: str, **options: Any) -> Matcher:
    return Matcher(rule_name, example, tuple(options.items()), None, name)


@pytest.mark.parametrize(
    ("docstring", "expected"),
    [
        ('{"id": 1}', {"id": 1}),
        ('{"id": {{ integer(1) }}}', {"id": rule("integer", 1, "integer")}),
        ('{"n": {{ like("Alice") }}}', {"n": rule("like", "Alice", "type")}),
        ('{"ok": {{ boolean(true) }}}', {"ok": rule("boolean", True, "boolean")}),
        ('{"p": {{ decimal(9.99) }}}', {"p": rule("decimal", 9.99, "decimal")}),
        ('{"p": {{ number(3) }}}', {"p": rule("number", 3, "number")}),
        ('{"s": {{ string("x") }}}', {"s": rule("string", "x", "type")}),
        ('{"e": {{ regex("a@b", "[a-z]+@[a-z]+") }}}', {"e": rule("regex", "a@b", "regex", regex="[a-z]+@[a-z]+")}),
        ('{"d": {{ date("2024-05-01") }}}', {"d": rule("date", "2024-05-01", "date", format="yyyy-MM-dd")}),
        (
            '{"d": {{ date("01/05/2024", format="%d/%m/%Y") }}}',
            {"d": rule("date", "01/05/2024", "date", format="dd/MM/yyyy")},
        ),
        ('{"t": {{ time("13:45:00") }}}', {"t": rule("time", "13:45:00", "time", format="HH:mm:ss")}),
        (
            '{"at": {{ datetime("2024-05-01T10:00:00") }}}',
            {"at": rule("datetime", "2024-05-01T10:00:00", "datetime", format="yyyy-MM-dd'T'HH:mm:ss")},
        ),
        (
            '{"items": {{ each_like({"id": integer(1)}, min=2) }}}',
            {"items": rule("each_like", [{"id": rule("integer", 1, "integer")}] * 2, "type", min=2)},
        ),
        ("[{{ like(null) }}]", [rule("like", None, "type")]),
        ('{{ like({"a": 1}) }}', rule("like", {"a": 1}, "type")),
        ('{\n  "id": {{\n integer(1)\n }},\n  "x": 2\n}', {"id": rule("integer", 1, "integer"), "x": 2}),
        ('{"v": {{ semver("1.2.3") }}}', {"v": rule("semver", "1.2.3", "semver")}),
        ('{"v": {{ not_empty("x") }}}', {"v": rule("not_empty", "x", "notEmpty")}),
        ('{"v": {{ null() }}}', {"v": rule("null", None, "null")}),
        ('{"v": {{ includes("ell") }}}', {"v": rule("includes", "ell", "include", value="ell")}),
        (
            '{"v": {{ integer(5, generate=random_integer(1, 9)) }}}',
            {"v": Matcher("integer", 5, (), Generator("RandomInt", (("min", 1), ("max", 9))), "integer")},
        ),
        (
            '{"v": {{ from_state("${id}", 13) }}}',
            {"v": Matcher(None, 13, (), Generator("ProviderState", (("expression", "${id}"),)), "from_state")},
        ),
    ],
)
def test_json_bodies_become_values_and_matchers(docstring: str, expected: Any) -> None:
    assert gherkin.json_body(docstring, HERE).value == expected


@pytest.mark.parametrize(
    ("docstring", "line", "problem"),
    [
        ('{"id": 1,}', 10, "the JSON body is malformed"),
        ('{\n  "id": 1\n  "name": "x"\n}', 12, "the JSON body is malformed"),
        ('{\n  "id": {{\n integer(1)\n }},\n  "x": ,\n}', 14, "the JSON body is malformed"),
        ('{"id": {{ integr(1) }}}', 10, "'integr' is not a matcher"),
        ('{\n"e": {{ regex("bob", "[a-z]+@x") }}}', 11, "does not match its own regex"),
        ('{"e": {{ regex("bob", "[") }}}', 10, "not a valid regular expression"),
        ('{"i": {{ integer("one") }}}', 10, "integer() needs a whole-number example"),
        ('{"i": {{ integer(1.5) }}}', 10, "integer() needs a whole-number example"),
        ('{"b": {{ boolean(1) }}}', 10, "boolean() needs true or false"),
        ('{"l": {{ each_like(1, min=3, max=2) }}}', 10, "min=3 greater than max=2"),
        ('{"l": {{ each_like(1, min=0) }}}', 10, "min must be a whole number of at least 1"),
        ('{"d": {{ date("01/05/2024") }}}', 10, "does not fit the format"),
        ('{"v": {{ semver("1.2") }}}', 10, "semver() needs a version"),
        ('{"v": {{ not_empty("") }}}', 10, "not_empty() needs a non-empty example"),
        ('{"v": {{ integer(1, generate=like(2)) }}}', 10, "generate= takes a generator"),
        ('{"v": {{ from_state("id card", 1) }}}', 10, "from_state() needs an expression"),
        ('{"u": {{ uuid("nope") }}}', 10, "uuid() needs a UUID example"),
        ('{"x": {{ integer( }}}', 10, "is not valid"),
        ('{"x": {{ like() }}}', 10, "like(...) was called wrongly"),
    ],
)
def test_bad_json_bodies_name_the_line_and_the_problem(docstring: str, line: int, problem: str) -> None:
    with pytest.raises(FeatureError) as raised:
        gherkin.json_body(docstring, HERE)
    assert raised.value.location == Location("users.feature", line)
    assert problem in raised.value.problem
    assert raised.value.hint


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([TableRow(("Accept", "application/json"), 11)], [("Accept", "application/json", 11)]),
        (
            [TableRow(("name", "value"), 11), TableRow(("X-Id", "7"), 12)],
            [("X-Id", "7", 12)],
        ),
        (
            [TableRow(("header", "value"), 11), TableRow(("A", "1"), 12), TableRow(("B", "2"), 13)],
            [("A", "1", 12), ("B", "2", 13)],
        ),
    ],
)
def test_header_tables_with_or_without_a_heading(rows: list[TableRow], expected: list[tuple[str, str, int]]) -> None:
    headers = gherkin.headers(rows, HERE)
    assert [(h.name, h.value, h.location.line if h.location else 0) for h in headers] == expected


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ([TableRow(("Accept",), 11)], "needs two cells"),
        ([TableRow(("Bad Header", "x"), 11)], "not a valid header name"),
        ([], "table is empty"),
    ],
)
def test_bad_header_tables(rows: list[TableRow], problem: str) -> None:
    with pytest.raises(FeatureError, match=problem):
        gherkin.headers(rows, HERE)


def test_query_parameters_may_repeat() -> None:
    rows = [TableRow(("tag", "a"), 11), TableRow(("tag", "b"), 12)]
    assert [(q.name, q.value) for q in gherkin.query(rows, HERE)] == [("tag", "a"), ("tag", "b")]


@pytest.mark.parametrize(
    ("cell", "value"),
    [("1", 1), ("1.5", 1.5), ("true", True), ("null", None), ('"1"', "1"), ("Alice", "Alice"), (" x y ", "x y")],
)
def test_state_parameter_cells_read_as_json_scalars_or_text(cell: str, value: Any) -> None:
    state = gherkin.provider_state("s", [TableRow(("parameter", "value"), 11), TableRow(("p", cell), 12)], HERE)
    assert state.parameters == {"p": value}


@pytest.mark.parametrize(
    ("method", "path", "problem"),
    [
        ("FETCH", "/a", "is not an HTTP method"),
        ("GET", "users", "does not start with '/'"),
        ("GET", "/users?id=1", "holds a query string"),
    ],
)
def test_bad_request_lines(method: str, path: str, problem: str) -> None:
    with pytest.raises(FeatureError, match=problem):
        gherkin.request_line(method, path, HERE)


def test_request_line_normalises_the_method() -> None:
    assert gherkin.request_line("get", "/a", HERE) == ("GET", "/a")


@pytest.mark.parametrize("text", ["99", "600", "OK", ""])
def test_bad_statuses(text: str) -> None:
    with pytest.raises(FeatureError, match="is not an HTTP status"):
        gherkin.status_code(text, HERE)


def test_example_of_replaces_matchers_by_examples() -> None:
    body = gherkin.json_body('{"items": {{ each_like({"id": integer(1)}, min=2) }}, "n": {{ like("A") }}}', HERE)
    assert example_of(body.value) == {"items": [{"id": 1}, {"id": 1}], "n": "A"}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("plain", "plain"),
        ("{{ integer(1) }}", Matcher("integer", 1, (), None, "integer")),
        ('{{ like({"a": {"b": {"c": 1}}}) }}', Matcher("type", {"a": {"b": {"c": 1}}}, (), None, "like")),
        ('{{ regex("a}}b", "a}}b") }}', Matcher("regex", "a}}b", (("regex", "a}}b"),), None, "regex")),
        ('{{ "literal {{ text" }}', "literal {{ text"),
    ],
)
def test_cell_expressions_nest_and_quote(cell: str, expected: Any) -> None:
    assert gherkin.text_value(cell, HERE) == expected


def test_text_around_a_matcher_in_a_cell_is_refused() -> None:
    with pytest.raises(FeatureError, match="mixes text and a matcher"):
        gherkin.text_value("/users/{{ integer(1) }}", HERE)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("200", 200),
        ("any 2xx", Matcher("statusCode", 200, (("status", "success"),), None, "status")),
        ("client error like 404", Matcher("statusCode", 404, (("status", "clientError"),), None, "status")),
        (
            "client error, generated between 400 and 499",
            Matcher(
                "statusCode",
                400,
                (("status", "clientError"),),
                Generator("RandomInt", (("min", 400), ("max", 499))),
                "status",
            ),
        ),
    ],
)
def test_statuses_in_words(text: str, status: Any) -> None:
    assert gherkin.status_code(text, HERE) == status


def test_fields_table_builds_nested_json_with_rules() -> None:
    rows = [
        TableRow(("field", "example", "rule"), 11),
        TableRow(("id", "1", "integer"), 12),
        TableRow(("user.name", "Bob", ""), 13),
        TableRow(("tags[]", "vip", "each like, min 2"), 14),
        TableRow(("items[].sku", "A-1", "regex [A-Z]-\\d"), 15),
    ]
    body = bodies.fields_body(rows, HERE)
    assert example_of(body.value) == {
        "id": 1,
        "user": {"name": "Bob"},
        "tags": ["vip", "vip"],
        "items": [{"sku": "A-1"}],
    }
    assert body.value["items"].example[0]["sku"].option("regex") == "[A-Z]-\\d"


def test_consumer_version_selectors_one_a_row() -> None:
    rows = [
        TableRow(("selector", "value"), 11),
        TableRow(("mainBranch", "true"), 12),
        TableRow(("tag", "prod, latest=true"), 13),
        TableRow(("consumer", "Shop, branch=feat-x"), 14),
    ]
    assert provider_tables.consumer_version_selectors(rows, HERE) == [
        {"mainBranch": True},
        {"tag": "prod", "latest": True},
        {"consumer": "Shop", "branch": "feat-x"},
    ]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (("mainbranch", "true"), "'mainbranch' is not a consumer version selector"),
        (("mainBranch", "yes"), "takes true or false"),
        (("deployed", "false"), "selects nothing"),
    ],
)
def test_bad_selectors(row: tuple[str, str], problem: str) -> None:
    with pytest.raises(FeatureError, match=problem):
        provider_tables.consumer_version_selectors([TableRow(row, 12)], HERE)
