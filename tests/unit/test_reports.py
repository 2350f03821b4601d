"""Reports point mismatches at the feature lines that declared the expectation."""

from __future__ import annotations

from contracts_bdd.errors import Location
from contracts_bdd.model.contract import Header, Interaction, JsonBody, QueryParameter, Request
from contracts_bdd.model.reports import (
    InteractionOutcome,
    MockMismatch,
    consumer_report,
    verification_notes,
    verification_report,
)


def at(line: int) -> Location:
    return Location("users.feature", line)


INTERACTION = Interaction(
    "Get user",
    Request(
        "GET",
        "/users/1",
        at(3),
        headers=[Header("Accept", "application/json", at(5))],
        query=[QueryParameter("full", "true", at(7))],
        body=JsonBody({}, at(9)),
    ),
)


def test_each_mismatch_points_at_its_declaration() -> None:
    report = consumer_report(
        "Get user",
        [INTERACTION],
        [
            MockMismatch("header", "GET", "/users/1", "accept", "application/json", "text/html", "differs"),
            MockMismatch("query", "GET", "/users/1", "full", "true", "", "missing"),
            MockMismatch("body", "GET", "/users/1", "$.id", "1", "2", "differs"),
            MockMismatch("missing-request", "GET", "/users/1"),
            MockMismatch("unexpected-request", "POST", "/orders", request={"body": {"a": 1}}),
        ],
    )
    lines = report.splitlines()
    assert "header 'accept': expected application/json but got text/html" in lines[1]
    assert "declared at users.feature:5" in lines[3]
    assert "declared at users.feature:7" in lines[6]
    assert "declared at users.feature:9" in lines[9]
    assert "never made" in lines[10]
    assert "declared at users.feature:3" in lines[11]
    assert 'POST /orders with body {"a": 1}: a request the contract does not declare' in lines[12]


def test_verification_report_lists_every_interaction() -> None:
    report = verification_report(
        "Users",
        [
            InteractionOutcome("Web", "a", ("s",), "passed"),
            InteractionOutcome("Web", "b", (), "failed", "BodyMismatch at $.id: wrong"),
            InteractionOutcome("Web", "c", (), "pending-failed", "x"),
        ],
    )
    assert (
        report.splitlines()[0] == "Verified 3 interaction(s) of provider 'Users': 1 passed, 1 failed, 1 pending failed"
    )
    assert "PASSED  Web: 'a' given 's'" in report
    assert "FAILED  Web: 'b'\n      BodyMismatch at $.id: wrong" in report
    assert "FAILED (pending, not counted)  Web: 'c'" in report


def test_an_interactions_comments_original_test_and_warnings_are_reported() -> None:
    outcome = InteractionOutcome(
        "Web",
        "a user",
        ("a user exists",),
        "failed",
        details="BodyMismatch at $.id: Expected 1",
        comments=("see ticket 12",),
        test_name="users.feature:3 A user",
        warnings=("no provider state handler matches 'a user exists'",),
    )

    assert verification_report("Api", [outcome]).splitlines()[1:] == [
        "  FAILED  Web: 'a user' given 'a user exists'",
        "      comment: see ticket 12",
        "      original test: users.feature:3 A user",
        "      BodyMismatch at $.id: Expected 1",
        "      warning: no provider state handler matches 'a user exists'",
    ]
    assert verification_notes([outcome, InteractionOutcome("Web", "quiet", (), "passed")]) == [
        "contracts-bdd: verified Web: 'a user' given 'a user exists'",
        "  comment: see ticket 12",
        "  original test: users.feature:3 A user",
        "  warning: no provider state handler matches 'a user exists'",
    ]
