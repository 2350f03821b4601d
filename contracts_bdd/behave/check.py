"""The pre-flight on its own: read the features as behave would, check every contract, start nothing.

    checked = check_features(["features/consumer"])      # .problems: [] when every scenario can become a contract
    for problem in checked.problems:
        print(problem.one_line())                       # features/consumer/carts.feature:3: ... (write instead: ...)
    checked.selected_nothing                            # why nothing was checked (a mistyped --tags), or None

behave's own configuration (behave.ini, setup.cfg, tox.ini, pyproject.toml in the folder it
is run from) and step loading are used, so the check sees what `behave` would see: the same
step definitions, userdata and tags. No mock server starts and no pact is written.

A check that checks no scenario is no gate: a path with no feature file, or tags or a name
that select none (`--tags=@smok`), is reported with the tags the features use, closest first.
"""

from __future__ import annotations

import difflib
import itertools
import os
import re
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from behave.configuration import Configuration
from behave.exception import ConfigError, TagExpressionError
from behave.parser import ParserError
from behave.runner import Runner
from behave.runner_util import FileLocationParser, parse_features

from contracts_bdd.behave import feature_files
from contracts_bdd.behave.preflight import check_every_contract
from contracts_bdd.config import Settings
from contracts_bdd.errors import FeatureError, FeatureErrors, Location, SetupError
from contracts_bdd.handlers import registration_problems
from contracts_bdd.model.characters import shown

feature_files.install()  # a feature file that is not UTF-8 is a ParserError with its line, as in a run


def behave_userdata(arguments: Sequence[str] = ()) -> dict[str, str]:
    """The userdata behave would read here: `[behave.userdata]` of behave.ini (or its other config files), then `-D`."""
    config = Configuration(command_args=list(arguments), load_config=True)
    return {**dict(config.userdata), **dict(config.userdata_defines or [])}


@dataclass(frozen=True)
class Checked:
    """What `contracts-bdd check` found: how many scenarios it checked, their problems, and why it checked none."""

    scenarios: int
    problems: list[FeatureError]
    selected_nothing: str | None = None
    """Why no scenario was checked (no feature file, tags or a name that select none), with what to write instead."""


def check_features(arguments: Sequence[str]) -> Checked:
    """The scenarios `behave *arguments` would run, checked: every problem the pre-flight finds in them.

    `arguments` are behave's own (paths, `--tags`, `-n`, `-D name=value`).

    A line that matches no step definition is a problem here even when it is like none of ours:
    a run would stop at it as an undefined step, and this check is the gate before a run (a
    pre-commit hook, a CI step). The definitions are the ones behave would load, environment.py
    first (see `read_features`), so a line one of the project's own steps reads is never reported.

    Raises:
        ConfigurationError: a setting in behave.ini or `-D` is not allowed.
        SetupError: a path given does not exist, behave finds no steps folder for it, or a tag expression or
            name (`-n`, a regular expression) cannot be read.
    """
    paths = _paths_given(arguments)
    if not any(_feature_files_in(path) for path in paths):
        listed = shown(", ".join(paths))
        return Checked(
            0,
            [],
            f"no feature file in {listed}, so nothing was checked: give the folder that holds the .feature files "
            "(contracts-bdd check features), or write one there",
        )
    try:
        read = read_features(arguments)
    except FeatureErrors as found:
        return Checked(0, found.problems)
    except ConfigError as err:
        msg = f"behave cannot read the features in {', '.join(paths)} ({err}); run this in the behave project's folder"
        raise SetupError(msg) from err
    count = sum(
        1 for feature in read.features for scenario in feature.walk_scenarios() if scenario.should_run(read.config)
    )
    problems = list(read.unreadable)
    try:
        check_every_contract(read.features, read.config, read.settings, every_undefined_line=True)
    except FeatureErrors as found:
        unread = {problem.location.filename for problem in read.unreadable}  # "no scenario": none could be read
        problems += [problem for problem in found.problems if problem.location.filename not in unread]
    problems.sort(key=lambda problem: (problem.location.filename, problem.location.line))
    nothing = _selection_of_none(read, paths) if count == 0 and not problems else None
    return Checked(count, problems, nothing)


def _paths_given(arguments: Sequence[str]) -> list[str]:
    """The feature paths of behave's arguments as written (behave's own default, `features`, when none is given).

    Raises:
        SetupError: a path does not exist, or a tag expression or name cannot be read.
    """
    paths = [str(path) for path in _configuration(arguments).paths or []]
    missing = [path for path in paths if not path.startswith("@") and not _exists(path)]
    if missing:
        msg = (
            f"{shown(', '.join(missing))} does not exist; give the folder or feature file to check "
            "(contracts-bdd check features)"
        )
        raise SetupError(msg)
    return paths or ["features"]


def _configuration(arguments: Sequence[str]) -> Any:
    """behave's configuration for `arguments` (and its config files).

    Raises:
        SetupError: a tag expression (`--tags`, or behave.ini's) or a name (`-n`) behave cannot read, named with
            what to write instead: behave itself ends in a traceback (TagExpressionError, re.error).
    """
    try:
        return Configuration(command_args=list(arguments), load_config=True)
    except TagExpressionError as err:
        reason = str(err).splitlines()[0] if str(err).strip() else type(err).__name__
        given = [value for option, value in _options(arguments) if option == "--tags" and not _tags_readable(value)]
        what = " ".join(f"--tags '{shown(value)}'" for value in given) or "the tags of behave.ini (default_tags)"
        msg = (
            f"{what} is not a tag expression behave can read ({shown(reason)}); write tags joined by "
            "and, or, not and brackets that pair up, e.g. --tags '@smoke and not @wip'"
        )
        raise SetupError(msg) from err
    except re.error as err:
        given = [value for option, value in _options(arguments) if option == "--name" and not _regex_readable(value)]
        what = " ".join(f"-n '{shown(value)}'" for value in given) or "a name (-n)"
        msg = (
            f"{what} is not a regular expression behave can read ({shown(str(err))}); -n takes part of a "
            "scenario's name as a regular expression: write \\( \\) \\[ for brackets of the name itself, "
            "e.g. -n 'Checking in'"
        )
        raise SetupError(msg) from err


def _options(arguments: Sequence[str]) -> list[tuple[str, str]]:
    """The `--tags=...` and `--name=...` arguments (as `contracts-bdd check` passes them) as option and value."""
    return [
        (option, argument.split("=", 1)[1])
        for argument in arguments
        for option in ("--tags", "--name")
        if argument.startswith(f"{option}=")
    ]


def _tags_readable(value: str) -> bool:
    try:
        Configuration(command_args=[f"--tags={value}"], load_config=False)
    except TagExpressionError:
        return False
    return True


def _regex_readable(value: str) -> bool:
    try:
        re.compile(value)
    except re.error:
        return False
    return True


def _exists(path: str) -> bool:
    return os.path.exists(FileLocationParser.parse(path).filename)


def _feature_files_in(path: str) -> bool:
    """Whether `path` (a folder, a feature file or line in one, or an `@list` of them) holds a feature file."""
    if path.startswith("@"):
        return True  # behave reads the list and names what it lacks
    filename = FileLocationParser.parse(path).filename
    if os.path.isfile(filename):
        return True
    return any(name.endswith(".feature") for _, _, names in os.walk(filename, followlinks=True) for name in names)


SHOWN_TAGS = 20
"""At most this many of the tags the features use are listed when a check's tags select no scenario."""


def _selection_of_none(read: ReadFeatures, paths: Sequence[str]) -> str:
    """What selected no scenario (tags, a name, file patterns), with the tags or names the features use."""
    config = read.config
    scenarios = [scenario for feature in read.features for scenario in feature.walk_scenarios()]
    given = _tags_given(config)
    project = _expressions(config.config_tags or config.default_tags)
    chosen = []
    if given:
        chosen.append(" ".join(f'--tags "{shown(tags)}"' for tags in given))
    elif project:
        chosen.append(f"the tags of behave.ini ({shown(' '.join(project))})")
    if config.name:
        chosen.append(" ".join(f'-n "{shown(name)}"' for name in config.name))
    where = shown(", ".join(paths))
    if not scenarios:
        return f"the file patterns (-i, -e, or behave.ini's include_re, exclude_re) selected no feature file in {where}"
    said = [f"{' and '.join(chosen) or 'the selection'} selected none of the {len(scenarios)} scenarios in {where}"]
    if given or project:
        used = sorted({str(tag) for scenario in scenarios for tag in scenario.effective_tags})
        words = re.findall(r"[^\s()@,]+", " ".join(given or project))
        ranked = _closest_first(used, [word for word in words if word.lower() not in ("and", "or", "not")])
        listed = ", ".join(f"@{shown(tag)}" for tag in ranked[:SHOWN_TAGS])  # a feature file's tags: written out
        more = f" and {len(ranked) - SHOWN_TAGS} more" if len(ranked) > SHOWN_TAGS else ""
        said.append(f"the tags the features use, closest first: {listed or 'none'}{more}")
    if config.name:
        names = _closest_first(sorted({str(scenario.name) for scenario in scenarios}), list(config.name))[:3]
        said.append("the closest scenario names: " + ", ".join(f"'{shown(name)}'" for name in names))
    return "; ".join(said) + "; nothing was checked"


def _tags_given(config: Any) -> list[str]:
    """The tag expressions given on the command line (behave.ini's are the project's own selection)."""
    tags = config.tags
    if not tags or tags in (config.config_tags, config.default_tags):
        return []
    return _expressions(tags)


def _expressions(tags: Any) -> list[str]:
    """Tag expressions as behave keeps them (a text, or a list of texts), as a list of texts."""
    if not tags:
        return []
    return [str(tag) for tag in (tags if isinstance(tags, (list, tuple)) else [tags])]


def _closest_first(candidates: Sequence[str], words: Sequence[str]) -> list[str]:
    """`candidates` by how alike each is to the closest of `words` (difflib's ratio, case aside), most alike first."""

    def likeness(candidate: str) -> float:
        return max(
            (difflib.SequenceMatcher(None, word.lower(), candidate.lower()).ratio() for word in words), default=0.0
        )

    return sorted(candidates, key=lambda candidate: (-likeness(candidate), candidate))


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
    config = _configuration(arguments)
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
