"""The command line as users walk it: init twice, check on broken steps, --version, pipes, lint's words."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from behave_project import Project
from tests_support import REPO

import contracts_bdd
from contracts_bdd.cli import COMMANDS

USERDATA = "[behave.userdata]\nconsumer = LoanDesk\nprovider = Catalogue\n"


def _fresh(project: Project) -> Project:
    for written in ("behave.ini", "environment.py", "steps/contracts.py"):
        (project.root / written).unlink()
    return project


def test_init_for_a_second_provider_keeps_the_project_green(project: Project) -> None:
    _fresh(project)
    assert project.cli("init", "--consumer", "LoanDesk", "--provider", "Catalogue").returncode == 0

    second = project.cli("init", "--consumer", "LoanDesk", "--provider", "CatalogueApi")  # the same states
    third = project.cli("init", "--consumer", "LoanDesk", "--provider", "Members")  # states of its own

    assert second.returncode == 0, second.stderr
    assert (
        "skipped steps/catalogue_api_states.py: steps/catalogue_states.py already sets up the same provider states"
        in second.stdout
    )
    assert third.returncode == 0, third.stderr
    assert "created steps/members_states.py" in third.stdout
    assert "skipped provider_stub.py: it is there already" in third.stdout  # one stub answers every provider
    run = project.behave()
    assert run.returncode == 0, run.output
    assert run.pact_files() == ["LoanDesk-Catalogue.json", "LoanDesk-CatalogueApi.json", "LoanDesk-Members.json"]


def test_a_state_registered_twice_is_one_message_naming_both_files_and_no_traceback(project: Project) -> None:
    handler = (
        'from contracts_bdd import provider_state\n\n\n@provider_state("a book exists")\ndef book_exists():\n    pass\n'
    )
    project.write("behave.ini", USERDATA)
    project.write("steps/catalogue_states.py", handler)
    project.write("steps/members_states.py", handler)
    project.write(
        "features/consumer/books.feature",
        'Feature: Books\n  Scenario: A book\n    When the consumer sends a GET request to "/books/1"\n'
        "    Then the provider responds with status 200\n",
    )

    run = project.behave("features/consumer")
    checked = project.cli("check", "features/consumer")

    assert run.returncode != 0
    assert "Traceback" not in run.output
    assert (
        "steps/members_states.py:4: the provider state 'a book exists' is registered again by book_exists, "
        "and already by book_exists at steps/catalogue_states.py:4"
    ) in run.output
    assert checked.returncode == 1
    assert checked.stdout.startswith("steps/members_states.py:4: the provider state 'a book exists'")


def test_check_on_steps_that_fail_to_import_prints_file_line_and_no_traceback(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("steps/loans.py", "import json\n\nimport library_client  # not installed\n")
    project.write(
        "features/consumer/books.feature",
        'Feature: Books\n  Scenario: A book\n    When the consumer sends a GET request to "/books/1"\n'
        "    Then the provider responds with status 200\n",
    )

    done = project.cli("check", "features/consumer")

    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "steps/loans.py:3: the steps could not be imported: ModuleNotFoundError: No module named 'library_client' "
        "(write instead: install library_client in the environment that runs behave, or fix the import)"
    ]

    project.write("steps/loans.py", "def broken(:\n    pass\n")
    syntax = project.cli("check", "features/consumer")
    assert syntax.returncode == 1
    assert syntax.stdout.startswith("steps/loans.py:1: the steps could not be imported: SyntaxError")


def test_check_lists_every_problem_of_one_docstring_each_at_its_own_line(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/books.feature",
        """\
        Feature: Books
          Scenario: A book
            When the consumer sends a GET request to "/books/1"
            Then the provider responds with status 200
            And the response has the JSON body:
              \"\"\"
              {
                "id": {{ integr(1) }},
                "title": {{
                  lik("Dune")
                }},
                "isbn": {{ regexx("978-0441013593", "\\\\d{3}-\\\\d{10}") }}
              }
              \"\"\"
        """,
    )

    done = project.cli("check", "features/consumer")

    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        "features/consumer/books.feature:8",
        "features/consumer/books.feature:10",
        "features/consumer/books.feature:12",
    ]
    assert "'lik' is not a matcher (write instead: like(" in lines[1]
    assert all(len(line) < 400 for line in lines), lines  # the closest names, not the whole vocabulary


def test_version_comes_from_the_package_metadata() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "contracts_bdd", "--version"], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == f"contracts-bdd {version('contracts-bdd')}"
    assert contracts_bdd.__version__ == version("contracts-bdd")


def test_init_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`contracts-bdd init --example | head`: the reader is gone before the first line (its end is closed)."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "contracts_bdd", "init", "--example", "."],
            cwd=tmp_path,
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        )
    finally:
        os.close(writer)
    assert "Traceback" not in done.stderr
    assert "BrokenPipeError" not in done.stderr
    assert done.returncode == 141
    assert (tmp_path / "features" / "consumer").is_dir()  # the files were written before the first line


def test_every_option_of_every_command_says_what_it_is_for() -> None:
    for command in COMMANDS:
        shown = subprocess.run(
            [sys.executable, "-m", "contracts_bdd", command, "--help"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
            env={"COLUMNS": "200", "PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        ).stdout
        options = shown.split("options:", 1)[1].splitlines()
        for index, line in enumerate(options):
            if not line.startswith("  -"):
                continue
            said = line.strip().split("  ", 1)
            following = options[index + 1] if index + 1 < len(options) else ""
            assert len(said) == 2 or following.startswith(" " * 6), f"{command}: {line.strip()} has no help"


def test_lint_takes_its_pacts_as_an_argument_and_checks_message_producers(project: Project) -> None:
    project.copy_example()
    consumer = project.behave("features/consumer")
    assert consumer.returncode == 0, consumer.output
    events = project.root / "steps" / "order_service_events.py"
    events.write_text(events.read_text().replace('@message_producer("an order was placed")', ""))  # no producer

    done = project.cli("lint", "pacts")
    older = project.cli("lint", "--pacts", "pacts")

    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 message(s) have no @message_producer producer:\n  - 'an order was placed'" in done.stdout
    assert older.stdout == done.stdout
