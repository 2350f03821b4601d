"""The consumer side of a run: each scenario's interactions, its mock server, its pact.

`consumer.scenario.ScenarioContract` collects what the steps declare, and
`consumer.served.ServedScenario` serves it: the mock server starts the first time
consumer code asks for `mock_url`; if nothing asks, the framework plays the declared
requests itself when the scenario ends (spec-first). `ConsumerRun` stages the pact of every passing scenario and, at
the end, writes one file per consumer-provider pair, or none for a pair that
had a failing scenario::

    run = ConsumerRun(settings)
    scenario = run.begin_scenario("Get a user", Location("users.feature", 3), tags=[])
    scenario.declare_request("GET", "/users/1", location)
    scenario.declare_response(200, location)
    run.end_scenario(failed=False)   # raises ContractNotMet on mismatches
    print(run.finish())
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from contracts_bdd.config import Settings
from contracts_bdd.consumer.messages import message_report
from contracts_bdd.consumer.messages_ahead import MessagesAhead
from contracts_bdd.consumer.scenario import ScenarioContract
from contracts_bdd.consumer.served import ServedScenario
from contracts_bdd.errors import ContractNotMet, FeatureError, Location
from contracts_bdd.gherkin.tags import ScenarioTags
from contracts_bdd.model.characters import shown
from contracts_bdd.model.contract import Pair, identity_of
from contracts_bdd.model.reports import consumer_report
from contracts_bdd.pact.document import PactBytes, parse_pact
from contracts_bdd.pact.files import PactFiles
from contracts_bdd.pact.native import native_stdout_to_log
from contracts_bdd.pact.reader import read_pact

SHOWN_STALE = 10
"""At most this many interactions no scenario declares any more are named in a narrowed run's warning."""


@dataclass
class FullRun:
    """What the full run of a narrowed run's paths declares, read by the narrowed run's pre-flight.

    `declared` holds each pair's interactions by `identity_of` (description and provider states, as a
    pact tells them apart); `unread` the scenarios of the full run that could not be read (they declare
    nothing certain, so no interaction is called stale then).
    """

    declared: dict[Pair, set[tuple[str, tuple[str, ...]]]] = field(default_factory=dict)
    unread: list[Location] = field(default_factory=list)
    paths: str = "features"
    command: str = "behave"


class ConsumerRun:
    """Every scenario of a run, the pacts they stage, and the pairs that failed."""

    def __init__(
        self,
        settings: Settings,
        declared: dict[Location, ScenarioContract] | None = None,
        narrowed_by: Sequence[str] = (),
    ) -> None:
        self.settings = settings
        self.declared = declared if declared is not None else {}
        self.narrowed_by = list(narrowed_by)
        """How the run was told to leave scenarios out (`-n`, `--tags`, a file or line): none for a full run."""
        self.files = PactFiles(settings.pact_dir, settings.pact_file_mode)
        self.failures: dict[Pair, list[str]] = {}
        self.scenario: ScenarioContract | None = None
        self.served: ServedScenario | None = None
        self.written: dict[Pair, PactBytes] = {}
        self.partial: set[Pair] = set()
        """Pairs written from part of their scenarios: merged into their pact, never published."""
        self.judged = False
        self._finished: list[str] | None = None
        self.full_run: FullRun | None = None
        """What the full run declares, when this run was narrowed by name or tags (it read every feature)."""
        self.messages_ahead = MessagesAhead(settings, self.declared.values)
        """The messages of the scenarios still to run, generated and checked at once when the first needs them."""

    def begin_scenario(
        self, name: str, location: Location, tags: Iterable[str], description: Sequence[str] = ()
    ) -> ScenarioContract:
        """Start one scenario's contract: the one the pre-flight built there, or a fresh one to collect.

        Its description lines become V4 comments.
        """
        self.judged = False
        self.scenario = self.declared.pop(location, None) or ScenarioContract(
            name, location, ScenarioTags.read(tags), [line for line in description if line]
        )
        self.served = ServedScenario(self.scenario, self.settings, self.messages_ahead)
        return self.scenario

    def judge_scenario(self) -> None:
        """Judge the scenario's exchanges now (its last step), and stage its pact if they met the contract.

        Raises:
            ContractNotMet: the mock server saw requests that differ from the contract.
        """
        self.end_scenario(failed=False)
        self.judged = True

    def end_scenario(self, *, failed: bool) -> None:
        """Judge the scenario's exchanges and stage its pact if it passed (unless its last step judged them).

        Raises:
            ContractNotMet: the mock server saw requests that differ from the contract.
        """
        if self.judged:
            self.judged = False
            return
        scenario, self.scenario = self.scenario, None
        served, self.served = self.served, None
        if scenario is None or served is None or not scenario.interactions:
            return
        try:
            self._end(scenario, served, failed=failed)
        finally:
            self.messages_ahead.forget(scenario)

    def _end(self, scenario: ScenarioContract, served: ServedScenario, *, failed: bool) -> None:
        try:
            pair = scenario.pair(self.settings)
        except FeatureError:
            if failed:
                served.stop()
                return
            raise
        if failed:
            self._fail(pair, f"{scenario.location} '{scenario.name}' failed")
            seen = served.stop()
            if seen:
                raise ContractNotMet(consumer_report(scenario.name, scenario.http_interactions, seen))
            return
        with native_stdout_to_log():  # one redirection for the scenario's many pact-ffi calls
            try:
                mismatches = served.finish()
                refused = [] if mismatches else served.judge_messages()
            except BaseException:  # an interrupt too: a scenario cut short never counts as passed
                self._fail(pair, f"{scenario.location} '{scenario.name}' failed")
                raise
            if not mismatches and not refused:
                self.files.collect(
                    pair, scenario.interactions, scenario.specification(self.settings), scenario.location
                )
        if mismatches or refused:
            self._fail(pair, f"{scenario.location} '{scenario.name}' did not meet its contract")
        if mismatches:
            raise ContractNotMet(consumer_report(scenario.name, scenario.http_interactions, mismatches))
        if refused:
            raise ContractNotMet(message_report(scenario.name, refused))

    def _fail(self, pair: Pair, reason: str) -> None:
        self.failures.setdefault(pair, []).append(reason)

    @property
    def every_declared_scenario_ran(self) -> bool:
        """Whether every scenario the pre-flight read with interactions has run (its pact can be written now)."""
        return not any(contract.interactions for contract in self.declared.values())

    def _pairs_not_run_whole(self) -> set[Pair]:
        """Pairs with a scenario selected to run that never ran (`--stop`, a skip): their pact would lose it."""
        return {contract.pair(self.settings) for contract in self.declared.values() if contract.interactions}

    def finish(self) -> list[str]:
        """Write one pact file per pair that passed (once); say what was written and what was not.

        A full run writes each pact anew, with exactly the interactions its scenarios declare.
        A narrowed run (`-n`, `--tags`, a feature file or line), or a pair some of whose
        scenarios did not run, merges what ran into the existing pact: interactions of
        scenarios it did not run are kept.
        """
        if self._finished is not None:
            return self._finished
        lines = []
        for pair in sorted(self.failures, key=str):
            lines.append(
                f"contracts-bdd: no pact written for {pair} because scenarios failed: " + "; ".join(self.failures[pair])
            )
        chosen = self.files.collected_pairs - set(self.failures)
        self.partial = chosen if self.narrowed_by else chosen & self._pairs_not_run_whole()
        existed = {pair for pair in self.partial if (self.settings.pact_dir / pair.filename).exists()}
        self.written = self.files.write(chosen, merged=self.partial)
        for pair, pact in sorted(self.written.items(), key=lambda item: str(item[0])):
            path = pact.path
            if self.settings.pact_shards is not None:
                lines.append(
                    f"contracts-bdd: wrote {self.files.declared_count(pair)} interaction(s) to the shard {path} "
                    f"({self.files.totals.get(pair, 0)} there); once every process is done, merge the shards: "
                    f"contracts-bdd merge {self.settings.pact_shards}/* -o pacts"
                )
                continue
            if pair not in self.partial:
                lines.append(f"contracts-bdd: wrote {path}")
                continue
            ran, total = self.files.declared_count(pair), self.files.totals.get(pair, 0)
            how = (
                f"this run was narrowed ({'; '.join(self.narrowed_by)})"
                if self.narrowed_by
                else ("some of its scenarios did not run")
            )
            if pair in existed:
                lines.append(
                    f"contracts-bdd: {how}, so the {ran} interaction(s) it ran were merged into {path}; "
                    f"the {max(total - ran, 0)} other(s) there were kept as they were"
                )
                lines += self._declared_no_more(pair, pact)
            else:
                lines.append(
                    f"contracts-bdd: {how}, so {path} holds only the {ran} interaction(s) it ran; "
                    "run all the consumer features to write the whole contract"
                )
        self._finished = lines
        return lines

    def _declared_no_more(self, pair: Pair, pact: PactBytes) -> list[str]:
        """A warning naming the interactions the merged pact keeps that no scenario of the full run declares."""
        full = self.full_run
        if full is None:
            return []
        if full.unread:
            return [
                f"contracts-bdd: could not tell which interactions in {pact.path} no scenario declares any more: "
                f"{', '.join(map(str, full.unread[:SHOWN_STALE]))} cannot be read (contracts-bdd check "
                f"{full.paths} names why)"
            ]
        written = read_pact(parse_pact(pact.content, str(pact.path)), str(pact.path))
        declared = full.declared.get(pair, set())
        stale = [item for item in written.interactions if identity_of(item) not in declared]
        if not stale:
            return []
        named = [
            f"'{shown(item.description)}'"  # from a pact file: anyone may have written escape sequences there
            + (" (given " + " and ".join(f'"{shown(s.name)}"' for s in item.states) + ")" if item.states else "")
            for item in stale[:SHOWN_STALE]
        ]
        more = f" and {len(stale) - SHOWN_STALE} more" if len(stale) > SHOWN_STALE else ""
        if self.settings.pact_file_mode == "merge":
            drop = (
                f"pact_file_mode = merge keeps them in every run: delete {pact.path} and run {full.command} "
                "to drop them"
            )
        else:
            drop = f"the provider verifies them until the next full run ({full.command}), which drops them"
        return [
            f"contracts-bdd: warning: {pact.path} keeps {len(stale)} interaction(s) that no scenario of "
            f"{full.paths} declares any more, as this run merged into it: {', '.join(named)}{more}; {drop}"
        ]
