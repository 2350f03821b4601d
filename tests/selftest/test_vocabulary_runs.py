"""The whole vocabulary through real behave runs: bodies, matchers everywhere, generators, versions, tags."""

from __future__ import annotations

import base64

import pytest
from behave_project import Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n"

EVERYTHING = """\
@pact:V4 @ref:JIRA-123 @key:create-user
Feature: Everything a scenario can say

  Scenario: Create a user
    The shop registers customers at checkout.

    Given the provider is in the state "the next user id is" with:
      | id | 7 |
    When the consumer sends a POST request to "/users/${id}/profile"
    And the request has the headers:
      | name      | value                                           |
      | X-Request | {{ uuid("6f1c2d1e-6f6a-4c1e-9f1e-2a6c1b7e0d3a") }} |
      | X-User    | ${id}                                           |
    And the request has the query:
      | page | {{ integer(1) }} |
    And the request has the form body:
      | name  | {{ regex("Bob", "[A-Z][a-z]+") }} |
      | roles | admin                              |
      | roles | buyer                              |
    Then the provider responds with status client error like 409
    And the response has the fields:
      | field        | example          | rule                       |
      | id           | 7                | integer                    |
      | email        | bob@example.com  | regex [^@]+@[^@]+          |
      | version      | "1.2.3"          | semver                     |
      | tags[]       | vip              | each like, min 2           |
      | orders[].id  | 1                | integer                    |
      | orders[].sum | 9.5              | decimal                    |

  @pending
  Scenario: Export users
    When the consumer sends a GET request to "/users.xml"
    Then the provider responds with status any 2xx
    And the response has the XML body:
      \"\"\"
      <users count="{{ integer(1) }}">
        <user id="{{ integer(7) }}">{{ like("Bob") }}</user>
      </users>
      \"\"\"

  Scenario: Upload an avatar
    When the consumer sends a PUT request to "/users/7/avatar"
    And the request has the file "avatar.png" as the multipart part "file" of type "image/png"
    Then the provider responds with status 204

  Scenario: Download an avatar
    When the consumer sends a GET request to "/users/7/avatar"
    Then the provider responds with status 200
    And the response has a binary body of type "image/png" in base64:
      \"\"\"
      iVBORw0KGgo=
      \"\"\"

  Scenario: Generated values
    When the consumer sends a GET request to "/users/7"
    Then the provider responds with status 200
    And the response has the JSON body:
      \"\"\"
      {
        "id": {{ integer(7, generate=random_integer(1, 100)) }},
        "seen": {{ date("2024-05-01", generate=date_from_now("+ 1 day")) }},
        "link": {{ mock_server_url("http://localhost:1234/users/7", ".*(/users/7)$") }},
        "owner": {{ from_state("${owner}", "Bob") }},
        "tags": {{ array_containing([like("vip")]) }},
        "labels": {{ each_value_matches({"en": "Hello"}, like("Hello")) }}
      }
      \"\"\"
"""


def test_the_whole_vocabulary_becomes_one_v4_pact(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    (project.root / "avatar.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    project.write("features/consumer/everything.feature", EVERYTHING)

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    by_description = {item["description"]: item for item in run.pact("Shop-Users.json")["interactions"]}
    create = by_description["Create a user"]
    assert create["key"] == "create-user"
    assert create["comments"] == {
        "text": ["The shop registers customers at checkout."],
        "references": {"JIRA": {"JIRA-123": "JIRA-123"}},
    }
    request = create["request"]
    assert request["path"] == "/users/7/profile"
    assert request["generators"]["path"] == {"type": "ProviderState", "expression": "/users/${id}/profile"}
    assert request["generators"]["header"]["X-User"] == {"type": "ProviderState", "expression": "${id}"}
    assert request["headers"]["X-User"] == ["7"]
    assert request["matchingRules"]["query"]["page"]["matchers"] == [{"match": "integer"}]
    assert request["body"]["content"] == "name=Bob&roles=admin&roles=buyer"
    assert request["matchingRules"]["body"]["$.name"]["matchers"][0]["regex"] == "[A-Z][a-z]+"
    response = create["response"]
    assert response["status"] == 409
    assert response["matchingRules"]["status"]["$"]["matchers"] == [{"match": "statusCode", "status": "clientError"}]
    assert response["body"]["content"] == {
        "id": 7,
        "email": "bob@example.com",
        "version": "1.2.3",
        "tags": ["vip", "vip"],
        "orders": [{"id": 1, "sum": 9.5}],
    }
    rules = response["matchingRules"]["body"]
    assert rules["$.orders[*].sum"]["matchers"] == [{"match": "decimal"}]
    assert rules["$.tags"]["matchers"] == [{"match": "type", "min": 2}]

    export = by_description["Export users"]
    assert export["pending"] is True
    assert export["response"]["body"]["contentType"] == "application/xml"
    assert "$.users['@count']" in export["response"]["matchingRules"]["body"]

    upload = by_description["Upload an avatar"]
    assert upload["request"]["headers"]["Content-Type"][0].startswith("multipart/form-data")

    download = by_description["Download an avatar"]
    assert base64.b64decode(download["response"]["body"]["content"]) == b"\x89PNG\r\n\x1a\n"

    generated = by_description["Generated values"]["response"]
    assert {path: g["type"] for path, g in generated["generators"]["body"].items()} == {
        "$.id": "RandomInt",
        "$.seen": "Date",
        "$.link": "MockServerURL",
        "$.owner": "ProviderState",
    }
    assert generated["matchingRules"]["body"]["$.tags"]["matchers"][0]["match"] == "arrayContains"
    assert generated["matchingRules"]["body"]["$.labels"]["matchers"][0]["match"] == "eachValue"


def test_what_a_version_cannot_hold_stops_the_run_before_any_mock_server(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/good.feature",
        'Feature: good\n  Scenario: Fine\n    When the consumer sends a GET request to "/a"\n'
        "    Then the provider responds with status 200\n",
    )
    project.write(
        "features/consumer/old.feature",
        """\
        @pact:V2
        Feature: an old consumer
          Scenario: Integer in V2
            When the consumer sends a GET request to "/b"
            Then the provider responds with status 200
            And the response has the JSON body:
              \"\"\"
              {"id": {{ integer(1) }}}
              \"\"\"

          @pending
          Scenario: Pending in V2
            When the consumer sends a GET request to "/c"
            Then the provider responds with status any 2xx
        """,
    )

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "contracts-bdd found 2 problems in 1 feature file; nothing was run or written" in run.output
    assert "old.feature:8: integer() needs pact specification V3 or later; this scenario's pact is V2" in run.output
    assert "old.feature:12: the @pending tag needs pact specification V4" in run.output
    assert "0 scenarios passed, 0 failed, 0 skipped, 3 untested" in run.output
    assert run.pact_files() == []


def test_a_generator_refused_by_v2_names_the_line(project: Project) -> None:
    project.write("behave.ini", USERDATA + "pact_specification = V2\n")
    project.write(
        "features/consumer/gen.feature",
        """\
        Feature: gen
          Scenario: Random in V2
            When the consumer sends a GET request to "/a"
            Then the provider responds with status 200
            And the response has the JSON body:
              \"\"\"
              {"n": {{ like(1, generate=random_integer(1, 9)) }}}
              \"\"\"
        """,
    )

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "gen.feature:7: like() needs pact specification V3 or later; this scenario's pact is V2" in run.output
    assert run.pact_files() == []


def test_state_parameter_shorthand_without_the_parameter_says_what_to_add(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/state.feature",
        'Feature: s\n  Scenario: Missing parameter\n    Given the provider is in the state "a user exists"\n'
        '    When the consumer sends a GET request to "/users/${id}"\n    Then the provider responds with status 200\n',
    )

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "state.feature:4: '/users/${id}' names the state parameter 'id'" in run.output
    assert "| id | 1 |" in run.output


def test_rules_and_backgrounds_group_interactions(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/rules.feature",
        """\
        Feature: rules
          Background:
            Given the provider is in the state "the shop is open"

          Rule: Reading
            Background:
              Given the provider is in the state "users exist"

            Scenario: Read
              When the consumer sends a GET request to "/users"
              Then the provider responds with status 200

          @pact:V4 @pending
          Rule: Writing
            Scenario: Write
              When the consumer sends a POST request to "/users"
              Then the provider responds with status 201
        """,
    )

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    by_description = {item["description"]: item for item in run.pact("Shop-Users.json")["interactions"]}
    assert [state["name"] for state in by_description["Read"]["providerStates"]] == ["the shop is open", "users exist"]
    assert by_description["Write"]["pending"] is True
    assert by_description["Read"]["pending"] is False


BAD_BODIES = {
    "unknown matcher": ('{"id": {{ integr(1) }}}', "'integr' is not a matcher", "integer(42)"),
    "regex missing its example": (
        '{"e": {{ regex("bob", "[0-9]+") }}}',
        "does not match its own regex",
        "the pattern is the contract",
    ),
    "min above max": ('{"l": {{ each_like(1, min=3, max=2) }}}', "min=3 greater than max=2", "each_like"),
    "example of the wrong type": (
        '{"n": {{ integer("many") }}}',
        "integer() needs a whole-number example",
        "integer(42)",
    ),
    "malformed JSON": ('{"n": 1,,}', "the JSON body is malformed", "valid JSON"),
    "generator V2 cannot hold": (
        '{"n": {{ from_state("${id}", 1) }}}',
        "needs pact specification V3 or later",
        "@pact:V3",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_BODIES))
def test_bad_input_stops_the_run_and_leaves_pacts_untouched(project: Project, case: str) -> None:
    docstring, problem, hint = BAD_BODIES[case]
    project.write("behave.ini", USERDATA + "pact_specification = V2\n")
    previous = project.write("pacts/Shop-Users.json", '{"earlier": "run"}\n').read_bytes()
    project.write(
        "features/consumer/bad.feature",
        'Feature: bad\n  Scenario: Bad body\n    When the consumer sends a GET request to "/a"\n'
        "    Then the provider responds with status 200\n    And the response has the JSON body:\n"
        f'      """\n      {docstring}\n      """\n',
    )

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "bad.feature:7: " in run.output and problem in run.output
    assert hint in run.output
    assert "nothing was run or written" in run.output
    assert (project.root / "pacts" / "Shop-Users.json").read_bytes() == previous
    assert run.pact_files() == ["Shop-Users.json"]


def test_malformed_xml_names_its_line(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/xml.feature",
        'Feature: xml\n  Scenario: Bad XML\n    When the consumer sends a GET request to "/a"\n'
        "    Then the provider responds with status 200\n    And the response has the XML body:\n"
        '      """\n      <users>\n        <user>Bob</usr>\n      </users>\n      """\n',
    )

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "xml.feature:8: the XML body is malformed: mismatched tag" in run.output
    assert run.pact_files() == []
