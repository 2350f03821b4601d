"""Hooks of the compatibility-suite harness: one `World` per scenario on `context.compat`."""

from __future__ import annotations

import logging
from typing import Any

from harness.breakages import apply_from_environment
from harness.world import World

SUMMARY: list[tuple[str, str, str]] = []
"""(scenario, status, measured reason) of every scenario run, for the run's last lines."""


def before_scenario(context: Any, scenario: Any) -> None:
    context.compat = World.begin(scenario)


def after_scenario(context: Any, scenario: Any) -> None:
    world = context.compat
    try:
        _check_differences(world, scenario)
    finally:
        world.close()
        seen = world.engine_difference if "engine difference seen" in world.parts else None
        SUMMARY.append((world.key, scenario.status.name, seen.reason if seen is not None else ""))


def after_all(context: Any) -> None:
    """Say how much of the suite passed, and why the rest did not."""
    if not SUMMARY:
        return
    passed = sum(status == "passed" for _, status, _ in SUMMARY)
    print(f"compatibility suite: {passed} of {len(SUMMARY)} scenarios passed")
    for key, status, reason in SUMMARY:
        if status != "passed":
            print(f"  {status}: {key}" + (f"\n    {reason}" if reason else ""))


after_all.capture = False  # type: ignore[attr-defined]


def _check_differences(world: World, scenario: Any) -> None:
    """A listed engine difference must have shown up; a product choice's check must still refuse."""
    if world.engine_difference is not None and "engine difference seen" not in world.parts:
        msg = (
            f"{world.key} is listed as an engine difference ({world.engine_difference.reason}), but it did not show "
            f"up (the scenario {scenario.status.name}): update harness/differences.py and docs/compatibility.md"
        )
        raise AssertionError(msg)
    choice = world.product_choice
    if choice is not None and choice.demonstrate is not None and scenario.status.name == "passed":
        print(f"product choice, shown by the product's own check: {choice.demonstrate()}")


def before_all(context: Any) -> None:
    # pact-python forwards pact-ffi's own log to Python logging, request by request.
    logging.getLogger("pact").setLevel(logging.ERROR)
    broken = apply_from_environment()
    if broken:
        print(f"compatibility harness: engine deliberately broken ({broken})")
