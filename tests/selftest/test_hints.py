"""Hints that fit what was written, never loosen a rule, and put the cause first."""

from __future__ import annotations

import pytest
from behave_project import Project

USERDATA = "[behave.userdata]\nconsumer = LoanDesk\nprovider = Catalogue\n"


def _body(project: Project, body: str) -> str:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/books.feature",
        'Feature: Books\n  Scenario: A book\n    When the consumer sends a GET request to "/books/1"\n'
        '    Then the provider responds with status 200\n    And the response has the JSON body:\n      """\n'
        f'      {body}\n      """\n',
    )
    done = project.cli("check", "features/consumer")
    assert done.returncode == 1, done.stdout + done.stderr
    return done.stdout


def test_a_regex_that_misses_its_example_points_at_the_example_and_offers_no_looser_pattern(project: Project) -> None:
    said = _body(project, '{"isbn": {{ regex("978-3-16-148410-0", "^97[89]-\\\\d{10}$") }}}')

    assert "the pattern takes '978-3', then cannot take '-' (character 6)" in said
    assert "regex(" not in said.split("write instead:")[1]  # no replacement pattern to paste
    assert "\\\\d{3}" not in said and "\\d{3}-" not in said


@pytest.mark.parametrize(
    ("example", "fitting"),
    [
        ("2024-05-01T10:00:00Z", "yyyy-MM-dd'T'HH:mm:ssXXX"),
        ("2024-05-01T10:00:00+02:00", "yyyy-MM-dd'T'HH:mm:ssXXX"),
        ("2024-05-01T10:00:00.250-05:30", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"),
        ("2024-05-01T10:00:00+0200", "yyyy-MM-dd'T'HH:mm:ssXX"),
        ("2024-05-01 10:00", "yyyy-MM-dd HH:mm"),
    ],
)
def test_a_timestamp_gets_the_format_it_is_written_in_and_that_format_runs(
    project: Project, example: str, fitting: str
) -> None:
    said = _body(project, f'{{"due": {{{{ datetime("{example}") }}}}}}')

    offered = f'datetime("{example}", format="{fitting}")'
    assert f"(write instead: {offered})" in said
    project.write(
        "features/consumer/books.feature",
        (project.root / "features/consumer/books.feature").read_text().replace(f'datetime("{example}")', offered),
    )
    run = project.behave("features/consumer")
    assert run.returncode == 0, run.output  # pact-ffi takes the offered format with that example


def test_a_message_with_no_producer_says_so_before_what_the_verifier_saw(project: Project) -> None:
    project.copy_example()
    assert project.behave("features/consumer").returncode == 0
    events = project.root / "steps" / "order_service_events.py"
    events.write_text(events.read_text().replace('@message_producer("an order was placed")', ""))

    run = project.behave("features/provider/provider.order-events.feature")

    assert run.returncode != 0
    cause = run.output.index("no message producer handler matches 'an order was placed'")
    first_mismatch = min(
        run.output.index(marker) for marker in ("Mismatch", "mismatch", "expected") if marker in run.output
    )
    assert cause < first_mismatch, run.output
