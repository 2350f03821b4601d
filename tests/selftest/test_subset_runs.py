"""Plain `behave`, and runs narrowed by name, tag, file, line or pattern: no pact loses what was not run."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from behave_project import Project
from broker_support import FakeBroker, index

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = LoanDesk\nprovider = Catalogue\n"


def _scenario(name: str, path: str, status: int = 200, tags: str = "") -> str:
    tagline = f"  {tags}\n" if tags else ""
    return (
        f"{tagline}  Scenario: {name}\n"
        f'    When the consumer sends a GET request to "{path}"\n'
        f"    Then the provider responds with status {status}\n\n"
    )


HOLDS = (
    "Feature: Holds\n\n"
    + _scenario("Place a hold", "/holds/1")
    + _scenario("Cancel a hold", "/holds/2", tags="@smoke")
    + _scenario("List holds", "/holds")
)
BOOKS = "Feature: Books\n\n" + _scenario("A book", "/books/1") + _scenario("No such book", "/books/9", 404)
EVERY = ["A book", "Cancel a hold", "List holds", "No such book", "Place a hold"]


def _with_behave_option(line: str) -> str:
    """The project's behave.ini with one more line in its [behave] section."""
    return USERDATA.replace("show_timings = false\n", f"show_timings = false\n{line}\n")


def _descriptions(project: Project) -> list[str]:
    pact = json.loads((project.root / "pacts" / "LoanDesk-Catalogue.json").read_text())
    return sorted(item["description"] for item in pact["interactions"])


def _status_of(project: Project, description: str) -> int:
    pact = json.loads((project.root / "pacts" / "LoanDesk-Catalogue.json").read_text())
    return int(next(item for item in pact["interactions"] if item["description"] == description)["response"]["status"])


@pytest.fixture
def library(project: Project) -> Project:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/holds.feature", HOLDS)
    project.write("features/consumer/books.feature", BOOKS)
    full = project.behave("features/consumer")
    assert full.returncode == 0, full.output
    assert _descriptions(project) == EVERY
    return project


HOLD_201 = HOLDS.replace(
    '"/holds/1"\n    Then the provider responds with status 200',
    '"/holds/1"\n    Then the provider responds with status 201',
)
ALL_HOLDS = 3


@pytest.mark.parametrize(
    ("arguments", "said", "ran"),
    [
        (["-n", "Place a hold", "features/consumer"], 'by name: -n "Place a hold"', 1),
        (["--tags=@smoke", "features/consumer"], 'by tags: --tags "@smoke"', 1),
        (["features/consumer/holds.feature"], "by feature file: features/consumer/holds.feature", ALL_HOLDS),
        (["features/consumer/holds.feature:3"], "by line: features/consumer/holds.feature:3", 1),
        (["-i", "holds", "features/consumer"], 'by file pattern: -i "holds"', ALL_HOLDS),
        (["-e", "books", "features/consumer"], 'by file pattern: -e "books"', ALL_HOLDS),
    ],
)
def test_a_narrowed_run_merges_what_it_ran_and_keeps_the_rest(
    library: Project, arguments: list[str], said: str, ran: int
) -> None:
    library.write("features/consumer/holds.feature", HOLD_201)

    run = library.behave(*arguments)

    assert run.returncode == 0, run.output
    assert _descriptions(library) == EVERY
    assert (
        f"this run was narrowed ({said}), so the {ran} interaction(s) it ran were merged into "
        f"pacts/LoanDesk-Catalogue.json; the {len(EVERY) - ran} other(s) there were kept as they were"
    ) in run.output
    placed = "--tags=@smoke" not in arguments
    assert _status_of(library, "Place a hold") == (201 if placed else 200)  # what ran replaced its own interaction


def test_a_full_run_writes_exactly_what_it_declares(library: Project) -> None:
    library.write("features/consumer/holds.feature", "Feature: Holds\n\n" + _scenario("Place a hold", "/holds/1"))

    run = library.behave("features/consumer")

    assert run.returncode == 0, run.output
    assert _descriptions(library) == ["A book", "No such book", "Place a hold"]
    assert "narrowed" not in run.output


def test_default_tags_of_behave_ini_are_the_project_s_full_run(library: Project) -> None:
    library.write("behave.ini", _with_behave_option("default_tags = not @smoke"))

    run = library.behave("features/consumer")

    assert run.returncode == 0, run.output
    assert "Cancel a hold" not in _descriptions(library)
    assert "narrowed" not in run.output


def test_file_patterns_of_behave_ini_are_the_project_s_full_run(library: Project) -> None:
    """As with its tags: `exclude_re` in behave.ini says which files the project's full run leaves out."""
    library.write("behave.ini", _with_behave_option("exclude_re = books"))

    run = library.behave("features/consumer")

    assert run.returncode == 0, run.output
    assert _descriptions(library) == ["Cancel a hold", "List holds", "Place a hold"]
    assert "narrowed" not in run.output


def test_a_file_pattern_on_the_command_line_narrows_even_beside_one_in_behave_ini(library: Project) -> None:
    library.write("behave.ini", _with_behave_option("exclude_re = nothing"))

    run = library.behave("-e", "books", "features/consumer")

    assert run.returncode == 0, run.output
    assert _descriptions(library) == EVERY
    assert 'narrowed (by file pattern: -e "books")' in run.output


def test_a_narrowed_run_with_no_pact_yet_says_it_holds_only_what_ran(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/holds.feature", HOLDS)

    run = project.behave("-n", "List holds", "features/consumer")

    assert run.returncode == 0, run.output
    assert _descriptions(project) == ["List holds"]
    assert "pacts/LoanDesk-Catalogue.json holds only the 1 interaction(s) it ran" in run.output


def test_a_run_stopped_at_a_failure_keeps_the_interactions_it_never_reached(library: Project) -> None:
    library.write(
        "steps/fail.py",
        "from behave import when\n@when('the desk fails')\ndef _(c):\n    raise AssertionError('boom')\n",
    )
    library.write(
        "features/consumer/c-fails.feature",
        "@provider:Other\nFeature: first\n  Scenario: Fails\n"
        '    When the consumer sends a GET request to "/x"\n    Then the provider responds with status 200\n'
        "    When the desk fails\n",
    )
    library.write("features/consumer/books.feature", BOOKS + _scenario("A new book", "/books/2"))

    run = library.behave("--stop", "features/consumer")  # books, then c-fails, and holds never runs

    assert run.returncode != 0
    assert _descriptions(library) == sorted([*EVERY, "A new book"])  # holds were never reached, and kept
    assert "some of its scenarios did not run" in run.output


@pytest.fixture
def broker() -> Iterator[FakeBroker]:
    fake = FakeBroker()
    fake.answer("GET /", (200, index("pb:publish-contracts=/contracts/publish"), 0))
    fake.answer("POST /contracts/publish", (200, {"notices": [{"text": "Pact published"}]}, 0))
    yield fake
    fake.close()


def test_a_narrowed_run_never_publishes_and_a_full_one_does(library: Project, broker: FakeBroker) -> None:
    env = {"PACT_BROKER_BASE_URL": broker.url, "CI": "true", "CONTRACTS_BDD_CONSUMER_VERSION": "1.0.0"}

    narrowed = library.behave("-n", "Place a hold", "features/consumer", env=env)

    assert narrowed.returncode == 0, narrowed.output
    assert "nothing was published" in narrowed.output
    assert "a partial contract is never published" in narrowed.output
    assert broker.requests_to("POST /contracts/publish") == []

    full = library.behave("features/consumer", env=env)

    assert full.returncode == 0, full.output
    assert len(broker.requests_to("POST /contracts/publish")) == 1


def test_a_run_that_fails_after_its_scenarios_ends_by_saying_so_after_the_summary(project: Project) -> None:
    refusing = FakeBroker()
    refusing.answer("GET /", (200, index("pb:publish-contracts=/contracts/publish"), 0))
    refusing.answer("POST /contracts/publish", (401, {"error": "no"}, 0))
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/holds.feature", HOLDS)
    env = {"PACT_BROKER_BASE_URL": refusing.url, "CI": "true", "CONTRACTS_BDD_CONSUMER_VERSION": "1.0.0"}
    try:
        run = project.behave("features/consumer", env=env)
    finally:
        refusing.close()

    assert run.returncode != 0
    assert "3 scenarios passed, 0 failed" in run.output  # behave's own counts, of scenarios only
    said = run.output.index("contracts-bdd: the run FAILED after its scenarios: ")
    assert said > run.output.index("3 scenarios passed, 0 failed"), run.output


def test_a_run_stopped_before_any_scenario_ends_by_saying_so_after_the_summary(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/holds.feature", HOLDS.replace("status 200", "status 999", 1))

    run = project.behave("features/consumer")

    assert run.returncode != 0
    said = run.output.index(
        "contracts-bdd: the run FAILED before any scenario ran: see the problem(s) listed at the top"
    )
    assert said > run.output.index("0 features passed, 0 failed"), run.output
