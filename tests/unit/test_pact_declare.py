"""The model -> pact-ffi mapping, checked on the pact JSON pact-ffi writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from contracts_bdd.model.contract import Header, Interaction, JsonBody, Matcher, Pair, QueryParameter, Request, Response
from contracts_bdd.model.generators import GENERATORS
from contracts_bdd.model.matchers import MATCHERS
from contracts_bdd.pact.declare import build_pact, write_pact


def written(tmp_path: Path, interaction: Interaction, specification: str = "V4") -> dict[str, Any]:
    write_pact(build_pact(Pair("C", "P"), specification, [interaction]), tmp_path, merge=False)
    return json.loads((tmp_path / "C-P.json").read_text())["interactions"][0]


def body_with(value: Any) -> Interaction:
    return Interaction("x", Request("GET", "/x"), response=Response(200, body=JsonBody({"v": value})))


def rules_at(interaction: dict[str, Any], path: str = "$.v") -> list[dict[str, Any]]:
    return interaction["response"]["matchingRules"]["body"][path]["matchers"]


EXAMPLES: dict[str, tuple[Any, ...]] = {
    "like": ("a",),
    "string": ("a",),
    "regex": ("ab", "[a-z]+"),
    "integer": (1,),
    "decimal": (1.5,),
    "number": (1,),
    "boolean": (True,),
    "uuid": ("6f1c2d1e-6f6a-4c1e-9f1e-2a6c1b7e0d3a",),
    "date": ("2024-05-01",),
    "time": ("13:45:00",),
    "datetime": ("2024-05-01T13:45:00",),
    "timestamp": ("2024-05-01T13:45:00",),
    "null": (),
    "equality": ("a",),
    "includes": ("a",),
    "each_like": ("a",),
    "array_containing": ([1, "a"],),
    "each_key_matches": ({"en": 1}, MATCHERS["regex"]("en", "[a-z]+")),
    "each_value_matches": ({"en": 1}, MATCHERS["integer"](1)),
    "values": ({"en": 1},),
    "content_type": ("text/plain", "hello"),
    "not_empty": ("a",),
    "semver": ("1.2.3",),
    "all_of": (MATCHERS["like"]("a"), MATCHERS["regex"]("a", "[a-z]")),
    "any_of": (MATCHERS["integer"](1), MATCHERS["decimal"](1)),
}
PACT_RULE = {"like": "type", "string": "type", "uuid": "regex", "each_like": "type", "includes": "include"}
PACT_RULE |= {"array_containing": "arrayContains", "each_key_matches": "eachKey", "each_value_matches": "eachValue"}
PACT_RULE |= {"content_type": "contentType", "not_empty": "notEmpty", "timestamp": "datetime"}  # pact-ffi's word
PACT_RULE |= {"all_of": "type", "any_of": "integer"}  # the first of their rules


@pytest.mark.parametrize("name", sorted(MATCHERS))
def test_every_matcher_is_written_as_its_pact_rule(tmp_path: Path, name: str) -> None:
    interaction = written(tmp_path, body_with(MATCHERS[name](*EXAMPLES[name])))
    assert rules_at(interaction)[0]["match"] == PACT_RULE.get(name, name)


@pytest.mark.parametrize(
    ("call", "rule"),
    [
        (MATCHERS["regex"]("ab", "[a-z]+"), {"match": "regex", "regex": "[a-z]+"}),
        (MATCHERS["date"]("2024-05-01"), {"match": "date", "format": "yyyy-MM-dd"}),
        (MATCHERS["like"](["a", "b"], min=2, max=4), {"match": "type", "min": 2, "max": 4}),
        (MATCHERS["each_like"]("a", min=2), {"match": "type", "min": 2}),
        (MATCHERS["includes"]("ell"), {"match": "include", "value": "ell"}),
    ],
)
def test_rule_options_are_kept(tmp_path: Path, call: Matcher, rule: dict[str, Any]) -> None:
    assert rules_at(written(tmp_path, body_with(call))) == [rule]


def test_nested_matchers_in_each_like_are_written_once(tmp_path: Path) -> None:
    element = {"id": MATCHERS["integer"](1)}
    interaction = written(tmp_path, body_with(MATCHERS["each_like"](element, min=3)))
    assert interaction["response"]["body"]["content"]["v"] == [{"id": 1}] * 3
    assert rules_at(interaction, "$.v[*].id") == [{"match": "integer"}]


ARGUMENTS: dict[str, tuple[Any, ...]] = {"random_regex": ("[a-z]+", "abc"), "from_state": ("${id}", 1)}
ARGUMENTS |= {"mock_server_url": ("http://localhost/x", ".*(/x)$")}


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_every_generator_is_written_at_its_path(tmp_path: Path, name: str) -> None:
    value = GENERATORS[name](*ARGUMENTS.get(name, ()))
    interaction = written(tmp_path, body_with(value))
    assert value.generator is not None
    assert interaction["response"]["generators"]["body"]["$.v"]["type"] == value.generator.kind


def test_matchers_and_generators_on_path_headers_query_and_status(tmp_path: Path) -> None:
    state_path = GENERATORS["from_state"]("/users/${id}", "/users/1")
    request = Request(
        "GET",
        state_path,
        headers=[Header("Accept", MATCHERS["regex"]("application/json", "application/.*json"))],
        query=[QueryParameter("page", MATCHERS["integer"](1))],
    )
    status = Matcher("statusCode", 404, (("status", "clientError"),), None, "status")
    interaction = written(tmp_path, Interaction("x", request, response=Response(status)))

    assert interaction["request"]["path"] == "/users/1"
    assert interaction["request"]["generators"]["path"] == {"type": "ProviderState", "expression": "/users/${id}"}
    rules = interaction["request"]["matchingRules"]
    assert rules["header"]["Accept"]["matchers"] == [{"match": "regex", "regex": "application/.*json"}]
    assert rules["query"]["page"]["matchers"] == [{"match": "integer"}]
    assert "path" not in rules
    assert interaction["response"]["matchingRules"]["status"]["$"]["matchers"] == [
        {"match": "statusCode", "status": "clientError"}
    ]


def test_v4_extras(tmp_path: Path) -> None:
    interaction = Interaction(
        "x",
        Request("GET", "/x"),
        response=Response(200),
        pending=True,
        comments=["why"],
        references=[("JIRA", "JIRA-1", "JIRA-1")],
        key="k",
    )
    found = written(tmp_path, interaction)
    assert (found["pending"], found["key"]) == (True, "k")
    assert found["comments"] == {"text": ["why"], "references": {"JIRA": {"JIRA-1": "JIRA-1"}}}
