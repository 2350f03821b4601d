"""Marks on step definitions that the hooks look for before the run.

A project's own step that declares contract details (on `context.contracts.scenario`)
carries `declares_contract` under its `@step`, as the vocabulary's steps do::

    @step("the response is a user")
    @declares_contract
    def a_user(context): ...
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from contracts_bdd.behave.steps.tables import here
from contracts_bdd.gherkin.step_texts import STEPS


def declares_contract(function: Callable[..., None]) -> Callable[..., None]:
    """Mark a step that only declares the contract.

    The pre-flight replays such steps to build and check each scenario's contract before
    any mock server starts; the run then starts the scenario from that contract, so the
    step itself has nothing left to do (its text is read once).
    """

    @functools.wraps(function)
    def declare(context: Any, *args: Any, **kwargs: Any) -> None:
        if not context.contracts.declared_ahead(here(context)):
            function(context, *args, **kwargs)

    declare.declares_contract = True  # type: ignore[attr-defined]
    return declare


def names_provider(function: Any) -> Any:
    """Mark a step whose `name` argument names the provider (for filling interaction outlines)."""
    function.names_provider = True
    return function


def chooses_pacts(source_of: Callable[..., Any]) -> Callable[[Any], Any]:
    """Mark a step that names the pacts to verify; `source_of(arguments, table, location)` makes the source.

    The outline fill calls `source_of` with the step's arguments to know which pacts fill
    its rows; the step itself calls it too, so both read the step alike.
    """

    def mark(function: Any) -> Any:
        function.pact_source = source_of
        return function

    return mark


def includes_pending(function: Any) -> Any:
    """Mark the step that lets the broker's pending pacts in."""
    function.includes_pending = True
    return function


def includes_wip(function: Any) -> Any:
    """Mark the step whose `since` argument lets the broker's work-in-progress pacts in."""
    function.includes_wip = True
    return function


def verifies_one_interaction(function: Any) -> Any:
    """Mark the step that makes an outline one scenario per interaction."""
    function.verifies_one_interaction = True
    return function


JUDGING_STEP = STEPS["requests met"]
"""The step the hooks add as the last of each consumer scenario (`steps.consumer` defines it)."""
MESSAGE_JUDGING_STEP = STEPS["message accepted"]
"""The step the hooks add instead to a scenario of messages only."""
JUDGING_STEPS = (JUDGING_STEP, MESSAGE_JUDGING_STEP, STEPS["messages accepted"])
"""Steps that judge a scenario: written by hand, each one spares the one the hooks would add."""

ONE_INTERACTION_STEP = "the interaction passes verification"
"""The step of an outline filled with one row per interaction of the pacts."""
