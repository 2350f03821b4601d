"""A contract mismatch is a failed step with the mismatch report, and a JUnit <failure>, not a hook error."""

from __future__ import annotations

from behave_project import Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n"

CLIENT_STEPS = """\
from behave import step
import requests
from contracts_bdd.steps import consumer, provider  # noqa: F401


@step("the client fetches user 2")
def fetch(context):
    requests.get(context.contracts.mock_url + "/users/2", timeout=5)
"""

FEATURE = """\
Feature: Users
  Scenario: Fetch a user
    When the consumer sends a GET request to "/users/1"
    Then the provider responds with status 200
    And the client fetches user 2

  Scenario: Spec first
    When the consumer sends a GET request to "/users/3"
    Then the provider responds with status 204
"""


def test_a_mismatch_fails_the_judging_step_and_junit_says_failure(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("steps/contracts.py", CLIENT_STEPS)
    project.write("features/consumer/users.feature", FEATURE)

    run = project.behave("features/consumer", "--junit", "--junit-directory", "reports")

    assert run.returncode == 1
    assert "Then the consumer's requests meet the contract ... failed" in run.output
    assert "1) GET /users/2" in run.output and "a request the contract does not declare" in run.output
    assert "HOOK-ERROR" not in run.output
    assert "Failing scenarios:\n  features/consumer/users.feature:2  Fetch a user" in run.output
    assert "1 scenario passed, 1 failed" in run.output
    junit = next((project.root / "reports").glob("*.xml")).read_text()
    assert junit.count("<failure") == 1 and "<error" not in junit
    assert run.pact_files() == []
