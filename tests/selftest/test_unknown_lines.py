"""A line that is no step is the first diagnosis, at its own line, with the step that was meant."""

from __future__ import annotations

from behave_project import Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Carts\n"

MISTAKES = """\
Feature: Carts
  Scenario: Misspelt
    When the consumer send a GET request to "/users/1"
    Then the provider responds with status 200

  Scenario: Curly quotes
    When the consumer sends a GET request to \u201c/carts/1\u201d
    Then the provider responds with status 200

  Scenario: A misspelt body step
    When the consumer sends a GET request to "/carts/1"
    Then the provider responds with status 200
    And the respons has the json body:
      \"\"\"
      {}
      \"\"\"
"""

MORE = """\
Feature: More carts
  Scenario: Status misspelt
    When the consumer sends a GET request to "/carts/2"
    Then the provider respond with status 404
"""


def test_every_unknown_line_is_named_at_its_line_with_the_step_meant(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/carts.feature", MISTAKES)
    project.write("features/consumer/more.feature", MORE)

    run = project.behave("features/consumer")

    assert run.returncode == 1
    assert "contracts-bdd found 4 problems in 2 feature files; nothing was run or written" in run.output
    assert (
        "features/consumer/carts.feature:3: 'When the consumer send a GET request to \"/users/1\"' is not a step "
        'contracts-bdd knows\n    Write instead: When the consumer sends a GET request to "/users/1"'
    ) in run.output
    assert "carts.feature:7: the line uses typographic quotes" in run.output
    assert 'Write instead: When the consumer sends a GET request to "/carts/1"' in run.output
    assert "carts.feature:13: 'And the respons has the json body:' is not a step" in run.output
    assert "Write instead: And the response has the JSON body:" in run.output
    assert "more.feature:4: 'Then the provider respond with status 404' is not a step" in run.output
    assert "Write instead: Then the provider responds with status 404" in run.output
    assert "comes before any request" not in run.output  # no misleading follow-on diagnosis
    assert run.output.index("carts.feature:13") < run.output.index("more.feature:4")  # grouped by file
    assert "By user" not in run.output
    assert "contracts-bdd: no scenario ran, because of the problem(s) listed at the top" in run.output
    assert run.pact_files() == []


def test_a_line_like_none_of_ours_gets_behaves_own_report(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/own.feature",
        "Feature: Own\n  Scenario: Own step\n    When I log in as the admin\n"
        '    And the consumer sends a GET request to "/carts/1"\n    Then the provider responds with status 200\n',
    )

    run = project.behave("features/consumer")

    assert run.returncode == 1
    assert "is not a step contracts-bdd knows" not in run.output
    assert "You can implement step definitions for undefined steps with these snippets" in run.output
    assert "I log in as the admin" in run.output
