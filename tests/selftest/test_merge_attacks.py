"""Merging into what someone else wrote: names that would leave the output folder, and files a merge would degrade."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from behave_project import Project

FEATURE = (
    "Feature: users\n  Scenario: Read users\n"
    '    When the consumer sends a GET request to "/users"\n    Then the provider responds with status 200\n'
)


def shard_pact(consumer: str) -> dict[str, Any]:
    return {
        "consumer": {"name": consumer},
        "provider": {"name": "Users"},
        "interactions": [
            {"description": "a read", "request": {"method": "GET", "path": "/"}, "response": {"status": 200}}
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }


@pytest.mark.parametrize("consumer", ["../../ESCAPED", "/ABSOLUTE"])
def test_merge_refuses_a_shard_whose_names_would_leave_the_output_folder(
    project: Project, tmp_path: Path, consumer: str
) -> None:
    if consumer.startswith("/"):
        consumer = str(tmp_path / "ABSOLUTE")
    project.write("shards/one/pact.json", json.dumps(shard_pact(consumer)))

    merged = project.cli("merge", "shards/one", "-o", "out/merged")

    assert merged.returncode != 0
    assert "holds a path separator" in merged.stderr and "nothing was merged" in merged.stderr, merged.stderr
    assert not list(tmp_path.rglob("*ESCAPED*")) and not list(tmp_path.rglob("ABSOLUTE*"))
    assert not (project.root / "out").exists()


V4_PACT = {
    "consumer": {"name": "Shop"},
    "provider": {"name": "Users"},
    "interactions": [
        {
            "type": "Synchronous/HTTP",
            "description": "the other team's read",
            "key": "0a1b2c3d",
            "pending": True,
            "comments": {"text": ["kept by the other team"], "testname": "other_test.py::read"},
            "request": {"method": "GET", "path": "/others"},
            "response": {"status": 200},
        }
    ],
    "metadata": {"pactSpecification": {"version": "4.0"}},
}


def merging_project(project: Project, specification: str, existing: dict[str, Any]) -> bytes:
    project.write(
        "behave.ini",
        "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n"
        f"pact_file_mode = merge\npact_specification = {specification}\n",
    )
    project.write("features/consumer/users.feature", FEATURE)
    return project.write("pacts/Shop-Users.json", json.dumps(existing, indent=2)).read_bytes()


def test_a_v3_merge_into_another_checkouts_v4_file_is_refused_and_the_file_kept(project: Project) -> None:
    before = merging_project(project, "V3", V4_PACT)

    run = project.behave("features/consumer")

    assert (project.root / "pacts" / "Shop-Users.json").read_bytes() == before
    assert run.returncode != 0
    assert "pacts/Shop-Users.json is a V4 pact and this run writes V3" in run.output, run.output
    assert "pact_specification = V4" in run.output


def test_a_merge_that_would_drop_fields_pact_ffi_does_not_keep_is_refused(project: Project) -> None:
    existing = json.loads(json.dumps(V4_PACT))
    existing["interactions"][0]["x-owner"] = "team-b"
    existing["metadata"]["x-generated-by"] = "team-b's tool"
    before = merging_project(project, "V4", existing)

    run = project.behave("features/consumer")

    assert (project.root / "pacts" / "Shop-Users.json").read_bytes() == before
    assert run.returncode != 0
    assert "would lose what it holds" in run.output, run.output
    assert "'the other team's read': x-owner" in run.output and "metadata.x-generated-by" in run.output


def test_a_merge_that_upgrades_an_older_pact_keeps_its_interactions(project: Project) -> None:
    older = {
        "consumer": {"name": "Shop"},
        "provider": {"name": "Users"},
        "interactions": [
            {
                "description": "an old read",
                "providerState": "a user exists",
                "request": {"method": "GET", "path": "/old", "query": "a=1", "headers": {"Accept": "application/json"}},
                "response": {"status": 200, "body": {"id": 1}, "matchingRules": {"$.body.id": {"match": "type"}}},
            }
        ],
        "metadata": {"pactSpecification": {"version": "2.0.0"}},
    }
    merging_project(project, "V4", older)

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    written = run.pact("Shop-Users.json")
    assert sorted(item["description"] for item in written["interactions"]) == ["Read users", "an old read"]
    assert written["metadata"]["pactSpecification"]["version"] == "4.0"
