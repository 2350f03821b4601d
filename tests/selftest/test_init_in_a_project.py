"""`contracts-bdd init` in a project that is set up already: CI recipes named from behave.ini, no sample back.

A newcomer's CheckInApp, reading FlightService, ran `init --ci github` weeks after `init` had made the
project and they had replaced its samples: init wrote a MyConsumer/MyProvider sample beside theirs and
workflows for MyConsumer, and the next run wrote pacts/MyConsumer-MyProvider.json for CI to publish.
"""

from __future__ import annotations

from pathlib import Path

from behave_project import Project
from tests_support import REPO

PAIR = ("--consumer", "CheckInApp", "--provider", "FlightService")
OWN_FEATURE = """\
@consumer:CheckInApp @provider:FlightService
Feature: What the check-in app needs from the flight service

  Scenario: A flight that boards soon
    Given the provider is in the state "a flight with id 7 exists"
    When the consumer sends a GET request to "/flights/7"
    Then the provider responds with status 200
"""
CI_FILES = {
    ".github/workflows/contracts-consumer.yml",
    ".github/workflows/contracts-provider.yml",
    ".github/workflows/contracts-verify-changed-pact.yml",
    "requirements-contracts.txt",
}


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def _set_up(project: Project) -> Project:
    """The project `init` made, whose sample consumer feature its team replaced with their own."""
    for written in ("behave.ini", "environment.py", "steps/contracts.py"):
        (project.root / written).unlink()
    made = project.cli("init", *PAIR)
    assert made.returncode == 0, made.stderr
    (project.root / "features/consumer/flight-service.feature").unlink()
    project.write("features/consumer/bookings.feature", OWN_FEATURE)
    return project


def test_init_ci_in_a_set_up_project_adds_only_the_recipes_named_as_behave_ini_names_the_pair(
    project: Project,
) -> None:
    before = _files(_set_up(project).root)

    added = project.cli("init", "--ci", "github")

    assert added.returncode == 0, added.stderr
    created = {line.removeprefix("created ") for line in added.stdout.splitlines() if line.startswith("created ")}
    assert created == CI_FILES
    after = _files(project.root)
    assert set(after) - set(before) == CI_FILES
    assert all(after[path] == text for path, text in before.items())  # nothing else touched
    workflow = after[".github/workflows/contracts-consumer.yml"].decode()
    assert 'CONSUMER: "CheckInApp"' in workflow
    assert not any(b"MyConsumer" in text or b"MyProvider" in text for text in after.values())
    run = project.behave("features/consumer")
    assert run.returncode == 0, run.output
    assert run.pact_files() == ["CheckInApp-FlightService.json"]
    pact = run.pact("CheckInApp-FlightService.json")
    assert [item["description"] for item in pact["interactions"]] == ["A flight that boards soon"]


def test_init_ci_with_the_projects_own_names_brings_no_deleted_sample_back(project: Project) -> None:
    before = _files(_set_up(project).root)

    added = project.cli("init", *PAIR, "--ci", "gitlab")

    assert added.returncode == 0, added.stderr
    new = set(_files(project.root)) - set(before)
    assert new == {
        ".gitlab-ci.yml",
        "ci/contracts-consumer.gitlab-ci.yml",
        "ci/contracts-provider.gitlab-ci.yml",
        "requirements-contracts.txt",
    }
    assert not (project.root / "features/consumer/flight-service.feature").exists()


def test_init_ci_with_names_behave_ini_does_not_hold_refuses_naming_both_and_writes_nothing(project: Project) -> None:
    before = _files(_set_up(project).root)

    refused = project.cli("init", "--ci", "github", "--consumer", "CheckInApp", "--provider", "FlightSvc")

    assert refused.returncode != 0
    assert "Traceback" not in refused.stderr
    message = refused.stderr
    assert "behave.ini" in message
    assert "'FlightService'" in message
    assert "'FlightSvc'" in message
    assert _files(project.root) == before
    guide = (REPO / "docs" / "broker-and-ci.md").read_text()
    assert message.strip() in guide  # the refusal the CI guide shows is the one init prints


def test_init_twice_without_ci_brings_no_deleted_sample_back_and_writes_no_default_pair(project: Project) -> None:
    before = _files(_set_up(project).root)

    same = project.cli("init", *PAIR)
    bare = project.cli("init")

    for again in (same, bare):
        assert again.returncode == 0, again.stderr
        assert "created" not in again.stdout
        assert "behave.ini" in again.stdout
        assert "CheckInApp" in again.stdout
    assert _files(project.root) == before


def test_init_ci_in_a_behave_project_that_names_no_pair_asks_for_the_names(project: Project) -> None:
    before = _files(project.root)  # behave.ini with no [behave.userdata]

    refused = project.cli("init", "--ci", "github")

    assert refused.returncode != 0
    assert "--consumer" in refused.stderr
    assert "[behave.userdata]" in refused.stderr
    assert _files(project.root) == before
