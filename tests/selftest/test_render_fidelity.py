"""Render keeps its promises: what a pact holds renders in the documented vocabulary, and the feature
runs back into an equivalent pact (wildcard rules under `values`, a parameter with no value, list
query rules), laid out as a product owner would write it."""

from __future__ import annotations

import json
from typing import Any

from behave_project import Project
from round_trip import assert_exactly_back

from contracts_bdd.render.feature import render_pact


def _pact(request: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    return {
        "consumer": {"name": "Shop"},
        "provider": {"name": "Users"},
        "metadata": {"pactSpecification": {"version": "4.0"}},
        "interactions": [
            {"type": "Synchronous/HTTP", "description": "a lookup", "request": request, "response": response}
        ],
    }


def _rule(match: str, **options: Any) -> dict[str, Any]:
    return {"combine": "AND", "matchers": [{"match": match, **options}]}


def _round_trip(project: Project, document: dict[str, Any]) -> str:
    rendered = render_pact(document)
    project.write("features/consumer/rendered.feature", rendered)
    run = project.behave("features/consumer")
    assert run.returncode == 0, rendered + run.output
    assert_exactly_back(document, run.pact("Shop-Users.json"), rendered)
    return rendered


def test_wildcard_rules_under_values_render_as_values_and_come_back(project: Project) -> None:
    document = _pact(
        {"method": "GET", "path": "/identifiers"},
        {
            "status": 200,
            "headers": {"Content-Type": ["application/json"]},
            "body": {"content": {"identifiers": {"a": {"id": 1}, "b": {"id": 2}}}, "contentType": "application/json"},
            "matchingRules": {"body": {"$.identifiers": _rule("values"), "$.identifiers.*.id": _rule("integer")}},
        },
    )

    rendered = _round_trip(project, document)

    assert "{{ values(" in rendered and "# Not rendered" not in rendered


def test_a_parameter_with_no_value_and_a_list_rule_render_and_come_back(project: Project) -> None:
    document = _pact(
        {
            "method": "GET",
            "path": "/pages",
            "query": {"page": ["1", "22"], "flag": [None]},
            "matchingRules": {"query": {"page": _rule("eachValue", rules=[{"match": "regex", "regex": "\\d+"}])}},
        },
        {"status": 200},
    )

    rendered = _round_trip(project, document)

    assert "| flag | {{ null }}" in rendered
    assert 'each_value_matches(["1", "22"]' in rendered
    assert "None" not in rendered


def test_tables_are_aligned_and_generate_does_not_repeat_the_example(project: Project) -> None:
    document = _pact(
        {"method": "GET", "path": "/users", "headers": {"Accept": ["application/json"], "X-Trace-Id": ["1"]}},
        {
            "status": 200,
            "headers": {"Content-Type": ["application/json"]},
            "body": {"content": {"id": 5}, "contentType": "application/json"},
            "matchingRules": {"body": {"$.id": _rule("integer")}},
            "generators": {"body": {"$.id": {"type": "RandomInt", "min": 1, "max": 9}}},
        },
    )

    rendered = _round_trip(project, document)

    assert "      | Accept     | application/json |\n      | X-Trace-Id | 1                |" in rendered
    assert "integer(5, generate=random_integer(1, 9))" in rendered
    json.dumps(document)  # the document itself is untouched by rendering


def test_a_json_key_holding_an_expression_is_rendered_as_data(project: Project) -> None:
    document = _pact(
        {"method": "GET", "path": "/templates"},
        {
            "status": 200,
            "headers": {"Content-Type": ["application/json"]},
            "body": {"content": {"{{ integer(1) }}": "x", "a{{b": 1}, "contentType": "application/json"},
        },
    )

    rendered = _round_trip(project, document)

    assert "\\u007b\\u007b integer(1) }}" in rendered


def test_render_keeps_the_order_of_the_file_and_writes_no_step_it_does_not_imply(project: Project) -> None:
    def named(description: str, body: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "Synchronous/HTTP",
            "description": description,
            "request": {"method": "GET", "path": f"/{description}"},
            "response": {
                "status": 200,
                "body": {"content": body, "contentType": "application/json", "encoded": False},
            },
        }

    document = _pact({"method": "GET", "path": "/"}, {"status": 204})
    document["interactions"] = [named("zebra", {"z": 1, "a": 2, "m": 3}), named("apple", {"b": 1, "a": 2})]

    rendered = _round_trip(project, document)

    assert rendered.index("Scenario: zebra") < rendered.index("Scenario: apple")
    zebra = rendered[rendered.index("Scenario: zebra") : rendered.index("Scenario: apple")]
    assert zebra.index('"z": 1') < zebra.index('"a": 2') < zebra.index('"m": 3')
    assert "has the headers:" not in rendered  # pact-ffi writes the body's Content-Type; the pact has none
