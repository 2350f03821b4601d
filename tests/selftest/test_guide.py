"""Every feature in docs/writing-contracts.md runs green, and every mistake in docs/common-mistakes.md gets
exactly the message the page shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from behave_project import Project
from tests_support import REPO

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Carts\n"
FENCE = re.compile(r"```(gherkin|text)\n(.*?)```", re.DOTALL)


def _blocks(page: str) -> list[tuple[str, str]]:
    return FENCE.findall((REPO / "docs" / page).read_text())


GUIDE = [text for kind, text in _blocks("writing-contracts.md") if kind == "gherkin"]
MISTAKES = [
    (feature, message)
    for (kind, feature), (next_kind, message) in zip(
        _blocks("common-mistakes.md"), _blocks("common-mistakes.md")[1:], strict=False
    )
    if kind == "gherkin" and next_kind == "text"
]


@pytest.mark.parametrize("feature", GUIDE, ids=lambda text: text.splitlines()[0])
def test_every_feature_of_the_guide_runs_green(project: Project, feature: str) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/guide.feature", feature)

    run = project.behave("features/consumer")

    assert run.returncode == 0, feature + run.output
    assert run.pact_files() == ["Shop-Carts.json"]


@pytest.mark.parametrize(("feature", "message"), MISTAKES, ids=lambda text: text.splitlines()[0][:60])
def test_every_common_mistake_gets_the_message_the_page_shows(project: Project, feature: str, message: str) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/mistake.feature", feature)

    run = project.behave("features/consumer")

    assert run.returncode == 1
    for line in message.strip().splitlines():
        assert line.strip() in run.output, run.output
    assert run.pact_files() == []


def test_the_pages_have_what_the_tests_run() -> None:
    assert len(GUIDE) >= 7
    assert len(MISTAKES) >= 8
    assert Path(REPO / "docs" / "common-mistakes.md").exists()
