"""`contracts-bdd lint`: states the pacts use that nothing sets up, handlers no pact uses, on both sides."""

from __future__ import annotations

import json
from typing import Any

from behave_project import Project
from broker_support import FakeBroker, index

STATES = """\
from contracts_bdd import provider_state

@provider_state("a user with id {id:d} exists")
def user_exists(id):
    pass

@provider_state("the shop is closed")
def closed():
    pass
"""


def pact(consumer: str, *states: str) -> dict[str, Any]:
    return {
        "consumer": {"name": consumer},
        "provider": {"name": "Users"},
        "interactions": [
            {
                "type": "Synchronous/HTTP",
                "description": f"when {state}",
                "providerStates": [{"name": state}],
                "request": {"method": "GET", "path": "/"},
                "response": {"status": 200},
            }
            for state in states
        ],
        "metadata": {"pactSpecification": {"version": "4.0"}},
    }


def provider_project(project: Project) -> None:
    project.write("steps/states.py", STATES)
    project.write("features/provider/.keep", "")
    project.write("pacts/Shop-Users.json", json.dumps(pact("Shop", "a user with id 7 exists", "a user is banned")))
    project.write("pacts/Admin-Users.json", json.dumps(pact("Admin", "a user with id 1 exists")))


def test_a_state_with_no_handler_fails_and_names_the_interactions_that_use_it(project: Project) -> None:
    provider_project(project)

    done = project.cli("lint")

    assert done.returncode == 1, done.stdout + done.stderr
    assert "2 provider state(s) checked" not in done.stdout
    assert "3 provider state(s) checked against the handlers of this project" in done.stdout
    assert "1 state(s) have no @provider_state handler:\n  - 'a user is banned'\n" in done.stdout
    assert "used by Shop: 'when a user is banned' (Shop-Users.json)" in done.stdout
    assert "1 handler(s) no pact uses:\n  - 'the shop is closed'" in done.stdout


def test_unused_handlers_alone_pass_unless_asked_to_fail(project: Project) -> None:
    provider_project(project)
    project.write("pacts/Shop-Users.json", json.dumps(pact("Shop", "a user with id 7 exists")))

    assert project.cli("lint").returncode == 0
    strict = project.cli("lint", "--fail-on-unused")
    assert strict.returncode == 1
    assert "'the shop is closed'" in strict.stdout


def test_a_state_url_takes_every_state(project: Project) -> None:
    provider_project(project)
    project.write("behave.ini", "[behave.userdata]\nprovider_state_url = /_pact/states\n")

    done = project.cli("lint")

    assert done.returncode == 0, done.stdout
    assert "every state falls back on the state URL /_pact/states" in done.stdout


def test_a_consumer_checks_its_states_against_a_provider_project_on_disk(project: Project) -> None:
    project.write("provider-repo/tests/states.py", STATES)
    project.write("provider-repo/.venv/lib/junk.py", '@provider_state("a user is banned")\ndef x(): pass\n')
    project.write("pacts/Shop-Users.json", json.dumps(pact("Shop", "a user with id 7 exists", "a user is banned")))

    done = project.cli("lint", "--against", "provider-repo")

    assert done.returncode == 1, done.stdout + done.stderr
    assert "the provider project in provider-repo" in done.stdout
    assert "  - 'a user is banned'" in done.stdout
    assert "no pact uses" not in done.stdout  # other consumers may use them


def test_a_consumer_checks_its_states_against_what_the_broker_knows(project: Project) -> None:
    project.write("pacts/Shop-Users.json", json.dumps(pact("Shop", "a user with id 7 exists", "a {curly} state")))
    fake = FakeBroker()
    fake.answer("GET /", (200, index(), 0))
    known = {"providerStates": [{"name": "a user with id 7 exists"}, {"name": "a {curly} state"}]}
    fake.answer("GET /pacts/provider/Users/provider-states", (200, known, 0))
    try:
        done = project.cli("lint", "--against", "broker", env={"PACT_BROKER_BASE_URL": fake.url})
        fake.answer("GET /pacts/provider/Users/provider-states", (200, {"providerStates": [{"name": "other"}]}, 0))
        new = project.cli("lint", "--against", "broker", env={"PACT_BROKER_BASE_URL": fake.url})
    finally:
        fake.close()

    assert done.returncode == 0, done.stdout + done.stderr
    assert "Users as the broker knows them" in done.stdout
    assert new.returncode == 1
    assert "2 state(s) have no @provider_state handler" in new.stdout


def test_no_pacts_is_an_error_not_a_pass(project: Project) -> None:
    done = project.cli("lint")

    assert done.returncode == 2
    assert "the pact source pacts does not exist" in done.stderr


def test_the_provider_run_can_refuse_to_start_on_a_state_without_a_handler(project: Project) -> None:
    provider_project(project)
    project.write(
        "features/provider/users.feature",
        "Feature: users\n  Scenario: Verify\n"
        '    Given the provider "Users" is started with "{python} -m http.server {port} --bind 127.0.0.1"\n'
        "    When the provider is verified against its pacts\n"
        "    Then every interaction passes verification\n",
    )
    project.write("behave.ini", "[behave.userdata]\ncheck_provider_states = true\n")

    run = project.behave("features/provider")

    assert run.returncode != 0
    assert "check_provider_states is on, and a state has no handler" in run.output
    assert "  - 'a user is banned'" in run.output
    assert "contracts-bdd: no scenario ran" in run.output
