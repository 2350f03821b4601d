"""A scenario's messages, generated from its contract, and how each is judged.

Each message goes to one of three places, in this order:

- a handler of the project registered with `@message_consumer("an order was placed")` (a
  parse pattern on the description), called with the message as pact-ffi generates it;
  a handler that raises fails the scenario with its traceback;
- a step of the project that took the messages from `context.contracts.message(s)`: that
  step ran the consumer's code, and its own failures fail the scenario;
- else (spec-first) the message generated from the declaration is verified against the
  declaration's own rules, by pact-rust's verifier, as a provider's message would be::

    messages = ScenarioMessages(pair, "V4", [placed])
    messages.received()["an order was placed"][0].json()
    problems = messages.judge()     # [] when every message was accepted
"""

from __future__ import annotations

import tempfile
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contracts_bdd.handlers import HandlerRegistry
from contracts_bdd.model.contract import Pair
from contracts_bdd.model.messages import MessageInteraction, ReceivedMessage, checkable, needs_checkable
from contracts_bdd.pact.declare import build_pact, write_pact
from contracts_bdd.pact.messages import generated_messages
from contracts_bdd.provider.producers import ProducedMessage, ProducerProblem

if TYPE_CHECKING:
    from contracts_bdd.consumer.messages_ahead import MessagesAhead
    from contracts_bdd.consumer.scenario import ScenarioContract
    from contracts_bdd.pact.ffi import pact

CONSUMERS = HandlerRegistry("message consumer", "message_consumer", "def handle(message): ...")


def message_consumer(pattern: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the consumer's handler of messages whose description matches `pattern`.

    It is called with a `ReceivedMessage` (`.body`, `.json()`, `.text`, `.metadata`; for a reply
    to a synchronous message, `.request`), and with the pattern's named fields as keywords.
    """
    return CONSUMERS.decorator_for(pattern)


@dataclass
class ScenarioMessages:
    """The message interactions of one scenario, the messages generated from them, and who took them."""

    pair: Pair
    specification: str
    interactions: Sequence[MessageInteraction]
    taken: bool = False
    """A step of the project took the messages (`context.contracts.message`): it ran the consumer's code."""
    ahead: MessagesAhead | None = None
    """The run's messages, generated and checked for every scenario at once (when the pre-flight built this one)."""
    scenario: ScenarioContract | None = None
    _received: dict[str, list[ReceivedMessage]] | None = field(default=None, repr=False)
    _contract: pact.Pact | None = field(default=None, repr=False)

    def contract(self) -> pact.Pact:
        """The scenario's messages declared on a pact of their own (declared once)."""
        if self._contract is None:
            self._contract = build_pact(self.pair, self.specification, self.interactions)
        return self._contract

    def received(self) -> dict[str, list[ReceivedMessage]]:
        """The messages as the consumer receives them, by description (generated once)."""
        if self._received is None:
            ahead = self.ahead.received(self.scenario) if self.ahead and self.scenario else None
            self._received = ahead if ahead is not None else generated_messages(self.contract(), self.interactions)
        return self._received

    def judge(self) -> list[str]:
        """Hand each message to its handler, or check it against its own rules; return what went wrong."""
        problems: list[str] = []
        unhandled = []
        for interaction in self.interactions:
            found = CONSUMERS.find(interaction.description, {})
            if found is not None:
                handler, arguments = found
                problems += _handled(
                    interaction,
                    self.received().get(interaction.description, []),
                    handler.pattern,
                    handler.function,
                    arguments,
                )
            elif not self.taken:
                unhandled.append(interaction)
        if unhandled:
            ahead = self.ahead.problems(self.scenario, unhandled) if self.ahead and self.scenario else None
            problems += ahead if ahead is not None else self._checked_against_own_rules(unhandled)
        return problems

    def _checked_against_own_rules(self, interactions: Sequence[MessageInteraction]) -> list[str]:
        """Verify the generated messages with pact-rust's verifier, as a provider's would be."""
        # Loaded here: a consumer run whose messages all go to handlers needs no HTTP server.
        from contracts_bdd.pact.verifier import run_verifier  # noqa: PLC0415
        from contracts_bdd.provider.message_endpoint import MessageEndpoint  # noqa: PLC0415

        if any(needs_checkable(interaction) for interaction in interactions):
            # values taken as recorded, generators alone at paths: checked as `checkable` says
            interactions = [checkable(interaction) for interaction in interactions]
            contract = build_pact(self.pair, self.specification, interactions)
            received = generated_messages(contract, interactions)
        else:
            every = len(interactions) == len(self.interactions)
            contract = self.contract() if every else build_pact(self.pair, self.specification, interactions)
            received = self.received()

        def produce(description: str, params: dict[str, Any], request: ReceivedMessage | None) -> ProducedMessage:
            found = received.get(description)
            if not found:
                msg = f"contracts-bdd generated no message for '{description}'"
                raise ProducerProblem(msg)
            return ProducedMessage(found[0].body, dict(found[0].metadata), found[0].content_type)

        with tempfile.TemporaryDirectory(prefix="contracts-bdd-messages-") as folder:
            # Usually every message is unhandled: the scenario's own pact is written, not declared again.
            write_pact(contract, Path(folder), merge=False)
            with MessageEndpoint(produce) as endpoint:
                run = run_verifier(
                    self.pair.provider, None, [Path(folder) / self.pair.filename], None, message_url=endpoint.url
                )
        by_description = {interaction.description: interaction for interaction in interactions}
        problems = [
            own_rules_problem(outcome.description, by_description.get(outcome.description), outcome.details)
            for outcome in run.outcomes
            if outcome.status != "passed"
        ]
        if not run.outcomes:
            problems.append(unchecked_problem(run.output))
        return problems


def own_rules_problem(description: str, interaction: MessageInteraction | None, details: str) -> str:
    """What the verifier found wrong with a message generated from its declaration."""
    where = f" (declared at {interaction.location})" if interaction and interaction.location else ""
    shown = "\n".join(f"     {line}" for line in details.splitlines())
    return (
        f"the message '{description}'{where}, generated from its declaration, does not meet its "
        f"own rules, so no provider could meet them either:\n{shown}"
    )


def unchecked_problem(output: str) -> str:
    """The verifier said nothing about a message: it was not checked, which is not a pass."""
    return f"the messages could not be checked against their rules; the verifier said:\n{output}"


def _handled(
    interaction: MessageInteraction,
    messages: Sequence[ReceivedMessage],
    pattern: str,
    function: Callable[..., Any],
    arguments: dict[str, Any],
) -> list[str]:
    where = f" (declared at {interaction.location})" if interaction.location else ""
    for message in messages:
        try:
            function(message, **arguments)
        except Exception as err:
            # The traceback starts in the handler: the frame that called it is ours, and says nothing.
            raised = traceback.format_exception(
                type(err), err, err.__traceback__.tb_next if err.__traceback__ else None
            )
            shown = "\n".join(f"     {line}" for line in "".join(raised).rstrip().splitlines())
            return [
                f"the consumer's handler '{pattern}' raised on the message '{interaction.description}'{where}:\n{shown}"
            ]
    return []


def message_report(scenario: str, problems: Sequence[str]) -> str:
    """Explain why a scenario's messages were not accepted."""
    lines = [f"The messages of scenario '{scenario}' were not accepted:"]
    lines += [f"  {number}) {problem}" for number, problem in enumerate(problems, start=1)]
    return "\n".join(lines)
