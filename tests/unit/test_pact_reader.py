"""Reading pact files of every version into the model."""

from __future__ import annotations

from typing import Any

import pytest

from contracts_bdd.errors import PactFileError
from contracts_bdd.model.contract import BinaryBody, FormBody, Interaction, JsonBody, Matcher, TextBody
from contracts_bdd.model.messages import MessageInteraction
from contracts_bdd.pact.reader import read_pact


def pact(interaction: dict[str, Any], version: str = "3.0.0") -> dict[str, Any]:
    return {
        "consumer": {"name": "Web"},
        "provider": {"name": "Api"},
        "interactions": [interaction],
        "metadata": {"pactSpecification": {"version": version}},
    }


def test_v1_provider_state_and_lower_case_method() -> None:
    document = read_pact(
        {
            "consumer": {"name": "Web"},
            "provider": {"name": "Api"},
            "interactions": [
                {
                    "description": "d",
                    "providerState": "s",
                    "request": {"method": "get", "path": "/a"},
                    "response": {"status": 200},
                }
            ],
        }
    )
    (interaction,) = document.interactions
    assert (document.specification, interaction.request.method, interaction.states[0].name) == ("V2", "GET", "s")


def test_v2_rule_paths_are_read_into_their_parts() -> None:
    document = read_pact(
        pact(
            {
                "description": "d",
                "request": {
                    "method": "GET",
                    "path": "/a",
                    "query": "q=1",
                    "headers": {"Accept": "text/plain"},
                    "matchingRules": {
                        "$.path": {"regex": "/a"},
                        "$.query.q": {"match": "type"},
                        "$.headers.Accept": {"regex": "text/.*"},
                    },
                },
                "response": {
                    "status": 200,
                    "body": {"items": [{"id": 1}]},
                    "matchingRules": {"$.body.items": {"min": 1}, "$.body.items[*].id": {"match": "type"}},
                },
            },
            "2.0.0",
        )
    )
    request = document.interactions[0].request
    assert isinstance(request.path, Matcher) and request.path.option("regex") == "/a"
    assert request.query[0].value.rule == "type"
    assert request.headers[0].value.option("regex") == "text/.*"
    body = document.interactions[0].response.body
    assert isinstance(body, JsonBody)
    assert body.value["items"].option("min") == 1
    assert body.value["items"].example[0]["id"].rule == "type"


def test_status_rules_in_both_v4_shapes() -> None:
    for rules in (
        {"status": {"combine": "AND", "matchers": [{"match": "statusCode", "status": "success"}]}},
        {"status": {"$": {"combine": "AND", "matchers": [{"match": "statusCode", "status": "success"}]}}},
    ):
        document = read_pact(
            pact(
                {
                    "type": "Synchronous/HTTP",
                    "description": "d",
                    "request": {"method": "GET", "path": "/"},
                    "response": {"status": 204, "matchingRules": rules},
                },
                "4.0",
            )
        )
        status = document.interactions[0].response.status
        assert isinstance(status, Matcher) and (status.option("status"), status.example) == ("success", 204)


def test_form_field_sent_once_with_a_list_rule_becomes_a_list() -> None:
    document = read_pact(
        pact(
            {
                "description": "d",
                "request": {
                    "method": "POST",
                    "path": "/f",
                    "headers": {"Content-Type": "application/x-www-form-urlencoded"},
                    "body": "roles%5B%5D=User",
                    "matchingRules": {
                        "body": {
                            "$['roles[]']": {
                                "matchers": [
                                    {"match": "eachValue", "rules": [{"match": "regex", "regex": "User|Admin"}]}
                                ]
                            }
                        }
                    },
                },
                "response": {"status": 200},
            }
        )
    )
    body = document.interactions[0].request.body
    assert isinstance(body, FormBody)
    assert body.fields["roles[]"].rule == "eachValue" and body.fields["roles[]"].example == ["User"]


def test_several_rules_on_one_value_and_a_rule_at_a_path_no_value_stands_at_are_kept() -> None:
    document = read_pact(
        pact(
            {
                "description": "d",
                "request": {"method": "GET", "path": "/"},
                "response": {
                    "status": 200,
                    "body": {"a": 1, "b": 2},
                    "matchingRules": {
                        "body": {
                            "$.a": {"matchers": [{"match": "type"}, {"match": "integer"}]},
                            "$.zzz": {"matchers": [{"match": "type"}]},
                        }
                    },
                },
            }
        )
    )
    (interaction,) = document.interactions
    assert isinstance(interaction, Interaction) and interaction.response is not None
    body = interaction.response.body
    assert isinstance(body, JsonBody) and isinstance(body.value, dict)
    assert [rule.rule for rule in body.value["a"].each_rule()] == ["type", "integer"]
    assert body.value["a"].name == "all_of"
    (kept,) = interaction.response.at_paths
    assert (kept.part, kept.path, kept.value.rule) == ("body", "$.zzz", "type")
    assert document.notes == []


def test_messages_of_both_versions_are_read_with_their_rules_and_replies() -> None:
    document = {
        "consumer": {"name": "Web"},
        "provider": {"name": "Api"},
        "messages": [
            {
                "description": "an event",
                "contents": {"n": 1},
                "metadata": {"contentType": "application/json", "queue": "q"},
                "matchingRules": {"body": {"$.n": {"matchers": [{"match": "integer"}]}}},
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }
    sync = {
        "type": "Synchronous/Messages",
        "description": "ask",
        "request": {"contents": {"content": "hi", "contentType": "text/plain", "encoded": False}},
        "response": [{"contents": {"content": {"a": 2}, "contentType": "application/json"}, "metadata": {"k": "v"}}],
    }

    (event,) = read_pact(document).interactions
    (exchange,) = read_pact(pact(sync, "4.0")).interactions

    assert isinstance(event, MessageInteraction) and not event.synchronous
    assert event.message.body == JsonBody({"n": Matcher("integer", 1, (), None, "integer")})
    assert [(entry.name, entry.value) for entry in event.message.metadata] == [
        ("contentType", "application/json"),
        ("queue", "q"),
    ]
    assert isinstance(exchange, MessageInteraction) and exchange.replies is not None
    assert exchange.message.body == TextBody("hi", None, "text/plain")
    assert [reply.body for reply in exchange.replies] == [JsonBody({"a": 2})]
    assert [(entry.name, entry.value) for entry in exchange.replies[0].metadata] == [("k", "v")]


@pytest.mark.parametrize(
    "hostile",
    [
        {"type": "Asynchronous/Messages", "description": "m", "metadata": ["not", "a", "map"]},
        {"type": "Synchronous/Messages", "description": "m", "request": {}, "response": {"a": 1}},
        {"type": "Synchronous/Messages", "description": "m", "request": "text", "response": []},
        {"type": "Asynchronous/Messages", "description": "m", "contents": {"n": 1}, "matchingRules": {"body": ["x"]}},
    ],
)
def test_a_message_of_the_wrong_shape_is_named_as_malformed(hostile: dict[str, Any]) -> None:
    with pytest.raises(PactFileError, match=r"the pact is malformed: interaction 0 \('m'\)"):
        read_pact(pact(hostile, "4.0"))


def test_a_plugin_interaction_is_left_out_with_a_note() -> None:
    document = read_pact(pact({"type": "Synchronous/gRPC", "description": "g"}, "4.0"))

    assert document.interactions == []
    assert document.notes == [
        "'g' left out: it is written by a plugin's kind 'Synchronous/gRPC', which pact-ffi would download to run it; "
        "contracts-bdd never downloads one"
    ]


def test_an_interaction_of_a_plugin_is_named_and_left_out() -> None:
    plugged = {
        "type": "Synchronous/HTTP",
        "description": "a csv",
        "pluginConfiguration": {"csv": {"csvHeaders": False}},
        "request": {"method": "GET", "path": "/r.csv"},
        "response": {"status": 200},
    }
    document = read_pact(pact(plugged, "4.0"))

    assert document.interactions == []
    assert document.notes == [
        "'a csv' left out: it is written by the plugin 'csv', which pact-ffi would download to run it; "
        "contracts-bdd never downloads one"
    ]


@pytest.mark.parametrize(
    ("content_type", "body", "read"),
    [
        ("image/jpeg", "/9j/4AAQ", BinaryBody(bytes.fromhex("ffd8ffe00010"), None, "image/jpeg")),
        ("application/octet-stream", "AAEC", BinaryBody(b"\x00\x01\x02", None, "application/octet-stream")),
        ("text/plain", "AAEC", TextBody("AAEC", None, "text/plain")),  # text stays text, base64 or not
        ("image/png", "not base64!", TextBody("not base64!", None, "image/png")),
    ],
)
def test_a_v3_body_of_bytes_is_read_from_its_base64(content_type: str, body: str, read: Any) -> None:
    # V2 and V3 pacts (pact-jvm's, pact-ffi's) keep a binary body as base64 text.
    document = read_pact(
        pact(
            {
                "description": "d",
                "request": {"method": "PUT", "path": "/a", "headers": {"Content-Type": content_type}, "body": body},
                "response": {"status": 200},
            }
        )
    )
    assert document.interactions[0].request.body == read
