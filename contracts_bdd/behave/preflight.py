"""The pre-flight: every contract step of every selected scenario, replayed before anything runs.

    declared = check_every_contract(context, settings)   # contracts by scenario location, or FeatureErrors
    fill_interaction_outlines(context, settings)        # one Examples row per interaction in the pacts

Problems come back all at once, each at its `file:line`: lines that are no step (with the
step meant), `<placeholders>` no Examples column fills, empty feature files, and every
step's own problem. The contracts built here are the ones the run uses; no scenario is read
twice. Used by the hooks (`before_all`) and by `contracts-bdd check`.
"""

from __future__ import annotations

import functools
import itertools
import logging
import os
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from behave import step_registry
from behave.model import Text
from behave.runner_util import FileLocationParser, collect_feature_locations

from contracts_bdd.config import Settings
from contracts_bdd.consumer.scenario import (
    MANY_INTERACTIONS,
    ScenarioContract,
    ScenarioTags,
    conflicting_declarations,
    v3_pairs_of_both_kinds,
)
from contracts_bdd.errors import ContractsBddError, FeatureError, FeatureErrors, Location, SetupError
from contracts_bdd.gherkin.unknown_steps import closest_steps, straightened

if TYPE_CHECKING:
    from contracts_bdd.provider.pact_files import PactInteraction
    from contracts_bdd.provider.sources import PactCache, PactSource


def check_every_contract(context: Any, settings: Settings) -> dict[Location, ScenarioContract]:
    """Replay the contract steps of every scenario that will run, with no mock server.

    Every problem found is reported at once, each with its feature file and line. The
    contracts built are returned by the scenario's location, for the run to use: each
    scenario is read once.
    """
    features, registry = _parsed(context)
    steps = _Steps.of(registry)
    vocabulary = _vocabulary_patterns(registry)
    problems: list[FeatureError] = []
    declared = {}
    for feature in features:
        for scenario in feature.walk_scenarios():
            if scenario.should_run(context.config):
                lines = _line_problems(scenario, steps, vocabulary)
                if lines is not None:  # the first diagnosis: replaying the steps around them would only mislead
                    problems += lines
                    continue
                found, contract = _check_scenario(scenario, settings, steps)
                count = len(contract.interactions)
                if found:
                    problems += found
                    continue
                declared[contract.location] = contract
                if count > MANY_INTERACTIONS:
                    print(  # before_all's output is not captured
                        f"contracts-bdd: {scenario.filename}:{scenario.line} declares {count} interactions in one "
                        f"scenario; pact-ffi's mock server slows down sharply with many (51 s for 300 in one), so "
                        f"split it into scenarios of at most {MANY_INTERACTIONS}"
                    )
    problems += conflicting_declarations(declared.values(), settings)
    problems += v3_pairs_of_both_kinds(declared.values(), settings)
    problems += _empty_feature_files(context, features)
    if problems:
        raise FeatureErrors(problems)
    _shorten_long_docstrings(features, context.config, steps)
    return declared


LONGEST_SHOWN = 4096
"""A docstring longer than this (in characters) is shortened in the console once the pre-flight has read it."""


def _shorten_long_docstrings(features: list[Any], config: Any, steps: _Steps) -> None:
    """Shorten what behave will print of long docstrings in declaring steps (a 5 MB body, say).

    The pre-flight has read them whole into the contracts, and a declaring step read ahead
    does not read its text again; the whole text goes to the `contracts_bdd` log at DEBUG.
    """
    for feature in features:
        for scenario in feature.walk_scenarios():
            if not scenario.should_run(config):
                continue
            for step in scenario.all_steps:
                text = step.text
                if text is None or len(text) <= LONGEST_SHOWN or not steps.marked(step, "declares_contract"):
                    continue
                logging.getLogger("contracts_bdd").debug("%s:%s docstring, whole: %s", step.filename, step.line, text)
                shown = (
                    f"{text[: LONGEST_SHOWN // 2]}\n... {len(text) - LONGEST_SHOWN // 2} more characters are not "
                    "shown here; the contract holds the whole text (and the contracts_bdd log, at DEBUG)"
                )
                step.text = Text(shown, content_type=text.content_type, line=text.line)


def _empty_feature_files(context: Any, features: list[Any]) -> list[FeatureError]:
    """A feature file with no scenario at all (behave runs it as passed, and its timing goes wild).

    behave's locations are absolute when it runs with no path argument (`behave` alone runs
    `features/`), and as written otherwise; a feature's filename is relative. Both are
    compared as absolute paths.
    """
    parsed = {
        os.path.abspath(feature.filename)
        for feature in features
        if any(True for _ in feature.walk_scenarios(with_outlines=True))
    }
    problems = []
    for location in collect_feature_locations(context.config.paths):
        filename = str(getattr(location, "filename", location))
        if os.path.abspath(filename) not in parsed and not context.config.exclude(filename):
            problems.append(
                FeatureError(
                    Location(os.path.relpath(filename) if os.path.isabs(filename) else filename, 1),
                    "the feature file has no scenario, so it checks nothing (an empty file, or a Feature: line alone)",
                    "Feature: ... and at least one Scenario: with its steps, or delete the file",
                )
            )
    return problems


_PLACEHOLDER = re.compile(r"<([^<>\s][^<>]*)>")


def _unfilled_placeholders(scenario: Any) -> list[FeatureError]:
    """An outline row's `<name>` that its Examples have no column for (it would be sent as %3Cname%3E)."""
    row = getattr(scenario, "_row", None)
    if row is None:
        return []
    problems = []
    for step in scenario.steps:
        for name in _PLACEHOLDER.findall(step.name):
            if name not in row.headings:
                problems.append(
                    FeatureError(
                        Location(step.filename, step.line),
                        f"<{name}> is filled by no column of this outline's Examples (its columns: "
                        f"{', '.join(row.headings)})",
                        f"add a | {name} | column to the Examples, or write the value itself",
                        step=f"{step.keyword} {step.name}",
                    )
                )
    return problems


def _line_problems(scenario: Any, steps: _Steps, vocabulary: list[str]) -> list[FeatureError] | None:
    """Problems of single lines, found before the steps are replayed; None when there are none to stop for.

    A `<placeholder>` no Examples column fills, and a line that matches no step: one like ours is
    named (a misspelling, curly quotes), one like none of ours is left to behave to report.
    """
    unfilled = _unfilled_placeholders(scenario)
    if unfilled:
        return unfilled
    undefined = [step for step in scenario.all_steps if not steps.matches(step.name, step.step_type)]
    if not undefined:
        return None
    return [found for step in undefined if (found := _unknown(step, steps, vocabulary))]


def _vocabulary_patterns(registry: Any) -> list[str]:
    """The patterns of contracts-bdd's own steps, as registered."""
    return [
        str(definition.pattern)
        for definition in itertools.chain.from_iterable(registry.steps.values())
        if str(getattr(definition.func, "__module__", "")).startswith("contracts_bdd.")
    ]


def _unknown(step: Any, steps: _Steps, vocabulary: list[str]) -> FeatureError | None:
    """A problem for a line that matches no step but looks like one of ours (a misspelling, curly quotes).

    A line like none of ours is left to behave, which reports an undefined step of the project's own.
    """
    here = Location(step.filename, step.line)
    straight = straightened(step.name)
    if straight != step.name and steps.matches(straight, step.step_type):
        return FeatureError(
            here,
            "the line uses typographic quotes (\u201c \u201d), which no step reads: a word processor or chat tool "
            "wrote them",
            f"{step.keyword} {straight}",
        )
    closest = closest_steps(straight, vocabulary)
    if not closest:
        return None
    return FeatureError(
        here,
        f"'{step.keyword} {step.name}' is not a step contracts-bdd knows",
        " or: ".join(f"{step.keyword} {candidate}" for candidate in closest),
    )


@dataclass
class _DryRun:
    """What a declaring step finds on `context.contracts` when the pre-flight replays it."""

    scenario: ScenarioContract
    step_location: Location

    def declared_ahead(self, location: Location) -> bool:
        return False  # this is the reading ahead


def _check_scenario(scenario: Any, settings: Settings, steps: _Steps) -> tuple[list[FeatureError], ScenarioContract]:
    """The scenario's problems, if any, and the contract its steps declare.

    A step's problem does not stop the replay: each later step is read too, so every problem
    of the scenario is listed at once. What only follows from an earlier problem (a detail
    that "comes before" a request the failing step would have declared) is left out.
    """
    location = Location(scenario.filename, scenario.line)
    contract = ScenarioContract(
        scenario_name(scenario), location, ScenarioTags.read(scenario.effective_tags), scenario.description
    )
    dry = SimpleNamespace(contracts=_DryRun(contract, location))
    problems: list[FeatureError] = []
    for step in scenario.all_steps:
        match = steps.marked(step, "declares_contract")
        if match is None:
            continue
        dry.contracts.step_location = Location(step.filename, step.line)
        dry.table, dry.text = step.table, step.text
        named = {argument.name: argument.value for argument in match.arguments if argument.name}
        try:
            match.func(dry, *(argument.value for argument in match.arguments if not argument.name), **named)
        except (FeatureError, FeatureErrors) as found:
            for problem in found.problems if isinstance(found, FeatureErrors) else [found]:
                if problems and "comes before" in problem.problem:
                    continue  # it follows from the earlier problem
                problem.step = problem.step or f"{step.keyword} {step.name}"
                problems.append(problem)
    if problems:
        return problems, contract
    try:  # the scenario as a whole, not one step
        if contract.interactions:
            contract.pair(settings)
            contract.check(settings)
    except FeatureError as problem:
        return [problem], contract
    contract.declared_ahead = True
    return [], contract


def fill_interaction_outlines(
    context: Any,
    settings: Settings,
    environ: Mapping[str, str],
    written_here: Collection[str] = (),
    waiting: list[Callable[[], None]] | None = None,
) -> PactCache | None:
    """Give each outline that verifies one interaction per scenario a row per interaction.

    Its Examples table has headings only (`consumer`, `interaction`, optionally `states`,
    `source` and `pending`); the rows come from the pacts the feature verifies: what a
    Background step names (`Given the pacts are taken from ...`), else `pact_source`, else
    `pact_dir`, and `PACT_URL` over all of them. Examples the run's tags leave out are not
    filled, and nothing is fetched for them. The pacts fetched are returned, for the
    verification to reuse (None when no outline needed any).

    An outline that verifies `pact_dir` for a provider in `written_here` (the consumer
    features of this same run write its pacts: plain `behave` runs both sides) is not
    filled now: its fill goes to `waiting`, to be called once those pacts are written.
    """
    features, registry = _parsed(context)
    steps = _Steps.of(registry)
    cache: PactCache | None = None
    tags = context.config.tag_expression
    for feature in features:
        background = list(feature.background.steps) if feature.background else []
        for outline in [item for item in feature.walk_scenarios(with_outlines=True) if hasattr(item, "examples")]:
            if not any(steps.marked(step, "verifies_one_interaction") for step in outline.steps):
                continue
            chosen = [item for item in outline.examples if tags.check([*outline.effective_tags, *item.tags])]
            if not chosen:
                continue
            from contracts_bdd.provider import sources  # noqa: PLC0415 - a consumer run never loads the broker client

            location = Location(outline.filename, outline.line)
            provider = _provider_name(outline, background, steps)
            cache = cache or sources.PactCache(settings, environ)
            source = sources.chosen_source(_named_source(outline, background, steps, location), settings, environ)

            fill = functools.partial(
                _fill_outline, cache, source, provider, outline, chosen=chosen, lines=_RowLines(feature, context.config)
            )
            written_to_pact_dir = isinstance(source, sources.LocalPacts) and settings.pact_dir in source.paths
            if waiting is not None and provider in written_here and written_to_pact_dir:
                waiting.append(fill)
            else:
                fill()
    return cache


class _RowLines:
    """Lines for the rows a fill adds: each its own, past the file's end, so `file:line` re-runs one interaction.

    Those rows are in no file, and behave selects by line before they exist; so the fill
    selects them itself when the run names one of their lines (`features/x.feature:57`),
    and leaves out everything else of that feature the location did not name.
    """

    def __init__(self, feature: Any, config: Any) -> None:
        self.feature = feature
        path = Path(feature.filename)
        self.next = (len(path.read_text(encoding="utf-8").splitlines()) if path.is_file() else 0) + 1
        wanted = os.path.abspath(feature.filename)
        self.requested = set()
        for given in config.paths or []:
            found = FileLocationParser.parse(str(given))
            if found.line and os.path.abspath(found.filename) == wanted:
                self.requested.add(found.line)

    def take(self) -> int:
        self.next += 1
        return self.next - 1

    def select(self, outline: Any) -> None:
        """Run only the rows (and scenarios) at the lines the run names, when it names a row's line."""
        rows = {scenario.line for scenario in outline.scenarios}
        if not self.requested & rows:
            return
        for scenario in self.feature.walk_scenarios():
            if scenario.line not in self.requested:
                scenario.mark_skipped()


def _fill_outline(
    cache: PactCache, source: PactSource, provider: str, outline: Any, *, chosen: list[Any], lines: _RowLines
) -> None:
    from contracts_bdd.provider.pact_files import interactions_of  # noqa: PLC0415 - a consumer run never loads it

    location = Location(outline.filename, outline.line)
    try:
        rows = interactions_of(cache.fetched(source, provider))
    except ContractsBddError as err:
        raise FeatureError(
            location,
            f"the interactions of this outline could not be read: {err}",
            "run the consumer features first, or name where the pacts are: "
            'Given the pacts are taken from "pacts" (a folder, files, a URL, or the broker)',
        ) from err
    labels: dict[int, tuple[str, str]] = {}
    for examples in chosen:
        _fill(examples, rows, location, cache.row_origins, lines=lines, labels=labels)
    _name_rows(outline, labels)
    lines.select(outline)


def _name_rows(outline: Any, labels: dict[int, tuple[str, str]]) -> None:
    """Each filled row's scenario named by its interaction alone (no `-- @1.6` numbering, which shifts).

    Where one name would stand for several rows, it says which: by pact, when several pacts hold
    the interaction (a consumer's main branch and what is deployed), else by provider states.
    """
    outline.annotation_schema = "{name}"  # behave's scenario_outline_annotation_schema, for this outline only
    table_rows = [row for examples in outline.examples if examples.table for row in examples.table.rows]
    named = [(scenario, labels.get(id(row))) for scenario, row in zip(outline.scenarios, table_rows, strict=False)]
    groups: dict[str, list[tuple[Any, tuple[str, str]]]] = {}
    for scenario, label in named:
        if label is not None:
            groups.setdefault(scenario.name, []).append((scenario, label))
    for group in groups.values():
        if len(group) < 2:
            continue
        by_pact = len({origin for _, (origin, _) in group}) == len(group)
        for scenario, (origin, states) in group:
            scenario.name += f" [{origin}]" if by_pact else f" (given {states or 'no state'})"


def check_provider_states(
    context: Any, settings: Settings, environ: Mapping[str, str], cache: PactCache | None
) -> None:
    """Refuse to start when a state in the pacts of a provider the run verifies has no handler (`lint`'s check).

    The providers are those the steps of the scenarios that run start or reach; their pacts come
    from `pact_source`, else `pact_dir` (`PACT_URL` over both). A `provider_state_url` takes every state.
    """
    from contracts_bdd.provider import sources, state_lint  # noqa: PLC0415 - a consumer run never loads them
    from contracts_bdd.provider.states import REGISTRY  # noqa: PLC0415

    providers = providers_verified(context)
    cache = cache or sources.PactCache(settings, environ)
    source = sources.chosen_source(None, settings, environ)
    pacts = [pact for provider in sorted(providers) for pact in cache.fetched(source, provider)]
    patterns = [handler.pattern for handler in REGISTRY.handlers]
    found = state_lint.lint_states(state_lint.used_states(pacts), patterns, settings.provider_state_url)
    if not found.clean:
        msg = f"check_provider_states is on, and a state has no handler:\n{found.report('this project')}"
        raise SetupError(msg)


def providers_verified(context: Any) -> set[str]:
    """The providers the scenarios that will run start or reach (to verify them).

    An outline counts as its rows will: its Examples the run's tags choose, though they may
    have no row yet (the outline of one scenario per interaction is filled from the pacts,
    when this run has written them; its rows' names are known only then).
    """
    features, registry = _parsed(context)
    steps = _Steps.of(registry)
    tags = context.config.tag_expression
    providers: set[str] = set()
    for feature in features:
        background = list(feature.background.steps) if feature.background else []
        for scenario in feature.walk_scenarios(with_outlines=True):
            if hasattr(scenario, "examples"):
                runs = any(tags.check([*scenario.effective_tags, *item.tags]) for item in scenario.examples)
            else:
                runs = scenario.should_run(context.config)
            if runs:
                providers |= _providers_named([*background, *scenario.steps], steps)
    return providers


def _providers_named(steps_of: list[Any], steps: _Steps) -> set[str]:
    found = set()
    for step in steps_of:
        match = steps.marked(step, "names_provider")
        if match is not None:
            found.add(str(_arguments(match)["name"]))
    return found


def _named_source(outline: Any, background: list[Any], steps: _Steps, location: Location) -> PactSource | None:
    """The source the outline's Background or steps name, with the broker options they set."""
    from contracts_bdd.provider.sources import BrokerPacts  # noqa: PLC0415

    named: PactSource | None = None
    pending, wip_since = False, None
    for step in [*background, *outline.steps]:
        chooser = steps.marked(step, "pact_source")
        if chooser is not None:
            here = Location(step.filename, step.line)
            named = chooser.func.pact_source(_arguments(chooser), step.table, here)
        if steps.marked(step, "includes_pending") is not None:
            pending = True
        wip = steps.marked(step, "includes_wip")
        if wip is not None:
            wip_since = str(_arguments(wip)["since"])
    if isinstance(named, BrokerPacts):
        return BrokerPacts(named.selectors, named.include_pending or pending, named.wip_since or wip_since)
    return named


def _arguments(matched: _Matched) -> dict[str, Any]:
    return {argument.name: argument.value for argument in matched.arguments if argument.name}


def _parsed(context: Any) -> tuple[list[Any], Any]:
    """The features behave parsed for this run, and the registry of step definitions it matches with."""
    runner = getattr(context, "_runner", None)
    registry = getattr(runner, "step_registry", None) or step_registry.registry
    return list(getattr(runner, "features", None) or []), registry


@dataclass(frozen=True)
class _Matched:
    """A step definition's function and the arguments it takes from a step's text."""

    func: Any
    arguments: list[Any]


class _Steps:
    """Matches step lines against the registry once each (a Background's lines recur in every scenario).

    Matched in behave's order (the step type's definitions, then generic `@step` ones) with each
    matcher's `check_match`, skipping the `Match` (and its source location) behave builds to run
    a step, which costs more than the matching does.
    """

    _last: _Steps | None = None

    def __init__(self, registry: Any) -> None:
        self.registry = registry
        self.definitions = _definitions(registry)
        self._found: dict[tuple[str, str], _Matched | bool | None] = {}

    @classmethod
    def forget(cls) -> None:
        """Let the matches go once the run has started (a suite of 3,000 scenarios has 15,000 lines)."""
        cls._last = None

    @classmethod
    def of(cls, registry: Any) -> _Steps:
        """The matches of `registry`, shared by the passes of one `before_all` (each step line is matched once)."""
        last = cls._last
        if last is None or last.registry is not registry or last.definitions != _definitions(registry):
            last = cls._last = cls(registry)
        return last

    def _match(self, text: str, step_type: str) -> _Matched | bool | None:
        """The definition's function and arguments; True when a type converter refused the text (it is a
        step, and behave reports the rest when it runs); None when no definition matches."""
        key = (step_type, text)
        if key not in self._found:
            self._found[key] = None
            generic = self.registry.steps["step"] if step_type != "step" else []
            for definition in itertools.chain(self.registry.steps[step_type], generic):
                try:
                    arguments = definition.check_match(text)
                except Exception:
                    self._found[key] = True
                    break
                if arguments is not None:
                    self._found[key] = _Matched(definition.func, arguments)
                    break
        return self._found[key]

    def matches(self, text: str, step_type: str) -> bool:
        """Whether some step definition takes the text."""
        return self._match(text, step_type) is not None

    def marked(self, step: Any, mark: str) -> _Matched | None:
        """The step's function and arguments if its definition carries `mark` (`declares_contract`, ...)."""
        found = self._match(step.name, step.step_type)
        return found if isinstance(found, _Matched) and getattr(found.func, mark, False) else None


def _definitions(registry: Any) -> tuple[int, ...]:
    """The registry's step definitions (by identity): another one may change what a line matches."""
    return tuple(id(definition) for definitions in registry.steps.values() for definition in definitions)


def forget_matches() -> None:
    """Let go of the step lines matched by the passes of `before_all`."""
    _Steps.forget()


def _provider_name(outline: Any, background: list[Any], steps: _Steps) -> str:
    for tag in outline.effective_tags:
        if tag.startswith("provider:"):
            return str(tag.partition(":")[2])
    for step in [*background, *outline.steps]:
        match = steps.marked(step, "names_provider")
        if match is not None:
            return str(next(argument.value for argument in match.arguments if argument.name == "name"))
    raise FeatureError(
        Location(outline.filename, outline.line),
        "this outline verifies interactions of a provider it never names",
        'a Background step Given the provider "Name" is started with "<command>", or a tag @provider:Name',
    )


FILLED_HEADINGS = ("consumer", "interaction", "states", "source", "pending")


def _fill(
    examples: Any,
    rows: list[PactInteraction],
    location: Location,
    origins: dict[int, str],
    *,
    lines: _RowLines,
    labels: dict[int, tuple[str, str]],
) -> None:
    """Add a row per interaction, each at a line of its own; `origins` learns which pact each row stands for
    (by the row's id), `labels` how to name that pact."""
    table = examples.table
    if table is None or len(table.rows):
        return  # rows written by hand are kept
    headings = [heading.strip().lower() for heading in table.headings]
    if not {"consumer", "interaction"} <= set(headings) or not set(headings) <= set(FILLED_HEADINGS):
        raise FeatureError(
            location,
            f"the Examples headings {table.headings} are not ones contracts-bdd fills",
            "| consumer | interaction | states |  (states, source and pending are optional)",
        )
    for row in rows:
        values = {
            "consumer": row.consumer,
            "interaction": row.description,
            "states": "; ".join(row.states),
            "source": row.pact.label,
            "pending": row.pact.marked or "no",
        }
        table.add_row([values[heading] for heading in headings], lines.take())
        origins[id(table.rows[-1])] = row.pact.origin
        labels[id(table.rows[-1])] = (row.pact.origin, "; ".join(row.states))


def scenario_name(scenario: Any) -> str:
    """The scenario's name as its feature writes it.

    An outline row's is the outline's name with the row's `<placeholders>` filled in, without
    the `-- @1.1` numbering behave adds, which would change the interaction's description
    whenever rows move.
    """
    outline: Any = getattr(scenario, "parent", None)
    row = getattr(scenario, "_row", None)  # behave keeps the Examples row a scenario was made from here
    if row is None or not hasattr(outline, "examples"):
        return str(scenario.name)
    name = str(outline.name)
    for heading, value in zip(row.headings, row.cells, strict=False):
        name = name.replace(f"<{heading}>", value)
    return name
