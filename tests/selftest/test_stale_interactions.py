"""A run narrowed by name or tag names the interactions its merge kept that no scenario declares any more.

Found by a newcomer's try (an airline's check-in app): after a scenario was renamed, `behave -n
"Checking in" features/consumer` merged the new interaction beside the old one, and the provider
went on verifying both, with nothing said. Merging stays (Pact libraries merge, and a narrowed run
never drops what it did not run); the run has read every feature, so it says which interactions in
the pact no scenario declares any more, and that the next full run drops them.
"""

from __future__ import annotations

import json

import pytest
from behave_project import Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = CheckInApp\nprovider = FlightService\n"
PACT = "pacts/CheckInApp-FlightService.json"


def _scenario(name: str, path: str, tags: str = "", state: str = "") -> str:
    return (
        (f"  {tags}\n" if tags else "")
        + f"  Scenario: {name}\n"
        + (f'    Given the provider is in the state "{state}"\n' if state else "")
        + f'    When the consumer sends a GET request to "{path}"\n'
        + "    Then the provider responds with status 200\n\n"
    )


BOOKINGS = (
    "Feature: Bookings\n\n"
    + _scenario("Checking in two passengers", "/bookings/A3/check-in", state="a booking exists")
    + _scenario("A booking that exists", "/bookings/A3", tags="@smoke")
    + _scenario("A booking's passengers", "/bookings/A3/passengers")
)
GATES = "Feature: Gates\n\n" + _scenario("The gate of a flight", "/flights/BA1/gate")


def _descriptions(project: Project) -> list[str]:
    return sorted(item["description"] for item in json.loads((project.root / PACT).read_text())["interactions"])


@pytest.fixture
def airline(project: Project) -> Project:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/bookings.feature", BOOKINGS)
    project.write("features/consumer/gates.feature", GATES)
    full = project.behave("features/consumer")
    assert full.returncode == 0, full.output
    return project


def _renamed(project: Project) -> None:
    text = BOOKINGS.replace("Checking in two passengers", "Checking in the whole party")
    project.write("features/consumer/bookings.feature", text)


def test_a_run_narrowed_by_name_names_what_no_scenario_declares_any_more(airline: Project) -> None:
    _renamed(airline)
    before = _descriptions(airline)

    run = airline.behave("-n", "Checking in", "features/consumer")

    assert run.returncode == 0, run.output
    merged = sorted({*before, "Checking in the whole party"})
    assert _descriptions(airline) == merged  # the merge is as it was: nothing dropped, nothing changed
    lines = [line for line in run.output.splitlines() if "declares any more" in line]
    assert len(lines) == 1, run.output
    assert f"{PACT} keeps 1 interaction(s) that no scenario of features/consumer declares any more" in lines[0]
    assert "'Checking in two passengers' (given \"a booking exists\")" in lines[0]
    assert "behave features/consumer" in lines[0] and "drops" in lines[0]
    for declared in ("A booking that exists", "A booking's passengers", "The gate of a flight", "whole party"):
        assert declared not in lines[0]  # declared by a scenario this run left out, or by the one it ran

    full = airline.behave("features/consumer")

    assert full.returncode == 0, full.output
    assert "Checking in two passengers" not in _descriptions(airline)
    assert "declares any more" not in full.output
    assert f"contracts-bdd: wrote {PACT}" in full.output


def test_a_run_narrowed_by_tag_names_a_deleted_scenario(airline: Project) -> None:
    airline.write("features/consumer/gates.feature", "Feature: Gates\n\n" + _scenario("Boarding", "/boarding"))

    run = airline.behave("--tags=@smoke", "features/consumer")

    assert run.returncode == 0, run.output
    assert "The gate of a flight" in _descriptions(airline)
    assert "keeps 1 interaction(s) that no scenario of features/consumer declares any more" in run.output
    assert "'The gate of a flight'" in run.output


def test_a_plain_full_run_says_nothing_more(airline: Project) -> None:
    run = airline.behave("features/consumer")

    assert run.returncode == 0, run.output
    assert "declares any more" not in run.output and "narrowed" not in run.output


def test_a_narrowed_run_with_nothing_stale_says_nothing_more(airline: Project) -> None:
    run = airline.behave("-n", "Checking in", "features/consumer")

    assert run.returncode == 0, run.output
    assert "were merged into" in run.output
    assert "declares any more" not in run.output


def test_a_run_narrowed_to_a_file_has_not_read_the_rest_and_claims_nothing(airline: Project) -> None:
    """A file or line run reads that file alone: the other files' scenarios may declare anything, so it is silent."""
    _renamed(airline)

    run = airline.behave("features/consumer/bookings.feature")

    assert run.returncode == 0, run.output
    assert "Checking in two passengers" in _descriptions(airline)
    assert "declares any more" not in run.output


def test_a_scenario_left_out_that_cannot_be_read_leaves_the_pact_unjudged(airline: Project) -> None:
    """A scenario the run left out with a mistake of its own declares nothing certain: nothing is named stale."""
    _renamed(airline)
    broken = GATES.replace("GET request", "GTE request")
    airline.write("features/consumer/gates.feature", broken)

    run = airline.behave("-n", "Checking in", "features/consumer")

    assert run.returncode == 0, run.output
    assert "'The gate of a flight'" not in run.output
    assert "could not tell which interactions" in run.output
    assert "features/consumer/gates.feature:3" in run.output


def test_the_interactions_named_are_shown_with_escape_sequences_written_out(airline: Project) -> None:
    """The description and provider states come from the pact file, which anyone may have written."""
    evil = "evil\x1b]0;T\x07\x1b[2J\nforged line\u202eX"
    pact = json.loads((airline.root / PACT).read_text())
    forged = json.loads(json.dumps(pact["interactions"][0]))
    forged["description"] = evil
    forged["providerStates"] = [{"name": "state\x1b[31m\u202eY"}]
    pact["interactions"].append(forged)
    (airline.root / PACT).write_text(json.dumps(pact))

    run = airline.behave("-n", "Checking in", "features/consumer")

    assert run.returncode == 0, run.output
    assert evil in _descriptions(airline)  # kept as the pact has it: only what is shown is written out
    lines = [line for line in run.output.splitlines() if "declares any more" in line]
    assert len(lines) == 1, ascii(run.output)
    assert (
        "'evil\\u001b]0;T\\u0007\\u001b[2J\\u000aforged line\\u202eX' (given \"state\\u001b[31m\\u202eY\")"
        in (lines[0])
    ), ascii(lines[0])
    assert not any(char in run.output for char in ("\x1b", "\x07", "\u202e")), ascii(run.output)
    assert not any(line.startswith("forged line") for line in run.output.splitlines())
