"""behave hooks, as `contracts_bdd.hooks` re-exports them for a project's `environment.py`::

    from contracts_bdd.hooks import after_all, after_scenario, before_all, before_scenario, before_step

If you have hooks of your own, call ours from them, e.g.
`contracts_bdd.hooks.before_all(context)` at the top of your `before_all`.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from behave import step_registry
from behave.model import Step, Text

from contracts_bdd.behave import feature_files
from contracts_bdd.behave.session import Contracts
from contracts_bdd.behave.steps.marks import JUDGING_STEP
from contracts_bdd.config import Settings
from contracts_bdd.consumer.scenario import (
    MANY_INTERACTIONS,
    ScenarioContract,
    ScenarioTags,
    conflicting_declarations,
)
from contracts_bdd.errors import (
    ConfigurationError,
    ContractsBddError,
    FeatureError,
    FeatureErrors,
    Location,
    SetupError,
)
from contracts_bdd.gherkin.unknown_steps import closest_steps, straightened
from contracts_bdd.interrupts import INTERRUPTS
from contracts_bdd.provider.local_pacts import interactions_for
from contracts_bdd.redaction import scrub_log_records

feature_files.install()  # behave parses the features after loading environment.py, before any hook runs


def before_all(context: Any) -> None:
    """Read and check the settings and every contract step; put a `Contracts` on `context.contracts`.

    Raises:
        ConfigurationError: a setting is not allowed.
        FeatureError: a scenario's contract is malformed; the run stops before any mock server starts.
    """
    INTERRUPTS.install()
    scrub_log_records()
    try:
        context.contracts = _prepared_run(context)
    except ContractsBddError:
        context.contracts_stopped_the_run = True  # after_all says so, in words of its own
        raise


def _prepared_run(context: Any) -> Contracts:
    _refuse_a_run_below_the_project(Path.cwd(), [str(path) for path in context.config.paths])
    defines = dict(context.config.userdata_defines or [])
    settings = Settings.load(dict(context.config.userdata), defines, os.environ)
    logging.getLogger("contracts_bdd").setLevel(settings.logging_level)
    # pact-python forwards every pact-ffi event at the level of `pact.ffi` (DEBUG unless set);
    # each one crosses into Python, which slows verification. Errors still come through.
    logging.getLogger("pact").setLevel(max(settings.logging_level, logging.WARNING))
    logging.getLogger("pact.ffi").setLevel(max(settings.logging_level, logging.WARNING))
    declared = check_every_contract(context, settings)
    if any(contract.interactions for contract in declared.values()):
        _check_writable(settings.pact_dir)
    fill_interaction_outlines(context, settings)
    return Contracts(settings, os.environ, declared)


_BEHAVE_CONFIG_FILES = ("behave.ini", ".behaverc", "setup.cfg", "tox.ini", "pyproject.toml")


def _refuse_a_run_below_the_project(folder: Path, paths: list[str]) -> None:
    """behave reads its configuration only in the folder it runs in; run below the project, it reads none."""
    if (folder / "behave.ini").exists() or (folder / ".behaverc").exists():
        return
    root = next((parent for parent in folder.parents if (parent / "behave.ini").is_file()), None)
    if root is None or any((folder / name).exists() for name in _BEHAVE_CONFIG_FILES):
        return
    below = folder.relative_to(root)
    msg = (
        f"behave runs in {folder}, below {root}, which holds behave.ini; behave reads behave.ini only in the "
        f"folder it runs in, so its settings (consumer, provider, pact_dir) would be missed here. Run from the "
        f"folder that holds behave.ini: cd {root} && behave {' '.join(str(below / path) for path in paths) or below}"
    )
    raise SetupError(msg)


def _check_writable(folder: Path) -> None:
    """Refuse, before any scenario runs, a pact folder the run could not write its pacts into."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        what = "is a file, not a folder" if existing.exists() and not existing.is_dir() else "cannot be written"
        raise ConfigurationError(
            "pact_dir",
            str(folder),
            f"{existing} {what}, so no pact could be written there; set pact_dir to a folder you can write "
            "(pact_dir = pacts), or fix its permissions",
        )


def check_every_contract(context: Any, settings: Settings) -> dict[Location, ScenarioContract]:
    """Replay the contract steps of every scenario that will run, with no mock server.

    Every problem found is reported at once, each with its feature file and line. The
    contracts built are returned by the scenario's location, for the run to use: each
    scenario is read once.
    """
    features, registry = _parsed(context)
    vocabulary = _vocabulary_patterns(registry)
    problems: list[FeatureError] = []
    declared = {}
    for feature in features:
        for scenario in feature.walk_scenarios():
            if scenario.should_run(context.config):
                lines = _line_problems(scenario, registry, vocabulary)
                if lines is not None:  # the first diagnosis: replaying the steps around them would only mislead
                    problems += lines
                    continue
                found, contract = _check_scenario(scenario, settings, registry)
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
    problems += _empty_feature_files(context, features)
    if problems:
        raise FeatureErrors(problems)
    _shorten_long_docstrings(features, context.config, registry)
    return declared


LONGEST_SHOWN = 4096
"""A docstring longer than this (in characters) is shortened in the console once the pre-flight has read it."""


def _shorten_long_docstrings(features: list[Any], config: Any, registry: Any) -> None:
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
                if text is None or len(text) <= LONGEST_SHOWN or not _marked(step, registry, "declares_contract"):
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


def _line_problems(scenario: Any, registry: Any, vocabulary: list[str]) -> list[FeatureError] | None:
    """Problems of single lines, found before the steps are replayed; None when there are none to stop for.

    A `<placeholder>` no Examples column fills, and a line that matches no step: one like ours is
    named (a misspelling, curly quotes), one like none of ours is left to behave to report.
    """
    unfilled = _unfilled_placeholders(scenario)
    if unfilled:
        return unfilled
    undefined = [step for step in scenario.all_steps if not _matches_any(step.name, step.step_type, registry)]
    if not undefined:
        return None
    return [found for step in undefined if (found := _unknown(step, registry, vocabulary))]


def _vocabulary_patterns(registry: Any) -> list[str]:
    """The patterns of contracts-bdd's own steps, as registered."""
    return [
        str(definition.pattern)
        for definition in itertools.chain.from_iterable(registry.steps.values())
        if str(getattr(definition.func, "__module__", "")).startswith("contracts_bdd.")
    ]


def _matches_any(text: str, step_type: str, registry: Any) -> bool:
    generic = registry.steps["step"] if step_type != "step" else []
    for definition in itertools.chain(registry.steps[step_type], generic):
        try:
            if definition.check_match(text) is not None:
                return True
        except Exception:
            return True
    return False


def _unknown(step: Any, registry: Any, vocabulary: list[str]) -> FeatureError | None:
    """A problem for a line that matches no step but looks like one of ours (a misspelling, curly quotes).

    A line like none of ours is left to behave, which reports an undefined step of the project's own.
    """
    here = Location(step.filename, step.line)
    straight = straightened(step.name)
    if straight != step.name and _matches_any(straight, step.step_type, registry):
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


def _check_scenario(scenario: Any, settings: Settings, registry: Any) -> tuple[list[FeatureError], ScenarioContract]:
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
        match = _marked(step, registry, "declares_contract")
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
    for feature in features:
        background = list(feature.background.steps) if feature.background else []
        for outline in [item for item in feature.walk_scenarios(with_outlines=True) if hasattr(item, "examples")]:
            if not any(_marked(step, registry, "verifies_one_interaction") for step in outline.steps):
                continue
            provider = _provider_name(outline, background, registry)
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


def _marked(step: Any, registry: Any, mark: str) -> _Matched | None:
    """The step's function and arguments if its step definition carries `mark` (`declares_contract`, ...).

    Matched in behave's order (the step type's definitions, then generic `@step` ones) with each
    matcher's `check_match`, skipping the `Match` (and its source location) behave builds to run
    a step, which costs more than the matching does.
    """
    generic = registry.steps["step"] if step.step_type != "step" else []
    for definition in itertools.chain(registry.steps[step.step_type], generic):
        try:
            arguments = definition.check_match(step.name)
        except Exception:  # a type converter refused the text: behave reports it when the step runs
            return None
        if arguments is not None:
            return _Matched(definition.func, arguments) if getattr(definition.func, mark, False) else None
    return None


def _provider_name(outline: Any, background: list[Any], registry: Any) -> str:
    for tag in outline.effective_tags:
        if tag.startswith("provider:"):
            return str(tag.partition(":")[2])
    for step in [*background, *outline.steps]:
        match = _marked(step, registry, "names_provider")
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


def before_scenario(context: Any, scenario: Any) -> None:
    """Begin the scenario's contract; a scenario that declares one gets a last step that judges it.

    That step fails like any step when the contract was not met, so the run reports a failed
    scenario (a JUnit `<failure>`), not an error in a hook.
    """
    contract = context.contracts.begin_scenario(
        scenario_name(scenario),
        Location(scenario.filename, scenario.line),
        scenario.effective_tags,
        scenario.description,
    )
    steps = list(scenario.all_steps)
    if contract.declared_ahead and contract.interactions and all(step.name != JUDGING_STEP for step in steps):
        last = steps[-1]
        scenario.steps.append(Step(last.filename, last.line, "Then", "then", JUDGING_STEP))


def before_step(context: Any, step: Any) -> None:
    """Remember where the running step is, for error messages."""
    context.contracts.current_step = Location(step.filename, step.line)


def after_scenario(context: Any, scenario: Any) -> None:
    """Judge the scenario's exchanges, stage its pact, stop what it started."""
    context.contracts.end_scenario(failed=scenario.status.has_failed())


def after_feature(context: Any, feature: Any) -> None:
    """Stop the provider the feature started (kept for projects that wire it; a cleanup does it anyway)."""
    contracts = getattr(context, "contracts", None)
    if contracts is not None:
        contracts.end_feature()


def after_all(context: Any) -> None:
    """Write the pact files of pairs whose scenarios all passed, and say what happened.

    A run that was interrupted (SIGINT, SIGTERM) or aborted writes and publishes nothing.
    """
    contracts = getattr(context, "contracts", None)
    if getattr(context, "contracts_stopped_the_run", False):
        runner = getattr(context, "_runner", None)
        if runner is not None:
            runner.aborted = False  # behave would say "ABORTED: By user."; the run still fails (a hook failed)
        print("contracts-bdd: no scenario ran, because of the problem(s) listed at the top")
    if contracts is None:
        return
    try:
        contracts.end_feature()
        stopped_by = INTERRUPTS.signal_name or ("an aborted run" if context.aborted else None)
        contracts.finish(print, stopped_by=stopped_by)
    except KeyboardInterrupt:
        stopped_by = INTERRUPTS.signal_name or "KeyboardInterrupt"
        if contracts.consumer.written:
            print(f"contracts-bdd: the run was stopped by {stopped_by} while publishing; the rest was not published")
        else:
            contracts.say_stopped(print, stopped_by)


# behave captures hook output; what after_all says about the pact files must be seen.
after_all.capture = False  # type: ignore[attr-defined]
