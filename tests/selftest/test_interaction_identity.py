"""An interaction's description is what the feature says, and two declarations of one interaction never silently become one."""

from __future__ import annotations

from behave_project import Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Carts\n"

PRICED_OUTLINE = """\
Feature: Carts
  Scenario Outline: A cart priced in <currency>
    When the consumer sends a GET request to "/carts/1?currency=<currency>"
    Then the provider responds with status 200

    Examples:
      | currency |
      | EUR      |
      | USD      |
"""


def test_outline_rows_are_described_by_the_outline_name_filled_in_without_behaves_numbering(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/carts.feature", PRICED_OUTLINE.replace("/carts/1?currency=<currency>", "/carts/<currency>")
    )

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    descriptions = sorted(item["description"] for item in run.pact("Shop-Carts.json")["interactions"])
    assert descriptions == ["A cart priced in EUR", "A cart priced in USD"]


def test_outline_rows_that_would_share_a_description_are_refused_before_the_run_naming_both_rows(
    project: Project,
) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/carts.feature",
        PRICED_OUTLINE.replace("A cart priced in <currency>", "A priced cart").replace(
            "/carts/1?currency=<currency>", "/carts/<currency>"
        ),
    )

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "features/consumer/carts.feature:9:" in run.output  # the second row
    assert "features/consumer/carts.feature:8" in run.output  # the first row, named in the message
    assert "'A priced cart'" in run.output
    assert "<column> into the Scenario Outline's name" in run.output  # the fix
    assert run.pact_files() == []


def test_two_scenarios_declaring_one_interaction_differently_are_refused_naming_both(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/a.feature",
        'Feature: A\n  Scenario: Read a cart\n    When the consumer sends a GET request to "/carts/1"\n'
        "    Then the provider responds with status 200\n",
    )
    project.write(
        "features/consumer/b.feature",
        'Feature: B\n  Scenario: Read a cart\n    When the consumer sends a GET request to "/carts/1"\n'
        "    Then the provider responds with status 404\n",
    )

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "features/consumer/a.feature:2" in run.output
    assert "features/consumer/b.feature:2" in run.output
    assert "'Read a cart'" in run.output
    assert "0 scenarios passed" in run.output or "scenarios passed" not in run.output
    assert run.pact_files() == []


def test_the_same_interaction_declared_alike_twice_is_written_once(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    scenario = (
        'Feature: {name}\n  Scenario: Read a cart\n    When the consumer sends a GET request to "/carts/1"\n'
        "    Then the provider responds with status 200\n"
    )
    project.write("features/consumer/a.feature", scenario.format(name="A"))
    project.write("features/consumer/b.feature", scenario.format(name="B"))

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    assert [item["description"] for item in run.pact("Shop-Carts.json")["interactions"]] == ["Read a cart"]
