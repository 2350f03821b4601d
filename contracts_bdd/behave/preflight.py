"""The pre-flight: every contract step of every selected scenario, replayed before anything runs.

    declared = check_every_contract(context, settings)   # contracts by scenario location, or FeatureErrors
    fill_interaction_outlines(context, settings)        # one Examples row per interaction in the pacts

Problems come back all at once, each at its `file:line`: lines that are no step (with the
step meant), `<placeholders>` no Examples column fills, empty feature files, and every
step's own problem. The contracts built here are the ones the run uses; no scenario is read
twice. Used by the hooks (`before_all`) and by `contracts-bdd check`.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from behave import step_registry
from behave.model import Text

from contracts_bdd.config import Settings
from contracts_bdd.consumer.scenario import (
    MANY_INTERACTIONS,
    ScenarioContract,
    ScenarioTags,
    conflicting_declarations,
    v3_pairs_of_both_kinds,
)
from contracts_bdd.errors import FeatureError, FeatureErrors, Location
from contracts_bdd.gherkin.unknown_steps import closest_steps, straightened
from contracts_bdd.provider.local_pacts import interactions_for


def check_every_contract(context: Any, settings: Settings) -> dict[Location, ScenarioContract]:
    """Replay the contract steps of every scenario that will run, with no mock server.

    Every problem found is reported at once, each with its feature file and line. The
    contracts built are returned by the scenario's location, for the run to use: each
    scenario is read once.
    """
    features, registry = _parsed(context)
    steps = _Steps(registry)
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
    """A feature file with no scenario at all (behave runs it as passed, and its timing goes wild)."""
    runner = getattr(context, "_runner", None)
    locations = getattr(runner, "feature_locations", None)
    if not callable(locations):
        return []
    parsed = {
        str(feature.filename) for feature in features if any(True for _ in feature.walk_scenarios(with_outlines=True))
    }
    problems = []
    for location in locations():
        filename = str(getattr(location, "filename", location))
        if filename not in parsed and not context.config.exclude(filename):
            problems.append(
                FeatureError(
                    Location(filename, 1),
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
        except FeatureError as problem:
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


def fill_interaction_outlines(context: Any, settings: Settings) -> None:
    """Give each Scenario Outline of `the interaction passes verification` one Examples row per interaction.

    Its Examples table has headings only (`consumer`, `interaction`, optionally `states`); the
    rows come from the pacts in `pact_dir` whose provider the feature starts or reaches.
    """
    features, registry = _parsed(context)
    steps = _Steps(registry)
    for feature in features:
        background = list(feature.background.steps) if feature.background else []
        for outline in [item for item in feature.walk_scenarios(with_outlines=True) if hasattr(item, "examples")]:
            if not any(steps.marked(step, "verifies_one_interaction") for step in outline.steps):
                continue
            provider = _provider_name(outline, background, steps)
            interactions = interactions_for(provider, settings.pact_dir)
            for examples in outline.examples:
                _fill(examples, interactions, Location(outline.filename, outline.line))


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

    def __init__(self, registry: Any) -> None:
        self.registry = registry
        self._found: dict[tuple[str, str], _Matched | bool | None] = {}

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


def _fill(examples: Any, interactions: list[tuple[str, str, str]], location: Location) -> None:
    table = examples.table
    if table is None or len(table.rows):
        return  # rows written by hand are kept
    headings = [heading.strip().lower() for heading in table.headings]
    if not {"consumer", "interaction"} <= set(headings) or not set(headings) <= {"consumer", "interaction", "states"}:
        raise FeatureError(
            location,
            f"the Examples headings {table.headings} are not ones contracts-bdd fills",
            "| consumer | interaction | states |  (states is optional)",
        )
    for consumer, description, states in interactions:
        values = {"consumer": consumer, "interaction": description, "states": states}
        table.add_row([values[heading] for heading in headings], examples.line)


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
