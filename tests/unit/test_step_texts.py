"""One table of step texts: behave registers every consumer step from it, and render writes features with it.

Each template, filled as render fills it, is read back by the step behave registered from that same
template, with the same values: render cannot write a step the vocabulary does not read.
"""

from __future__ import annotations

import re

import pytest
from behave.step_registry import registry

import contracts_bdd.steps.consumer  # noqa: F401 - registers the steps
from contracts_bdd.gherkin.step_texts import STEPS, written

SAMPLES = {
    "name": "Order Service",
    "state": "a user with id 1 exists",
    "description": "a request for user 1",
    "comment": "see JIRA-1",
    "method": "GET",
    "path": "/users/1",
    "part": "response",
    "content_type": "application/json",
    "status": "200",
}
PARTS = {"MessagePart": "reply", "HttpPart": "request", "Part": "message"}


def sample_values(template: str) -> dict[str, str]:
    values = {}
    for field, kind in re.findall(r"\{(\w+)(?::(\w+))?\}", template):
        values[field] = PARTS[kind] if kind else SAMPLES[field]
    return values


@pytest.mark.parametrize("step", sorted(STEPS))
def test_each_step_render_writes_is_read_back_by_the_step_registered_from_it(step: str) -> None:
    template = STEPS[step]
    (definition,) = [found for kind in registry.steps.values() for found in kind if found.pattern == template]
    values = sample_values(template)

    arguments = definition.check_match(written(step, **values))

    assert arguments is not None, template
    assert {argument.name: argument.value for argument in arguments if argument.name} == values


def test_a_step_written_without_one_of_its_values_is_refused() -> None:
    with pytest.raises(KeyError, match="needs method"):
        written("request", path="/users/1")
