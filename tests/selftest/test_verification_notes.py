"""What a provider run says beside pass and fail: the pact's comments on each interaction, and, when the
project opts in, a warning instead of a failure for a provider state that has no handler.

Both come from the Pact compatibility suite (V1 `http_provider.feature`, V4 `http_provider.feature` and
`message_provider.feature`): users of other Pact implementations see an interaction's comments and
original test name while it is verified, and may run with states nobody set up.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from behave_project import Project

HERE = Path(__file__).parent

PACT = {
    "consumer": {"name": "Billing"},
    "provider": {"name": "Users"},
    "interactions": [
        {
            "type": "Synchronous/HTTP",
            "description": "a user who left",
            "providerStates": [{"name": "user 2 has left the company"}],
            "comments": {
                "text": ["asked for by the billing team", "see the invoice rules"],
                "testname": "billing.feature:12 An invoice for a user who left",
            },
            "request": {"method": "GET", "path": "/users/2"},
            "response": {
                "status": 404,
                "headers": {"Content-Type": ["application/json"]},
                "body": {"content": {"error": "User 2 not found"}, "contentType": "application/json"},
            },
        }
    ],
    "metadata": {"pactSpecification": {"version": "4.0"}},
}

FEATURE = """\
Feature: Users
  Scenario: Verify
    Given the provider "Users" is started with "{python} plain_provider.py {port}"
    When the provider is verified against its pacts
    Then every interaction passes verification
"""


def users_project(project: Project, userdata: str = "") -> Project:
    shutil.copy(HERE / "plain_provider.py", project.root / "plain_provider.py")
    project.write("pacts/Billing-Users.json", json.dumps(PACT))
    project.write("features/provider/users.feature", FEATURE)
    project.write("behave.ini", f"[behave]\nshow_timings = false\n[behave.userdata]\n{userdata}")
    return project


def test_a_state_without_a_handler_fails_its_interaction_by_default(project: Project) -> None:
    run = users_project(project).behave("features/provider")

    assert run.returncode != 0
    assert "no provider state handler matches 'user 2 has left the company'" in run.output


def test_a_state_without_a_handler_is_a_warning_when_the_project_opts_in(project: Project) -> None:
    run = users_project(project, "provider_state_without_handler = warn\n").behave("features/provider")

    assert run.returncode == 0, run.output
    assert (
        "  warning: no provider state handler matches 'user 2 has left the company'; 'a user who left' was verified "
        "without it (provider_state_without_handler = warn)"
    ) in run.output.splitlines()


def test_a_misspelt_choice_for_states_without_handlers_is_refused(project: Project) -> None:
    run = users_project(project, "provider_state_without_handler = ignore\n").behave("features/provider")

    assert run.returncode != 0
    assert "provider_state_without_handler" in run.output and "fail, warn" in run.output


def test_an_interactions_comments_and_original_test_are_shown_when_it_passes(project: Project) -> None:
    run = users_project(project, "provider_state_without_handler = warn\n").behave("features/provider")

    assert run.returncode == 0, run.output
    lines = run.output.splitlines()
    at = lines.index("contracts-bdd: verified Billing: 'a user who left' given 'user 2 has left the company'")
    assert lines[at + 1 : at + 4] == [
        "  comment: asked for by the billing team",
        "  comment: see the invoice rules",
        "  original test: billing.feature:12 An invoice for a user who left",
    ]


def test_a_failing_interactions_report_shows_its_comments(project: Project) -> None:
    run = users_project(project).behave("features/provider")

    assert run.returncode != 0
    lines = [line.strip() for line in run.output.splitlines()]
    at = next(index for index, line in enumerate(lines) if line.startswith("FAILED  Billing: 'a user who left'"))
    assert lines[at + 1 : at + 4] == [
        "comment: asked for by the billing team",
        "comment: see the invoice rules",
        "original test: billing.feature:12 An invoice for a user who left",
    ]
