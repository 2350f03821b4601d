"""`behave` with no path argument, as a new user types it: both sides in one run, green."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from behave_project import Project
from tests_support import REPO


def _init(project: Project) -> None:
    """`contracts-bdd init` for LoanDesk and Catalogue, in a project folder as a user starts one."""
    for written in ("behave.ini", "environment.py", "steps/contracts.py"):
        (project.root / written).unlink()  # init writes its own
    made = project.cli("init", "--consumer", "LoanDesk", "--provider", "Catalogue")
    assert made.returncode == 0, made.stderr


def test_plain_behave_runs_an_init_project_green_from_a_fresh_folder(project: Project) -> None:
    _init(project)

    run = project.behave()

    assert run.returncode == 0, run.output
    assert "the feature file has no scenario" not in run.output
    assert "2 features passed, 0 failed" in run.output
    assert run.pact_files() == ["LoanDesk-Catalogue.json"]  # written before the provider feature verified it


OUTLINE_ONLY = """\
Feature: Catalogue, one scenario per interaction
  Background:
    Given the provider "Catalogue" is started with "{python} provider_stub.py --port {port}"

  Scenario Outline: <consumer>: <interaction>
    Then the interaction passes verification

    Examples: the interactions in the pacts
      | consumer | interaction | states |
"""


def test_plain_behave_verifies_a_provider_whose_only_feature_is_the_one_scenario_per_interaction_outline(
    project: Project,
) -> None:
    """The outline is filled from the pact this run writes, though no plain scenario names the provider."""
    _init(project)
    for feature in (project.root / "features" / "provider").glob("*.feature"):
        feature.unlink()
    project.write("features/provider/catalogue.feature", OUTLINE_ONLY)
    consumer = next((project.root / "features" / "consumer").glob("*.feature")).read_text()
    scenarios = [
        line.split(":", 1)[1].strip() for line in consumer.splitlines() if line.strip().startswith("Scenario:")
    ]

    run = project.behave()

    assert run.returncode == 0, run.output
    assert len(scenarios) >= 2
    for name in scenarios:
        assert f"LoanDesk: {name}" in run.output, run.output
    assert f"{2 * len(scenarios)} scenarios passed, 0 failed" in run.output, run.output

    one = project.behave("-n", scenarios[-1])  # by name, no path: both sides of that one interaction

    assert one.returncode == 0, one.output
    assert f"LoanDesk: {scenarios[-1]}" in one.output, one.output
    assert "2 scenarios passed, 0 failed" in one.output, one.output


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


def test_plain_behave_runs_green_in_a_whole_clone_of_this_repository(tmp_path: Path) -> None:
    """A fresh clone holds more feature files than the example's (tests/interop, the compatibility suite's link).

    behave with no path walks the whole tree from where environment.py is; behave.ini's `paths`
    keeps it to the example's features/.
    """
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True, text=True
    ).stdout.split("\0")
    clone = tmp_path / "clone"
    clone_project = Project(clone)  # its own files are replaced by the clone's below
    for name in filter(None, tracked):
        source, target = REPO / name, clone / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        elif source.is_file():
            shutil.copy(source, target)
    shared = REPO.parent / "shared"
    if shared.is_dir():
        (tmp_path / "shared").symlink_to(shared)  # as on CI: ../shared beside the clone

    run = clone_project.behave()

    assert run.returncode == 0, run.output
    assert "5 features passed, 0 failed" in run.output
    assert "tests/" not in run.output


def test_hooks_imported_late_are_named_when_nothing_imported_them_before_the_features_were_read(
    project: Project,
) -> None:
    """The pre-flight reads the features behave parsed for the run, as its parser hands them over; when neither
    the hooks nor the steps were imported before behave parsed them, the run says how to wire it, not nothing."""
    project.write(
        "environment.py",
        """\
        def before_all(context):
            from contracts_bdd import hooks
            hooks.before_all(context)
        """,
    )
    project.write(
        "steps/contracts.py", "from behave import given\n\n@given('nothing')\ndef nothing(context):\n    pass\n"
    )
    project.write("features/consumer/users.feature", "Feature: F\n  Scenario: S\n    Given nothing\n")

    run = project.behave("features/consumer")

    assert run.returncode != 0, run.output
    assert "import the hooks at the top of environment.py" in run.output


def test_hooks_imported_in_before_all_still_see_the_features_when_the_steps_import_the_vocabulary(
    project: Project,
) -> None:
    project.write(
        "environment.py",
        """\
        def before_all(context):
            from contracts_bdd import hooks
            hooks.before_all(context)

        def before_scenario(context, scenario):
            from contracts_bdd import hooks
            hooks.before_scenario(context, scenario)

        def before_step(context, step):
            from contracts_bdd import hooks
            hooks.before_step(context, step)

        def after_scenario(context, scenario):
            from contracts_bdd import hooks
            hooks.after_scenario(context, scenario)

        def after_all(context):
            from contracts_bdd import hooks
            hooks.after_all(context)
        """,
    )
    project.write(
        "behave.ini", "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n"
    )
    project.write(
        "features/consumer/users.feature",
        """\
        Feature: Shop reads users
          Scenario: Read a user
            When the consumer sends a GET request to "/users/1"
            Then the provider responds with status 200
        """,
    )

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    assert run.pact_files() == ["Shop-Users.json"]
