"""The pre-flight: every contract step of every selected scenario, replayed before anything runs.

    declared = check_every_contract(features, config, settings)   # by scenario location, or FeatureErrors
    everything = declared_by_the_full_run(features, full_run_selection(config), settings, declared)

`features` are behave's parsed features of the run (`feature_files.take_parsed()` in a run,
`check.read_features` for the command line) and `config` its configuration.

Problems come back all at once, each at its `file:line`: lines that are no step (with the
step meant), `<placeholders>` no Examples column fills, empty feature files, and every
step's own problem. The contracts built here are the ones the run uses; no scenario is read
twice. Used by the hooks (`before_all`) and by `contracts-bdd check`.

The dry run is this module's job; which line is which step is `behave.step_matching`'s, and
filling outlines from the pacts `behave.outlines`'.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from behave.model import Text
from behave.runner import the_step_registry  # the registry behave runs with (see `Steps`)
from behave.runner_util import collect_feature_locations

from contracts_bdd.behave.examples import example_of
from contracts_bdd.behave.step_matching import Steps, known_steps, line_problems
from contracts_bdd.config import Settings
from contracts_bdd.consumer.run import FullRun
from contracts_bdd.consumer.scenario import (
    MANY_INTERACTIONS,
    ScenarioContract,
    conflicting_declarations,
    v3_pairs_of_both_kinds,
)
from contracts_bdd.errors import FeatureError, FeatureErrors, Location
from contracts_bdd.gherkin.tags import ScenarioTags
from contracts_bdd.model.contract import identity_of


def check_every_contract(
    features: list[Any], config: Any, settings: Settings, *, every_undefined_line: bool = False
) -> dict[Location, ScenarioContract]:
    """Replay the contract steps of every scenario that will run, with no mock server.

    Every problem found is reported at once, each with its feature file and line. The
    contracts built are returned by the scenario's location, for the run to use: each
    scenario is read once. A line that matches no step and is like none of ours is left to
    behave (it reports an undefined step of the project's own), unless `every_undefined_line`.
    """
    steps = Steps.of(the_step_registry)
    known = known_steps(the_step_registry)
    problems: list[FeatureError] = []
    declared = {}
    for feature in features:
        for scenario in feature.walk_scenarios():
            if scenario.should_run(config):
                lines = line_problems(scenario, steps, known, every_undefined=every_undefined_line)
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
    problems += _empty_feature_files(config, features)
    if problems:
        raise FeatureErrors(problems)
    _shorten_long_docstrings(features, config, steps)
    return declared


def declared_by_the_full_run(
    features: list[Any], selection: Any, settings: Settings, declared: dict[Location, ScenarioContract]
) -> FullRun:
    """The interactions the full run (`selection`, see `selection.full_run_selection`) would declare, by pair.

    Those of the scenarios this run selected are in `declared`; those it left out are replayed here
    as the pre-flight replays any (no mock server). One left out that cannot be read declares nothing
    certain: it is named instead (the full run reports its problem).
    """
    steps = Steps.of(the_step_registry)
    known = known_steps(the_step_registry)
    found = FullRun()
    for feature in features:
        for scenario in feature.walk_scenarios():
            if not scenario.should_run(selection):
                continue
            location = Location(scenario.filename, scenario.line)
            contract = declared.get(location)
            if contract is None:
                problems = line_problems(scenario, steps, known, every_undefined=True)
                if problems is None:
                    problems, contract = _check_scenario(scenario, settings, steps)
                if problems:
                    found.unread.append(location)
                    continue
            if contract is not None and contract.interactions:
                identities = found.declared.setdefault(contract.pair(settings), set())
                identities.update(identity_of(interaction) for interaction in contract.interactions)
    return found


LONGEST_SHOWN = 4096
"""A docstring longer than this (in characters) is shortened in the console once the pre-flight has read it."""


def _shorten_long_docstrings(features: list[Any], config: Any, steps: Steps) -> None:
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


def _empty_feature_files(config: Any, features: list[Any]) -> list[FeatureError]:
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
    for location in collect_feature_locations(config.paths):
        filename = str(getattr(location, "filename", location))
        if os.path.abspath(filename) not in parsed and not config.exclude(filename):
            problems.append(
                FeatureError(
                    Location(os.path.relpath(filename) if os.path.isabs(filename) else filename, 1),
                    "the feature file has no scenario, so it checks nothing (an empty file, or a Feature: line alone)",
                    "Feature: ... and at least one Scenario: with its steps, or delete the file",
                )
            )
    return problems


@dataclass
class _DryRun:
    """What a declaring step finds on `context.contracts` when the pre-flight replays it."""

    scenario: ScenarioContract
    step_location: Location

    def declared_ahead(self, location: Location) -> bool:
        return False  # this is the reading ahead


def _check_scenario(scenario: Any, settings: Settings, steps: Steps) -> tuple[list[FeatureError], ScenarioContract]:
    """The scenario's problems, if any, and the contract its steps declare.

    A step's problem does not stop the replay: each later step is read too, so every problem
    of the scenario is listed at once. What only follows from an earlier problem (a detail
    declared before the request the failing step would have declared, `out_of_order`) is left out.
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
                if problems and problem.out_of_order:
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


def scenario_name(scenario: Any) -> str:
    """The scenario's name as its feature writes it.

    An outline row's is the outline's name with the row's `<placeholders>` filled in, without
    the `-- @1.1` numbering behave adds, which would change the interaction's description
    whenever rows move.
    """
    example = example_of(scenario)
    if example is None:
        return str(scenario.name)
    name = str(scenario.parent.name)
    for heading, value in zip(example.headings, example.cells, strict=False):
        name = name.replace(f"<{heading}>", value)
    return name
