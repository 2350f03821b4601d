"""behave runs of consumer features: pact JSON written, or failures that say where and why."""

from __future__ import annotations

import json

import pytest
from behave_project import Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n"

SPEC_FIRST = """\
Feature: Shop creates users
  Scenario: Create a user
    Given the provider is in the state "no user named Bob exists"
    And the provider is in the state "the next id is" with:
      | parameter | value |
      | id        | 3     |
      | prefix    | "u-"  |
    When the consumer sends a POST request to "/users"
    And the request has the headers:
      | Content-Type | application/json |
    And the request has the query:
      | dry_run | false |
    And the request has the JSON body:
      \"\"\"
      {"name": {{ like("Bob") }}, "roles": {{ each_like("admin", min=2) }}}
      \"\"\"
    Then the provider responds with status 201
    And the response has the JSON body:
      \"\"\"
      {
        "id": {{ integer(3) }},
        "email": {{ regex("bob@example.com", "[^@]+@[^@]+") }},
        "score": {{ decimal(1.5) }},
        "active": {{ boolean(true) }},
        "created": {{ datetime("2024-05-01T10:00:00") }}
      }
      \"\"\"
"""

CLIENT_STEPS = """\
import requests
from behave import when

@when('the shop fetches user {user_id:d} asking for "{accept}"')
def fetch(context, user_id, accept):
    context.answer = requests.get(
        f"{context.contracts.mock_url}/users/{user_id}", headers={"Accept": accept}, timeout=5
    )

@when("the shop does nothing with the users service")
def nothing(context):
    context.contracts.mock_url
"""

CONSUMER_CODE = """\
Feature: Shop reads users
  Scenario: Read a user
    Given the consumer sends a GET request to "/users/1"
    And the request has the headers:
      | Accept | application/json |
    And the provider responds with status 200
    And the response has the JSON body:
      \"\"\"
      {"id": {{ integer(1) }}}
      \"\"\"
    When the shop fetches user 1 asking for "ACCEPT"
"""


def test_spec_first_scenario_writes_states_request_and_matching_rules(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/create.feature", SPEC_FIRST)

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    assert "contracts-bdd: wrote pacts/Shop-Users.json" in run.output
    assert "content_type is NULL" not in run.output
    pact = run.pact("Shop-Users.json")
    assert pact["metadata"]["pactSpecification"]["version"] == "4.0"
    (interaction,) = pact["interactions"]
    assert interaction["description"] == "Create a user"
    assert interaction["providerStates"] == [
        {"name": "no user named Bob exists"},
        {"name": "the next id is", "params": {"id": 3, "prefix": "u-"}},
    ]
    request = interaction["request"]
    assert request["query"] == {"dry_run": ["false"]}
    assert request["body"]["content"]["name"] == "Bob"
    assert set(request["body"]["content"]["roles"]) == {"admin"}
    assert request["matchingRules"]["body"]["$.roles"]["matchers"] == [{"match": "type", "min": 2}]
    rules = interaction["response"]["matchingRules"]["body"]
    assert rules["$.id"]["matchers"] == [{"match": "integer"}]
    assert rules["$.email"]["matchers"] == [{"match": "regex", "regex": "[^@]+@[^@]+"}]
    assert rules["$.score"]["matchers"] == [{"match": "decimal"}]
    assert rules["$.active"]["matchers"] == [{"match": "boolean"}]
    assert rules["$.created"]["matchers"][0]["match"] == "datetime"
    assert interaction["response"]["status"] == 201


def test_a_mock_server_stops_with_its_scenario_through_behaves_cleanup(project: Project) -> None:
    """The scenario's mock server is entered on an ExitStack closed by behave's add_cleanup, so it stops when
    behave leaves the scenario even when no after_scenario hook ends it (here: a project that wires none)."""
    project.write("behave.ini", USERDATA)
    project.write(
        "environment.py",
        "from contracts_bdd.hooks import after_all, before_all, before_scenario, before_step\n",
    )
    project.write(
        "steps/client.py",
        """\
        import socket
        import urllib.request
        from behave import then, when

        URLS, KEPT = [], []

        @when("the shop reads user 1 from the mock server")
        def read(context):
            URLS.append(context.contracts.mock_url)
            KEPT.append(context.contracts.scenario)  # kept: the server must stop by cleanup, not by garbage collection
            urllib.request.urlopen(URLS[0] + "/users/1", timeout=10).read()

        @then("the mock server of the scenario before is gone")
        def gone(context):
            port = int(URLS[0].rsplit(":", 1)[1])
            try:
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
            except ConnectionRefusedError:
                return
            raise AssertionError(f"the mock server at {URLS[0]} still runs")
        """,
    )
    project.write(
        "features/consumer/read.feature",
        """\
        Feature: Shop reads users
          Scenario: Read a user
            Given the consumer sends a GET request to "/users/1"
            And the provider responds with status 200
            When the shop reads user 1 from the mock server

          Scenario: Afterwards
            Then the mock server of the scenario before is gone
        """,
    )

    run = project.behave("features/consumer")

    assert "2 scenarios passed, 0 failed" in run.output, run.output


def test_consumer_code_that_keeps_the_contract_passes(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("steps/client.py", CLIENT_STEPS)
    project.write("features/consumer/read.feature", CONSUMER_CODE.replace("ACCEPT", "application/json"))

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    assert run.pact("Shop-Users.json")["interactions"][0]["request"]["headers"] == {"Accept": ["application/json"]}


def test_consumer_code_sending_a_wrong_header_fails_at_the_header_row(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("steps/client.py", CLIENT_STEPS)
    project.write("features/consumer/read.feature", CONSUMER_CODE.replace("ACCEPT", "text/html"))

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "header 'Accept': expected application/json but got text/html" in run.output
    assert "declared at features/consumer/read.feature:5" in run.output
    assert "no pact written for Shop -> Users" in run.output
    assert run.pact_files() == []


def test_request_the_code_never_made_fails_the_scenario(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("steps/client.py", CLIENT_STEPS)
    feature = CONSUMER_CODE.replace(
        'When the shop fetches user 1 asking for "ACCEPT"', "When the shop does nothing with the users service"
    )
    project.write("features/consumer/read.feature", feature)

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "GET /users/1: the contract expects this request but it was never made" in run.output
    assert "declared at features/consumer/read.feature:3" in run.output
    assert run.pact_files() == []


def test_malformed_json_names_file_and_line_and_writes_nothing(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/create.feature", SPEC_FIRST)
    project.write(
        "features/consumer/broken.feature",
        """\
        Feature: broken
          Scenario: Trailing comma
            Given the consumer sends a GET request to "/users/2"
            And the provider responds with status 200
            And the response has the JSON body:
              \"\"\"
              {
                "id": {{ integer(2) }},
                "name": "x",,
              }
              \"\"\"
        """,
    )

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "features/consumer/broken.feature:9: the JSON body is malformed" in run.output
    assert "Write instead: valid JSON" in run.output
    assert "Traceback" not in run.output
    assert run.pact_files() == []


def test_unknown_matcher_and_regex_that_misses_its_example_are_refused(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/matchers.feature",
        """\
        Feature: matchers
          Scenario: Unknown matcher
            Given the consumer sends a GET request to "/a"
            And the provider responds with status 200
            And the response has the JSON body:
              \"\"\"
              {"id": {{ integr(2) }}}
              \"\"\"
          Scenario: Regex against its own example
            Given the consumer sends a GET request to "/b"
            And the provider responds with status 200
            And the response has the JSON body:
              \"\"\"
              {
                "email": {{ regex("bob", "[a-z]+@x") }}
              }
              \"\"\"
        """,
    )

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "matchers.feature:7: 'integr' is not a matcher" in run.output
    assert "integer(42)" in run.output
    assert "matchers.feature:15: the example 'bob' does not match its own regex '[a-z]+@x'" in run.output
    assert run.pact_files() == []


def test_scenarios_of_several_features_merge_and_a_rerun_replaces(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/create.feature", SPEC_FIRST)
    project.write(
        "features/consumer/delete.feature",
        """\
        Feature: Shop deletes users
          Scenario: Delete a user
            Given the provider is in the state "a user with id 3 exists"
            When the consumer sends a DELETE request to "/users/3"
            Then the provider responds with status 204
        """,
    )

    first = project.behave("features/consumer")
    second = project.behave("features/consumer")

    assert first.returncode == 0, first.output
    assert second.returncode == 0, second.output
    descriptions = [item["description"] for item in second.pact("Shop-Users.json")["interactions"]]
    assert sorted(descriptions) == ["Create a user", "Delete a user"]
    assert not list((project.root / "pacts").glob(".staging-*"))


def test_a_failing_run_leaves_the_previous_pact_untouched(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/create.feature", SPEC_FIRST)
    assert project.behave("features/consumer").returncode == 0
    before = (project.root / "pacts" / "Shop-Users.json").read_bytes()
    project.write(
        "features/consumer/bad.feature",
        'Feature: bad\n  Scenario: Bad status\n    Given the consumer sends a GET request to "/x"\n'
        "    And the provider responds with status 999\n",
    )

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "bad.feature:4: '999' is not an HTTP status" in run.output
    assert (project.root / "pacts" / "Shop-Users.json").read_bytes() == before


def test_pair_named_by_tags_and_background_steps(project: Project) -> None:
    project.write(
        "features/consumer/tags.feature",
        """\
        @consumer:Web @provider:Orders
        Feature: tagged
          Scenario: By tags
            Given the consumer sends a GET request to "/orders"
            Then the provider responds with status 200
        """,
    )
    project.write(
        "features/consumer/background.feature",
        """\
        Feature: background
          Background:
            Given the consumer is "Mobile"
            And the provider is "Orders"
          Scenario: By steps
            Given the consumer sends a GET request to "/orders/1"
            Then the provider responds with status 404
        """,
    )

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    assert run.pact_files() == ["Mobile-Orders.json", "Web-Orders.json"]


def test_missing_names_say_how_to_name_them(project: Project) -> None:
    project.write(
        "features/consumer/anonymous.feature",
        'Feature: x\n  Scenario: No names\n    Given the consumer sends a GET request to "/x"\n'
        "    Then the provider responds with status 200\n",
    )

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "anonymous.feature:2: no consumer is named for this scenario" in run.output
    assert "@consumer:Name" in run.output


def test_bad_configuration_stops_the_run_at_start(project: Project) -> None:
    project.write("behave.ini", "[behave.userdata]\npact_specification = V9\n")
    project.write("features/consumer/create.feature", SPEC_FIRST)

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "configuration key 'pact_specification' is 'V9'; allowed values are V2, V3, V4" in run.output
    assert "0 scenarios passed, 0 failed, 0 skipped, 1 untested" in run.output
    assert run.pact_files() == []


def test_define_and_environment_override_behave_ini(project: Project) -> None:
    project.write("behave.ini", USERDATA + "pact_specification = V4\n")
    project.write("features/consumer/create.feature", SPEC_FIRST)

    by_env = project.behave("features/consumer", env={"CONTRACTS_BDD_PACT_SPECIFICATION": "V3"})
    spec_by_env = by_env.pact("Shop-Users.json")["metadata"]["pactSpecification"]["version"]
    by_define = project.behave(
        "-D",
        "pact_specification=V4",
        "-D",
        "pact_dir=out",
        "features/consumer",
        env={"CONTRACTS_BDD_PACT_SPECIFICATION": "V3"},
    )

    assert by_env.returncode == 0, by_env.output
    assert spec_by_env == "3.0.0"
    assert by_define.returncode == 0, by_define.output
    written = json.loads((project.root / "out" / "Shop-Users.json").read_text())
    assert written["metadata"]["pactSpecification"]["version"] == "4.0"


def test_scenario_outline_gives_one_interaction_per_example_row(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/outline.feature",
        """\
        Feature: outline
          Scenario Outline: Read user <id>
            Given the provider is in the state "a user with id <id> exists"
            When the consumer sends a GET request to "/users/<id>"
            Then the provider responds with status 200
            And the response has the JSON body:
              \"\"\"
              {"id": {{ integer(<id>) }}, "name": {{ like("<name>") }}}
              \"\"\"

            Examples:
              | id | name  |
              | 1  | Alice |
              | 2  | Bob   |
        """,
    )

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    interactions = run.pact("Shop-Users.json")["interactions"]
    assert sorted(item["request"]["path"] for item in interactions) == ["/users/1", "/users/2"]
    assert sorted(item["response"]["body"]["content"]["name"] for item in interactions) == ["Alice", "Bob"]


def test_forgetting_the_before_step_hook_says_how_to_wire_it(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "environment.py", "from contracts_bdd.hooks import after_all, after_scenario, before_all, before_scenario\n"
    )
    project.write("features/consumer/create.feature", SPEC_FIRST)

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "call contracts_bdd.hooks.before_step from your environment.py" in run.output
    assert run.pact_files() == []


def test_text_bodies_exchanged_by_consumer_code_leave_no_native_noise(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "steps/notes.py",
        """\
        import requests
        from behave import when

        @when("the shop posts a note")
        def post_note(context):
            answer = requests.post(
                context.contracts.mock_url + "/notes", data="hello", headers={"Content-Type": "text/plain"}, timeout=5
            )
            assert answer.text == "stored", answer.text
        """,
    )
    project.write(
        "features/consumer/notes.feature",
        """\
        Feature: notes
          Scenario: Post a note
            Given the consumer sends a POST request to "/notes"
            And the request has the text body:
              \"\"\"
              hello
              \"\"\"
            And the provider responds with status 201
            And the response has the text body:
              \"\"\"
              stored
              \"\"\"
            When the shop posts a note
        """,
    )

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    assert "content_type is NULL" not in run.output
    response = run.pact("Shop-Users.json")["interactions"][0]["response"]
    assert response["body"] == {"content": "stored", "contentType": "text/plain", "encoded": False}


def one_scenario_of(count: int) -> str:
    requests = "".join(
        f'    When the consumer sends a GET request to "/items/{index}"\n'
        "    Then the provider responds with status 200\n"
        for index in range(count)
    )
    return "Feature: many\n  Scenario: Every item\n" + requests


@pytest.mark.parametrize(("count", "warned"), [(51, True), (50, False)])
def test_a_scenario_with_more_than_50_interactions_is_warned_about_and_still_runs(
    project: Project, count: int, warned: bool
) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/many.feature", one_scenario_of(count))

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    warning = f"features/consumer/many.feature:2 declares {count} interactions in one scenario"
    assert (warning in run.output) is warned
    assert ("split it into scenarios of at most 50" in run.output) is warned
    assert len(run.pact("Shop-Users.json")["interactions"]) == count


OWN_DECLARING_STEPS = """\
from behave import step
from contracts_bdd.model.contract import Header
from contracts_bdd.steps import declares_contract

@step("the request carries the shop's credentials")
@declares_contract
def credentials(context):
    where = context.contracts.step_location
    context.contracts.scenario.add_headers("request", [Header("Authorization", "Bearer shop", where)], where)

@step("the request carries the shop's credentials, unmarked")
def unmarked(context):
    where = context.contracts.step_location
    context.contracts.scenario.add_headers("request", [Header("Authorization", "Bearer shop", where)], where)
"""

OWN_STEP_FEATURE = """\
Feature: Shop reads users
  Scenario: Read a user
    When the consumer sends a GET request to "/users/1"
    And the request carries the shop's credentials{marking}
    Then the provider responds with status 200
"""


def test_a_projects_own_declaring_step_is_read_by_the_pre_flight_and_written(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("steps/own.py", OWN_DECLARING_STEPS)
    project.write("features/consumer/own.feature", OWN_STEP_FEATURE.format(marking=""))

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    (interaction,) = run.pact("Shop-Users.json")["interactions"]
    assert interaction["request"]["headers"] == {"Authorization": ["Bearer shop"]}


def test_an_unmarked_step_that_declares_at_run_time_is_refused_with_the_decorator_to_add(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("steps/own.py", OWN_DECLARING_STEPS)
    project.write("features/consumer/own.feature", OWN_STEP_FEATURE.format(marking=", unmarked"))

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "features/consumer/own.feature:4: a step declares contract details at run time" in run.output
    assert "contracts_bdd.steps.declares_contract" in run.output
    assert run.pact_files() == []


def test_self_play_sends_queries_that_need_percent_encoding(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/search.feature",
        """\
Feature: Shop searches
  Scenario: Search with ampersands and umlauts
    When the consumer sends a GET request to "/search/red-shoes"
    And the request has the query:
      | q    | a&b=c ü |
      | page | 2       |
    Then the provider responds with status 200
""",
    )

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    (interaction,) = run.pact("Shop-Users.json")["interactions"]
    assert interaction["request"]["path"] == "/search/red-shoes"
    assert interaction["request"]["query"] == {"q": ["a&b=c ü"], "page": ["2"]}
