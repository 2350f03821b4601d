"""Runs racing on one pact directory: merge mode keeps the union of every run's interactions."""

from __future__ import annotations

import json

import pytest
from behave_project import Project

SHARDS = 4
SCENARIOS_PER_SHARD = 6
BARRIER = f"""\
import os, time
from contracts_bdd import hooks
from contracts_bdd.hooks import after_feature, after_scenario, before_all, before_scenario, before_step


def after_all(context):
    # Every shard writes at the same moment: the window in which an unlocked merge loses a shard.
    open(f"ready-{{os.getpid()}}", "w").close()
    deadline = time.monotonic() + 60
    while len([name for name in os.listdir(".") if name.startswith("ready-")]) < {SHARDS}:
        assert time.monotonic() < deadline, "the other shards never arrived"
        time.sleep(0.005)
    hooks.after_all(context)
"""


def shard_feature(shard: int) -> str:
    scenarios = "".join(
        f"""
  Scenario: Shard {shard} reads user {index}
    When the consumer sends a GET request to "/users/{shard}-{index}"
    Then the provider responds with status 200
"""
        for index in range(SCENARIOS_PER_SHARD)
    )
    return f"Feature: Shard {shard}\n{scenarios}"


@pytest.mark.parametrize("trial", range(3))
def test_shards_merging_into_one_folder_at_once_keep_every_interaction(project: Project, trial: int) -> None:
    project.write(
        "behave.ini",
        "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\npact_file_mode = merge\n",
    )
    project.write("environment.py", BARRIER)
    for shard in range(SHARDS):
        project.write(f"features/consumer/shard{shard}.feature", shard_feature(shard))

    runs = [project.start_behave(f"features/consumer/shard{shard}.feature") for shard in range(SHARDS)]
    finished = [run.finish() for run in runs]

    assert [run.returncode for run in finished] == [0] * SHARDS, "\n".join(run.output for run in finished)
    pact = json.loads((project.root / "pacts" / "Shop-Users.json").read_text())
    expected = {f"Shard {shard} reads user {index}" for shard in range(SHARDS) for index in range(SCENARIOS_PER_SHARD)}
    assert {interaction["description"] for interaction in pact["interactions"]} == expected
    assert sorted(path.name for path in (project.root / "pacts").iterdir()) == ["Shop-Users.json"]
