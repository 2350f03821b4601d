"""One run of a scenario's contract: the mock server it starts and the messages it makes, closed together.

    served = ServedScenario(contract, settings)
    context.add_cleanup(served.close)       # behave's cleanup: the server stops whatever happens
    url = served.mock_url()                 # consumer code calls the mock server here (started once)
    mismatches = served.finish()            # or, with no consumer code, the framework plays the requests

What it starts is entered on one `ExitStack`; `close()` (idempotent) leaves it, so a scenario
that ends by an error, a failed hook or a signal still stops its mock server.
"""

from __future__ import annotations

from contextlib import ExitStack

from contracts_bdd.config import Settings
from contracts_bdd.consumer.exchange import exchange
from contracts_bdd.consumer.messages import ScenarioMessages
from contracts_bdd.consumer.messages_ahead import MessagesAhead
from contracts_bdd.consumer.scenario import ScenarioContract
from contracts_bdd.errors import FeatureError
from contracts_bdd.model.reports import MockMismatch
from contracts_bdd.pact.declare import build_pact
from contracts_bdd.pact.mock_server import MockServer


class ServedScenario:
    """A scenario's contract as the run serves it: its mock server and its messages."""

    def __init__(self, contract: ScenarioContract, settings: Settings, ahead: MessagesAhead | None = None) -> None:
        self.contract = contract
        self.settings = settings
        self.ahead = ahead
        """The run's messages generated for every scenario at once, when the pre-flight built the contracts."""
        self.server: MockServer | None = None
        self.messages: ScenarioMessages | None = None
        self._stack = ExitStack()

    def mock_url(self) -> str:
        """Start the mock server (once) and return its URL; the contract takes no more declarations."""
        contract = self.contract
        if self.server is None:
            if not contract.declared_ahead:  # else the pre-flight checked it
                contract.check(self.settings)
            if not contract.http_interactions:
                raise FeatureError(
                    contract.location,
                    "consumer code asked for the mock server URL but this scenario declares no request",
                    'declare the request and response first, e.g. When the consumer sends a GET request to "/users/1"'
                    " (a message needs no mock server: take it from context.contracts.message)",
                )
            pact = build_pact(
                contract.pair(self.settings), contract.specification(self.settings), contract.http_interactions
            )
            self.server = self._stack.enter_context(MockServer(pact))
            contract.sealed = True
        return self.server.url

    def finish(self) -> list[MockMismatch]:
        """Play the requests if no consumer code did, stop the server, return the mismatches."""
        if not self.contract.http_interactions:
            return []
        problems: list[MockMismatch] = []
        if self.server is None:
            problems = exchange(self.mock_url(), self.contract.http_interactions)
        return self.stop() + problems

    def stop(self) -> list[MockMismatch]:
        """Stop the mock server without playing requests; return what it saw go wrong."""
        self.close()
        return list(self.server.mismatches) if self.server is not None else []

    def scenario_messages(self) -> ScenarioMessages:
        """The scenario's messages as the consumer receives them (made once, after the pre-flight's checks)."""
        contract = self.contract
        if self.messages is None:
            if not contract.message_interactions:
                raise FeatureError(
                    contract.location,
                    "consumer code asked for the scenario's message, but it declares none",
                    'When the provider publishes the message "an order was placed"',
                )
            if not contract.declared_ahead:  # else the pre-flight checked it
                contract.check(self.settings)
            self.messages = ScenarioMessages(
                contract.pair(self.settings),
                contract.specification(self.settings),
                contract.message_interactions,
                ahead=self.ahead,
                scenario=contract,
            )
        return self.messages

    def judge_messages(self) -> list[str]:
        """Hand each message to the consumer's handler, or check it against its own rules; return what went wrong."""
        if not self.contract.message_interactions:
            return []
        return self.scenario_messages().judge()

    def close(self) -> None:
        """Stop whatever the scenario started (a second call does nothing)."""
        self._stack.close()
