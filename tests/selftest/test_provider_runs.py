"""behave runs of provider features against real providers on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from behave_project import REPO, Project
from broker_support import verification_broker

from contracts_bdd.provider.verification import ProviderProcess

CONSUMER_FEATURE = """\
@consumer:OrderService @provider:UserService
Feature: OrderService's needs
  Scenario: A user who exists
    Given the provider is in the state "a user with id 1 exists"
    When the consumer sends a GET request to "/users/1"
    And the request has the headers:
      | Accept | application/json |
    Then the provider responds with status 200
    And the response has the JSON body:
      \"\"\"
      {"id": {{ integer(1) }}, "name": {{ like("Alice") }}, "email": {{ like("alice@example.com") }}}
      \"\"\"

  Scenario: A user who does not exist
    Given the provider is in the state "no user with id 42 exists"
    When the consumer sends a GET request to "/users/42"
    Then the provider responds with status 404
"""

STATES = """\
from pathlib import Path
from contracts_bdd import provider_state
from examples.user_service import store

@provider_state("a user with id {id:d} exists")
def user_exists(id):
    store.save_user(id, "Alice", "alice@example.com")
    yield {"id": id}
    store.delete_user(id)
    Path("teardown-ran").write_text(str(id))

@provider_state("no user with id {id:d} exists")
def no_user(id):
    store.delete_user(id)
"""

START = 'Given the provider "UserService" is started with "{python} -m examples.user_service%s --port {port}"'


def provider_feature(given: str) -> str:
    return (
        "Feature: UserService\n  Scenario: Verify\n"
        f"    {given}\n"
        "    When the provider is verified against its pacts\n"
        "    Then every interaction passes verification\n"
    )


@pytest.fixture
def provider_project(project: Project) -> Project:
    """A project whose pacts/ holds OrderService's pact for UserService."""
    project.write("features/consumer/orders.feature", CONSUMER_FEATURE)
    project.write("steps/states.py", STATES)
    run = project.behave("features/consumer")
    assert run.returncode == 0, run.output
    return project


def run_provider(project: Project) -> object:
    return project.behave("features/provider", env={"USER_SERVICE_DB": str(project.root / "users.sqlite3")})


def test_real_provider_passes_and_state_teardown_runs(provider_project: Project) -> None:
    provider_project.write("features/provider/users.feature", provider_feature(START % ""))

    run = run_provider(provider_project)

    assert run.returncode == 0, run.output
    assert (provider_project.root / "teardown-ran").read_text() == "1"
    assert "Verifying a pact between" not in run.output  # the Rust verifier's own report stays in the log


def test_broken_provider_fails_naming_the_interaction_and_mismatch(provider_project: Project) -> None:
    provider_project.write("features/provider/users.feature", provider_feature(START % " --broken"))

    run = run_provider(provider_project)

    assert run.returncode != 0
    assert "Verified 2 interaction(s) of provider 'UserService': 1 passed, 1 failed" in run.output
    assert "FAILED  OrderService: 'A user who exists' given 'a user with id 1 exists'" in run.output
    assert "BodyMismatch at $: Actual map is missing the following keys: email" in run.output
    assert "PASSED  OrderService: 'A user who does not exist'" in run.output


def test_unknown_provider_state_names_the_state_and_the_handlers(provider_project: Project) -> None:
    (provider_project.root / "steps" / "states.py").write_text(STATES.split('@provider_state("no user', maxsplit=1)[0])
    provider_project.write("features/provider/users.feature", provider_feature(START % ""))

    run = run_provider(provider_project)

    assert run.returncode != 0
    assert "no provider state handler matches 'no user with id 42 exists'" in run.output
    assert "- a user with id {id:d} exists" in run.output
    assert "PASSED  OrderService: 'A user who exists'" in run.output


def test_state_handler_that_raises_fails_its_interaction_with_the_traceback(provider_project: Project) -> None:
    provider_project.write(
        "steps/states.py",
        STATES.replace(
            "    store.delete_user(id)\n\n\n", "    raise RuntimeError('database is locked')\n\n\n", 1
        ).replace(
            "def no_user(id):\n    store.delete_user(id)",
            "def no_user(id):\n    raise RuntimeError('database is locked')",
        ),
    )
    provider_project.write("features/provider/users.feature", provider_feature(START % ""))

    run = run_provider(provider_project)

    assert run.returncode != 0
    assert "the handler 'no user with id {id:d} exists' raised:" in run.output
    assert "RuntimeError: database is locked" in run.output
    assert "PASSED  OrderService: 'A user who exists'" in run.output


def test_provider_command_that_exits_at_once_shows_its_output(provider_project: Project) -> None:
    provider_project.write("fail_fast.py", "import sys\nprint('port already taken')\nsys.exit(3)\n")
    provider_project.write(
        "features/provider/users.feature",
        provider_feature('Given the provider "UserService" is started with "{python} fail_fast.py"'),
    )

    run = run_provider(provider_project)

    assert run.returncode != 0
    assert "exited with code 3" in run.output
    assert "| port already taken" in run.output


def test_provider_that_dies_during_verification_is_reported(provider_project: Project) -> None:
    provider_project.write(
        "one_shot.py",
        """\
        import sys
        from http.server import BaseHTTPRequestHandler, HTTPServer

        class Once(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(404)
                self.end_headers()

        server = HTTPServer(("127.0.0.1", int(sys.argv[1])), Once)
        server.handle_request()  # readiness probe
        server.handle_request()  # first interaction
        print("crashed: out of memory", flush=True)
        sys.exit(9)
        """,
    )
    provider_project.write(
        "features/provider/users.feature",
        provider_feature('Given the provider "UserService" is started with "{python} one_shot.py {port}"'),
    )

    run = run_provider(provider_project)

    assert run.returncode != 0
    assert "exited with code 9" in run.output
    assert "| crashed: out of memory" in run.output


@pytest.fixture
def running_user_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("USER_SERVICE_DB", str(tmp_path / "running.sqlite3"))
    monkeypatch.chdir(REPO)
    process = ProviderProcess.start("{python} -m examples.user_service --port {port}", ready_path="/", timeout=10)
    try:
        yield process.base_url
    finally:
        process.stop()


def test_running_provider_with_its_own_state_endpoint(provider_project: Project, running_user_service: str) -> None:
    provider_project.write(
        "features/provider/users.feature",
        provider_feature(
            f'Given the provider "UserService" is running at "{running_user_service}"\n'
            '    And the provider sets up its states at "/_pact/provider_states"'
        ),
    )

    run = run_provider(provider_project)

    assert run.returncode == 0, run.output


def test_no_pact_for_the_provider_says_what_was_found(provider_project: Project) -> None:
    provider_project.write(
        "features/provider/users.feature", provider_feature(START.replace('"UserService"', '"BillingService"', 1) % "")
    )

    run = run_provider(provider_project)

    assert run.returncode != 0
    assert "no pact file in pacts names 'BillingService' as its provider; it has pacts for: UserService" in run.output


def test_the_example_runs_both_ways_and_its_pact_is_valid_v4(project: Project) -> None:
    project.copy_example()

    consumer = project.behave("features/consumer")
    provider = project.behave("features/provider")

    assert consumer.returncode == 0, consumer.output
    assert provider.returncode == 0, provider.output
    pact = consumer.pact("OrderService-UserService.json")
    schema = REPO.parent / "shared" / "interop" / "schemas" / "pact-schema-v4.relaxed-contentTypeHint.json"
    if schema.exists():
        jsonschema.validate(pact, json.loads(schema.read_text()))
    by_description = {item["description"]: item for item in pact["interactions"]}
    exists = by_description["A user who exists"]
    assert exists["providerStates"] == [{"name": "a user with id 1 exists"}]
    assert exists["request"]["headers"] == {"Accept": ["application/json"]}
    assert set(exists["response"]["matchingRules"]["body"]) == {"$.id", "$.name", "$.email"}
    missing = by_description["A user who does not exist"]
    assert missing["response"]["status"] == 404
    assert missing["providerStates"] == [{"name": "no user with id 42 exists"}]


def test_a_malformed_pact_file_is_named(provider_project: Project) -> None:
    provider_project.write("pacts/Truncated-UserService.json", '{"consumer": {"name": "Trun')
    provider_project.write("features/provider/users.feature", provider_feature(START % ""))

    run = run_provider(provider_project)

    assert run.returncode != 0
    assert "pacts/Truncated-UserService.json is not a readable pact file" in run.output


def test_provider_that_never_answers_times_out_with_its_output(provider_project: Project) -> None:
    provider_project.write(
        "silent.py", "import time\nprint('listening on the wrong port', flush=True)\ntime.sleep(60)\n"
    )
    provider_project.write(
        "behave.ini", "[behave]\nshow_timings = false\n[behave.userdata]\nprovider_start_timeout = 1\n"
    )
    provider_project.write(
        "features/provider/users.feature",
        provider_feature('Given the provider "UserService" is started with "{python} silent.py"'),
    )

    run = run_provider(provider_project)

    assert run.returncode != 0
    assert "did not answer at http://127.0.0.1:" in run.output
    assert "within 1 s" in run.output
    assert "| listening on the wrong port" in run.output
    assert "raise provider_start_timeout" in run.output


def test_the_example_verifies_from_a_broker_and_publishes_results(project: Project) -> None:
    project.copy_example()
    assert project.behave("features/consumer").returncode == 0
    pact = json.loads((project.root / "pacts" / "OrderService-UserService.json").read_text())
    broker = verification_broker(pact, "UserService")
    try:
        run = project.behave(
            "--tags=@broker",
            "features/provider",
            env={"PACT_BROKER_BASE_URL": broker.url, "CI": "true", "CONTRACTS_BDD_PROVIDER_VERSION": "2.3.0"},
        )
        (results,) = broker.requests_to("POST /pacts/provider/UserService/consumer/OrderService/verification-results")
        (selection,) = broker.requests_to("POST /pacts/provider/UserService/for-verification")
    finally:
        broker.close()

    assert run.returncode == 0, run.output
    assert "1 scenario passed" in run.output
    assert selection.body["consumerVersionSelectors"] == [{"mainBranch": True}, {"deployedOrReleased": True}]
    assert results.body["success"] is True
    assert results.body["providerApplicationVersion"] == "2.3.0"


def test_results_the_broker_does_not_take_fail_the_verification(project: Project) -> None:
    project.copy_example()
    assert project.behave("features/consumer").returncode == 0
    broker = verification_broker(
        json.loads((project.root / "pacts" / "OrderService-UserService.json").read_text()), "UserService"
    )
    broker.answer(
        "POST /pacts/provider/UserService/consumer/OrderService/verification-results",
        (400, {"errors": {"providerApplicationVersion": ["is not a version"]}}, 0),
    )
    try:
        run = project.behave(
            "--tags=@broker",
            "features/provider",
            env={"PACT_BROKER_BASE_URL": broker.url, "CI": "true", "CONTRACTS_BDD_PROVIDER_VERSION": "2.3.0"},
        )
    finally:
        broker.close()

    assert run.returncode != 0
    assert "Verified 2 interaction(s) of provider 'UserService': 2 passed, 0 failed" in run.output
    assert "The verification results did not reach the broker: the Pact Broker answered POST" in run.output
    assert "is not a version" in run.output


SLOW_STATES = STATES.replace(
    "def user_exists(id):\n", "def user_exists(id):\n    import time\n    time.sleep(6)  # a slow test database\n"
)


def test_a_state_or_request_slower_than_pact_rusts_five_seconds_passes_within_provider_request_timeout(
    provider_project: Project,
) -> None:
    """pact-rust gives a request or a state change 5 s by default: a busy CI machine's provider needs more."""
    provider_project.write("steps/states.py", SLOW_STATES)
    provider_project.write("features/provider/users.feature", provider_feature(START % ""))

    run = run_provider(provider_project)

    assert run.returncode == 0, run.output


def test_provider_request_timeout_bounds_a_state_or_request_and_says_which_setting(provider_project: Project) -> None:
    provider_project.write("steps/states.py", SLOW_STATES)
    provider_project.write("features/provider/users.feature", provider_feature(START % ""))
    provider_project.write(
        "behave.ini", "[behave]\nshow_timings = false\n[behave.userdata]\nprovider_request_timeout = 2\n"
    )

    run = run_provider(provider_project)

    assert run.returncode != 0
    assert "FAILED  OrderService: 'A user who exists' given 'a user with id 1 exists'" in run.output
    assert "PASSED  OrderService: 'A user who does not exist'" in run.output
    assert "provider_request_timeout" in run.output, run.output
