"""`behave` with no path argument, as a new user types it: both sides in one run, green."""

from __future__ import annotations

import json

from behave_project import Project


def test_plain_behave_runs_an_init_project_green_from_a_fresh_folder(project: Project) -> None:
    for written in ("behave.ini", "environment.py", "steps/contracts.py"):
        (project.root / written).unlink()  # init writes its own
    made = project.cli("init", "--consumer", "LoanDesk", "--provider", "Catalogue")
    assert made.returncode == 0, made.stderr

    run = project.behave()

    assert run.returncode == 0, run.output
    assert "the feature file has no scenario" not in run.output
    assert "2 features passed, 0 failed" in run.output
    assert run.pact_files() == ["LoanDesk-Catalogue.json"]  # written before the provider feature verified it


def test_plain_behave_runs_the_example_green_from_a_fresh_clone(project: Project) -> None:
    project.copy_example()

    run = project.behave()

    assert run.returncode == 0, run.output
    assert "0 failed" in run.output
    assert "OrderService: A user who exists" in run.output  # the outline filled from the pact this run wrote
    pact = json.loads((project.root / "pacts" / "OrderService-UserService.json").read_text())
    assert len(pact["interactions"]) >= 2


def test_plain_behave_still_names_an_empty_feature_file_at_its_relative_path(project: Project) -> None:
    project.write("behave.ini", "[behave.userdata]\nconsumer = LoanDesk\nprovider = Catalogue\n")
    project.write(
        "features/consumer/holds.feature",
        'Feature: Holds\n  Scenario: A hold\n    When the consumer sends a GET request to "/holds/1"\n'
        "    Then the provider responds with status 200\n",
    )
    project.write("features/consumer/empty.feature", "Feature: Nothing yet\n")

    run = project.behave()

    assert run.returncode != 0
    assert "features/consumer/empty.feature:1: the feature file has no scenario" in run.output
    assert "holds.feature:1: the feature file has no scenario" not in run.output
