"""Message contracts: an event the provider publishes, or a message the consumer sends and the replies it needs.

Like `contracts_bdd.model.contract`, plain dataclasses with no Gherkin, behave or pact in them::

    placed = MessageInteraction(
        "an order was placed",
        Message(body=JsonBody({"orderId": Matcher("integer", 1)}),
                metadata=[MetadataEntry("topic", "orders")]),
        states=[ProviderState("an order with id 1 exists")],
    )
    price = MessageInteraction("a price request", Message(body=JsonBody({"item": 7})),
                               replies=[Message(body=JsonBody({"price": Matcher("decimal", 9.5)}))])

An asynchronous message (`replies` is None) is one the consumer receives; a synchronous one
is a request the consumer sends, and the replies it needs back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from contracts_bdd.errors import Location
from contracts_bdd.model.contract import (
    Body,
    FormBody,
    Interaction,
    Json,
    JsonBody,
    Matcher,
    PathRule,
    ProviderState,
    Value,
    body_value,
    example_of,
    interaction_values,
)


@dataclass(frozen=True)
class MetadataEntry:
    """One metadata entry of a message (`topic`, `contentType`...): its value may hold matchers."""

    name: str
    value: Value
    location: Location | None = None


@dataclass
class Message:
    """One message: its body and its metadata."""

    location: Location | None = None
    body: Body | None = None
    metadata: list[MetadataEntry] = field(default_factory=list)
    matching_rules: dict[str, Any] = field(default_factory=dict)
    """Rules in a pact file's own form (`{"body": ..., "metadata": ...}`), declared as they are beside
    those the values carry (as on `contracts_bdd.model.contract.Request`)."""
    generators: dict[str, Any] = field(default_factory=dict)
    """Generators in a pact file's own form, declared as they are beside those the values carry."""
    at_paths: list[PathRule] = field(default_factory=list)

    def metadata_location(self, name: str) -> Location | None:
        """Where metadata entry `name` was declared, else where the message was."""
        return next((entry.location for entry in self.metadata if entry.name == name), self.location)


@dataclass
class MessageInteraction:
    """A message the consumer needs, given provider states: asynchronous, or a request with its replies."""

    description: str
    message: Message
    states: list[ProviderState] = field(default_factory=list)
    replies: list[Message] | None = None
    pending: bool = False
    comments: list[str] = field(default_factory=list)
    references: list[tuple[str, str, str]] = field(default_factory=list)
    key: str | None = None
    test_name: str | None = None
    """The test the message came from (a V4 pact's `comments.testname`), shown when it is verified."""

    @property
    def synchronous(self) -> bool:
        """Whether the consumer sends this message and waits for replies (V4 `Synchronous/Messages`)."""
        return self.replies is not None

    @property
    def kind(self) -> str:
        """The word pact-python uses for the kind: "Sync" or "Async"."""
        return "Sync" if self.synchronous else "Async"

    @property
    def location(self) -> Location | None:
        """Where the message was declared."""
        return self.message.location

    def messages(self) -> list[Message]:
        """The message, then its replies."""
        return [self.message, *(self.replies or [])]


AnyInteraction = Interaction | MessageInteraction
"""What a pact holds: HTTP interactions and messages."""


def message_values(interaction: MessageInteraction) -> list[tuple[Any, Location | None]]:
    """Every value of a message interaction that may hold matchers, with where it was declared."""
    parts: list[tuple[Any, Location | None]] = []
    for message in interaction.messages():
        parts += [(entry.value, entry.location) for entry in message.metadata]
        if message.body is not None:
            parts.append((body_value(message.body), message.body.location))
        parts += [(rule.value, rule.location) for rule in message.at_paths]
    return parts


def at_paths_of(interaction: AnyInteraction) -> list[PathRule]:
    """Every rule an interaction keeps at a path of its own, in all its parts."""
    if isinstance(interaction, MessageInteraction):
        return [found for message in interaction.messages() for found in message.at_paths]
    response = interaction.response
    return [*interaction.request.at_paths, *(response.at_paths if response is not None else [])]


def values_of(interaction: AnyInteraction) -> list[tuple[Any, Location | None]]:
    """Every value of an HTTP interaction or a message that may hold matchers, with where it was declared."""
    if isinstance(interaction, MessageInteraction):
        return message_values(interaction)
    return interaction_values(interaction)


@dataclass(frozen=True)
class ReceivedMessage:
    """A message as the consumer's code receives it: generated from the contract, generators applied.

    For a reply to a synchronous message, `request` is the message the consumer sent.
    """

    description: str
    body: bytes
    metadata: dict[str, Json]
    request: ReceivedMessage | None = None

    @property
    def content_type(self) -> str | None:
        """The message's content type, from its metadata."""
        found = next(
            (value for name, value in self.metadata.items() if name.lower() in ("contenttype", "content-type")), None
        )
        return str(found) if found is not None else None

    @property
    def text(self) -> str:
        """The body as UTF-8 text."""
        return self.body.decode()

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


def checkable(interaction: MessageInteraction) -> MessageInteraction:
    """The interaction as the spec-first check verifies it against its own rules.

    A value written `as_recorded(...)` shows only its example there: a pact recorded an
    example its own rule does not accept, and the marker says so. A generator standing alone
    at a path of its own (`the message has the rules at paths:`) is left out: nothing but its
    example would check the value it makes. Everything else is checked as declared.
    """
    return replace(
        interaction,
        message=_checkable_message(interaction.message),
        replies=None if interaction.replies is None else [_checkable_message(reply) for reply in interaction.replies],
    )


def needs_checkable(interaction: MessageInteraction) -> bool:
    """Whether `checkable` changes the interaction (a recorded value, or a generator alone at a path)."""
    return checkable(interaction) != interaction


def _checkable_message(message: Message) -> Message:
    return replace(
        message,
        body=None if message.body is None else _checkable_body(message.body),
        metadata=[replace(entry, value=_unrecorded(entry.value)) for entry in message.metadata],
        at_paths=[found for found in message.at_paths if found.value.rule is not None and not found.value.recorded],
    )


def _checkable_body(body: Body) -> Body:
    if isinstance(body, JsonBody):
        return replace(body, value=_unrecorded(body.value))
    if isinstance(body, FormBody):
        return replace(body, fields=_unrecorded(body.fields))
    return body


def _unrecorded(value: Any) -> Any:
    if isinstance(value, Matcher):
        return example_of(value) if value.recorded else replace(value, example=_unrecorded(value.example))
    if isinstance(value, dict):
        return {key: _unrecorded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unrecorded(item) for item in value]
    return value


def example_metadata(message: Message) -> dict[str, Json]:
    """The metadata with every matcher replaced by its example."""
    return {entry.name: example_of(entry.value) for entry in message.metadata}
