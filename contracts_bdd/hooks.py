"""behave hooks: call these from your project's `environment.py`.

The simplest `environment.py` re-exports them::

    from contracts_bdd.hooks import after_all, after_scenario, before_all, before_scenario, before_step

If you have hooks of your own, call ours from them, e.g.
`contracts_bdd.hooks.before_all(context)` at the top of your `before_all`.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from contracts_bdd.config import Settings
from contracts_bdd.errors import Location
from contracts_bdd.session import Contracts


def before_all(context: Any) -> None:
    """Read and check the settings; put a `Contracts` on `context.contracts`."""
    defines = dict(context.config.userdata_defines or [])
    settings = Settings.load(dict(context.config.userdata), defines, os.environ)
    logging.getLogger("contracts_bdd").setLevel(settings.logging_level)
    logging.getLogger("pact").setLevel(max(settings.logging_level, logging.WARNING))
    context.contracts = Contracts(settings)


def before_scenario(context: Any, scenario: Any) -> None:
    """Begin the scenario's contract."""
    context.contracts.begin_scenario(
        scenario.name, Location(scenario.filename, scenario.line), scenario.effective_tags, scenario.description
    )


def before_step(context: Any, step: Any) -> None:
    """Remember where the running step is, for error messages."""
    context.contracts.current_step = Location(step.filename, step.line)


def after_scenario(context: Any, scenario: Any) -> None:
    """Judge the scenario's exchanges, stage its pact, stop what it started."""
    context.contracts.end_scenario(failed=scenario.status.has_failed())


def after_all(context: Any) -> None:
    """Write the pact files of pairs whose scenarios all passed, and say what happened."""
    contracts = getattr(context, "contracts", None)
    if contracts is None:
        return
    for line in contracts.finish():
        print(line)


# behave captures hook output; what after_all says about the pact files must be seen.
after_all.capture = False  # type: ignore[attr-defined]
