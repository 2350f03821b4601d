"""Names are names: a consumer or provider name that would leave pact_dir is refused before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from behave_project import Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n"
GOOD = """\
Feature: good
  Scenario: Read users
    When the consumer sends a GET request to "/users"
    Then the provider responds with status 200
"""


def files_under(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("../../x/evil", "holds a path separator"),
        ("/tmp/contracts-bdd-absolute-evil", "holds a path separator"),
        ("..", "holds '..'"),
        ("C:\\\\evil", "holds a path separator"),
        ("tab\tname", "holds a control character"),
    ],
)
def test_a_hostile_name_in_a_step_is_refused_at_its_line(project: Project, name: str, problem: str) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/good.feature", GOOD)
    project.write(
        "features/consumer/evil.feature",
        f"""\
Feature: evil
  Scenario: Escape
    Given the consumer is "{name}"
    When the consumer sends a GET request to "/x"
    Then the provider responds with status 200
""",
    )
    before = files_under(project.root.parent)

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "features/consumer/evil.feature:3:" in run.output
    assert problem in run.output
    assert "nothing was run or written" in run.output
    assert files_under(project.root.parent) == before
    assert not Path("/tmp/contracts-bdd-absolute-evil-Users.json").exists()


def test_a_hostile_name_in_a_tag_stops_the_run_before_any_pair_is_written(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/good.feature", GOOD)
    project.write("features/consumer/evil.feature", "@consumer:../evil\n" + GOOD.replace("good", "evil"))

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "features/consumer/evil.feature:3:" in run.output
    assert "'../evil' cannot name the consumer" in run.output
    assert not (project.root / "pacts").exists()
    assert not (project.root / "evil-Users.json").exists()


def test_a_hostile_name_in_behave_ini_is_refused(project: Project) -> None:
    project.write("behave.ini", USERDATA.replace("consumer = Shop", "consumer = ../../Shop"))
    project.write("features/consumer/good.feature", GOOD)

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "configuration key 'consumer' is '../../Shop'; the name holds a path separator" in run.output
    assert not (project.root / "pacts").exists()
