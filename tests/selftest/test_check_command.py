"""`contracts-bdd check`: the pre-flight alone, one `file:line: message` line per problem, nothing started."""

from __future__ import annotations

import re
import subprocess
import sys

from behave_project import Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Carts\n"
LINE = re.compile(r"^[^:\n]+\.feature:\d+: \S.*$")


def _check(project: Project, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "contracts_bdd", "check", *arguments],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=project.environment(),
    )


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

    checked = _check(project, "features/consumer")

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

    checked = _check(project, "features/consumer", "--tags=not @wip")

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout == ""
    assert "1 scenario, no problems" in checked.stderr
