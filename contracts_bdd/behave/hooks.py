"""behave hooks, as `contracts_bdd.hooks` re-exports them for a project's `environment.py`::

    from contracts_bdd.hooks import after_all, after_scenario, before_all, before_scenario, before_step

If you have hooks of your own, call ours from them, e.g.
`contracts_bdd.hooks.before_all(context)` at the top of your `before_all`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from behave.model import Step
from behave.runner_util import collect_feature_locations

from contracts_bdd.behave import feature_files
from contracts_bdd.behave.outlines import check_provider_states, fill_interaction_outlines, providers_verified
from contracts_bdd.behave.preflight import check_every_contract, declared_by_the_full_run, scenario_name
from contracts_bdd.behave.selection import full_run_paths, full_run_selection, narrowing
from contracts_bdd.behave.session import Contracts
from contracts_bdd.behave.step_matching import forget_matches
from contracts_bdd.behave.steps.marks import JUDGING_STEP, JUDGING_STEPS, MESSAGE_JUDGING_STEP, ONE_INTERACTION_STEP
from contracts_bdd.behave.steps.provider import verify_outline_ahead
from contracts_bdd.config import Settings
from contracts_bdd.errors import (
    ConfigurationError,
    ContractsBddError,
    Location,
    SetupError,
)
from contracts_bdd.handlers import raise_registration_problems
from contracts_bdd.interrupts import INTERRUPTS, on_exit
from contracts_bdd.pact.files import shard_of
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
    raise_registration_problems()
    defines = dict(context.config.userdata_defines or [])
    settings = Settings.load(dict(context.config.userdata), defines, os.environ)
    if settings.pact_shards is not None:
        settings = replace(settings, pact_dir=shard_of(settings.pact_shards))
    logging.getLogger("contracts_bdd").setLevel(settings.logging_level)
    # pact-python forwards every pact-ffi event at the level of `pact.ffi` (DEBUG unless set);
    # each one crosses into Python, which slows verification. Errors still come through.
    logging.getLogger("pact").setLevel(max(settings.logging_level, logging.WARNING))
    logging.getLogger("pact.ffi").setLevel(max(settings.logging_level, logging.WARNING))
    config = context.config
    features = _the_runs_features(config)
    declared = check_every_contract(features, config, settings)
    if any(contract.interactions for contract in declared.values()):
        _check_writable(settings.pact_dir)
    written_here = {contract.pair(settings).provider for contract in declared.values() if contract.interactions}
    waiting: list[Callable[[], None]] = []
    pacts = fill_interaction_outlines(
        features, config, settings, os.environ, written_here=written_here, waiting=waiting
    )
    if settings.check_provider_states:
        check_provider_states(features, config, settings, os.environ, pacts)
    contracts = Contracts(settings, os.environ, declared, pacts=pacts, narrowed_by=narrowing(config))
    contracts.waiting_outlines = waiting
    selection = full_run_selection(config)
    if contracts.consumer.narrowed_by and selection is not None:  # read every feature: say what is declared no more
        full_run = declared_by_the_full_run(features, selection, settings, declared)
        paths = full_run_paths(config)
        full_run.paths, full_run.command = " ".join(paths) or "features", " ".join(["behave", *paths])
        contracts.consumer.full_run = full_run
    contracts.write_pacts_early = bool(written_here & providers_verified(features, config))
    forget_matches()  # a waiting outline's fill matches its few lines again
    return contracts


def _the_runs_features(config: Any) -> list[Any]:
    """The features behave parsed for this run, as its parser handed them over (see `feature_files`).

    Raises:
        SetupError: behave read feature files before contracts_bdd.hooks was imported, so none was seen.
    """
    features, seen = feature_files.take_parsed()
    if not seen and any(
        not config.exclude(str(getattr(found, "filename", found))) for found in collect_feature_locations(config.paths)
    ):
        msg = (
            "behave read the feature files before contracts_bdd.hooks was imported, so the contracts could not be "
            "checked before the run; import the hooks at the top of environment.py: "
            "from contracts_bdd.hooks import after_all, after_scenario, before_all, before_scenario, before_step"
        )
        raise SetupError(msg)
    return features


_BEHAVE_CONFIG_FILES = ("behave.ini", ".behaverc", "setup.cfg", "tox.ini", "pyproject.toml")


def _refuse_a_run_below_the_project(folder: Path, paths: list[str]) -> None:
    """behave reads its configuration only in the folder it runs in; run below the project, it reads none."""
    if any((folder / name).exists() for name in _BEHAVE_CONFIG_FILES):
        return
    root = next((parent for parent in folder.parents if (parent / "behave.ini").is_file()), None)
    if root is None:
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
        add_cleanup=context.add_cleanup,
    )
    steps = list(scenario.all_steps)
    if contract.declared_ahead and contract.interactions and all(step.name not in JUDGING_STEPS for step in steps):
        last = steps[-1]
        judging = JUDGING_STEP if contract.http_interactions else MESSAGE_JUDGING_STEP
        scenario.steps.append(Step(last.filename, last.line, "Then", "then", judging))


def before_step(context: Any, step: Any) -> None:
    """Remember where the running step is, for error messages; verify an outline's interactions ahead."""
    context.contracts.current_step = Location(step.filename, step.line)
    if step.name == ONE_INTERACTION_STEP:
        verify_outline_ahead(context)


def after_scenario(context: Any, scenario: Any) -> None:
    """Judge the scenario's exchanges, stage its pact, stop what it started; show a passing verification's notes.

    A failing verification shows the notes in its report. In a run of both sides (plain
    `behave`), once the last consumer scenario has run, the pacts are written and the provider
    outlines waiting for them are filled, so the provider features that follow verify what this
    run wrote.
    """
    contracts = context.contracts
    if not scenario.status.has_failed():
        for line in contracts.scenario_notes:
            print(line)
    try:
        contracts.end_scenario(failed=scenario.status.has_failed())
    finally:
        if contracts.write_pacts_early and contracts.consumer.every_declared_scenario_ran:
            contracts.write_pacts_early = False
            contracts.consumer.finish()
            waiting, contracts.waiting_outlines = contracts.waiting_outlines, []
            for fill in waiting:
                fill()


# behave shows a hook's output only when it fails; the notes of a passing verification must be seen.
after_scenario.show_capture_on_success = True  # type: ignore[attr-defined]


def after_feature(context: Any, feature: Any) -> None:
    """Stop the provider the feature started (kept for projects that wire it; a cleanup does it anyway)."""
    contracts = getattr(context, "contracts", None)
    if contracts is not None:
        contracts.end_feature()


def after_all(context: Any) -> None:
    """Write the pact files of pairs whose scenarios all passed, and say what happened.

    A run that was interrupted (SIGINT, SIGTERM, SIGHUP) or aborted writes and publishes nothing.
    """
    INTERRUPTS.restore_streams()
    contracts = getattr(context, "contracts", None)
    if getattr(context, "contracts_stopped_the_run", False):
        context.aborted = False  # behave would say "ABORTED: By user."; the run still fails (a hook failed)
        print("contracts-bdd: no scenario ran, because of the problem(s) listed at the top")
        _last_word("contracts-bdd: the run FAILED before any scenario ran: see the problem(s) listed at the top")
    if contracts is None:
        return
    try:
        contracts.end_feature()
        stopped_by = INTERRUPTS.signal_name or ("an aborted run" if context.aborted else None)
        contracts.finish(print, stopped_by=stopped_by)
    except ContractsBddError as err:
        # behave's counts, printed next, are of scenarios only: they would read as a success.
        _last_word(f"contracts-bdd: the run FAILED after its scenarios: {str(err).splitlines()[0]}")
        raise
    except KeyboardInterrupt:
        stopped_by = INTERRUPTS.signal_name or "KeyboardInterrupt"
        if contracts.consumer.written:
            print(f"contracts-bdd: the run was stopped by {stopped_by} while publishing; the rest was not published")
        else:
            contracts.say_stopped(print, stopped_by)


def _last_word(line: str) -> None:
    """Say `line` after behave's summary, whose counts are of features and scenarios only."""
    on_exit(lambda: print(line, flush=True))


# behave captures hook output; what after_all says about the pact files must be seen.
after_all.capture = False  # type: ignore[attr-defined]
