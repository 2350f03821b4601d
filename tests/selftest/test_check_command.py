"""`contracts-bdd check`: the pre-flight alone, one `file:line: message` line per problem, nothing started."""

from __future__ import annotations

import re

import pytest
from behave_project import Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Carts\n"
LINE = re.compile(r"^[^:\n]+\.feature:\d+: \S.*$")


def test_each_problem_is_one_file_line_message_line_and_nothing_runs(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/carts.feature",
        "Feature: Carts\n  Scenario: Misspelt\n"
        '    When the consumer send a GET request to "/carts/1"\n    Then the provider responds with status 200\n'
        "  Scenario: Bad JSON\n"
        '    When the consumer sends a GET request to "/carts/2"\n    Then the provider responds with status 200\n'
        '    And the response has the JSON body:\n      """\n      {"id": 1,}\n      """\n',
    )

    checked = project.cli("check", "features/consumer")

    assert checked.returncode == 1, checked.stderr
    lines = checked.stdout.splitlines()
    assert len(lines) == 2 and all(LINE.match(line) for line in lines), checked.stdout
    assert lines[0].startswith("features/consumer/carts.feature:3: 'When the consumer send a GET request")
    assert '(write instead: When the consumer sends a GET request to "/carts/1")' in lines[0]
    assert lines[1].startswith("features/consumer/carts.feature:10: the JSON body is malformed")
    assert "2 problem(s) in 2 scenarios" in checked.stderr
    assert not (project.root / "pacts").exists()


def test_a_clean_project_passes_and_tags_select_as_behave_does(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/carts.feature",
        "Feature: Carts\n  Scenario: Fine\n"
        '    When the consumer sends a GET request to "/carts/1"\n    Then the provider responds with status 200\n'
        "  @wip\n  Scenario: Not yet\n"
        '    When the consumer send a GET request to "/carts/2"\n    Then the provider responds with status 200\n',
    )

    checked = project.cli("check", "features/consumer", "--tags=not @wip")

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout == ""
    assert "1 scenario, no problems" in checked.stderr


TAGGED = (
    "@consumer:Shop\nFeature: Carts\n  @smoke\n  Scenario: Fine\n"
    '    When the consumer sends a GET request to "/carts/1"\n    Then the provider responds with status 200\n'
    "  @slow @nightly\n  Scenario: Later\n"
    '    When the consumer sends a GET request to "/carts/2"\n    Then the provider responds with status 200\n'
)


@pytest.mark.parametrize("tags", ["@nonexistent", "@smok", "@smoke and @nightly"])
def test_a_check_whose_tags_select_no_scenario_fails_and_lists_the_tags_the_features_use(
    project: Project, tags: str
) -> None:
    """A gate with a mistyped tag checks nothing: it fails, where it said '0 scenarios, no problems'."""
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/carts.feature", TAGGED)

    checked = project.cli("check", f"--tags={tags}", "features/consumer")

    assert checked.returncode == 1, checked.stderr
    assert "no problems" not in checked.stderr
    said = checked.stderr
    assert f'--tags "{tags}" selected none of the 2 scenarios in features/consumer' in said, said
    listed = said.split("the tags the features use", 1)[1]
    assert all(tag in listed for tag in ("@smoke", "@slow", "@nightly", "@consumer:Shop")), said
    if tags == "@smok":
        assert listed.index("@smoke") < min(listed.index(tag) for tag in ("@slow", "@nightly", "@consumer:Shop"))
    assert "Traceback" not in said


def test_a_check_whose_name_selects_no_scenario_fails_and_names_the_closest_scenarios(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/carts.feature", TAGGED)

    checked = project.cli("check", "-n", "Fien", "features/consumer")

    assert checked.returncode == 1, checked.stderr
    assert '-n "Fien" selected none of the 2 scenarios in features/consumer' in checked.stderr, checked.stderr
    assert "the closest scenario names: 'Fine'" in checked.stderr, checked.stderr
    assert project.cli("check", "-n", "Fine", "features/consumer").returncode == 0


def test_a_check_of_behave_ini_tags_that_select_nothing_fails_too(project: Project) -> None:
    project.write(
        "behave.ini", USERDATA.replace("show_timings = false\n", "show_timings = false\ndefault_tags = @wip\n")
    )
    project.write("features/consumer/carts.feature", TAGGED)

    checked = project.cli("check", "features/consumer")

    assert checked.returncode == 1, checked.stderr
    assert "the tags of behave.ini (@wip) selected none of the 2 scenarios" in checked.stderr, checked.stderr


@pytest.mark.parametrize("layout", ["nothing anywhere", "features elsewhere"])
def test_a_check_of_a_folder_with_no_feature_file_fails_saying_so(project: Project, layout: str) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/README.md", "Contracts go here.\n")
    if layout == "features elsewhere":
        project.write("features/provider/carts.feature", TAGGED)

    checked = project.cli("check", "features/consumer")

    assert checked.returncode == 1, checked.stderr
    assert "Traceback" not in checked.stderr
    assert "no feature file in features/consumer" in checked.stderr, checked.stderr


def test_a_check_of_a_path_that_does_not_exist_says_so_with_no_traceback(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/carts.feature", TAGGED)

    checked = project.cli("check", "features/consumr")

    assert checked.returncode != 0, checked.stderr
    assert "Traceback" not in checked.stderr
    assert "features/consumr" in checked.stderr and "does not exist" in checked.stderr, checked.stderr
