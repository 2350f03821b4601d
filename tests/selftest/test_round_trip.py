"""Every HTTP interaction the Pact world wrote, rendered as a feature, run, and compared.

Reads ../shared/interop (the pacts of pact-jvm, pact-php, pact-broker-cli and the
Pact Broker's own contract); skipped where that folder is absent (a user's clone).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from behave_project import Project
from round_trip import comparable, comparable_messages
from tests_support import REPO

from contracts_bdd.render.feature import render_file

INTEROP = REPO.parent / "shared" / "interop"
PACTS = [*sorted((INTEROP / "pacts").glob("*.json")), INTEROP / "broker" / "Pact_Broker_Client_V2-Pact_Broker.json"]
HTTP_PACTS = [path for path in PACTS if path.exists() and comparable(json.loads(path.read_text()))]
WITH_MESSAGES = [path for path in PACTS if path.exists() and comparable_messages(json.loads(path.read_text()))]

pytestmark = pytest.mark.skipif(not INTEROP.is_dir(), reason="../shared/interop is not beside this clone")


@pytest.mark.parametrize("source", HTTP_PACTS, ids=lambda path: path.name)
def test_a_rendered_pact_runs_back_into_an_equivalent_pact(project: Project, source: Path) -> None:
    feature = render_file(source)
    project.write("features/consumer/rendered.feature", feature)

    run = project.behave("features/consumer")

    assert run.returncode == 0, feature + "\n" + run.output
    (written,) = run.pact_files()
    assert comparable(run.pact(written)) == comparable(json.loads(source.read_text()))
    assert comparable_messages(run.pact(written)) == comparable_messages(json.loads(source.read_text()))


@pytest.mark.parametrize("source", WITH_MESSAGES, ids=lambda path: path.name)
def test_a_rendered_pact_of_messages_runs_back_into_an_equivalent_pact(project: Project, source: Path) -> None:
    feature = render_file(source)
    project.write("features/consumer/rendered.feature", feature)

    run = project.behave("features/consumer")

    assert run.returncode == 0, feature + "\n" + run.output
    assert "When the provider publishes the message" in feature
    (written,) = run.pact_files()
    assert comparable_messages(run.pact(written)) == comparable_messages(json.loads(source.read_text()))
    assert comparable(run.pact(written)) == comparable(json.loads(source.read_text()))
    assert (
        run.pact(written)["metadata"]["pactSpecification"]
        == json.loads(source.read_text())["metadata"]["pactSpecification"]
    )


def test_the_interop_set_is_all_there() -> None:
    assert len(HTTP_PACTS) == 12  # 11 files of ../shared/interop/pacts, and the broker's own contract
    assert [path.name for path in WITH_MESSAGES] == [
        "jvm__junit5__v4-combined-pact.json",
        "php__messageConsumer-messageProvider.json",
    ]
