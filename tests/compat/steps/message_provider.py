"""Message provider steps (V3/V4 `message_provider.feature`): message pacts verified against producers
registered with `@message_producer`, by contracts-bdd's provider run (no HTTP provider)."""

from __future__ import annotations

from typing import Any

from behave import use_step_matcher
from harness.definitions import model_body
from harness.fixtures import Payload, body_of, rules_of, value_of
from harness.provider import Event, provider_test
from harness.steps import given
from harness.tables import pairs, rows

from contracts_bdd.model.contract import ProviderState
from contracts_bdd.model.messages import Message, MessageInteraction, MetadataEntry
from contracts_bdd.provider.producers import PRODUCERS

use_step_matcher("re")


def _payload(cell: str) -> Payload:
    """A message body: a file or JSON as the cell says, anything else plain text."""
    payload = body_of(cell.replace('\\"', '"'))
    return payload.typed("text/plain")


def _metadata(table: Any) -> dict[str, Any]:
    return {row["key"]: value_of(row["value"]) for row in rows(table)} if table else {}


@given(
    r'a provider is started that can generate the "(?P<name>[^"]+)" message with "(?P<body>.+)"(?: and the following metadata:)?'
)
def producer_started(context: Any, name: str, body: str) -> None:
    world = context.compat
    test = provider_test(world)
    payload = _payload(body)
    metadata = {"contentType": payload.content_type, **_metadata(context.table)}

    def produce() -> tuple[bytes, dict[str, Any]]:
        test.events.append(Event("request", request={"message": name}))
        return payload.data, metadata

    PRODUCERS.register(name.replace("{", "{{").replace("}", "}}"), produce)
    registered = PRODUCERS.handlers[-1]
    world.on_close(lambda: PRODUCERS.handlers.remove(registered))


def _message(name: str, body: str, metadata: list[MetadataEntry] | None = None) -> MessageInteraction:
    message = Message(body=model_body(_payload(body)), metadata=metadata or [])
    return MessageInteraction(name, message)


def _pact(context: Any, interaction: MessageInteraction) -> None:
    provider_test(context.compat).add_pact(f"c_{interaction.description}", [interaction])


@given(r'a Pact file for "(?P<name>[^"]+)":"(?P<body>[^"]+)" is to be verified(?P<pending>, but is marked pending)?')
def message_pact(context: Any, name: str, body: str, pending: str | None) -> None:
    interaction = _message(name, body)
    interaction.pending = bool(pending)
    _pact(context, interaction)


@given(r'a Pact file for "(?P<name>[^"]+)":"(?P<body>[^"]+)" is to be verified with provider state "(?P<state>[^"]+)"')
def message_pact_with_state(context: Any, name: str, body: str, state: str) -> None:
    interaction = _message(name, body)
    interaction.states.append(ProviderState(state))
    _pact(context, interaction)


@given(r'a Pact file for "(?P<name>[^"]+)":"(?P<body>[^"]+)" is to be verified with the following metadata:')
def message_pact_with_metadata(context: Any, name: str, body: str) -> None:
    entries = [MetadataEntry(key, value) for key, value in _metadata(context.table).items()]
    _pact(context, _message(name, body, entries))


@given(r'a Pact file for "(?P<name>[^"]+)":"(?P<body>[^"]+)" is to be verified with the following comments:')
def message_pact_with_comments(context: Any, name: str, body: str) -> None:
    interaction = _message(name, body)
    table = rows(context.table)
    interaction.comments = [row["comment"] for row in table if row["type"] == "text"]
    interaction.test_name = next((row["comment"] for row in table if row["type"] == "testname"), None)
    _pact(context, interaction)


@given(r'a Pact file for "(?P<name>[^"]+)" is to be verified with the following:')
def message_pact_with(context: Any, name: str) -> None:
    cells = dict(pairs(context.table))
    metadata = []
    for item in (cells.get("metadata") or "").split("; "):
        if item:
            key, _, value = item.partition("=")
            metadata.append(MetadataEntry(key, value_of(value)))
    interaction = _message(name, cells["body"], metadata)
    if cells.get("matching rules"):
        interaction.message.matching_rules = rules_of(cells["matching rules"])
    _pact(context, interaction)
