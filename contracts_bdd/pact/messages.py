"""The messages pact-ffi generates from a contract: what a consumer's code receives.

    contract = build_pact(pair, "V4", [placed])
    received = generated_messages(contract, [placed])
    received["an order was placed"][0].json()      # {"orderId": 7, ...}: generators applied

For an asynchronous message that is the message; for a synchronous one, each reply (with
the request the consumer sent on it as `request`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from contracts_bdd.model.contract import Json
from contracts_bdd.model.messages import Message, MessageInteraction, ReceivedMessage, example_metadata
from contracts_bdd.pact.ffi import pact
from contracts_bdd.pact.native import native_stdout_to_log


def generated_messages(
    contract: pact.Pact, interactions: Sequence[MessageInteraction]
) -> dict[str, list[ReceivedMessage]]:
    """The messages of `interactions` as pact-ffi generates them from `contract`, by description."""
    declared = {interaction.description: interaction for interaction in interactions}
    found: dict[str, list[ReceivedMessage]] = {}
    with native_stdout_to_log():
        for event in contract.interactions("Async"):
            interaction = declared.get(event.description)
            if interaction is not None and event.contents is not None:
                found[interaction.description] = [
                    _received(interaction.description, event.contents, interaction.message)
                ]
        for exchange in contract.interactions("Sync"):
            interaction = declared.get(exchange.description)
            if interaction is None or exchange.request_contents is None:
                continue
            request = _received(interaction.description, exchange.request_contents, interaction.message)
            replies = list(zip(exchange.response_contents, interaction.replies or [], strict=False))
            found[interaction.description] = [
                _received(interaction.description, contents, reply, request) for contents, reply in replies
            ]
    return found


def _received(
    description: str, contents: Any, declared: Message, request: ReceivedMessage | None = None
) -> ReceivedMessage:
    body = contents.contents
    data = body if isinstance(body, bytes) else b"" if body is None else str(body).encode()
    return ReceivedMessage(description, data, _metadata(contents.metadata, declared), request)


def _metadata(pairs: Iterable[Any], declared: Message) -> dict[str, Json]:
    """pact-ffi hands metadata values over as text; a value declared as text stays text, others are read as JSON."""
    examples = example_metadata(declared)
    found: dict[str, Json] = {}
    for pair in pairs:
        key, value = str(pair.key), str(pair.value)
        if isinstance(examples.get(key), str) or key == "contentType":
            found[key] = value
            continue
        try:
            found[key] = json.loads(value)
        except json.JSONDecodeError:
            found[key] = value
    return found
