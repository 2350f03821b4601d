"""behave's `given`, `when` and `then`, each step watched for the scenario's measured engine difference.

    from harness.steps import given, then, when

A step that raises while its scenario is listed in `harness.differences.ENGINE_DIFFERENCES`, with
the observed text in what it raised, skips the scenario with the measured reason (behave's
`Scenario.skip`). Anything else it raises fails the scenario as usual; a listed scenario whose
difference never shows up fails in `after_scenario` (see environment.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import behave

Step = Callable[..., None]


def _watched(function: Step) -> Step:
    @functools.wraps(function)
    def run(context: Any, *args: Any, **kwargs: Any) -> None:
        try:
            function(context, *args, **kwargs)
        except Exception as err:  # an assertion, or what the product raised
            difference = context.compat.engine_difference
            if difference is None or difference.observed not in str(err):
                raise
            context.compat.parts["engine difference seen"] = str(err)
            print(f"engine difference: {difference.reason}\nobserved: {err}")  # kept in the JUnit report
            context.scenario.skip(reason=f"engine difference: {difference.reason}")

    return run


def _decorator(register: Callable[[str], Callable[[Step], Step]]) -> Callable[[str], Callable[[Step], Step]]:
    def decorator(pattern: str) -> Callable[[Step], Step]:
        def add(function: Step) -> Step:
            register(pattern)(_watched(function))
            return function

        return add

    return decorator


given = _decorator(behave.given)
when = _decorator(behave.when)
then = _decorator(behave.then)
