"""The pre-flight on its own: read the features as behave would, check every contract, start nothing.

    problems = check_features(["features/consumer"])     # [] when every scenario can become a contract
    for problem in problems:
        print(problem.one_line())                       # features/consumer/carts.feature:3: ... (write instead: ...)

behave's own configuration (behave.ini, setup.cfg, tox.ini, pyproject.toml in the folder it
is run from) and step loading are used, so the check sees what `behave` would see: the same
step definitions, userdata and tags. No mock server starts and no pact is written.
"""

from __future__ import annotations

import itertools
import os
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from behave.configuration import Configuration
from behave.parser import ParserError
from behave.runner import Runner
from behave.runner_util import parse_features

from contracts_bdd.behave import feature_files
from contracts_bdd.behave.preflight import check_every_contract
from contracts_bdd.config import Settings
from contracts_bdd.errors import FeatureError, FeatureErrors, Location
from contracts_bdd.handlers import registration_problems

feature_files.install()  # a feature file that is not UTF-8 is a ParserError with its line, as in a run


def behave_userdata(arguments: Sequence[str] = ()) -> dict[str, str]:
    """The userdata behave would read here: `[behave.userdata]` of behave.ini (or its other config files), then `-D`."""
    config = Configuration(command_args=list(arguments), load_config=True)
    return {**dict(config.userdata), **dict(config.userdata_defines or [])}


def check_features(arguments: Sequence[str]) -> tuple[int, list[FeatureError]]:
    """How many scenarios `behave *arguments` would run, and every problem the pre-flight finds in them.

    `arguments` are behave's own (paths, `--tags`, `-D name=value`).

    A line that matches no step definition is a problem here even when it is like none of ours:
    a run would stop at it as an undefined step, and this check is the gate before a run (a
    pre-commit hook, a CI step). The definitions are the ones behave would load, environment.py
    first (see `read_features`), so a line one of the project's own steps reads is never reported.

    Raises:
        ConfigurationError: a setting in behave.ini or `-D` is not allowed.
    """
    try:
        read = read_features(arguments)
    except FeatureErrors as found:
        return 0, found.problems
    count = sum(
        1 for feature in read.features for scenario in feature.walk_scenarios() if scenario.should_run(read.config)
    )
    problems = list(read.unreadable)
    try:
        check_every_contract(read.features, read.config, read.settings, every_undefined_line=True)
    except FeatureErrors as found:
        unread = {problem.location.filename for problem in read.unreadable}  # "no scenario": none could be read
        problems += [problem for problem in found.problems if problem.location.filename not in unread]
    return count, sorted(problems, key=lambda problem: (problem.location.filename, problem.location.line))


@dataclass(frozen=True)
class ReadFeatures:
    """The features behave would run for some arguments, with its configuration and the project's settings."""

    config: Any
    features: list[Any]
    settings: Settings
    unreadable: list[FeatureError] = field(default_factory=list)
    """A problem for each feature file behave cannot read at all (its other files are read)."""


def read_features(arguments: Sequence[str]) -> ReadFeatures:
    """Read the features as `behave *arguments` would, with the project's step definitions loaded.

    Raises:
        FeatureErrors: environment.py or a steps module could not be imported, or a step pattern is registered twice
            (each at its line, with why). A feature file behave cannot read at all is in `unreadable`.
        ConfigurationError: a setting in behave.ini or `-D` is not allowed.
    """
    config = Configuration(command_args=list(arguments), load_config=True)
    runner = Runner(config)
    with runner.path_manager:
        runner.setup_paths()
        try:  # as behave's run_with_paths: environment.py may set the step matcher the step modules use
            runner.load_hooks()
            runner.load_step_definitions()
        except Exception as err:
            raise FeatureErrors([_import_problem(err, Path(runner.base_dir or "."))]) from err
        registration = registration_problems()
        if registration:
            raise FeatureErrors(
                [FeatureError(Location(found.filename, found.line), found.problem) for found in registration]
            )
        locations = [location for location in runner.feature_locations() if not config.exclude(location)]
        features, unreadable = _parse_each_file(locations, config.lang)
    settings = Settings.load(dict(config.userdata), dict(config.userdata_defines or []), os.environ)
    return ReadFeatures(config, features, settings, unreadable)


def _parse_each_file(locations: list[Any], language: str | None) -> tuple[list[Any], list[FeatureError]]:
    """The features behave reads from `locations`, file by file, and a problem for each file behave cannot read
    at all (named as the other problems are, relative to here): the other files are still checked."""
    features: list[Any] = []
    unreadable: list[FeatureError] = []
    for _, same_file in itertools.groupby(locations, key=lambda location: location.filename):
        try:
            features += parse_features(list(same_file), language=language)
        except ParserError as err:
            where = Location(_shown(Path(str(err.filename or "?"))), int(err.line or 1))
            problem = getattr(err, "problem", str(err.args[0]))
            hint = getattr(err, "hint", "a feature file behave can read")
            unreadable.append(
                FeatureError(where, f"{problem}; behave cannot read this file, so nothing else in it was checked", hint)
            )
    return features, unreadable


def _import_problem(err: Exception, base: Path) -> FeatureError:
    """A steps module that cannot be imported, at the line of the project's own file that failed."""
    if isinstance(err, SyntaxError) and err.filename:
        where = Location(_shown(Path(err.filename)), err.lineno or 1)
    else:
        ours = [
            frame
            for frame in traceback.extract_tb(err.__traceback__)
            if Path(frame.filename).resolve().is_relative_to(base.resolve())
        ]
        frame = ours[-1] if ours else None
        where = Location(_shown(Path(frame.filename)), frame.lineno or 1) if frame else Location("steps", 1)
    if isinstance(err, ModuleNotFoundError) and err.name:
        hint = f"install {err.name} in the environment that runs behave, or fix the import"
    else:
        hint = "a steps module that imports: run python on it to see the whole error"
    return FeatureError(where, f"the steps could not be imported: {type(err).__name__}: {err}", hint)


def _shown(path: Path) -> str:
    resolved = path.resolve()
    return str(resolved.relative_to(Path.cwd())) if resolved.is_relative_to(Path.cwd()) else str(path)


def load_step_definitions(folder: Path) -> None:
    """Import the step modules of the project in `folder` (its `@provider_state` handlers register).

    They are found where behave finds them: `steps/` beside `environment.py` at the top, or
    `features/steps/`. No feature file is needed.
    """
    config = Configuration(command_args=[], load_config=True)
    runner = Runner(config)
    candidates = [folder, folder / "features"]
    runner.base_dir = str(next((place for place in candidates if (place / config.steps_dir).is_dir()), folder))
    with runner.path_manager:
        runner.path_manager.add(runner.base_dir)
        runner.load_step_definitions()
