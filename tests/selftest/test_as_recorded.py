"""`as_recorded(...)`: a pact's example that breaks its own rule is said as it is, and only there.

A hand-written feature is checked strictly: an example its own rule does not accept is refused at
its line, by the words and by pact-rust's own checks. `as_recorded(...)` around one call lets that
one value's example through (its rule's own arguments are still checked), and render writes it
exactly where a pact's example breaks its rule, and nowhere else.
"""

from __future__ import annotations

import json

import pytest
from behave_project import Project
from round_trip import assert_exactly_back, render_and_run

from contracts_bdd.errors import FeatureError, Location
from contracts_bdd.gherkin.expressions import evaluate

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n"
HERE = Location("users.feature", 7)


def _feature(value: str) -> str:
    return (
        "Feature: Users\n  Scenario: A user\n"
        '    When the consumer sends a GET request to "/users/1"\n'
        "    Then the provider responds with status 200\n"
        "    And the response has the JSON body:\n"
        '      """\n'
        f'      {{"type": {value}}}\n'
        '      """\n'
    )


@pytest.mark.parametrize(
    ("strict", "problem"),
    [
        ('regex("Type 100", "[a-z]+")', "does not match its own regex"),
        ('regex("Type 100", "Type")', "does not match its own regex 'Type'"),  # a whole match, as pact-rust's
        ("like([1], min=3)", "like() has min=3 but its example shows 1 item(s)"),
        ('date("2017-02-15T21:52:35Z", format="O")', "does not read '2017-02-15T21:52:35Z' in the format 'O'"),
    ],
)
def test_a_hand_written_example_that_breaks_its_rule_is_refused_and_as_recorded_lets_it_through(
    project: Project, strict: str, problem: str
) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/users.feature", _feature("{{ " + strict + " }}"))

    refused = project.behave("features/consumer")

    assert refused.returncode == 1
    assert "users.feature:7:" in refused.output and problem in refused.output, refused.output
    assert refused.pact_files() == []

    project.write("features/consumer/users.feature", _feature("{{ as_recorded(" + strict + ") }}"))
    recorded = project.behave("features/consumer")

    assert recorded.returncode == 0, recorded.output
    assert recorded.pact_files() == ["Shop-Users.json"]


@pytest.mark.parametrize(
    ("expression", "problem"),
    [
        ('as_recorded(like([regex("12", "[a-z]+")], min=3))', "does not match its own regex"),
        ("as_recorded(like([1], min=3, max=2))", "has min=3 greater than max=2"),
        ('as_recorded(regex("a", "(unclosed"))', "is not a valid regular expression"),
        ('as_recorded({"a": 1})', "as_recorded() takes one matcher or generator call"),
    ],
)
def test_as_recorded_lets_through_that_one_example_and_nothing_else(expression: str, problem: str) -> None:
    with pytest.raises(FeatureError) as refused:
        evaluate(expression, HERE, [])
    assert problem in str(refused.value)


def test_render_writes_as_recorded_exactly_where_an_example_breaks_its_rule(project: Project) -> None:
    rules = {
        "$.broken": {"combine": "AND", "matchers": [{"match": "regex", "regex": "Type"}]},
        "$.kept": {"combine": "AND", "matchers": [{"match": "regex", "regex": "Type \\d+"}]},
        "$.few": {"combine": "AND", "matchers": [{"match": "type", "min": 2}]},
    }
    interaction = {
        "type": "Synchronous/HTTP",
        "description": "a user",
        "request": {"method": "GET", "path": "/users/1"},
        "response": {
            "status": 200,
            "body": {
                "content": {"broken": "Type 100", "kept": "Type 100", "few": [1]},
                "contentType": "application/json",
                "encoded": False,
            },
            "matchingRules": {"body": rules},
        },
    }

    document, feature, run = render_and_run(project, [interaction])

    assert run.returncode == 0, feature + run.output
    assert '"broken": {{ as_recorded(regex("Type 100", "Type")) }}' in feature
    assert '"kept": {{ regex("Type 100", "Type \\\\d+") }}' in feature
    assert '"few": {{ as_recorded(like([1], min=2)) }}' in feature
    assert feature.count("as_recorded(") == 2
    assert_exactly_back(document, run.pact("Shop-Users.json"), feature)
    assert json.loads(json.dumps(run.pact("Shop-Users.json")))["interactions"][0]["response"]["matchingRules"]
