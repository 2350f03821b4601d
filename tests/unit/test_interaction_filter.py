"""Which interactions a provider verification includes."""

from __future__ import annotations

import pytest

from contracts_bdd.errors import FeatureError, Location
from contracts_bdd.gherkin import provider_tables
from contracts_bdd.gherkin.values import TableRow
from contracts_bdd.model.contract import InteractionFilter
from contracts_bdd.provider.side import filter_from_environment

HERE = Location("provider.feature", 4)


@pytest.mark.parametrize(
    ("only", "consumer", "description", "states", "admitted"),
    [
        (InteractionFilter(), "Web", "get a user", (), True),
        (InteractionFilter(consumers=("Web",)), "Mobile", "get a user", (), False),
        (InteractionFilter(description="^get"), "Web", "get a user", (), True),
        (InteractionFilter(description="^delete"), "Web", "get a user", (), False),
        (InteractionFilter(state="exists"), "Web", "get a user", ("a user exists",), True),
        (InteractionFilter(state="exists"), "Web", "get a user", (), False),
        (InteractionFilter(no_state=True), "Web", "get a user", ("a user exists",), False),
        (InteractionFilter(no_state=True), "Web", "get a user", (), True),
    ],
)
def test_admits(
    only: InteractionFilter, consumer: str, description: str, states: tuple[str, ...], admitted: bool
) -> None:
    assert only.admits(consumer, description, states) is admitted


def test_the_environment_filters_as_other_pact_implementations_do() -> None:
    only = filter_from_environment(
        {"PACT_DESCRIPTION": "^get", "PACT_PROVIDER_STATE": "exists", "PACT_PROVIDER_NO_STATE": "false"}
    )
    assert (only.description, only.state, only.no_state) == ("^get", "exists", False)
    combined = InteractionFilter(consumers=("Web",), description="^delete").combined(only)
    assert (combined.consumers, combined.description) == (("Web",), "^get")


def test_a_filter_table() -> None:
    rows = [
        TableRow(("what", "value"), 5),
        TableRow(("consumer", "Web"), 6),
        TableRow(("consumer", "Mobile"), 7),
        TableRow(("state", "exists$"), 8),
    ]
    assert provider_tables.interaction_filter(rows, HERE) == InteractionFilter(
        ("Web", "Mobile"), None, "exists$", False
    )


@pytest.mark.parametrize(
    ("row", "problem"),
    [(("provider", "X"), "not something to filter by"), (("description", "(unclosed"), "not a regular expression")],
)
def test_bad_filter_rows(row: tuple[str, str], problem: str) -> None:
    with pytest.raises(FeatureError, match=problem):
        provider_tables.interaction_filter([TableRow(row, 6)], HERE)
