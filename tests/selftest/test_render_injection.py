"""Attacks through `render`: no string of a pact becomes a step, a tag or a scenario, and nothing invisible shows.

Every string field that reaches a feature is tried: the method, header and query names, content types,
metadata keys, state names, rule values, status classes, descriptions and comments. Each holds a line
break followed by a whole scenario that would write a forged `DELETE /items/everything` into the pact.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from behave.parser import parse_file
from behave_project import Project


def invisible(char: str) -> bool:
    """Independent of the code under test: Unicode's format, control and separator characters."""
    return unicodedata.category(char) in ("Cf", "Cc", "Zl", "Zp")


FORGED = (
    "\n\n  @tag_from_pact\n  Scenario: INJECTED by the pact\n"
    '    When the consumer sends a DELETE request to "/items/everything"\n'
    "    Then the provider responds with status 204\n\n"
    "  Scenario: the rest of the line\n"
    '    When the consumer sends a GET request to "/rest"\n'
    "    Then the provider responds with status 200\n    And the response has the headers:\n      | X-Rest | "
)
USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Items\n"


def http(description: str, **parts: Any) -> dict[str, Any]:
    request = {"method": "GET", "path": "/items", **parts.pop("request", {})}
    return {
        "type": "Synchronous/HTTP",
        "description": description,
        "request": request,
        "response": {"status": 200, **parts.pop("response", {})},
        **parts,
    }


HOSTILE_FIELDS: list[dict[str, Any]] = [
    http(
        "a content type",
        response={"body": {"content": "hello", "contentType": 'text/plain":' + FORGED, "encoded": False}},
    ),
    http("a method", request={"method": 'GET request to "/x"' + FORGED}),
    http("a header name", request={"headers": {"X-Evil" + FORGED: ["1"]}}),
    http("a query name", request={"query": {"q" + FORGED: ["1"]}}),
    http(
        "a binary content type",
        response={"body": {"content": "AAEC", "contentType": "a/b" + FORGED, "encoded": "base64"}},
    ),
    http(
        "a status class",
        response={
            "matchingRules": {
                "status": {"combine": "AND", "matchers": [{"match": "statusCode", "status": "x" + FORGED}]}
            }
        },
    ),
    http("a description" + FORGED),
    http("a state", providerStates=[{"name": "a state" + FORGED, "params": {"key" + FORGED: "v" + FORGED}}]),
    http("a comment", comments={"text": ["a comment" + FORGED]}),
    http(
        "a rule value",
        response={
            "body": {"content": {"id": "a"}, "contentType": "application/json", "encoded": False},
            "matchingRules": {
                "body": {
                    "$.id": {
                        "combine": "AND",
                        "matchers": [{"match": "regex", "regex": "a|" + FORGED.replace("\n", "\u2028")}],
                    }
                }
            },
        },
    ),
]
MESSAGE = {
    "type": "Asynchronous/Messages",
    "description": "a message" + FORGED,
    "contents": {"content": {"id": 1}, "contentType": "application/json", "encoded": False},
    "metadata": {"topic" + FORGED: "items" + FORGED},
}


def pact(*interactions: dict[str, Any]) -> dict[str, Any]:
    return {
        "consumer": {"name": "Shop"},
        "provider": {"name": "Items"},
        "interactions": list(interactions),
        "metadata": {"pactSpecification": {"version": "4.0"}},
    }


def render(project: Project, document: dict[str, Any]) -> tuple[subprocess.CompletedProcess[str], Path]:
    source = project.write("hostile.json", json.dumps(document))
    target = project.root / "features" / "consumer" / "rendered.feature"
    target.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "contracts_bdd", "render", str(source), "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done, target


def rendered_scenarios(project: Project, document: dict[str, Any]) -> tuple[list[Any], str]:
    rendered, target = render(project, document)
    assert rendered.returncode == 0, rendered.stderr
    text = target.read_text()
    feature = parse_file(str(target))
    assert feature is not None, text
    return list(feature.scenarios), text


@pytest.mark.parametrize("interaction", [*HOSTILE_FIELDS, MESSAGE], ids=lambda item: item["description"][:22])
def test_no_string_of_a_pact_becomes_a_scenario_a_tag_or_a_step(project: Project, interaction: dict[str, Any]) -> None:
    scenarios, text = rendered_scenarios(project, pact(interaction))

    assert len(scenarios) == 1, text
    assert "tag_from_pact" not in scenarios[0].tags, text
    assert not [step for step in scenarios[0].steps if step.name.startswith("the consumer sends a DELETE")], text
    assert "\n  Scenario: INJECTED" not in text and "\n  @tag_from_pact" not in text


def test_check_and_a_consumer_run_refuse_what_cannot_be_a_contract_and_forge_nothing(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    document = pact(*HOSTILE_FIELDS, MESSAGE)
    scenarios, text = rendered_scenarios(project, document)

    checked = project.cli("check", "features/consumer")
    run = project.behave("features/consumer")

    assert len(scenarios) == len(document["interactions"]), text
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "rendered.feature" in checked.stdout
    assert run.returncode != 0
    written = [path.read_text() for path in (project.root / "pacts").glob("*.json")]
    assert not [pact for pact in written if "/items/everything" in pact or "DELETE" in pact]


BIDI = "\u202e\u2066"  # RIGHT-TO-LEFT OVERRIDE, LEFT-TO-RIGHT ISOLATE
ZERO_WIDTH = "\u200b\u200d\ufeff"
TAG_CHARACTER = "\U000e0041"  # TAG LATIN CAPITAL LETTER A: draws as nothing
HIDDEN = BIDI + ZERO_WIDTH + TAG_CHARACTER


def test_bidi_and_invisible_characters_are_shown_escaped_and_still_round_trip(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    interaction = http(
        f"a user{HIDDEN} who pays",
        providerStates=[{"name": f"a state{BIDI}", "params": {f"id{ZERO_WIDTH}": f"7{TAG_CHARACTER}"}}],
        comments={"text": [f"a comment {BIDI}"]},
        request={"query": {f"q{BIDI}": [f"v{ZERO_WIDTH}"]}},
        response={
            "headers": {"Content-Type": ["application/json"]},
            "body": {"content": {f"na{BIDI}me": f"Al{HIDDEN}ice"}, "contentType": "application/json", "encoded": False},
            "matchingRules": {
                "body": {
                    f"$['na{BIDI}me']": {
                        "combine": "AND",
                        "matchers": [{"match": "regex", "regex": f"Al{HIDDEN}ice|x"}],
                    }
                }
            },
        },
    )
    document = pact(interaction)

    rendered, target = render(project, document)
    text = target.read_text()

    assert rendered.returncode == 0, rendered.stderr
    shown = [char for char in text if invisible(char) and char not in "\n"]
    assert shown == [], [hex(ord(char)) for char in shown]
    assert "\\u202e" in text and "\\u200b" in text
    scenario_line = next(line for line in text.splitlines() if line.strip().startswith("Scenario:"))
    assert "\\u202e" in scenario_line, scenario_line

    run = project.behave("features/consumer")

    assert run.returncode == 0, text + run.output
    written = run.pact("Shop-Items.json")["interactions"][0]
    assert written["description"] == interaction["description"]
    assert written["providerStates"] == interaction["providerStates"]
    assert written["comments"]["text"] == interaction["comments"]["text"]
    assert written["request"]["query"] == {f"q{BIDI}": [f"v{ZERO_WIDTH}"]}
    assert written["response"]["body"]["content"] == interaction["response"]["body"]["content"]
    rule = written["response"]["matchingRules"]["body"][f"$['na{BIDI}me']"]["matchers"][0]
    assert rule["regex"] == f"Al{HIDDEN}ice|x"


def test_a_name_with_an_invisible_character_is_refused_before_it_names_a_file(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    document = {**pact(http("plain")), "consumer": {"name": f"Shop{BIDI}"}}

    rendered, target = render(project, document)

    assert rendered.returncode == 2
    assert "does not show" in rendered.stderr and "\\u202e" in rendered.stderr
    assert not target.exists()
