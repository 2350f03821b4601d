"""Message contracts on the provider side: producers, HTTP and messages of one pact in one run, one JUnit case each.

Each way a producer can fail (wrong body, wrong metadata, raising, missing) fails exactly its
interaction, and says why.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest
from behave_project import Project

WEB = """\
@consumer:Web @provider:UserService
Feature: Web hears about users

  Scenario: A user who exists
    Given the provider is in the state "a user with id 1 exists"
    When the consumer sends a GET request to "/users/1"
    Then the provider responds with status 200
    And the response has the JSON body:
      \"\"\"
      {"id": {{ integer(1) }}, "name": {{ like("Alice") }}, "email": {{ like("alice@example.com") }}}
      \"\"\"

  Scenario: A user was created
    Given the provider is in the state "a user with id 2 exists"
    When the provider publishes the message "a user was created"
    And the message has the JSON body:
      \"\"\"
      {"id": {{ integer(2) }}, "name": {{ like("Bob") }}}
      \"\"\"
    And the message has the metadata:
      | topic | {{ regex("users", "^users$") }} |

  Scenario: A user lookup
    When the consumer sends the message "a user lookup"
    And the message has the JSON body:
      \"\"\"
      {"id": 3}
      \"\"\"
    Then the provider replies with a message
    And the reply has the JSON body:
      \"\"\"
      {"name": {{ like("Carol") }}}
      \"\"\"
"""
PRODUCERS = """\
import os

from contracts_bdd import message_producer

BREAK = os.environ.get("BREAK", "")


@message_producer("a user was {what}")
def user_event(what, params):
    if BREAK == "raise":
        raise RuntimeError("the event bus is down")
    body = {"id": 2, "name": "Bob"} if BREAK != "body" else {"id": "two", "name": "Bob"}
    return body, {"topic": "people" if BREAK == "metadata" else "users"}


if BREAK != "missing":

    @message_producer("a user lookup")
    def lookup(request):
        return {"name": "Carol" if request.json() == {"id": 3} else None}
"""
ONE_RUN = """\
Feature: UserService
  Scenario: Everything in one run
    Given the provider "UserService" is started with "{python} -m examples.user_service --port {port}"
    When the provider is verified against its pacts
    Then every interaction passes verification
"""
BY_INTERACTION = """\
Feature: UserService by interaction
  Background:
    Given the provider "UserService" is started with "{python} -m examples.user_service --port {port}"

  Scenario Outline: <consumer>: <interaction>
    Then the interaction passes verification

    Examples: the interactions in the pacts
      | consumer | interaction | states |
"""


@pytest.fixture
def mixed(project: Project) -> Project:
    """The example's project, with a pact of Web -> UserService holding HTTP and both kinds of message."""
    project.copy_example()
    for feature in (project.root / "features").rglob("*.feature"):
        feature.unlink()
    project.write("features/consumer/web.feature", WEB)
    consumed = project.behave("features/consumer")
    assert consumed.returncode == 0, consumed.output
    kinds = sorted(item["type"] for item in consumed.pact("Web-UserService.json")["interactions"])
    assert kinds == ["Asynchronous/Messages", "Synchronous/HTTP", "Synchronous/Messages"]
    project.write("steps/user_events.py", PRODUCERS)
    return project


def test_http_and_messages_of_one_pact_verify_in_one_run(mixed: Project) -> None:
    mixed.write("features/provider/users.feature", ONE_RUN)

    run = mixed.behave("features/provider")

    assert run.returncode == 0, run.output
    assert "1 scenario passed" in run.output


@pytest.mark.parametrize(
    ("broken", "failed", "said"),
    [
        ("body", "a user was created", "BodyMismatch at $.id: Expected 'two' (String) to be an integer"),
        ("metadata", "a user was created", "MetadataMismatch at topic: Expected metadata key 'topic'"),
        ("raise", "a user was created", "RuntimeError: the event bus is down"),
        ("missing", "a user lookup", "no message producer handler matches 'a user lookup'"),
    ],
)
def test_a_broken_producer_fails_exactly_its_interaction_and_says_why(
    mixed: Project, broken: str, failed: str, said: str
) -> None:
    mixed.write("features/provider/users.feature", BY_INTERACTION)

    run = mixed.behave("features/provider", "--junit", "--junit-directory", "reports", env={"BREAK": broken})

    assert run.returncode == 1
    assert "2 scenarios passed, 1 failed" in run.output, run.output
    assert said in run.output, run.output
    cases = {
        case.get("name", "").split(" -- ")[0]: case.find("failure") is not None
        for case in ElementTree.parse(next((mixed.root / "reports").glob("*.xml"))).iter("testcase")
    }
    assert cases == {
        "Web: A user who exists": False,
        "Web: a user was created": failed == "a user was created",
        "Web: a user lookup": failed == "a user lookup",
    }


def test_the_missing_producer_is_named_with_those_that_exist(mixed: Project) -> None:
    mixed.write("features/provider/users.feature", ONE_RUN)

    run = mixed.behave("features/provider", env={"BREAK": "missing"})

    assert run.returncode == 1
    assert "FAILED  Web: 'a user lookup'" in run.output
    assert "- a user was {what}" in run.output
    assert '@message_producer("a user lookup")' in run.output
    assert "PASSED  Web: 'a user was created'" in run.output


def test_a_provider_that_only_publishes_messages_needs_no_http_side(project: Project) -> None:
    project.copy_example()

    consumed = project.behave("features/consumer")
    verified = project.behave("features/provider/provider.order-events.feature")

    assert consumed.returncode == 0, consumed.output
    assert verified.returncode == 0, verified.output
    assert 'Given the provider "OrderService" only publishes messages ... passed' in verified.output
