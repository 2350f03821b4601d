"""One scenario per interaction; filters; headers and request filters; base paths; pending interactions."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import pytest
from behave_project import Project

from contracts_bdd.provider.pact_files import CHUNK_INTERACTIONS
from contracts_bdd.provider.verification import ProviderProcess

HERE = Path(__file__).parent
SECRET = "Bearer s3cr3t-provider-token"
BY_INTERACTION = (
    'Feature: UserService by interaction\n  Background:\n    Given the provider "UserService" is started with "{command}"\n\n'
    "  Scenario Outline: <consumer>: <interaction>\n    Then the interaction passes verification\n\n"
    "    Examples: the interactions in the pacts\n      | consumer | interaction | states |\n"
)


@pytest.fixture
def example(project: Project) -> Project:
    """The example's project with its pact written."""
    project.copy_example()
    assert project.behave("features/consumer").returncode == 0
    for feature in (project.root / "features" / "provider").glob("*.feature"):
        feature.unlink()
    return project


def test_each_interaction_is_a_scenario_and_a_junit_test_case(example: Project) -> None:
    example.write(
        "features/provider/users.feature",
        BY_INTERACTION.replace("{command}", "{python} -m examples.user_service --broken --port {port}"),
    )

    run = example.behave("features/provider", "--junit", "--junit-directory", "reports")

    assert run.returncode != 0
    assert "1 scenario passed, 1 failed" in run.output
    assert "OrderService: 'A user who exists' failed verification:" in run.output
    assert "BodyMismatch at $: Actual map is missing the following keys: email" in run.output
    cases = {
        case.get("name", "").split(" -- ")[0]: case
        for case in ElementTree.parse(next((example.root / "reports").glob("*.xml"))).iter("testcase")
    }
    assert set(cases) == {"OrderService: A user who exists", "OrderService: A user who does not exist"}
    assert cases["OrderService: A user who exists"].find("failure") is not None
    assert cases["OrderService: A user who does not exist"].find("failure") is None


def test_one_interaction_can_be_run_alone(example: Project) -> None:
    example.write(
        "features/provider/users.feature",
        BY_INTERACTION.replace("{command}", "{python} -m examples.user_service --broken --port {port}"),
    )

    run = example.behave("features/provider", "-n", "A user who does not exist")

    assert run.returncode == 0, run.output
    assert "1 scenario passed, 0 failed, 1 skipped" in run.output


def test_pact_description_from_the_environment_leaves_the_others_out(example: Project) -> None:
    example.write(
        "features/provider/users.feature",
        BY_INTERACTION.replace("{command}", "{python} -m examples.user_service --port {port}"),
    )

    run = example.behave("-f", "pretty", "features/provider", env={"PACT_DESCRIPTION": "^A user who exists$"})

    assert run.returncode == 0, run.output
    assert "1 scenario passed, 0 failed, 1 skipped" in run.output


def test_a_feature_table_limits_a_whole_verification(example: Project) -> None:
    example.write(
        "features/provider/users.feature",
        "Feature: limited\n  Scenario: Only one\n"
        '    Given the provider "UserService" is started with "{python} -m examples.user_service --port {port}"\n'
        "    And only these interactions are verified:\n      | what | value |\n      | consumer | OrderService |\n"
        "      | description | ^A user who does not |\n"
        "    When the provider is verified against its pacts\n    Then every interaction passes verification\n",
    )

    run = example.behave("--no-capture", "features/provider")

    assert run.returncode == 0, run.output
    assert "Verified 1 interaction(s) of provider 'UserService': 1 passed, 0 failed" in run.output
    assert "A user who exists'" not in run.output


def plain_provider_feature(start: str, extra: str = "") -> str:
    return (
        f"Feature: plain\n  Scenario: Verify\n    Given {start}\n{extra}"
        '    And the provider sets up its states at "/_pact/provider_states"\n'
        "    When the provider is verified against its pacts\n    Then every interaction passes verification\n"
    )


@pytest.fixture
def plain(example: Project) -> Project:
    shutil.copy(HERE / "plain_provider.py", example.root / "plain_provider.py")
    return example


def test_headers_from_the_environment_reach_the_provider_and_never_the_output(plain: Project) -> None:
    start = 'the provider "UserService" is started with "{python} plain_provider.py {port}"'
    headers = "    And every verification request carries the headers:\n      | Authorization | env:USERS_TOKEN |\n"
    plain.write("features/provider/plain.feature", plain_provider_feature(start, headers))
    provider_wants = {"REQUIRE_HEADER": f"Authorization: {SECRET}"}

    passing = plain.behave("--no-capture", "features/provider", env={"USERS_TOKEN": SECRET, **provider_wants})
    missing = plain.behave("features/provider", env=provider_wants)

    assert passing.returncode == 0, passing.output
    assert SECRET not in passing.output and "s3cr3t" not in passing.output
    assert missing.returncode != 0
    assert "the header 'Authorization' takes its value from $USERS_TOKEN, which is not set" in missing.output


def test_a_request_filter_changes_every_request(plain: Project) -> None:
    start = 'the provider "UserService" is started with "{python} plain_provider.py {port} --require \'X-Signed: yes\'"'
    plain.write("features/provider/plain.feature", plain_provider_feature(start))
    plain.write(
        "steps/signing.py",
        "from contracts_bdd import request_filter\n\n@request_filter\ndef sign(request):\n    request.headers['X-Signed'] = 'yes'\n",
    )

    signed = plain.behave("features/provider")
    (plain.root / "steps" / "signing.py").unlink()
    unsigned = plain.behave("features/provider")

    assert signed.returncode == 0, signed.output
    assert unsigned.returncode != 0
    assert "StatusMismatch: expected 200 but was 401" in unsigned.output  # refused without the filter's header
    assert "StatusMismatch: expected 404 but was 401" in unsigned.output


@pytest.fixture
def running_under_api(plain: Project) -> Iterator[str]:
    process = ProviderProcess.start(
        f"{{python}} {plain.root / 'plain_provider.py'} {{port}} --base /api", ready_path="/", timeout=10
    )
    try:
        yield process.base_url + "/api"
    finally:
        process.stop()


def test_a_base_path_is_kept(plain: Project, running_under_api: str) -> None:
    plain.write(
        "features/provider/plain.feature",
        plain_provider_feature(f'the provider "UserService" is running at "{running_under_api}"').replace(
            '"/_pact/provider_states"', f'"{running_under_api}/_pact/provider_states"'
        ),
    )

    run = plain.behave("features/provider")

    assert run.returncode == 0, run.output


def test_a_pending_interaction_reports_its_failure_without_failing(plain: Project) -> None:
    pact_path = plain.root / "pacts" / "OrderService-UserService.json"
    pact = json.loads(pact_path.read_text())
    for interaction in pact["interactions"]:
        interaction["pending"] = interaction["description"] == "A user who exists"
    pact_path.write_text(json.dumps(pact))
    start = 'the provider "UserService" is started with "{python} plain_provider.py {port} --broken"'
    plain.write("features/provider/plain.feature", plain_provider_feature(start))

    run = plain.behave("--no-capture", "features/provider")

    assert run.returncode == 0, run.output
    assert "1 passed, 0 failed, 1 pending failed" in run.output
    assert "FAILED (pending, not counted)  OrderService: 'A user who exists'" in run.output


def test_a_pact_larger_than_one_verifier_file_is_verified_whole_in_parts(example: Project) -> None:
    count = CHUNK_INTERACTIONS + 7
    scenarios = "".join(
        f'  Scenario: user {number}\n    Given the provider is in the state "a user with id {number} exists"\n'
        f'    When the consumer sends a GET request to "/users/{number}"\n    Then the provider responds with status 200\n'
        for number in range(1, count)
    )
    missing = '  Scenario: a user nobody created\n    When the consumer sends a GET request to "/users/99999"\n    Then the provider responds with status 200\n'
    example.write(
        "features/consumer/many.feature",
        "@consumer:ManyUsers @provider:UserService\nFeature: many\n" + scenarios + missing,
    )
    assert example.behave("features/consumer").returncode == 0
    example.write(
        "features/provider/users.feature",
        'Feature: UserService\n  Scenario: all\n    Given the provider "UserService" is started with "{python} -m examples.user_service --port {port}"\n'
        '    When the provider is verified against the pacts in "pacts"\n    Then every interaction passes verification\n',
    )

    run = example.behave("features/provider")

    assert run.returncode != 0
    assert f"Verified {count + 2} interaction(s) of provider 'UserService': {count + 1} passed, 1 failed" in run.output
    assert "FAILED  ManyUsers: 'a user nobody created'" in run.output
    assert "contracts-bdd-pacts-" not in run.output  # the parts are the verifier's business, not the user's


def _row_line(run_output: str, name: str) -> int:
    """The line behave's pretty formatter shows for the scenario named `name`."""
    found = re.search(rf"Scenario Outline: {re.escape(name)}\s+# features/provider/users\.feature:(\d+)", run_output)
    assert found, run_output
    return int(found.group(1))


def test_a_row_keeps_its_name_when_an_interaction_is_added_so_dash_n_re_runs_it_though_its_line_moves(
    example: Project,
) -> None:
    """Names are the stable handle on a row; the line is this run's only (docs/provider.md says so)."""
    example.write(
        "features/provider/users.feature",
        BY_INTERACTION.replace("{command}", "{python} -m examples.user_service --port {port}"),
    )
    name = "OrderService: A user who exists"
    before = example.behave("-f", "pretty", "--no-color", "features/provider")
    assert before.returncode == 0, before.output
    consumer = example.root / "features" / "consumer" / "consumer.users.feature"
    consumer.write_text(
        consumer.read_text()
        + '\n  Scenario: A user who cancelled\n    Given the provider is in the state "a user with id 3 cancelled"\n'
        '    And the consumer sends a GET request to "/users/3"\n    And the provider responds with status 410\n'
    )
    assert example.behave("features/consumer").returncode == 0

    again = example.behave("-f", "pretty", "--no-color", "features/provider", "-n", f"^{name}$")

    assert again.returncode == 0, again.output
    assert "1 scenario passed, 0 failed, 2 skipped" in again.output
    assert _row_line(again.output, name) != _row_line(before.output, name)  # the line moved; the name did not
