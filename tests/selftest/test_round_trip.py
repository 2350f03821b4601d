"""The Pact Broker's own contract, rendered as a feature, run, and judged exactly.

`test_corpus_round_trip.py` does this for the 72 pacts of ../shared/interop/pacts; this is the
broker client's contract with the Pact Broker (67 interactions of V2 `$.body...` rules, from
pact_broker-client). Skipped where ../shared/interop is absent (a user's clone).
"""

from __future__ import annotations

import json

import pytest
from behave_project import Project
from round_trip import assert_exactly_back
from tests_support import REPO

from contracts_bdd.pact.engine_checks import engine_accepts
from contracts_bdd.render.feature import render_file

BROKER_CONTRACT = REPO.parent / "shared" / "interop" / "broker" / "Pact_Broker_Client_V2-Pact_Broker.json"

pytestmark = pytest.mark.skipif(not BROKER_CONTRACT.exists(), reason="../shared/interop is not beside this clone")


def test_the_broker_contract_comes_back_exactly(project: Project) -> None:
    feature = render_file(BROKER_CONTRACT, judge=engine_accepts)
    project.write("features/consumer/rendered.feature", feature)

    run = project.behave("features/consumer")

    assert run.returncode == 0, feature + "\n" + run.output
    (written,) = run.pact_files()
    assert_exactly_back(json.loads(BROKER_CONTRACT.read_text()), run.pact(written), feature)
