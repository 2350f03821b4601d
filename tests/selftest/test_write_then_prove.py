from __future__ import annotations

import json

from behave_project import Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n"

TAMPERING_ENVIRONMENT = """\
import json
from pathlib import Path

import pact

from contracts_bdd.hooks import after_all, after_feature, after_scenario, before_all, before_scenario, before_step

_write_file = pact.Pact.write_file


def _write_as_seen_once(self, directory, *args, **kwargs):
    _write_file(self, directory, *args, **kwargs)
    for path in Path(directory).glob("*.json"):
        document = json.loads(path.read_text())
        for interaction in document["interactions"]:
            rules = interaction["request"].get("matchingRules", {}).get("query", {})
            for rule in rules.values():
                rule["matchers"] = [{"match": "equality"}]
        path.write_text(json.dumps(document))


pact.Pact.write_file = _write_as_seen_once
"""

QUERY_RULE = """\
Feature: A query rule
  Scenario Outline: Ask in <language>
    When the consumer sends a GET request to "/greetings"
    And the request has the query:
      | language | {{ array_containing([equality("<language>")]) }} |
    Then the provider responds with status 200

    # Six pacts: pact-ffi wrote this rule as equality in 4 runs of 6 when given it as integration JSON.
    Examples:
      | language |
      | PHP      |
      | Go       |
      | Rust     |
      | Java     |
      | Python   |
      | Ruby     |
"""


def test_a_pact_written_otherwise_than_declared_fails_the_run_and_replaces_nothing(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("environment.py", TAMPERING_ENVIRONMENT)
    earlier = project.write(
        "pacts/Shop-Users.json",
        json.dumps({"consumer": {"name": "Shop"}, "provider": {"name": "Users"}, "interactions": []}),
    )
    before = earlier.read_bytes()
    project.write("features/consumer/query.feature", QUERY_RULE)

    run = project.behave("features/consumer")

    assert run.returncode != 0, run.output
    assert "the pact written for Shop -> Users differs from what the scenarios declared" in run.output
    assert "'Ask in PHP': request query: declared" in run.output
    assert '"match": "arrayContains"' in run.output and '"match": "equality"' in run.output
    assert earlier.read_bytes() == before
    assert sorted(path.name for path in (project.root / "pacts").iterdir()) == ["Shop-Users.json"]


def test_the_same_run_untampered_writes_its_pact(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/query.feature", QUERY_RULE)

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    for interaction in run.pact("Shop-Users.json")["interactions"]:
        rule = interaction["request"]["matchingRules"]["query"]["language"]["matchers"][0]
        assert rule["match"] == "arrayContains", interaction
