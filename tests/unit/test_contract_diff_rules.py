"""`contracts-bdd diff` on one body value whose rule changes: looser is safe, stricter or another rule breaks."""

from __future__ import annotations

from typing import Any

import pytest

from contracts_bdd.model.contract import Interaction, JsonBody, Request, Response
from contracts_bdd.model.contract_diff import BREAKING, SAFE, diff_interactions
from contracts_bdd.model.matchers import integer, like, not_empty, null


def with_value(value: Any) -> Interaction:
    return Interaction("a user", Request("GET", "/users/1"), response=Response(200, body=JsonBody({"name": value})))


@pytest.mark.parametrize(
    ("before", "after", "impact", "words"),
    [
        (not_empty("x"), like("x"), SAFE, "looser (like, was not_empty)"),
        (like("x"), not_empty("x"), BREAKING, "stricter (not_empty, was like)"),
        ("x", not_empty("x"), SAFE, "looser (not_empty, was equality)"),
        (not_empty(1), integer(1), BREAKING, "another rule (integer, was not_empty)"),
        (null(), like("x"), BREAKING, "a string is expected, not a null"),
        (5, like("x"), BREAKING, "a string is expected, not a number"),
        (5, like(7), SAFE, "looser (like, was equality)"),
        (like("x"), null(), BREAKING, "stricter (null, was like)"),
        (None, null(), SAFE, "no expectation changed"),  # a literal null and null() ask the same
    ],
)
def test_a_rule_changed_on_a_value_is_judged_by_how_much_it_demands(
    before: Any, after: Any, impact: str, words: str
) -> None:
    changes = diff_interactions([with_value(before)], [with_value(after)])

    assert any(change.impact == impact and words in change.detail for change in changes), changes
    if impact == SAFE:
        assert all(change.impact == SAFE for change in changes), changes
