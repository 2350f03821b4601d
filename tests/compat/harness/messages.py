"""The message consumer of a scenario, on contracts-bdd's consumer run and its `@message_consumer` handlers.

    test = MessageConsumerTest(world)
    test.declare(MessageInteraction("a message", Message(body=...)))
    test.process()                       # a handler takes each message; the run judges it, then writes the pact
    test.received[0].json()              # the message as the consumer's code received it (generators applied)

A handler registered with `@message_consumer` is what a consumer's code is to contracts-bdd: it is
called with each message pact-ffi generates from the contract (for a synchronous message, each
reply, with the request it answers). `process(raising=...)` makes it raise, as failing consumer code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from harness.consumer import ConsumerTest

from contracts_bdd.consumer.messages import CONSUMERS
from contracts_bdd.model.messages import MessageInteraction, ReceivedMessage


class ConsumerFailed(Exception):
    """What the consumer's code raised on a message (the suite's "Test failed")."""


class MessageConsumerTest:
    """A scenario's messages, the consumer code that takes them, and the pact the run writes."""

    def __init__(self, world: Any) -> None:
        self.world = world
        self.interactions: list[Any] = []
        self.received: list[ReceivedMessage] = []
        self.raised: list[Exception] = []
        self.consumer: ConsumerTest | None = None

    @property
    def current(self) -> Any:
        assert self.interactions, "no interaction is being defined yet"
        return self.interactions[-1]

    def declare(self, interaction: Any) -> None:
        self.interactions.append(interaction)

    def process(self, raising: str | None = None) -> ConsumerTest:
        """Run the scenario as a consumer run does: hand each message to a handler, judge, write the pact."""
        world = self.world
        test = ConsumerTest(world.folder, world.specification, world.location, self.interactions)
        choice = world.product_choice
        test.scenario.declared_ahead = bool(choice and choice.unchecked)  # the run then skips its checks
        for interaction in self.interactions:
            if isinstance(interaction, MessageInteraction):
                self._handle(interaction.description, self._taker(raising))
        self.consumer = test
        world.on_close(test.abandon)
        test.done()
        return test

    def _taker(self, raising: str | None) -> Callable[[ReceivedMessage], None]:
        def take(message: ReceivedMessage) -> None:
            self.received.append(message)
            if raising is not None:
                error = ConsumerFailed(raising)
                self.raised.append(error)
                raise error

        return take

    def _handle(self, description: str, function: Callable[[ReceivedMessage], None]) -> None:
        pattern = description.replace("{", "{{").replace("}", "}}")
        CONSUMERS.register(pattern, function)
        registered = CONSUMERS.handlers[-1]
        self.world.on_close(lambda: CONSUMERS.handlers.remove(registered))

    def sent_request(self) -> ReceivedMessage:
        """The request of the synchronous message, as pact-ffi generates it from the contract.

        With replies, it is the one each reply carries; a message with none (which contracts-bdd
        refuses) has its request read from the contract directly.
        """
        if self.received and self.received[0].request is not None:
            return self.received[0].request
        assert self.consumer is not None and self.consumer.served.messages is not None, "no message was processed"
        contract = self.consumer.served.messages.contract()
        for exchange in contract.interactions("Sync"):  # read within the loop: the iterator owns the exchange
            contents = exchange.request_contents
            body = contents.contents
            data = body if isinstance(body, bytes) else b"" if body is None else str(body).encode()
            metadata: dict[str, Any] = {}
            for pair in contents.metadata:
                try:
                    metadata[str(pair.key)] = json.loads(str(pair.value))
                except json.JSONDecodeError:
                    metadata[str(pair.key)] = str(pair.value)
            return ReceivedMessage(str(exchange.description), data, metadata)
        msg = "the contract holds no synchronous message"
        raise AssertionError(msg)
