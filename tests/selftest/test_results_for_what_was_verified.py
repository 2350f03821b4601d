"""A verification result counts only for the interaction it verified, as the pact held it then.

The newcomer's finding: the provider run passed, then the consumer's contract changed and the
consumer run rewrote the pact; `contracts-bdd docs` still showed the changed interaction as
verified (results were tied by description and states only), though a fresh provider run fails it.
Real behave runs of the example in a temp dir, then the real `contracts-bdd docs`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from behave_project import Project
from living_docs_support import interaction_statuses

ASKED = '{"error": {{ like("User 42 not found") }}}'
NOW_ASKED = '{"error": {{ like("User 42 not found") }}, "code": "unknown-user"}'
"""A new required field, which the consumer's own code ignores and UserService does not give."""


def pair_statuses(project: Project, site: str) -> dict[str, str | None]:
    (page,) = (project.root / site / "pairs").glob("OrderService--UserService-*.html")
    text = page.read_text()
    found = {}
    for anchor, status in interaction_statuses(page).items():
        start = text.index(f'id="{anchor}"')
        description = text[text.index('<span class="description">', start) :].split(">", 1)[1].split("</span>", 1)[0]
        found[description] = status
    return found


def page_text(project: Project, site: str) -> str:
    (page,) = (project.root / site / "pairs").glob("OrderService--UserService-*.html")
    return page.read_text()


@pytest.fixture(scope="module")
def verified_then_changed(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The example: consumer run, provider run with JUnit reports, then the consumer's contract changes."""
    project = Project(tmp_path_factory.mktemp("changed"))
    project.copy_example()
    assert project.behave("features/consumer").returncode == 0
    provider = project.behave("features/provider", "--junit", "--junit-directory", "reports")
    assert provider.returncode == 0, provider.output
    feature = project.root / "features" / "consumer" / "consumer.users.feature"
    assert ASKED in feature.read_text()
    feature.write_text(feature.read_text().replace(ASKED, NOW_ASKED))
    consumer = project.behave("features/consumer")
    assert consumer.returncode == 0, consumer.output
    assert "unknown-user" in (project.root / "pacts" / "OrderService-UserService.json").read_text()
    return project


def test_a_changed_interaction_is_not_verified_until_the_provider_verifies_it_again(
    verified_then_changed: Project,
) -> None:
    project = verified_then_changed

    done = project.cli("docs", "-o", "site2", "--results", "reports")

    assert done.returncode == 0, done.stderr
    assert pair_statuses(project, "site2") == {
        "A user who exists": "verified",  # the pact was rewritten, this interaction as it was
        "A user who does not exist": "not verified since it changed",
    }
    assert "1 not verified since it changed" in done.stdout
    text = page_text(project, "site2")
    assert "was for an earlier version of this interaction" in text
    fresh = project.behave("features/provider", "--junit", "--junit-directory", "reports")
    assert fresh.returncode != 0  # the provider does not keep the changed contract
    again = project.cli("docs", "-o", "site3", "--results", "reports")
    assert again.returncode == 0, again.stderr
    assert pair_statuses(project, "site3") == {"A user who exists": "verified", "A user who does not exist": "failed"}


def test_results_from_a_report_that_does_not_say_what_it_verified_are_not_shown_as_verified(
    verified_then_changed: Project,
) -> None:
    project = verified_then_changed
    older = project.root / "older-reports"
    older.mkdir(exist_ok=True)
    for report in (project.root / "reports").glob("*.xml"):
        text = re.sub(r"(?m)^.*sha256:[0-9a-f]{64}.*\n?", "", report.read_text())
        text = re.sub(r"(?m)^contracts-bdd: what each result verified.*\n?", "", text)
        (older / report.name).write_text(text)
    assert "sha256:" not in "".join(path.read_text() for path in older.glob("*.xml"))

    done = project.cli("docs", "-o", "site4", "--results", "older-reports")

    assert done.returncode == 0, done.stderr
    assert set(pair_statuses(project, "site4").values()) == {"never verified"}
    assert "does not say which version of the interaction it verified" in page_text(project, "site4")
    assert " verified" not in done.stdout.replace("never verified", "")


def test_an_unchanged_pact_keeps_its_results_when_the_consumer_run_rewrites_it(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.copy_example()
    assert project.behave("features/consumer").returncode == 0
    assert project.behave("features/provider", "--junit", "--junit-directory", "reports").returncode == 0
    assert project.behave("features/consumer").returncode == 0

    done = project.cli("docs", "-o", "site", "--results", "reports")

    assert done.returncode == 0, done.stderr
    assert pair_statuses(project, "site") == {"A user who exists": "verified", "A user who does not exist": "verified"}
    assert "3 verified" in done.stdout
