"""Message producers: the provider's Python functions that make the messages its pacts describe.

Register a producer with a parse pattern matched against the message's description. It
returns the body (a dict or list is sent as JSON, text as text/plain, bytes as they are),
or the body and the metadata; it may ask for `params` (the provider states' parameters) and,
for a synchronous message, `request` (the message the consumer sent, a `ReceivedMessage`)::

    @message_producer("an order was placed")
    def order_placed(params):
        event = orders.placed_event(orders.place(item=params.get("item", 7)))
        return event, {"topic": "orders"}

The verifier reaches producers through `message_endpoint.MessageEndpoint`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from contracts_bdd.errors import ProducerProblem
from contracts_bdd.handlers import HandlerRegistry
from contracts_bdd.model.contract import Json
from contracts_bdd.model.messages import ProducedMessage, ReceivedMessage


def produced(value: Any, producer: str) -> ProducedMessage:
    """What a producer returned, as a message: `body` or `(body, metadata)`.

    Raises:
        ProducerProblem: the value is no message.
    """
    metadata: dict[str, Json] = {}
    if isinstance(value, tuple):
        if len(value) != 2 or not isinstance(value[1], Mapping):
            msg = f"the producer '{producer}' returned a tuple that is not (body, metadata dict): {value!r:.200}"
            raise ProducerProblem(msg)
        value, metadata = value[0], dict(value[1])
    content_type = metadata.get("contentType") or metadata.get("content-type")
    if isinstance(value, (dict, list)):
        body, default = json.dumps(value).encode(), "application/json"
    elif isinstance(value, str):
        body, default = value.encode(), "text/plain"
    elif isinstance(value, (bytes, bytearray)):
        body, default = bytes(value), "application/octet-stream"
    elif value is None:
        body, default = b"", None
    else:
        msg = (
            f"the producer '{producer}' returned {type(value).__name__} {value!r:.200}; return the body "
            "(a dict or list for JSON, str for text, bytes) or (body, metadata)"
        )
        raise ProducerProblem(msg)
    chosen = str(content_type) if content_type else default
    if chosen and not content_type:
        metadata["contentType"] = chosen
    return ProducedMessage(body, metadata, chosen)


class ProducerRegistry(HandlerRegistry):
    """The message producers a project has registered."""

    def __init__(self) -> None:
        super().__init__("message producer", "message_producer", "def produce(params): return {...}")

    def produce(self, description: str, params: dict[str, Any], request: ReceivedMessage | None) -> ProducedMessage:
        """Call the producer of `description`.

        Raises:
            ProducerProblem: there is none, it raised, or it returned no message.
        """
        found = self.find(description, {"params": params, "request": request})
        if found is None:
            raise ProducerProblem(self.unknown_message(description))
        handler, arguments = found
        return produced(handler.function(**arguments), handler.pattern)


PRODUCERS = ProducerRegistry()


def message_producer(pattern: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the producer of messages whose description matches `pattern`."""
    return PRODUCERS.decorator_for(pattern)
