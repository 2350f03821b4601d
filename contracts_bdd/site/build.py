"""The living documentation's pages as data: each pair, its interactions in words, and their status.

    site = build_site(pacts, scenarios, results, changes=None, title="Contracts")
    site.pairs[0].status.name                 # "failed": the worst of its interactions
    site.pairs[0].interactions[0].verdict     # Verdict(status=..., when=..., details=...)

Pure: the pacts are read into the contract model (`read_pact`), each interaction is tied
to the scenario that declares it (same pair, kind, description and states) and to its
verification results (same consumer and description; provider and states where the
result says them). An interaction no feature declares is shown as `contracts-bdd render`
would write it. Everything is done in one pass over each list, so the time grows with the
number of interactions, never with its square.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from contracts_bdd.errors import ContractsBddError
from contracts_bdd.model.contract import identity_of
from contracts_bdd.model.contract_diff import Change
from contracts_bdd.model.messages import AnyInteraction, MessageInteraction
from contracts_bdd.pact.changes import PairChanges
from contracts_bdd.gherkin.written import WrittenScenario, WrittenStep
from contracts_bdd.pact.reader import read_pact
from contracts_bdd.provider.sources import FetchedPact
from contracts_bdd.render.feature import rendered_scenario
from contracts_bdd.site.model import (
    CHANGED,
    PENDING,
    STATUSES,
    UNVERIFIED,
    Result,
    Status,
    Verdict,
    worst,
)
from contracts_bdd.site.words import MAX_SHOWN, Part, message_part, request_part, response_part

FROM_THE_PACT = "From the pact (no feature here declares it)"


@dataclass
class InteractionView:
    """One interaction, ready to show."""

    anchor: str
    kind: str
    consumer: str
    provider: str
    description: str
    states: list[tuple[str, str]]
    tags: list[str]
    parts: list[Part]
    steps: list[WrittenStep]
    scenario: WrittenScenario | None
    verdict: Verdict
    source: str
    pending: bool = False
    changes: list[Change] = field(default_factory=list)

    @property
    def group(self) -> str:
        """The feature it is grouped under."""
        return self.scenario.feature if self.scenario is not None else FROM_THE_PACT

    @property
    def where(self) -> str:
        """The scenario's file:line, or the pact it came from."""
        return str(self.scenario.location) if self.scenario is not None else self.source

    @property
    def request_line(self) -> str:
        """The request's first line, for search ("" for a message)."""
        return self.parts[0].line if self.kind == "HTTP" and self.parts else ""


@dataclass
class PairView:
    """A consumer and its provider: their interactions and how they stand."""

    consumer: str
    provider: str
    slug: str
    sources: list[str] = field(default_factory=list)
    interactions: list[InteractionView] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    changes: PairChanges | None = None

    @property
    def counts(self) -> list[tuple[Status, int]]:
        """How many interactions have each status, worst first (statuses with none left out)."""
        counted = Counter(view.verdict.status.name for view in self.interactions)
        return [(status, counted[name]) for name, status in STATUSES.items() if counted[name]]

    @property
    def status(self) -> Status:
        """The worst status of its interactions; never verified when it has none."""
        return min((view.verdict.status for view in self.interactions), key=lambda s: s.rank, default=UNVERIFIED)

    @property
    def verified_when(self) -> str:
        """When it was last verified, as the results say."""
        return max((view.verdict.when for view in self.interactions), default="")

    @property
    def holds(self) -> str:
        """What it holds, counted: "2 HTTP interactions and 1 message"."""
        http = sum(view.kind == "HTTP" for view in self.interactions)
        messages = len(self.interactions) - http
        said = [f"{http} HTTP interaction{'s' if http != 1 else ''}" if http else ""]
        said.append(f"{messages} message{'s' if messages != 1 else ''}" if messages else "")
        return " and ".join(part for part in said if part) or "no interactions"

    @property
    def removed(self) -> list[Change]:
        """Interactions the comparison found removed."""
        return [change for change in self.changes.changes if change.kind == "removed"] if self.changes else []

    @property
    def change_summary(self) -> str:
        """The comparison's verdict in words ("" when nothing was compared or nothing changed)."""
        if self.changes is None or self.changes.status == "unchanged":
            return ""
        if self.changes.status == "new":
            return "new: not there before"
        breaking = len(self.changes.breaking)
        return f"changed: {breaking} breaking, {len(self.changes.changes) - breaking} safe"


@dataclass
class Site:
    """Everything the site shows."""

    title: str
    pairs: list[PairView]
    against: str = ""
    results_from: list[str] = field(default_factory=list)

    @property
    def services(self) -> list[str]:
        """Every service named by a pact, in order of name."""
        return sorted({name for pair in self.pairs for name in (pair.consumer, pair.provider)})

    @property
    def interaction_count(self) -> int:
        """How many interactions the site shows."""
        return sum(len(pair.interactions) for pair in self.pairs)

    @property
    def counts(self) -> list[tuple[Status, int]]:
        """How many interactions have each status, worst first."""
        counted = Counter(view.verdict.status.name for pair in self.pairs for view in pair.interactions)
        return [(status, counted[name]) for name, status in STATUSES.items() if counted[name]]


Key = tuple[str, str, str, str, tuple[str, ...]]
"""An interaction as a pact tells it apart: consumer, provider, kind, description, states with parameters."""


def build_site(
    pacts: Sequence[FetchedPact],
    scenarios: Sequence[WrittenScenario],
    results: Sequence[Result],
    changes: Sequence[PairChanges] = (),
    *,
    title: str = "Contracts",
    against: str = "",
    results_from: Sequence[str] = (),
) -> Site:
    """The site's pages as data, from what was found."""
    declared: dict[Key, WrittenScenario] = {}
    for scenario in scenarios:
        for key in scenario.interactions:
            declared.setdefault(key, scenario)
    found: dict[tuple[str, str], list[Result]] = {}
    for result in results:
        found.setdefault((result.consumer, result.description), []).append(result)
    changed = {(pair.consumer, pair.provider): pair for pair in changes}
    pairs: dict[tuple[str, str], PairView] = {}
    anchors: Counter[str] = Counter()
    for pact in pacts:
        pair = pairs.get((pact.consumer, pact.provider))
        if pair is None:
            pair = pairs[(pact.consumer, pact.provider)] = PairView(
                pact.consumer, pact.provider, _slug(pact.consumer, pact.provider)
            )
        pair.sources.append(pact.label or pact.origin)
        try:
            document = read_pact(pact.document, pact.label or pact.origin)
        except ContractsBddError as err:
            pair.problems.append(str(err))
            continue
        pair.notes += document.notes
        for interaction in document.interactions:
            view = _view(interaction, pact, declared, found, anchors)
            pair.interactions.append(view)
    for names, pair_changes in changed.items():
        pair = pairs.get(names)
        if pair is None:
            continue
        pair.changes = pair_changes
        by_description: dict[str, list[Change]] = {}
        for change in pair_changes.changes:
            by_description.setdefault(change.interaction, []).append(change)
        for view in pair.interactions:
            view.changes = by_description.get(view.description, [])
    ordered = sorted(pairs.values(), key=lambda pair: (pair.consumer, pair.provider))
    for pair in ordered:
        pair.interactions.sort(key=_order)
    return Site(title, ordered, against, list(results_from))


def _order(view: InteractionView) -> tuple[Any, ...]:
    scenario = view.scenario
    if scenario is None:
        return (1, "", 0, view.description)
    return (0, scenario.feature_location.filename, scenario.location.line, view.description)


def _view(
    interaction: AnyInteraction,
    pact: FetchedPact,
    declared: dict[Key, WrittenScenario],
    found: dict[tuple[str, str], list[Result]],
    anchors: Counter[str],
) -> InteractionView:
    description, states = identity_of(interaction)
    kind = interaction.kind if isinstance(interaction, MessageInteraction) else "HTTP"
    key: Key = (pact.consumer, pact.provider, kind, description, states)
    scenario = declared.get(key)
    names = tuple(state.name for state in interaction.states)
    pending = interaction.pending or pact.pending
    results = [
        result
        for result in found.get((pact.consumer, description), [])
        if result.provider in (None, pact.provider) and result.states in (None, names)
    ]
    vouching = [_pending(result.verdict, pending) for result in results if result.vouches]
    verdict = worst(vouching) if vouching or not results else _not_vouched(results)
    if isinstance(interaction, MessageInteraction):
        parts = [message_part("Request message" if interaction.synchronous else "Message", interaction.message)]
        parts += [message_part("Reply", reply) for reply in interaction.replies or []]
        kind_word = "request and reply messages" if interaction.synchronous else "message"
    else:
        parts = [request_part(interaction.request)]
        if interaction.response is not None:
            parts.append(response_part(interaction.response))
        kind_word = "HTTP"
    steps = list(scenario.steps) if scenario is not None else _rendered(interaction)
    tags = list(scenario.tags) if scenario is not None else []
    if pending and "@pending" not in tags:
        tags.append("@pending")
    return InteractionView(
        _anchor(key, anchors),
        kind if kind == "HTTP" else kind_word,
        pact.consumer,
        pact.provider,
        description,
        [(state.name, _parameters(state.parameters)) for state in interaction.states],
        tags,
        parts,
        steps,
        scenario,
        verdict,
        pact.label or pact.origin,
        pending,
    )


def _pending(verdict: Verdict, pending: bool) -> Verdict:
    """A pending interaction's failure is pending, not failed: it fails no build. Details are cut at `MAX_SHOWN`."""
    details = verdict.details
    if len(details) > MAX_SHOWN:
        details = details[:MAX_SHOWN] + f"\n... {len(verdict.details) - MAX_SHOWN} more characters are not shown"
    status = PENDING if pending and verdict.status.name == "failed" else verdict.status
    return Verdict(status, verdict.when, details, verdict.by)


def _not_vouched(results: Sequence[Result]) -> Verdict:
    """The verdict when every result found was for another version of the interaction, or does not say which.

    Not counted, whether they passed or failed: a result speaks only for what it verified.
    With a result for an earlier version, the interaction changed since; with none that
    says what it verified, it is as good as never verified.
    """
    changed = [result for result in results if result.content]
    if changed:
        latest = max(changed, key=lambda result: result.when)
        details = (
            f"Its latest verification was for an earlier version of this interaction ({_said(latest)}); "
            "the pact has changed it since. Run the provider's verification again."
        )
        return Verdict(CHANGED, "", details, latest.by)
    latest = max(results, key=lambda result: result.when)
    details = (
        f"{_said(latest)}, but does not say which version of the interaction it verified (a run of "
        "contracts-bdd from before results said so, or another tool), so it is not counted. "
        "Run the provider's verification again."
    )
    return Verdict(UNVERIFIED, "", details, "")


def _said(result: Result) -> str:
    status = {"passed": "passed", "failed": "failed", "pending-failed": "failed (pending)"}.get(result.status, "ran")
    return f"{result.by or 'a report'} says it {status}" + (f" on {result.when}" if result.when else "")


def _rendered(interaction: AnyInteraction) -> list[WrittenStep]:
    """The steps `contracts-bdd render` writes for an interaction no feature here declares."""
    try:
        scenario = rendered_scenario(interaction)
    except (ContractsBddError, ValueError, TypeError, KeyError):
        return []
    return [
        WrittenStep(
            step.keyword, step.text, tuple(tuple(cell.rstrip() for cell in row) for row in step.table), step.docstring
        )
        for step in scenario.steps
    ]


def _parameters(parameters: dict[str, Any]) -> str:
    return json.dumps(parameters, ensure_ascii=False) if parameters else ""


def _anchor(key: Key, taken: Counter[str]) -> str:
    """A stable id for the interaction's place on its page: a digest of what tells it apart (and a count if twice)."""
    digest = hashlib.sha256(json.dumps(key).encode()).hexdigest()[:12]
    taken[digest] += 1
    return f"i-{digest}" if taken[digest] == 1 else f"i-{digest}-{taken[digest]}"


def _slug(consumer: str, provider: str) -> str:
    """A file name for a pair's page: its names' letters and digits, and a digest that keeps it unique."""
    readable = "--".join(re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")[:30] or "x" for name in (consumer, provider))
    digest = hashlib.sha256(f"{consumer}\0{provider}".encode()).hexdigest()[:8]
    return f"{readable}-{digest}"
