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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contracts_bdd.broker import BrokerClient
from contracts_bdd.config import Settings
from contracts_bdd.consumer import ConsumerRun, ScenarioContract
from contracts_bdd.errors import ContractsBddError, FeatureError, Location, ProviderError, VerificationFailed
from contracts_bdd.pact_engine import BrokerSource, ResultsPublication
from contracts_bdd.provider import ProviderProcess, Verification, check_reachable, verify_provider
from contracts_bdd.publication import (
    broker_connection,
    build_url,
    consumer_publication,
    current_branch,
    git,
    switched_on,
)
from contracts_bdd.states import REGISTRY


@dataclass
class ProviderUnderTest:
    """The provider a provider scenario verifies: its name, where it answers, how states are set."""

    name: str
    base_url: str
    process: ProviderProcess | None = None
    state_change_url: str | None = None
    verification: Verification | None = None
    include_pending: bool = False
    wip_since: str | None = None


@dataclass
class Contracts:
    """The framework's state for one behave run."""

    settings: Settings
    consumer: ConsumerRun = field(init=False)
    provider: ProviderUnderTest | None = None
    current_step: Location | None = None

    def __post_init__(self) -> None:
        self.consumer = ConsumerRun(self.settings)

    # -- consumer ------------------------------------------------------------------
    def begin_scenario(
        self, name: str, location: Location, tags: Iterable[str], description: Sequence[str] = ()
    ) -> None:
        """Start a scenario: a fresh contract, no provider."""
        self.consumer.begin_scenario(name, location, tags, description)
        self.provider = None
        self.current_step = None

    @property
    def step_location(self) -> Location:
        """Where the running step is; behave tells the `before_step` hook."""
        if self.current_step is None:
            msg = (
                "contracts-bdd does not know which step is running: call contracts_bdd.hooks.before_step "
                "from your environment.py (or re-export it: from contracts_bdd.hooks import before_step)"
            )
            raise ContractsBddError(msg)
        return self.current_step

    @property
    def scenario(self) -> ScenarioContract:
        """The contract of the scenario running now."""
        if self.consumer.scenario is None:
            msg = "no scenario is running: is contracts_bdd's before_scenario hook called from environment.py?"
            raise ContractsBddError(msg)
        return self.consumer.scenario

    @property
    def mock_url(self) -> str:
        """The mock server's base URL for consumer code; starts it on first use."""
        return self.scenario.start(self.settings)

    def end_scenario(self, *, failed: bool) -> None:
        """Stop what the scenario started; raise if its contract was not met."""
        try:
            self.consumer.end_scenario(failed=failed)
        finally:
            self.stop_provider()

    def finish(self, say: Callable[[str], None], environ: Mapping[str, str]) -> None:
        """Write the pact files, then publish them when a broker is configured; `say` what happened.

        Raises:
            BrokerError: publishing failed (the pact files stay on disk).
        """
        for line in self.consumer.finish():
            say(line)
        connection = broker_connection(self.settings)
        if connection is None or not self.consumer.written:
            return
        if not switched_on(self.settings.publish, environ):
            say(
                f"contracts-bdd: pacts not published to {connection.base_url}: publish = {self.settings.publish} "
                "and CI is not true (set publish = true to publish from here)"
            )
            return
        client = BrokerClient(connection)
        by_consumer: dict[str, list[Path]] = {}
        for pair, path in sorted(self.consumer.written.items(), key=lambda item: str(item[0])):
            by_consumer.setdefault(pair.consumer, []).append(path)
        for consumer, paths in by_consumer.items():
            publication = consumer_publication(self.settings, environ, consumer)
            for notice in client.publish(publication, paths):
                say(f"contracts-bdd: {notice}")
            branch = f" on branch {publication.branch}" if publication.branch else ""
            files = ", ".join(str(path) for path in paths)
            say(f"contracts-bdd: published {files} as {consumer} {publication.version}{branch}")

    # -- provider ------------------------------------------------------------------
    def start_provider(self, name: str, command: str | None) -> None:
        """Start the provider with `command` (or `provider_command` from the settings)."""
        chosen = command or self.settings.provider_command
        if not chosen:
            raise FeatureError(
                self.step_location,
                f"no command to start the provider '{name}'",
                'Given the provider "Name" is started with "{python} -m my_service --port {port}", '
                "or provider_command = ... under [behave.userdata]",
            )
        process = ProviderProcess.start(
            chosen, ready_path=self.settings.provider_ready_path, timeout=self.settings.provider_start_timeout
        )
        self.provider = ProviderUnderTest(name, process.base_url, process, self._state_url(process.base_url))

    def reach_provider(self, name: str, url: str | None) -> None:
        """Use a provider that is already running at `url` (or `provider_url`)."""
        chosen = (url or self.settings.provider_url or "").rstrip("/")
        if not chosen:
            raise FeatureError(
                self.step_location,
                f"no URL for the provider '{name}'",
                'Given the provider "Name" is running at "http://127.0.0.1:8000", or provider_url = ... in behave.ini',
            )
        check_reachable(chosen)
        self.provider = ProviderUnderTest(name, chosen, None, self._state_url(chosen))

    def _state_url(self, base_url: str) -> str | None:
        configured = self.settings.provider_state_url
        if configured and configured.startswith("/"):
            return base_url + configured
        return configured

    def use_state_change_url(self, path_or_url: str) -> None:
        """Let the provider's own endpoint set up states instead of Python handlers."""
        provider = self._provider()
        provider.state_change_url = path_or_url if "://" in path_or_url else provider.base_url + path_or_url

    def verify(self, pact_dir: Path | None = None) -> Verification:
        """Verify the provider against the pacts in `pact_dir` (default: the settings')."""
        provider = self._provider()
        provider.verification = verify_provider(
            provider.name,
            provider.base_url,
            pact_dir or self.settings.pact_dir,
            REGISTRY,
            state_change_url=provider.state_change_url,
            process=provider.process,
        )
        return provider.verification

    def verify_from_broker(self, selectors: list[dict[str, Any]] | None, environ: Mapping[str, str]) -> Verification:
        """Verify the provider against the pacts the broker selects (default: main branch, deployed or released).

        Verification results are published when `publish_verification_results` is on (auto: in CI).
        """
        provider = self._provider()
        settings = self.settings
        connection = broker_connection(settings)
        if connection is None:
            raise FeatureError(
                self.step_location,
                "no Pact Broker is configured",
                "set PACT_BROKER_BASE_URL (and PACT_BROKER_TOKEN), or broker_base_url under [behave.userdata]",
            )
        BrokerClient(connection).check_reachable()
        version = settings.provider_version or git("rev-parse", "HEAD")
        branch = settings.provider_branch or current_branch(environ)
        publication = None
        if switched_on(settings.publish_verification_results, environ):
            if not version:
                raise FeatureError(
                    self.step_location,
                    "verification results cannot be published without a provider version",
                    "set provider_version (or run in a git checkout), or publish_verification_results = false",
                )
            publication = ResultsPublication(
                version, branch, settings.provider_tags, settings.build_url or build_url(environ)
            )
        broker = BrokerSource(
            url=connection.base_url,
            selectors=[{"mainBranch": True}, {"deployedOrReleased": True}] if selectors is None else selectors,
            token=connection.token.reveal() if connection.token else None,
            username=connection.username,
            password=connection.password.reveal() if connection.password else None,
            include_pending=provider.include_pending or settings.include_pending,
            wip_since=provider.wip_since or settings.include_wip_pacts_since,
            provider_branch=branch,
            provider_tags=settings.provider_tags,
            verify_tls=settings.broker_verify_tls,
        )
        provider.verification = verify_provider(
            provider.name,
            provider.base_url,
            None,
            REGISTRY,
            state_change_url=provider.state_change_url,
            process=provider.process,
            broker=broker,
            publication=publication,
        )
        return provider.verification

    def include_pending(self) -> None:
        """Pending pacts (new, never verified) are verified too; their failures do not fail the build."""
        self._provider().include_pending = True

    def include_wip_since(self, since: str) -> None:
        """Work-in-progress pacts since `since` (YYYY-MM-DD) are verified too, as pending."""
        self._provider().wip_since = since

    # -- deployment gates ------------------------------------------------------------
    def broker(self) -> BrokerClient:
        """A client for the configured broker."""
        connection = broker_connection(self.settings)
        if connection is None:
            raise FeatureError(
                self.step_location, "no Pact Broker is configured", "set PACT_BROKER_BASE_URL (and PACT_BROKER_TOKEN)"
            )
        return BrokerClient(connection)

    def require_all_passed(self) -> str:
        """Return the report if every interaction passed; raise `VerificationFailed` if not."""
        provider = self._provider()
        if provider.verification is None:
            raise FeatureError(
                self.step_location, "nothing has been verified yet", "When the provider is verified against its pacts"
            )
        report = provider.verification.report
        if not provider.verification.passed:
            raise VerificationFailed(report)
        return report

    def _provider(self) -> ProviderUnderTest:
        if self.provider is None:
            raise ProviderError(
                f"{self.step_location}: no provider has been started or reached in this scenario; "
                'start with Given the provider "Name" is started with "<command>" '
                'or Given the provider "Name" is running at "<url>"'
            )
        return self.provider

    def stop_provider(self) -> None:
        """Stop the provider this scenario started, if any."""
        if self.provider is not None and self.provider.process is not None:
            self.provider.process.stop()
