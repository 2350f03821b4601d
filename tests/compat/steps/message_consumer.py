"""Consumer steps that build a pact interaction by interaction (V3/V4 `http_consumer`, `message_consumer`,
`synchronous_message_consumer`, `v4.feature`), process the messages and look into the pact written."""

from __future__ import annotations

import json
from typing import Any

from behave import use_step_matcher
from harness.definitions import model_body
from harness.fixtures import body_of, json_of, rules_of, value_of
from harness.messages import MessageConsumerTest
from harness.steps import given, then, when
from harness.tables import GENERATED, ordinal, rows

from contracts_bdd.model.contract import Interaction, ProviderState, Request, Response
from contracts_bdd.model.messages import Message, MessageInteraction, MetadataEntry

use_step_matcher("re")

KINDS = {
    "HTTP interaction": lambda: Interaction("an HTTP interaction", Request("GET", "/"), response=Response(200)),
    "integration": lambda: Interaction("an HTTP interaction", Request("GET", "/"), response=Response(200)),
    "message integration": lambda: MessageInteraction("an asynchronous message", Message()),
    "message interaction": lambda: MessageInteraction("an asynchronous message", Message()),
    "synchronous message interaction": lambda: MessageInteraction("a synchronous message", Message(), replies=[]),
}
"""What "a(n) <kind> is being defined for a consumer test" starts, as the contract model."""


def messages(context: Any) -> MessageConsumerTest:
    world = context.compat
    if "messages" not in world.parts:
        world.parts["messages"] = MessageConsumerTest(world)
    test: MessageConsumerTest = world.parts["messages"]
    return test


@given(
    r"an? (?P<kind>HTTP interaction|integration|message integration|message interaction|synchronous message interaction) is being defined for a consumer test"
)
def being_defined(context: Any, kind: str) -> None:
    messages(context).declare(KINDS[kind]())


def _state(context: Any, name: str) -> ProviderState:
    parameters = {key: json.loads(cell) for key, cell in rows(context.table)[0].items()} if context.table else {}
    return ProviderState(name, parameters)


@given(
    r'a provider state "(?P<name>[^"]+)" (?:for the (?:synchronous )?message )?is specified(?: with the following data:)?'
)
def state_specified(context: Any, name: str) -> None:
    messages(context).current.states.append(_state(context, name))


@given(r'a key of "(?P<key>[^"]+)" is specified for the (?:HTTP|message|synchronous message) interaction')
def key_specified(context: Any, key: str) -> None:
    messages(context).current.key = key


@given(r"the (?:HTTP|message|synchronous message) interaction is marked as pending")
def marked_pending(context: Any) -> None:
    messages(context).current.pending = True


@given(r'a comment "(?P<comment>[^"]+)" is added to the (?:HTTP|message|synchronous message) interaction')
def comment_added(context: Any, comment: str) -> None:
    messages(context).current.comments.append(comment)


@given(r"a message is defined")
def message_defined(context: Any) -> None:
    assert isinstance(messages(context).current, MessageInteraction)


@given(r'the message payload contains the "(?P<name>[^"]+)" JSON document')
def payload_contains(context: Any, name: str) -> None:
    messages(context).current.message.body = model_body(body_of(f"file: {name}.json"))


def _named_body(name: str) -> Any:
    """`basic` (a JSON fixture) or `file: xml-body.xml`."""
    return model_body(body_of(name if name.startswith("file: ") else f"file: {name}.json"))


@given(r'the message request payload contains the "(?P<name>[^"]+)" JSON document')
def request_payload(context: Any, name: str) -> None:
    messages(context).current.message.body = _named_body(name)


@given(r'the message response payload contains the "(?P<name>[^"]+)" document')
def response_payload(context: Any, name: str) -> None:
    messages(context).current.replies.append(Message(body=_named_body(name)))


def _metadata(table: Any) -> list[MetadataEntry]:
    return [MetadataEntry(row["key"], value_of(row["value"])) for row in rows(table)]


@given(r"the message (?P<part>request )?contains the following metadata:")
def message_metadata(context: Any, part: str | None) -> None:
    messages(context).current.message.metadata.extend(_metadata(context.table))


def _configure(message: Message, row: dict[str, str]) -> None:
    if row.get("body"):
        message.body = model_body(body_of(row["body"]))
    if row.get("generators"):
        message.generators = rules_of(row["generators"])
    if row.get("metadata"):
        message.metadata.extend(MetadataEntry(name, value) for name, value in json_of(row["metadata"]).items())


@given(r"the message (?P<part>request |response )?is configured with the following:")
def message_configured(context: Any, part: str | None) -> None:
    current = messages(context).current
    row = rows(context.table)[0]
    if part == "response ":
        reply = Message()
        _configure(reply, row)
        current.replies.append(reply)
    else:
        _configure(current.message, row)


@when(r"the message is successfully processed")
def processed(context: Any) -> None:
    messages(context).process()


@when(r'the message is NOT successfully processed with a "(?P<error>[^"]+)" exception')
def not_processed(context: Any, error: str) -> None:
    messages(context).process(raising=error)


@when(r"the Pact file for the test is generated")
def pact_generated(context: Any) -> None:
    messages(context).process()


# -- what the consumer's code received --------------------------------------------------------
def _received(context: Any) -> Any:
    taken = messages(context).received
    assert taken, "the consumer's code received no message"
    return taken[0]


@then(r'the received message payload will contain the "(?P<name>[^"]+)" (?:JSON )?document')
def received_payload(context: Any, name: str) -> None:
    expected = body_of(name if name.startswith("file: ") else f"file: {name}.json")
    received = _received(context)
    if expected.content_type == "application/json":
        assert received.json() == expected.json(), received.body
    else:
        assert received.body == expected.data, received.body


@then(r'the received message content type will be "(?P<content_type>[^"]+)"')
def received_content_type(context: Any, content_type: str) -> None:
    assert _received(context).content_type == content_type, _received(context).metadata


def _received_part(context: Any, part: str | None) -> Any:
    if part == "request ":
        return messages(context).sent_request()
    return _received(context)


@then(r'the received message (?P<part>request |response )?metadata will contain "(?P<name>[^"]+)" == "(?P<value>.+)"')
def received_metadata(context: Any, part: str | None, name: str, value: str) -> None:
    metadata = _received_part(context, part).metadata
    assert metadata.get(name) == value_of(value.replace('\\"', '"')), metadata


@then(
    r'the received message (?P<part>request |response )?metadata will contain "(?P<name>[^"]+)" replaced with an? "(?P<kind>[^"]+)"'
)
def received_metadata_generated(context: Any, part: str | None, name: str, kind: str) -> None:
    metadata = _received_part(context, part).metadata
    assert GENERATED[kind](metadata.get(name)), metadata


@then(
    r'the message (?P<part>request |response )?contents for "\$\.(?P<key>\w+)" will have been replaced with an? "(?P<kind>[^"]+)"'
)
def contents_generated(context: Any, part: str | None, key: str, kind: str) -> None:
    found = _received_part(context, part).json()
    assert GENERATED[kind](found[key]), found


@then(r"the consumer test will have (?P<outcome>passed|failed)")
def consumer_test_outcome(context: Any, outcome: str) -> None:
    test = messages(context).consumer
    assert test is not None
    assert (test.failure is None) == (outcome == "passed"), test.failure


@then(r'the consumer test error will be "(?P<error>[^"]+)"')
def consumer_test_error(context: Any, error: str) -> None:
    test = messages(context)
    assert [str(raised) for raised in test.raised] == [error], test.raised
    assert test.consumer is not None and test.consumer.failure is not None
    assert f"ConsumerFailed: {error}" in str(test.consumer.failure), test.consumer.failure


# -- the pact file ------------------------------------------------------------------------------
def _pact(context: Any) -> dict[str, Any]:
    test = messages(context).consumer
    assert test is not None and test.pact is not None, f"no pact was written: {test.report if test else ''}"
    return test.pact


def _listed(pact: dict[str, Any]) -> list[dict[str, Any]]:
    return list(pact.get("messages") or pact.get("interactions") or [])


@then(r"a Pact file for the message interaction will (?P<negated>NOT )?have been written")
def message_pact_written(context: Any, negated: str | None) -> None:
    test = messages(context).consumer
    assert test is not None
    if negated:
        assert test.pact is None, test.pact
        assert any("no pact written" in line for line in test.report), test.report
    else:
        assert test.pact is not None, f"{test.report} {test.failure}"


@then(r"the pact file will contain (?P<n>\d+) (?:message )?interactions?")
def pact_holds(context: Any, n: str) -> None:
    assert len(_listed(_pact(context))) == int(n), _pact(context)


def _contents(part: dict[str, Any]) -> Any:
    """A message's contents as the pact holds them: V3 `contents`, V4 `contents.content`."""
    contents = part.get("contents")
    return contents.get("content") if isinstance(contents, dict) and "content" in contents else contents


def _content_type(part: dict[str, Any]) -> Any:
    contents = part.get("contents")
    if isinstance(contents, dict) and contents.get("contentType"):
        return contents["contentType"]
    return (part.get("metadata") or {}).get("contentType")


def _document(name: str) -> Any:
    payload = body_of(name if name.startswith("file: ") else f"file: {name}")
    return payload.json() if payload.content_type == "application/json" else payload.text


@then(r'the first message in the pact file will contain the "(?P<name>[^"]+)" document')
def first_message_document(context: Any, name: str) -> None:
    assert _contents(_listed(_pact(context))[0]) == _document(name), _listed(_pact(context))[0]


@then(r'the first message in the pact file content type will be "(?P<content_type>[^"]+)"')
def first_message_content_type(context: Any, content_type: str) -> None:
    assert _content_type(_listed(_pact(context))[0]) == content_type, _listed(_pact(context))[0]


@then(
    r'the first message in the pact file will contain the (?P<part>request )?message metadata "(?P<name>[^"]+)" == "(?P<value>.+)"'
)
def first_message_metadata(context: Any, part: str | None, name: str, value: str) -> None:
    message = _listed(_pact(context))[0]
    holder = message["request"] if part else message
    assert (holder.get("metadata") or {}).get(name) == value_of(value.replace('\\"', '"')), holder


@then(r"the (?:first message in the pact file|interaction in the Pact file) will contain (?P<n>\d+) provider states?")
def states_count(context: Any, n: str) -> None:
    assert len(_listed(_pact(context))[0]["providerStates"]) == int(n), _listed(_pact(context))[0]


@then(
    r'the (?:first message in the Pact file|interaction in the Pact file) will contain provider state "(?P<name>[^"]+)"'
)
def state_present(context: Any, name: str) -> None:
    assert name in [state["name"] for state in _listed(_pact(context))[0]["providerStates"]]


@then(
    r'the provider state "(?P<name>[^"]+)" (?:for the message|in the Pact file) will contain the following parameters:'
)
def state_parameters(context: Any, name: str) -> None:
    expected = json.loads(rows(context.table)[0]["parameters"])
    states = {state["name"]: state.get("params") for state in _listed(_pact(context))[0]["providerStates"]}
    assert states.get(name) == expected, states


@then(r'the first interaction in the Pact file will have a type of "(?P<kind>[^"]+)"')
def first_type(context: Any, kind: str) -> None:
    assert _listed(_pact(context))[0]["type"] == kind


@then(r'there will be an interaction in the Pact file with a type of "(?P<kind>[^"]+)"')
def some_type(context: Any, kind: str) -> None:
    assert kind in [interaction["type"] for interaction in _listed(_pact(context))]


@then(r"the first interaction in the Pact file will have \"(?P<name>\w+)\" = '(?P<value>.+)'")
def first_field(context: Any, name: str, value: str) -> None:
    assert _listed(_pact(context))[0].get(name) == json.loads(value), _listed(_pact(context))[0]


@then(
    r'the first interaction in the pact file will contain the "(?P<name>[^"]+)" document as (?:the|a) (?P<part>request|response)'
)
def sync_document(context: Any, name: str, part: str) -> None:
    interaction = _listed(_pact(context))[0]
    holder = interaction["request"] if part == "request" else interaction["response"][0]
    assert _contents(holder) == _document(name), holder


@then(
    r'the first interaction in the pact file (?P<part>request|response) content type will be "(?P<content_type>[^"]+)"'
)
def sync_content_type(context: Any, part: str, content_type: str) -> None:
    interaction = _listed(_pact(context))[0]
    holder = interaction["request"] if part == "request" else interaction["response"][0]
    assert _content_type(holder) == content_type, holder


@then(r"the first interaction in the pact file will contain (?P<n>\d+) response messages")
def sync_replies(context: Any, n: str) -> None:
    assert len(_listed(_pact(context))[0]["response"]) == int(n)


@then(
    r'the first interaction in the pact file will contain the "(?P<name>[^"]+)" document as the (?P<word>\w+) response message'
)
def sync_nth_reply(context: Any, name: str, word: str) -> None:
    reply = _listed(_pact(context))[0]["response"][ordinal(word) - 1]
    assert _contents(reply) == _document(name), reply
