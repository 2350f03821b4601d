"""`Contracts`: all of a run's state, kept on behave's context as `context.contracts`.

Steps and hooks talk to this one object; it owns the settings, the consumer
run, the provider under verification and the location of the step running::

    contracts = Contracts(settings)
    contracts.begin_scenario("Get a user", Location("users.feature", 3), tags=[])
    contracts.current_step = Location("users.feature", 5)
    client = UserClient(contracts.mock_url)      # starts the mock server
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import InitVar, dataclass, field
from typing import TYPE_CHECKING

from contracts_bdd.config import Settings
from contracts_bdd.consumer.run import ConsumerRun
from contracts_bdd.consumer.scenario import ScenarioContract
from contracts_bdd.errors import Location, SetupError
from contracts_bdd.interrupts import INTERRUPTS
from contracts_bdd.model.messages import ReceivedMessage

if TYPE_CHECKING:  # imported when first used: a consumer run needs neither (nor `requests`, nor `http.server`)
    from contracts_bdd.broker.client import BrokerClient
    from contracts_bdd.pact.document import PactBytes
    from contracts_bdd.provider.side import ProviderSide
    from contracts_bdd.provider.sources import PactCache


@dataclass
class Contracts:
    """The framework's state for one behave run."""

    settings: Settings
    environ: Mapping[str, str] = field(default_factory=dict)
    declared: InitVar[dict[Location, ScenarioContract] | None] = None
    pacts: PactCache | None = None  # the pacts the outline fill fetched, for the verification to reuse
    narrowed_by: InitVar[Sequence[str]] = ()
    consumer: ConsumerRun = field(init=False)
    current_step: Location | None = None
    waiting_outlines: list[Callable[[], None]] = field(default_factory=list)
    """Provider outlines to fill once this run's consumer scenarios have written their pacts."""
    write_pacts_early: bool = False
    """The run verifies providers its own consumer scenarios write pacts for: write them when those end."""
    _provider: ProviderSide | None = field(init=False, default=None)

    def __post_init__(self, declared: dict[Location, ScenarioContract] | None, narrowed_by: Sequence[str]) -> None:
        self.consumer = ConsumerRun(self.settings, declared, narrowed_by)

    @property
    def provider(self) -> ProviderSide:
        """The provider side of the run, made the first time a provider step needs it."""
        if self._provider is None:
            from contracts_bdd.provider.side import ProviderSide  # noqa: PLC0415 - consumer runs never load it

            self._provider = ProviderSide(self.settings, self.environ, self.pacts)
        return self._provider

    # -- consumer ------------------------------------------------------------------
    def begin_scenario(
        self, name: str, location: Location, tags: Iterable[str], description: Sequence[str] = ()
    ) -> ScenarioContract:
        """Start a scenario: a fresh contract (returned), default verification options."""
        contract = self.consumer.begin_scenario(name, location, tags, description)
        if self._provider is not None:
            self._provider.begin_scenario()
        self.current_step = None
        return contract

    @property
    def step_location(self) -> Location:
        """Where the running step is; behave tells the `before_step` hook."""
        if self.current_step is None:
            msg = (
                "contracts-bdd does not know which step is running: call contracts_bdd.hooks.before_step "
                "from your environment.py (or re-export it: from contracts_bdd.hooks import before_step)"
            )
            raise SetupError(msg)
        return self.current_step

    def declared_ahead(self, location: Location) -> bool:
        """Whether the pre-flight built the running scenario's contract from its steps already.

        A declaring step then has nothing left to do but refuse to come after the mock
        server started.
        """
        scenario = self.scenario
        scenario.refuse_after_start(location)
        return scenario.declared_ahead

    @property
    def scenario(self) -> ScenarioContract:
        """The contract of the scenario running now."""
        if self.consumer.scenario is None:
            msg = "no scenario is running: is contracts_bdd's before_scenario hook called from environment.py?"
            raise SetupError(msg)
        return self.consumer.scenario

    @property
    def mock_url(self) -> str:
        """The mock server's base URL for consumer code; starts it on first use."""
        return self.scenario.start(self.settings)

    @property
    def message(self) -> ReceivedMessage:
        """The scenario's one message, as the consumer's code receives it (for a synchronous one, its reply).

        Taking it tells the run that a step of the project hands it to the consumer's code;
        the scenario's message is then not checked on its own.
        """
        received = self.messages
        if len(received) != 1:
            msg = (
                f"{self.scenario.location}: the scenario has {len(received)} messages (and replies); "
                "take them all from context.contracts.messages"
            )
            raise SetupError(msg)
        return received[0]

    @property
    def messages(self) -> list[ReceivedMessage]:
        """Every message of the scenario (replies, for synchronous ones), in the order declared."""
        scenario = self.scenario
        messages = scenario.scenario_messages(self.settings, self.consumer.messages_ahead)
        messages.taken = True
        received = messages.received()
        return [found for item in scenario.message_interactions for found in received.get(item.description, [])]

    def judge_scenario(self) -> None:
        """Judge the scenario's contract in its last step; raise (a failed step) if it was not met."""
        self.consumer.judge_scenario()

    def end_scenario(self, *, failed: bool) -> None:
        """Judge the scenario's contract unless its last step did; raise if it was not met."""
        self.consumer.end_scenario(failed=failed)

    @property
    def scenario_notes(self) -> list[str]:
        """What the scenario's verification said beside pass or fail: the pacts' comments, warnings."""
        return list(self._provider.notes) if self._provider is not None else []

    def end_feature(self) -> None:
        """Stop the provider the feature started."""
        if self._provider is not None:
            self._provider.end_feature()

    def finish(self, say: Callable[[str], None], *, stopped_by: str | None = None) -> None:
        """Write the pact files, then publish them when a broker is configured; `say` what happened.

        A run `stopped_by` a signal (or aborted) writes and publishes nothing.

        Raises:
            BrokerError: publishing failed (the pact files stay on disk).
        """
        for kept in self._provider.kept_logs if self._provider is not None else ():
            say(f"contracts-bdd: the provider's output was kept in {kept} (keep_provider_log = true)")
        if stopped_by is not None:
            self.say_stopped(say, stopped_by)
            return
        for line in self.consumer.finish():
            say(line)
        if self.consumer.written and self.settings.broker_base_url:
            self._publish(say)

    def _publish(self, say: Callable[[str], None]) -> None:
        """Publish the pact files written to the configured broker, when publishing is switched on."""
        from contracts_bdd.broker import client as broker  # noqa: PLC0415 - only publishing loads requests
        from contracts_bdd.broker import publication  # noqa: PLC0415

        connection = publication.broker_connection(self.settings)
        if connection is None:
            return
        if INTERRUPTS.signal_name:
            say(f"contracts-bdd: the run was stopped by {INTERRUPTS.signal_name}: nothing was published")
            return
        if not publication.switched_on(self.settings.publish, self.environ):
            say(
                f"contracts-bdd: pacts not published to {connection.base_url}: publish = {self.settings.publish} "
                "and CI is not true (set publish = true to publish from here)"
            )
            return
        if self.settings.pact_shards is not None:
            say(
                f"contracts-bdd: nothing was published to {connection.base_url}: this run wrote a shard of the "
                f"contract ({self.settings.pact_dir}), and a shard is never published; once every process is done, "
                f"merge the shards (contracts-bdd merge {self.settings.pact_shards}/* -o pacts) and publish that once "
                "(contracts-bdd publish pacts)"
            )
            return
        if self.consumer.partial:
            how = (
                f"this run was narrowed ({'; '.join(self.consumer.narrowed_by)})"
                if self.consumer.narrowed_by
                else "some scenarios selected to run did not run"
            )
            say(
                f"contracts-bdd: nothing was published to {connection.base_url}: {how}, and a partial contract is "
                "never published; run all the consumer features to publish"
            )
            return
        client = broker.BrokerClient(connection)
        by_consumer: dict[str, list[PactBytes]] = {}
        for pair, pact in sorted(self.consumer.written.items(), key=lambda item: str(item[0])):
            by_consumer.setdefault(pair.consumer, []).append(pact)
        for consumer, pacts in by_consumer.items():
            version = publication.consumer_publication(self.settings, self.environ, consumer)
            for notice in client.publish(version, pacts):  # the bytes this run wrote, whatever the files hold now
                say(f"contracts-bdd: {notice}")
            branch = f" on branch {version.branch}" if version.branch else ""
            files = ", ".join(str(pact.path) for pact in pacts)
            say(f"contracts-bdd: published {files} as {consumer} {version.version}{branch}")

    def say_stopped(self, say: Callable[[str], None], stopped_by: str) -> None:
        """Say that a stopped run wrote and published nothing (and make sure nothing is published)."""
        self.consumer.written = {}
        say(
            f"contracts-bdd: the run was stopped by {stopped_by}: no pact file was written or published, "
            "and what the run started was stopped"
        )

    # -- deployment gates ------------------------------------------------------------
    def broker(self) -> BrokerClient:
        """A client for the configured broker."""
        from contracts_bdd.broker import client as broker  # noqa: PLC0415 - only broker steps load requests
        from contracts_bdd.broker import publication  # noqa: PLC0415

        return broker.BrokerClient(publication.required_broker(self.settings, self.step_location))
