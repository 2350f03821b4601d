"""`contracts-bdd diff`: what a contract change does to the provider, each change classified on the model."""

from __future__ import annotations

import json
from typing import Any

import pytest
from behave_project import Project
from broker_support import FakeBroker

BEFORE = '''\
Feature: users
  Scenario: A user who exists
    Given the provider is in the state "a user with id 1 exists"
    When the consumer sends a GET request to "/users/1"
    Then the provider responds with status 200
    And the response has the JSON body:
      """
      {"id": {{ integer(1) }}, "name": "Alice", "email": {{ like("a@example.com") }}, "age": 30,
       "tags": {{ each_like("x", min=1) }}, "code": {{ regex("AB12", "[A-Z]{2}[0-9]{2}") }},
       "nick": {{ like("al") }}}
      """

  Scenario: A user who is gone
    When the consumer sends a GET request to "/users/9"
    Then the provider responds with status 404

  Scenario: An old report
    When the consumer sends a GET request to "/reports"
    Then the provider responds with status 200
'''

AFTER = '''\
Feature: users
  Scenario: A user who exists
    Given the provider is in the state "a user with id 1 exists"
    And the provider is in the state "the user is active"
    When the consumer sends a GET request to "/users/1"
    Then the provider responds with status 200
    And the response has the JSON body:
      """
      {"id": {{ integer(1) }}, "name": {{ like("Alice") }}, "email": "a@example.com",
       "tags": {{ each_like("x", min=2) }}, "code": {{ regex("AB123", "[A-Z]{2}[0-9]{3}") }},
       "nick": {{ like("bo") }}, "address": {{ like("1 Main St") }}}
      """

  Scenario: A user who is gone
    When the consumer sends a GET request to "/users/10"
    Then the provider responds with status 410

  Scenario: A user's orders
    When the consumer sends a GET request to "/users/1/orders"
    Then the provider responds with status 200
'''


@pytest.fixture
def versions(project: Project) -> Project:
    """The same consumer's pacts before (in released/) and after (in pacts/) a change to its feature."""
    project.write("behave.ini", "[behave.userdata]\nconsumer = Shop\nprovider = Users\n")
    project.write("features/consumer/users.feature", BEFORE)
    assert project.behave("-D", "pact_dir=released", "features/consumer").returncode == 0
    project.write("features/consumer/users.feature", AFTER)
    run = project.behave("features/consumer")
    assert run.returncode == 0, run.output
    return project


def test_each_change_is_classified_for_the_provider(versions: Project) -> None:
    done = versions.cli("diff", "pacts", "--against", "released")

    assert done.returncode == 0, done.stderr
    out = done.stdout
    expected = [
        "Shop -> Users: 8 breaking, 3 safe",
        "BREAKING  added 'A user's orders': a new interaction the provider must answer",
        "safe      removed 'An old report': no consumer test needs it any more",
        "BREAKING  changed 'A user who exists': provider state: the provider must now be in the state 'the user is active'",
        "safe      changed 'A user who exists': response body $.name: looser (like, was equality)",
        "BREAKING  changed 'A user who exists': response body $.email: stricter (equality, was like)",
        "safe      changed 'A user who exists': response body $.age: no longer required",
        "BREAKING  changed 'A user who exists': response body $.address: a new required field",
        "BREAKING  changed 'A user who exists': response body $.tags: at least 2 items (was 1)",
        "BREAKING  changed 'A user who exists': response body $.code: the regex rule changed "
        "('[A-Z]{2}[0-9]{3}', was '[A-Z]{2}[0-9]{2}')",
        "BREAKING  changed 'A user who is gone': request: the provider is sent a different request "
        "(GET /users/10, was GET /users/9)",
        "BREAKING  changed 'A user who is gone': response status: the value 410 is expected, not 404",
        "8 breaking change(s) for the provider",
    ]
    for line in expected:
        assert line in out, f"{line!r} not in:\n{out}"
    assert "$.nick" not in out  # another example under the same type rule is no change
    assert "$.id" not in out


def test_the_reverse_change_is_safe_where_it_was_breaking(versions: Project) -> None:
    done = versions.cli("diff", "released", "--against", "pacts")

    assert "safe      removed 'A user's orders'" in done.stdout
    assert "BREAKING  added 'An old report'" in done.stdout
    assert "safe      changed 'A user who exists': response body $.address: no longer required" in done.stdout
    assert "safe      changed 'A user who exists': response body $.tags: at least 1 items (was 2)" in done.stdout
    assert "safe      changed 'A user who exists': response body $.email: looser (like, was equality)" in done.stdout


def test_json_output_and_the_exit_code_for_ci(versions: Project) -> None:
    done = versions.cli("diff", "pacts", "--against", "released", "--format", "json", "--fail-on", "breaking")
    same = versions.cli("diff", "pacts", "--against", "pacts", "--fail-on", "breaking")

    assert done.returncode == 1
    report: dict[str, Any] = json.loads(done.stdout)
    assert report["breaking"] == 8
    (pair,) = report["pairs"]
    assert (pair["consumer"], pair["provider"], pair["status"]) == ("Shop", "Users", "changed")
    assert {
        "kind": "removed",
        "impact": "safe",
        "interaction": "An old report",
        "where": "",
        "detail": ("no consumer test needs it any more"),
    } in pair["changes"]
    assert same.returncode == 0
    assert "Shop -> Users: no change" in same.stdout


def test_against_the_broker_the_branch_falls_back_to_the_main_branch(versions: Project) -> None:
    released = json.loads((versions.root / "released" / "Shop-Users.json").read_text())
    fake = FakeBroker()
    fake.answer("GET /pacts/provider/Users/consumer/Shop/branch/feat-x/latest", (404, {"error": "none"}, 0))
    fake.answer("GET /pacticipants/Shop", (200, {"name": "Shop", "mainBranch": "main"}, 0))
    fake.answer("GET /pacts/provider/Users/consumer/Shop/branch/main/latest", (200, released, 0))
    try:
        done = versions.cli("diff", "--against", "broker", "--branch", "feat-x", env={"PACT_BROKER_BASE_URL": fake.url})
    finally:
        fake.close()

    assert done.returncode == 0, done.stderr
    assert "Shop -> Users: 8 breaking, 3 safe" in done.stdout
    assert "against the broker" not in done.stderr


def test_a_pact_the_broker_has_never_seen_is_new(versions: Project) -> None:
    fake = FakeBroker()
    fake.answer("GET /pacticipants/Shop", (404, {"error": "no such pacticipant"}, 0))
    try:
        done = versions.cli(
            "diff", "--against", "broker", "--fail-on", "breaking", env={"PACT_BROKER_BASE_URL": fake.url}
        )
    finally:
        fake.close()

    assert done.returncode == 1
    assert "Shop -> Users: a new pact, not in the broker" in done.stdout
