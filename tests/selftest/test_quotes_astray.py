"""Lines whose quotes go astray get a hint that is the line itself, its quotes put right.

Found by a newcomer's try (an airline's check-in app reading flight bookings): a value in plain
single quotes (`'a flight exists'`) got the generic "matches no step ... a step of the vocabulary",
and a doubled quote (`""/bookings/A3"`) got the hint `"/"/bookings/A3"`. Curly quotes were already
recognised; these are the other ways a value's quotes are written wrong.
"""

from __future__ import annotations

import subprocess

import pytest
from behave_project import Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = CheckInApp\nprovider = FlightService\n"
FEATURE = "features/consumer/flights.feature"
REQUEST = (
    '    When the consumer sends a GET request to "/flights/BA1"\n    Then the provider responds with status 200\n'
)


def _check(project: Project, scenario_lines: str) -> subprocess.CompletedProcess[str]:
    project.write("behave.ini", USERDATA)
    (project.root / FEATURE).parent.mkdir(parents=True, exist_ok=True)
    (project.root / FEATURE).write_text("Feature: Flights\n  Scenario: A flight\n" + scenario_lines)
    return project.cli("check", "features/consumer")


def _hint(checked: subprocess.CompletedProcess[str]) -> str:
    lines = checked.stdout.splitlines()
    assert len(lines) == 1, checked.stdout
    assert "(write instead: " in lines[0], lines[0]
    return lines[0].split("(write instead: ", 1)[1].removesuffix(")")


def _fixed_passes(project: Project, written: str, hint: str) -> None:
    """What the hint offers, put in place of the line, passes the check: the hint is a step, not a guess."""
    text = (project.root / FEATURE).read_text()
    keyword, _ = hint.split(" ", 1)
    (project.root / FEATURE).write_text(text.replace(f"{keyword} {written}", hint))
    fixed = project.cli("check", "features/consumer")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("the provider is in the state 'a flight exists'", 'the provider is in the state "a flight exists"'),
        (  # single curly quotes, as a word processor writes them
            "the provider is in the state \u2018a flight exists\u2019",
            'the provider is in the state "a flight exists"',
        ),
        (  # an apostrophe inside the value stays in it
            "the provider is in the state 'the pilot's flight exists'",
            'the provider is in the state "the pilot\'s flight exists"',
        ),
    ],
)
def test_a_value_in_single_quotes_is_told_values_go_in_double_quotes(
    project: Project, written: str, meant: str
) -> None:
    checked = _check(project, f"    Given {written}\n" + REQUEST)

    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert checked.stdout.startswith(f"{FEATURE}:3: "), checked.stdout
    assert "values go in double quotes" in checked.stdout
    assert "a step of the vocabulary" not in checked.stdout
    hint = _hint(checked)
    assert hint == f"Given {meant}", hint
    _fixed_passes(project, written, hint)


def test_a_request_path_in_single_quotes_keeps_the_lines_method(project: Project) -> None:
    checked = _check(
        project,
        "    When the consumer sends a POST request to '/bookings/A3/check-in'\n"
        "    Then the provider responds with status 201\n",
    )

    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert _hint(checked) == 'When the consumer sends a POST request to "/bookings/A3/check-in"'


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ('the consumer sends a GET request to ""/bookings/A3"', 'the consumer sends a GET request to "/bookings/A3"'),
        ('the consumer sends a GET request to "/bookings/A3""', 'the consumer sends a GET request to "/bookings/A3"'),
        ('the consumer sends a GET request to "/bookings/A3', 'the consumer sends a GET request to "/bookings/A3"'),
        ('the consumer sends a GET request to /bookings/A3"', 'the consumer sends a GET request to "/bookings/A3"'),
    ],
)
def test_a_stray_or_missing_double_quote_is_shown_put_right(project: Project, written: str, meant: str) -> None:
    checked = _check(project, f"    When {written}\n    Then the provider responds with status 200\n")

    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert checked.stdout.startswith(f"{FEATURE}:3: "), checked.stdout
    assert "quote" in checked.stdout.split("(write instead:")[0]
    hint = _hint(checked)
    assert hint == f"When {meant}", hint
    _fixed_passes(project, written, hint)


def test_the_newcomers_doubled_quote_is_shown_removed_and_nothing_else_changed(project: Project) -> None:
    """The newcomer's own line: the hint is the line with its stray quote removed (a lower-case method is read)."""
    checked = _check(
        project,
        '    When the consumer sends a get request to ""/bookings/A3"\n    Then the provider responds with status 200\n',
    )

    assert checked.returncode == 1, checked.stdout + checked.stderr
    hint = _hint(checked)
    assert hint == 'When the consumer sends a get request to "/bookings/A3"', hint
    assert '"/"' not in checked.stdout
    _fixed_passes(project, 'the consumer sends a get request to ""/bookings/A3"', hint)


def test_quotes_astray_are_named_in_a_run_too_before_anything_runs(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/flights.feature",
        "Feature: Flights\n  Scenario: A flight\n    Given the provider is in the state 'a flight exists'\n" + REQUEST,
    )

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "values go in double quotes" in run.output
    assert 'Given the provider is in the state "a flight exists"' in run.output
    assert not (project.root / "pacts").exists()


def test_single_quotes_a_step_reads_as_written_are_no_problem(project: Project) -> None:
    """A value in single quotes inside a double-quoted one is the user's text, and an apostrophe is a word's."""
    checked = _check(
        project,
        "    Given the provider is in the state \"the pilot's 'special' flight exists\"\n" + REQUEST,
    )

    assert checked.returncode == 0, checked.stdout + checked.stderr
