"""Spec-first messages of a whole run are checked in one verifier round, each result told at its own scenario."""

from __future__ import annotations

import re

from behave_project import ENVIRONMENT, Project

CONFIG = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Notifier\nprovider = Orders\nlog_level = INFO\n"
LOGGING = 'import logging\nlogging.basicConfig(level=logging.INFO, format="LOG %(name)s: %(message)s")\n'
GOOD = """\
  Scenario: {name}
    When the provider publishes the message "{name}"
    And the message has the JSON body:
      \"\"\"
      {{"id": {{{{ integer(1) }}}}, "item": {{{{ like("book") }}}}}}
      \"\"\"
"""
BROKEN = """\
  Scenario: {name}
    When the provider publishes the message "{name}"
    And the message has the JSON body:
      \"\"\"
      {{"code": {{{{ includes("abc", generate=random_string(size=10)) }}}}}}
      \"\"\"
"""


def logged_project(project: Project) -> Project:
    project.write("behave.ini", CONFIG)
    project.write("environment.py", LOGGING + ENVIRONMENT)
    return project


def rounds(output: str) -> list[str]:
    return re.findall(r"checked \d+ message\(s\) of \d+ scenario\(s\) .* in \d+ verifier round\(s\)", output)


def test_every_spec_first_message_is_checked_in_one_round_and_each_failure_is_told_at_its_scenario(
    project: Project,
) -> None:
    logged_project(project)
    scenarios = [
        GOOD.format(name="first placed"),
        BROKEN.format(name="first code"),
        GOOD.format(name="second placed"),
        BROKEN.format(name="second code"),
        GOOD.format(name="third placed"),
    ]
    project.write("features/consumer/events.feature", "Feature: Events\n\n" + "\n".join(scenarios))

    run = project.behave("--no-logcapture", "features/consumer")

    assert run.returncode == 1
    assert rounds(run.output) == [
        "checked 5 message(s) of 5 scenario(s) against their own rules in 1 verifier round(s)"
    ]
    assert "3 scenarios passed, 2 failed" in run.output
    for name, line in (("first code", 11), ("second code", 25)):
        assert f"the message '{name}' (declared at features/consumer/events.feature:{line}), generated from" in (
            run.output
        )
    failures = run.output.split("Failing scenarios:")[1]
    assert "events.feature:10  first code" in failures and "events.feature:24  second code" in failures
    assert "placed" not in failures
    assert run.pact_files() == []


def test_one_description_in_two_scenarios_of_other_states_is_checked_for_each(project: Project) -> None:
    logged_project(project)
    feature = (
        "Feature: Events\n\n"
        + GOOD.format(name="a code").replace(
            "  Scenario: a code\n", '  Scenario: a\n    Given the provider is in the state "one"\n'
        )
        + "\n"
        + BROKEN.format(name="a code").replace(
            "  Scenario: a code\n", '  Scenario: b\n    Given the provider is in the state "two"\n'
        )
    )
    project.write("features/consumer/events.feature", feature)

    run = project.behave("--no-logcapture", "features/consumer")

    assert run.returncode == 1
    assert rounds(run.output) == [
        "checked 2 message(s) of 2 scenario(s) against their own rules in 2 verifier round(s)"
    ]
    assert "1 scenario passed, 1 failed" in run.output
    assert "the message 'a code' (declared at features/consumer/events.feature:13)" in run.output
    assert "events.feature:11  b" in run.output.split("Failing scenarios:")[1]


def test_messages_handlers_take_and_steps_take_are_never_checked_against_their_rules(project: Project) -> None:
    logged_project(project)
    feature = (
        "Feature: Events\n\n"
        + GOOD.format(name="checked")
        + "\n"
        + BROKEN.format(name="handled")
        + "\n"
        + BROKEN.format(name="taken")
        + "    Then the notifier handles the message\n"
    )
    project.write("features/consumer/events.feature", feature)
    project.write(
        "steps/notifier.py",
        """\
        from behave import then

        from contracts_bdd import message_consumer


        @message_consumer("handled")
        def handle(message):
            assert len(message.json()["code"]) == 10


        @then("the notifier handles the message")
        def handles(context):
            assert len(context.contracts.message.json()["code"]) == 10
        """,
    )

    run = project.behave("--no-logcapture", "features/consumer")

    assert run.returncode == 0, run.output
    # The step's scenario was still to run when the check ran: its message was checked, and its result dropped.
    assert rounds(run.output) == [
        "checked 2 message(s) of 2 scenario(s) against their own rules in 1 verifier round(s)"
    ]
    assert [item["description"] for item in run.pact("Notifier-Orders.json")["interactions"]] == [
        "checked",
        "handled",
        "taken",
    ]


def test_a_run_of_two_consumers_of_one_provider_with_one_description_checks_each_its_own(project: Project) -> None:
    logged_project(project)
    good = "@consumer:Billing\nFeature: Billing\n\n" + GOOD.format(name="an order was placed")
    broken = "@consumer:Notifier\nFeature: Notifier\n\n" + BROKEN.format(name="an order was placed")
    project.write("features/consumer/billing.feature", good)
    project.write("features/consumer/notifier.feature", broken)

    run = project.behave("--no-logcapture", "features/consumer")

    assert run.returncode == 1
    assert rounds(run.output) == [
        "checked 2 message(s) of 2 scenario(s) against their own rules in 2 verifier round(s)"
    ]
    assert "1 scenario passed, 1 failed" in run.output
    assert "features/consumer/notifier.feature:5" in run.output
    assert run.pact_files() == ["Billing-Orders.json"]
