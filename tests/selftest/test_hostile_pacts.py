"""Hostile pacts: what render copies from a pact is data, never steps, and the rendered feature round-trips."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from behave_project import Project

INJECTED = 'A user\n  Scenario: Injected\n    When the consumer sends a DELETE request to "/all"'
STATE = 'a "quoted" state\nwith a break, a | pipe and # hash'
COMMENTS = ["Given the database is wiped", "# hidden", "@tag", "| a | b |", '"""', "plain comment", " edge "]
BODY = {
    "text": "{{ integer(1) }}",
    "quotes": '"""',
    "pipe": "a|b",
    "hash": "# not a comment",
    "lines": "one\ntwo\u2028three\rfour",
    'ke"y': 1,
    "nothing": None,
}
TEXT_BODY = '"""\nScenario: not one\n  trailing  \n{{ like("x") }}'
HOSTILE: dict[str, Any] = {
    "consumer": {"name": "Shop"},
    "provider": {"name": "Users"},
    "interactions": [
        {
            "type": "Synchronous/HTTP",
            "description": INJECTED,
            "comments": {"text": COMMENTS},
            "providerStates": [{"name": STATE, "params": {"we|ird\nkey": "va|lue\u2028x", "n": 1, "s": "${x}"}}],
            "request": {
                "method": "GET",
                "path": "/users/1",
                "headers": {"X-Note": ['{{ like("x") }} | #comment \\ end']},
                "query": {"q": ["a\\|b ${x}"]},
            },
            "response": {
                "status": 200,
                "headers": {"Content-Type": ["application/json"]},
                "body": {"content": BODY, "contentType": "application/json", "encoded": False},
            },
        },
        {
            "type": "Synchronous/HTTP",
            "description": " Edge spaces ",
            "request": {
                "method": "POST",
                "path": "/notes",
                "headers": {"Content-Type": ["text/plain"]},
                "body": {"content": TEXT_BODY, "contentType": "text/plain", "encoded": False},
            },
            "response": {"status": 201},
        },
    ],
    "metadata": {"pactSpecification": {"version": "4.0"}},
}


def render(project: Project, document: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    source = project.write("hostile.json", json.dumps(document))
    target = project.root / "features" / "consumer" / "rendered.feature"
    target.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "contracts_bdd", "render", str(source), "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_hostile_pact_renders_as_data_and_round_trips(project: Project) -> None:
    rendered = render(project, HOSTILE)
    assert rendered.returncode == 0, rendered.stderr
    feature = (project.root / "features" / "consumer" / "rendered.feature").read_text()

    run = project.behave("features/consumer")

    assert run.returncode == 0, feature + run.output
    assert "2 scenarios passed, 0 failed" in run.output, feature + run.output
    assert "\n  Scenario: Injected" not in run.output
    assert not [line for line in feature.splitlines() if line.strip().startswith("When the consumer sends a DELETE")]
    written = run.pact("Shop-Users.json")
    by_path = {interaction["request"]["path"]: interaction for interaction in written["interactions"]}
    first, second = by_path["/users/1"], by_path["/notes"]
    assert first["description"] == INJECTED
    assert first["comments"]["text"] == COMMENTS
    assert first["providerStates"] == [{"name": STATE, "params": {"we|ird\nkey": "va|lue\u2028x", "n": 1, "s": "${x}"}}]
    assert first["request"]["headers"]["X-Note"] == ['{{ like("x") }} | #comment \\ end']
    assert first["request"]["query"] == {"q": ["a\\|b ${x}"]}
    assert first["response"]["body"]["content"] == BODY
    assert second["description"] == " Edge spaces "
    assert second["request"]["body"]["content"] == TEXT_BODY


def test_hostile_names_in_a_pact_are_refused_by_render(project: Project) -> None:
    document = {**HOSTILE, "consumer": {"name": 'Shop"\nScenario: x'}}

    rendered = render(project, document)

    assert rendered.returncode == 2
    assert "names its consumer" in rendered.stderr
    assert "control character" in rendered.stderr
    assert not (project.root / "features" / "consumer" / "rendered.feature").exists()


def test_a_regex_that_backtracks_without_end_does_not_hang_render(project: Project) -> None:
    interaction = {
        "description": "catastrophic",
        "request": {"method": "GET", "path": "/x"},
        "response": {
            "status": 200,
            "body": {"content": {"name": "a" * 40 + "!"}, "contentType": "application/json"},
            "matchingRules": {
                "body": {"$.name": {"combine": "AND", "matchers": [{"match": "regex", "regex": "^(a|aa)+$"}]}}
            },
        },
    }
    rendered = render(project, {**HOSTILE, "interactions": [interaction]})

    assert rendered.returncode == 0, rendered.stderr
    feature = (project.root / "features" / "consumer" / "rendered.feature").read_text()
    assert "# Not rendered: " in feature
    assert "backtracks without end" in feature


def test_a_hostile_expression_in_a_feature_is_refused_not_run(project: Project) -> None:
    project.write(
        "behave.ini", "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n"
    )
    project.write(
        "features/consumer/hostile.feature",
        """\
Feature: hostile
  Scenario: Allocate
    When the consumer sends a GET request to "/x"
    Then the provider responds with status 200
    And the response has the JSON body:
      \"\"\"
      {"a": {{ like('a' * 3000000000) }}, "b": {{ like(().__class__) }}, "c": {{ integer(18446744073709551616) }}}
      \"\"\"
""",
    )

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "hostile.feature:7: ''a' * 3000000000' is not something an expression may do" in run.output
    assert not (project.root / "pacts").exists()


USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n"


def body_feature(body: str) -> str:
    return f'''\
Feature: bodies
  Scenario: A body
    When the consumer sends a GET request to "/x"
    Then the provider responds with status 200
    And the response has the JSON body:
      """
      {body}
      """
'''


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("[" * 10000 + "]" * 10000, "nests deeper than 100 levels"),
        ('{"a": ' + "[" * 150 + "]" * 150 + "}", "nests deeper than 100 levels"),
        ('{"id": 18446744073709551616}', "the number 18446744073709551616 is beyond the 64 bits"),
        ('{"id": -9223372036854775809}', "is beyond the 64 bits"),
        ('{"id": 1e400}', "the number inf is not finite"),
        ('{"id": {{ integer(18446744073709551616) }}}', "is beyond the 64 bits"),
    ],
)
def test_bodies_a_pact_cannot_hold_are_refused_at_their_line(project: Project, body: str, problem: str) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/bodies.feature", body_feature(body))

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "bodies.feature:7:" in run.output
    assert problem in run.output
    assert "Traceback" not in run.output
    assert not (project.root / "pacts").exists()


def test_a_pact_nested_too_deep_for_verification_is_named(project: Project) -> None:
    interaction = {
        "description": "deep",
        "request": {"method": "GET", "path": "/x"},
        "response": {"status": 200, "body": json.loads("[" * 500 + "]" * 500)},
    }
    project.write("pacts/Shop-Users.json", json.dumps({**HOSTILE, "interactions": [interaction]}))
    project.write(
        "features/provider/verify.feature",
        """\
Feature: verify
  Scenario: Verify
    Given the provider "Users" is running at "http://127.0.0.1:9"
    When the provider is verified against its pacts
""",
    )
    project.write(
        "features/provider/each.feature",
        """\
Feature: each
  Scenario Outline: <consumer>: <interaction>
    Given the provider "Users" is running at "http://127.0.0.1:9"
    Then the interaction passes verification

    Examples: the interactions
      | consumer | interaction |
""",
    )

    run = project.behave("features/provider")

    assert run.returncode != 0
    assert "pacts/Shop-Users.json cannot be used: the value nests deeper than 100 levels" in run.output
    assert "Traceback" not in run.output
