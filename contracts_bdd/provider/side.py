"""The provider side of a run: the provider a feature verifies, and how each scenario verifies it.

A provider started (or reached) in a feature lives until the feature ends, so a
Background can start it and every scenario reuses it. What a scenario says about
verification (state URL, pending, filters, headers) lasts for that scenario::

    side = ProviderSide(settings, os.environ)
    side.start("UserService", "{python} -m user_service --port {port}", location)
    side.limit(InteractionFilter(consumers=("OrderService",)))
    verification = side.verify(None, location)       # pact_source, else pact_dir; PACT_URL wins over both
    side.end_feature()

Every source's pacts are fetched once per run (`PactCache`), shared with the outline fill.
Results go to the broker only for pacts that came from one, only when every interaction
of the pact was verified (no filter left any out), and never after an interrupt.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from contracts_bdd.broker.client import ResultsPublication
from contracts_bdd.broker.publication import build_url, current_branch, git, required_broker, switched_on
from contracts_bdd.config import Settings
from contracts_bdd.errors import BrokerError, FeatureError, Location, ProviderError, VerificationFailed
from contracts_bdd.model.contract import InteractionFilter
from contracts_bdd.model.reports import (
    InteractionOutcome,
    SelectedInteraction,
    content_report,
    verification_notes,
)
from contracts_bdd.provider.filter_proxy import RequestFilterProxy
from contracts_bdd.provider.pact_files import Selection, declared_request_headers, interactions_of
from contracts_bdd.provider.request_filter import FILTERS, HeaderValues, RequestFilters
from contracts_bdd.provider.results import results_document, results_link
from contracts_bdd.provider.sources import (
    BrokerPacts,
    FetchedPact,
    PactCache,
    PactSource,
    PactUrl,
    chosen_source,
)
from contracts_bdd.provider.states import REGISTRY
from contracts_bdd.provider.verification import (
    ProviderProcess,
    Verification,
    check_reachable,
    provider_environment,
    verify_provider,
)
from contracts_bdd.redaction import Secret

_Made = TypeVar("_Made")


@dataclass
class RunningProvider:
    """A provider the feature started or reached (with no `base_url`: one that only publishes messages)."""

    name: str
    base_url: str | None
    command: str | None = None
    process: ProviderProcess | None = None


@dataclass
class VerificationOptions:
    """What one scenario says about verifying: where states are set, what is included, what is sent."""

    state_change_url: str | None = None
    source: PactSource | None = None
    include_pending: bool = False
    wip_since: str | None = None
    only: InteractionFilter = field(default_factory=InteractionFilter)
    headers: dict[str, str] = field(default_factory=dict)
    """Values put into the requests whose interaction declares the header (Pact's convention)."""
    headers_everywhere: dict[str, str] = field(default_factory=dict)
    """Headers added to every replayed request: asked for explicitly."""
    header_sources: dict[str, str] = field(default_factory=dict)
    """Where each header's value came from, for reports: `$PROVIDER_TOKEN`, or `the feature`."""


def _by_interaction(outcomes: Sequence[InteractionOutcome]) -> dict[tuple[str, str], list[InteractionOutcome]]:
    """Outcomes by (consumer, description): one interaction's outcome is found without a scan."""
    index: dict[tuple[str, str], list[InteractionOutcome]] = {}
    for outcome in outcomes:
        index.setdefault((outcome.consumer, outcome.description), []).append(outcome)
    return index


def filter_from_environment(environ: Mapping[str, str]) -> InteractionFilter:
    """The filters other Pact implementations accept: PACT_DESCRIPTION, PACT_PROVIDER_STATE, PACT_PROVIDER_NO_STATE."""
    return InteractionFilter(
        description=environ.get("PACT_DESCRIPTION") or None,
        state=environ.get("PACT_PROVIDER_STATE") or None,
        no_state=environ.get("PACT_PROVIDER_NO_STATE", "").lower() == "true",
    )


class ProviderSide:
    """The provider under verification for a feature, and the current scenario's options."""

    def __init__(self, settings: Settings, environ: Mapping[str, str], pacts: PactCache | None = None) -> None:
        self.settings = settings
        self.environ = environ
        self.pacts = pacts or PactCache(settings, environ)
        self.running: RunningProvider | None = None
        self.options = VerificationOptions()
        self.verification: Verification | None = None
        self.notes: list[str] = []
        """What this scenario's verification said beside pass or fail (comments, warnings), to be shown."""
        self.kept_logs: list[Path] = []
        self._per_interaction: dict[tuple[str, ...], Verification] = {}
        self._outcomes: dict[tuple[str, ...], dict[tuple[str, str], list[InteractionOutcome]]] = {}
        self._memos: dict[Hashable, object] = {}
        self._admissions: dict[
            tuple[int, InteractionFilter], tuple[frozenset[SelectedInteraction], tuple[str, ...]]
        ] = {}

    # -- lifetime ------------------------------------------------------------------
    def begin_scenario(self) -> None:
        """A scenario starts with default options; a provider the feature started keeps running."""
        self.options = VerificationOptions(state_change_url=self._state_url())
        self.verification = None
        self.notes = []

    def end_feature(self) -> None:
        """Stop the provider the feature started; forget what was verified."""
        if self.running is not None and self.running.process is not None:
            kept = self.running.process.stop()
            if kept is not None:
                self.kept_logs.append(kept)
        self.running = None
        for cache in (self._per_interaction, self._outcomes, self._memos, self._admissions):
            cache.clear()

    def start(self, name: str, command: str | None, location: Location) -> None:
        """Start the provider with `command` (or `provider_command`), unless the feature already did."""
        chosen = command or self.settings.provider_command
        if not chosen:
            raise FeatureError(
                location,
                f"no command to start the provider '{name}'",
                'Given the provider "Name" is started with "{python} -m my_service --port {port}", '
                "or provider_command = ... under [behave.userdata]",
            )
        running = self.running
        if running and running.process and (running.name, running.command) == (name, chosen):
            running.process.check_alive()
            return
        self.end_feature()
        process = ProviderProcess.start(
            chosen,
            ready_path=self.settings.provider_ready_path,
            timeout=self.settings.provider_start_timeout,
            keep_log=self.settings.keep_provider_log,
            environment=provider_environment(self.environ, self.settings.provider_env_passthrough),
        )
        self.running = RunningProvider(name, process.base_url, chosen, process)
        self.options.state_change_url = self._state_url()

    def reach(self, name: str, url: str | None, location: Location) -> None:
        """Use a provider already running at `url` (or `provider_url`); a base path is kept."""
        chosen = (url or self.settings.provider_url or "").rstrip("/")
        if not chosen:
            raise FeatureError(
                location,
                f"no URL for the provider '{name}'",
                'Given the provider "Name" is running at "http://127.0.0.1:8000", or provider_url = ... in behave.ini',
            )
        check_reachable(chosen)
        self.end_feature()
        self.running = RunningProvider(name, chosen)
        self.options.state_change_url = self._state_url()

    def publish_only(self, name: str) -> None:
        """Verify a provider that only publishes messages: its producers make them, no HTTP is replayed."""
        self.end_feature()
        self.running = RunningProvider(name, None)
        self.options.state_change_url = self._state_url()

    def _state_url(self) -> str | None:
        configured = self.settings.provider_state_url
        if configured and configured.startswith("/") and self.running is not None and self.running.base_url:
            return self.running.base_url + configured
        return configured

    def _provider(self, location: Location) -> RunningProvider:
        if self.running is None:
            raise ProviderError(
                f"{location}: no provider has been started or reached in this feature; "
                'start with Given the provider "Name" is started with "<command>" '
                'or Given the provider "Name" is running at "<url>"'
            )
        return self.running

    # -- what a scenario says ----------------------------------------------------------
    def use_state_change_url(self, path_or_url: str, location: Location) -> None:
        """Let the provider's own endpoint set up states instead of Python handlers."""
        base = self._provider(location).base_url
        if base is None and "://" not in path_or_url:
            raise FeatureError(
                location,
                f"the state-change path {path_or_url} needs a provider to reach, but this one only publishes messages",
                'a whole URL: And the provider sets up its states at "http://127.0.0.1:8000/_pact/states", '
                "or Python handlers (@provider_state)",
            )
        self.options.state_change_url = path_or_url if "://" in path_or_url or base is None else base + path_or_url

    def take_pacts_from(self, source: PactSource) -> None:
        """Verify the pacts of `source` in this scenario (PACT_URL in the environment still wins)."""
        self.options.source = source

    def include_pending(self) -> None:
        """Verify pending pacts too; their failures are reported without failing the run."""
        self.options.include_pending = True

    def include_wip_since(self, since: str) -> None:
        """Verify work-in-progress pacts since a date, as pending."""
        self.options.wip_since = since

    def limit(self, only: InteractionFilter) -> None:
        """Verify only the interactions the filter lets through."""
        self.options.only = only

    def add_headers(self, headers: Mapping[str, str], location: Location, *, everywhere: bool = False) -> None:
        """Header values for the verification requests; `env:NAME` takes the value from the environment.

        As Pact's verifiers do, a value is put into the requests whose interaction declares the
        header (the pact's example is replaced); `everywhere` adds it to every request instead.
        """
        for name, written in headers.items():
            value = written
            source = "the feature"
            if written.startswith("env:"):
                variable = written[4:]
                if variable not in self.environ:
                    raise FeatureError(
                        location,
                        f"the header '{name}' takes its value from ${variable}, which is not set",
                        f"export {variable}=... before running behave",
                    )
                value = Secret(self.environ[variable]).reveal()  # kept out of everything shown
                source = f"${variable}"
            (self.options.headers_everywhere if everywhere else self.options.headers)[name] = value
            self.options.header_sources[name] = source

    # -- verifying ---------------------------------------------------------------------
    def source(self, named: PactSource | None = None) -> PactSource:
        """What this scenario verifies: PACT_URL, else `named`, else the scenario's choice, else the settings'."""
        chosen = chosen_source(named or self.options.source, self.settings, self.environ)
        if isinstance(chosen, BrokerPacts):
            return BrokerPacts(
                chosen.selectors,
                chosen.include_pending or self.options.include_pending,
                chosen.wip_since or self.options.wip_since,
            )
        return chosen

    def verify(self, named: PactSource | None, location: Location) -> Verification:
        """Verify the provider against `named` (default: the scenario's or the settings' source)."""
        source = self.source(named)
        pacts = self.fetched(source, location)
        only = self._filter()
        publication = self._publication(pacts, location, complete=only == InteractionFilter())
        self.verification = self._published(self._run(location, pacts, only), pacts, publication, location)
        self.notes = verification_notes(self.verification.outcomes)
        return self.verification

    def verify_from_broker(self, selectors: list[dict[str, Any]] | None, location: Location) -> Verification:
        """Verify the pacts the broker selects (default: main branch, deployed or released)."""
        return self.verify(BrokerPacts.selecting(selectors), location)

    def fetched(self, source: PactSource, location: Location) -> list[FetchedPact]:
        """The pacts of `source` for the feature's provider (fetched once per run)."""
        provider = self._provider(location)
        if isinstance(source, BrokerPacts):
            required_broker(self.settings, location)  # no broker configured: said at the step's line
        return self.pacts.fetched(source, provider.name)

    def skipped_because(self, location: Location) -> str | None:
        """Why this scenario verifies nothing: PACT_URL names a pact for another provider."""
        source = self.source()
        if isinstance(source, PactUrl) and not self.fetched(source, location):
            return f"PACT_URL is a pact for another provider, not for '{self._provider(location).name}'"
        return None

    def _publication(
        self, pacts: Sequence[FetchedPact], location: Location, *, complete: bool
    ) -> ResultsPublication | None:
        """Who publishes the results, when they are to be published: asked before the verifier runs.

        Only broker pacts get results, only when asked to, and only when every interaction of
        them is verified; a missing provider version is said at once, not after the verification.
        """
        settings = self.settings
        wanted = switched_on(settings.publish_verification_results, self.environ)
        if not wanted or not complete or all(results_link(pact) is None for pact in pacts):
            return None
        version = settings.provider_version or git("rev-parse", "HEAD")
        if not version:
            raise FeatureError(
                location,
                "verification results cannot be published without a provider version",
                "set provider_version (or run in a git checkout), or publish_verification_results = false",
            )
        branch = settings.provider_branch or current_branch(self.environ)
        return ResultsPublication(
            version, branch, settings.provider_tags, settings.build_url or build_url(self.environ)
        )

    def _published(
        self,
        verification: Verification,
        pacts: Sequence[FetchedPact],
        publication: ResultsPublication | None,
        location: Location,
    ) -> Verification:
        """Send each broker pact's results to its own link; a broker that refuses them fails the verification."""
        targets = [(pact, link) for pact in pacts if (link := results_link(pact)) is not None]
        if publication is None or not targets:
            return verification
        try:
            self.pacts.record_provider_version(targets[0][0], self._provider(location).name, publication)
            for pact, link in targets:
                outcomes = [outcome for outcome in verification.outcomes if outcome.source == pact.origin]
                self.pacts.publish_results(pact, link, results_document(pact, outcomes, publication))
        except BrokerError as err:
            return dataclasses.replace(verification, publish_error=str(err))
        return verification

    def memo(self, key: Hashable, make: Callable[[], _Made]) -> _Made:
        """`make()`, once per feature for `key` (each scenario of an outline asks for the same selection)."""
        if key not in self._memos:
            self._memos[key] = make()
        return cast("_Made", self._memos[key])

    def verify_one(
        self, wanted: SelectedInteraction, selected: Sequence[SelectedInteraction], location: Location
    ) -> InteractionOutcome | None:
        """The outcome of one interaction; the feature's selected interactions are verified once, together.

        The work per scenario is constant: what the filters admit, the verification and an
        index of its outcomes are made once per selection, not once per interaction.
        """
        only = self._filter()
        admitted, key = self._admitted(selected, only, location)
        if wanted not in admitted:
            return None
        if key not in self._per_interaction:
            # The verifier is given the admitted interactions only (no filter left for it to apply).
            source = self.source()
            pacts = self.fetched(source, location)
            selection = {(item.source, item.consumer, item.description) for item in admitted}
            every = {(row.pact.origin, row.consumer, row.description) for row in interactions_of(pacts)}
            covered = all(row in selection or ("", *row[1:]) in selection for row in every)
            publication = self._publication(pacts, location, complete=only == InteractionFilter() and covered)
            verification = self._run(location, pacts, InteractionFilter(), selection=selection)
            verification = self._published(verification, pacts, publication, location)
            self._per_interaction[key] = verification
            self._outcomes[key] = _by_interaction(verification.outcomes)
        verification = self._per_interaction[key]
        if verification.publish_error:
            raise VerificationFailed(verification.report)
        candidates = self._outcomes[key].get((wanted.consumer, wanted.description), [])
        found = next((outcome for outcome in candidates if wanted.matches(outcome)), None)
        self.notes = verification_notes([found] if found is not None else [])
        return found

    def _admitted(
        self, selected: Sequence[SelectedInteraction], only: InteractionFilter, location: Location
    ) -> tuple[frozenset[SelectedInteraction], tuple[str, ...]]:
        memo = (id(selected), only)
        if memo not in self._admissions:
            admitted = frozenset(item for item in selected if only.admits(item.consumer, item.description, item.states))
            rows = sorted(f"{item.source}\0{item.consumer}\0{item.description}" for item in admitted)
            key = (self._provider(location).name, *rows)
            self._admissions[memo] = (admitted, key)
        return self._admissions[memo]

    def verified_content(self, outcomes: Sequence[InteractionOutcome] | None = None) -> str:
        """What each of `outcomes` (default: the scenario's verification's) verified, for the JUnit report.

        A step prints it, so behave's report holds it beside the result; `contracts-bdd docs`
        counts a result only for the interaction as the pact held it ("" when nothing was verified).
        """
        if outcomes is None:
            outcomes = self.verification.outcomes if self.verification is not None else []
        provider = self.running.name if self.running is not None else ""
        return content_report(provider, outcomes)

    def require_all_passed(self, location: Location) -> str:
        """Return the report if every interaction passed; raise `VerificationFailed` if not."""
        if self.verification is None:
            raise FeatureError(
                location,
                "nothing has been verified yet",
                "When the provider is verified against its pacts",
            )
        report = self.verification.report
        if not self.verification.passed:
            raise VerificationFailed(report)
        return report

    def _filter(self) -> InteractionFilter:
        return self.options.only.combined(filter_from_environment(self.environ))

    def _run(
        self,
        location: Location,
        pacts: Sequence[FetchedPact],
        only: InteractionFilter,
        *,
        selection: Selection | None = None,
    ) -> Verification:
        provider = self._provider(location)
        arguments: dict[str, Any] = {
            "state_change_url": self.options.state_change_url,
            "process": provider.process,
            "only": only,
            "selection": selection,
            "headers": self.options.headers_everywhere,
            "without_handler": self.settings.provider_state_without_handler,
            "request_timeout": self.settings.provider_request_timeout,
        }
        filters = FILTERS
        if self.options.headers:
            filters = RequestFilters([HeaderValues(self.options.headers), *FILTERS.filters])
        if not filters.filters or provider.base_url is None:
            verification = verify_provider(provider.name, provider.base_url, pacts, REGISTRY, **arguments)
        else:
            with RequestFilterProxy(provider.base_url, filters) as proxy:
                verification = verify_provider(provider.name, proxy.url, pacts, REGISTRY, **arguments)
        return self._headers_said(verification, pacts)

    def _headers_said(self, verification: Verification, pacts: Sequence[FetchedPact]) -> Verification:
        """Each failed interaction's report names the headers the verification put into its request."""
        options = self.options
        if not options.headers and not options.headers_everywhere:
            return verification
        outcomes = []
        for outcome in verification.outcomes:
            if outcome.status == "passed":
                outcomes.append(outcome)
                continue
            declared = declared_request_headers(pacts, outcome.source, outcome.consumer, outcome.description)
            notes = [
                f"The verification put the value of {options.header_sources[name]} into its {name} header, "
                "which the interaction declares."
                for name in options.headers
                if name.lower() in declared
            ] + [
                f"The verification added {name} (from {options.header_sources[name]}) to every request, this one too."
                for name in options.headers_everywhere
            ]
            details = "\n".join([outcome.details, *notes]) if notes else outcome.details
            outcomes.append(dataclasses.replace(outcome, details=details))
        return dataclasses.replace(verification, outcomes=outcomes)
