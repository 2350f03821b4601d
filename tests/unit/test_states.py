"""Provider-state handlers and the state-change endpoint the verifier calls."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from contracts_bdd.provider.state_endpoint import MAX_STATE_CHANGE_BYTES, StateChangeServer
from contracts_bdd.provider.states import StateRegistry


@pytest.fixture
def registry() -> StateRegistry:
    calls: list[Any] = []
    registry = StateRegistry()

    def user_exists(id: int, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
        calls.append(("setup", id, params))
        yield {"id": id, "token": "t-1"}
        calls.append(("teardown", id))

    def broken() -> None:
        msg = "database is locked"
        raise RuntimeError(msg)

    registry.register("a user with id {id:d} exists", user_exists)
    registry.register("the database is broken", broken)
    registry.register("returns a list", lambda: [1])
    registry.calls = calls  # type: ignore[attr-defined]
    return registry


def post(
    server: StateChangeServer, state: str, action: str = "setup", params: dict[str, Any] | None = None
) -> requests.Response:
    return requests.post(server.url, json={"state": state, "action": action, "params": params or {}}, timeout=5)


def test_setup_answers_the_handler_values_and_teardown_resumes_it(registry: StateRegistry) -> None:
    with StateChangeServer(registry) as server:
        setup = post(server, "a user with id 7 exists", params={"name": "Bob"})
        teardown = post(server, "a user with id 7 exists", "teardown")

    assert (setup.status_code, setup.json()) == (200, {"id": 7, "token": "t-1"})
    assert teardown.status_code == 200
    assert registry.calls == [("setup", 7, {"name": "Bob"}), ("teardown", 7)]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("state", "problem"),
    [
        ("no such state", "no provider state handler matches 'no such state'"),
        ("the database is broken", "RuntimeError: database is locked"),
        ("returns a list", "return or yield a dict"),
    ],
)
def test_failures_answer_400_and_are_kept_for_the_report(registry: StateRegistry, state: str, problem: str) -> None:
    with StateChangeServer(registry) as server:
        answer = post(server, state)

    assert answer.status_code == 400
    assert problem in server.problems[state]


def test_unknown_state_lists_the_handlers_that_exist(registry: StateRegistry) -> None:
    message = registry.unknown_state_message("a user named Bob exists")
    assert "- a user with id {id:d} exists" in message
    assert '@provider_state("a user named Bob exists")' in message


def test_generic_empty_state_is_accepted() -> None:
    with StateChangeServer(StateRegistry()) as server:
        assert post(server, "").status_code == 200


def test_a_pattern_registered_twice_is_refused_naming_both_functions(registry: StateRegistry) -> None:
    def database_broken_again() -> None: ...

    registry.register("the database is broken", database_broken_again)

    (found,) = registry.problems
    assert found.filename == "tests/unit/test_states.py" or found.filename.endswith("test_states.py")
    assert found.line == database_broken_again.__code__.co_firstlineno
    assert "registered again by" in found.problem
    assert "database_broken_again" in found.problem
    assert [handler.function for handler in registry.handlers].count(database_broken_again) == 0  # the first stays


def test_only_the_run_that_opened_the_endpoint_can_change_states(registry: StateRegistry) -> None:
    with StateChangeServer(registry) as server:
        guessed = [
            requests.post(f"{server.base_url}{path}", json={"state": "a user with id 1 exists"}, timeout=5)
            for path in ("/_contracts_bdd/provider_states", "/provider_states", "/", server.secret_path)
        ]

    assert [answer.status_code for answer in guessed] == [404, 404, 404, 404]
    assert registry.calls == []  # type: ignore[attr-defined]
    assert server.secret_path in server.url
    assert len(server.secret_path) > 20


@pytest.mark.parametrize("payload", [b"[1, 2]", b'"text"', b"17", b'{"state": "x", "params": [1]}', b"{" * 5000])
def test_a_body_that_is_no_state_change_answers_400_and_the_endpoint_lives_on(
    registry: StateRegistry, payload: bytes
) -> None:
    with StateChangeServer(registry) as server:
        refused = requests.post(server.url, data=payload, headers={"Content-Type": "application/json"}, timeout=5)
        after = post(server, "a user with id 3 exists")

    assert refused.status_code == 400
    assert "a state change is a JSON object" in refused.json()["error"]
    assert after.status_code == 200


def loopback_connection(server: StateChangeServer) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", urlsplit(server.url).port, timeout=5)


def test_one_kept_alive_connection_carries_the_state_changes_and_a_guessed_path_is_closed_unread(
    registry: StateRegistry,
) -> None:
    with StateChangeServer(registry) as server:
        answers, closed = [], []
        guessed = loopback_connection(server)
        guessed.request("POST", "/provider_states", body=b'{"state": "a user with id 1 exists"}')
        refused = guessed.getresponse()
        answers.append((refused.status, json.loads(refused.read())))
        closed.append(refused.will_close)
        guessed.close()
        connection = loopback_connection(server)
        for body in (
            b'{"state": "a user with id 2 exists"}',
            b'{"state": "a user with id 2 exists", "action": "teardown"}',
        ):
            connection.request(
                "POST", urlsplit(server.url).path, body=body, headers={"Content-Type": "application/json"}
            )
            answer = connection.getresponse()
            answers.append((answer.status, json.loads(answer.read())))
            closed.append(answer.will_close)
        connection.close()

    assert answers == [(404, {"error": "not found"}), (200, {"id": 2, "token": "t-1"}), (200, {})]
    assert closed == [True, False, False]
    assert [call[:2] for call in registry.calls] == [("setup", 2), ("teardown", 2)]  # type: ignore[attr-defined]


def test_a_state_change_larger_than_the_limit_is_refused_before_it_is_read(registry: StateRegistry) -> None:
    with StateChangeServer(registry) as server:
        connection = loopback_connection(server)
        connection.putrequest("POST", urlsplit(server.url).path)
        connection.putheader("Content-Length", str(MAX_STATE_CHANGE_BYTES + 1))
        connection.endheaders(b'{"state": "a user with id 1 exists"}')
        refused = connection.getresponse()
        status = refused.status
        connection.close()

    assert status == 413
    assert registry.calls == []  # type: ignore[attr-defined]


def test_a_state_without_a_handler_is_answered_with_a_warning_when_chosen(registry: StateRegistry) -> None:
    with StateChangeServer(registry, without_handler="warn") as server:
        answer = post(server, "no such state")
        failing = post(server, "the database is broken")

    assert (answer.status_code, answer.json()) == (200, {})
    assert server.warnings == {"no such state": "no provider state handler matches 'no such state'"}
    assert failing.status_code == 400  # a handler that raises still fails its interaction
    assert list(server.problems) == ["the database is broken"]
