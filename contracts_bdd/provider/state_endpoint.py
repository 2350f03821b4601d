"""The state-change URL the verifier calls, served on loopback, answering with JSON.

pact-python's in-process state handlers discard what a handler returns (and cost half a
second to start), so provider-state values could not reach the contract; this endpoint
runs the handlers of `states.REGISTRY` and answers with what they return or yield.
A state without a handler, or a handler that raises, answers 400 so the verifier fails
that interaction at once; the reason is kept in `problems`. A project may choose to be
warned instead about a state without a handler (`without_handler="warn"`): the state is
answered as set up, and the reason is kept in `warnings`. Connections are kept alive.
"""

from __future__ import annotations

import inspect
import threading
import traceback
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

from contracts_bdd.pact.loopback import JsonRequest, LoopbackServer
from contracts_bdd.provider.states import StateRegistry

MAX_STATE_CHANGE_BYTES = 1 << 20


class StateChangeServer(LoopbackServer):
    """A loopback HTTP endpoint that sets up and tears down states for the verifier."""

    def __init__(self, registry: StateRegistry, *, without_handler: str = "fail") -> None:
        self.registry = registry
        self.without_handler = without_handler
        self.problems: dict[str, str] = {}
        self.warnings: dict[str, str] = {}
        self._teardowns: dict[str, list[Iterator[Any]]] = {}
        self._lock = threading.Lock()
        super().__init__(_handler_class(self), name="contracts-bdd-states")

    @property
    def url(self) -> str:
        """The URL to give the verifier."""
        return f"{self.base_url}{self.secret_path}/provider_states"

    def change(self, state: str, params: dict[str, Any], action: str) -> tuple[int, dict[str, Any]]:
        """Set up or tear down one state; return the HTTP status and JSON answer."""
        if not state:
            return 200, {}
        if action == "teardown":
            return self._teardown(state)
        found = self.registry.find(state, {"params": params})
        if found is None:
            return self._without_handler(state)
        handler, arguments = found
        try:
            result = handler.function(**arguments)
            if inspect.isgenerator(result):
                generator = result
                result = next(generator, None)
                with self._lock:
                    self._teardowns.setdefault(state, []).append(generator)
        except Exception:
            self.problems[state] = f"the handler '{handler.pattern}' raised:\n{traceback.format_exc()}"
            return 400, {"error": self.problems[state]}
        if result is not None and not isinstance(result, dict):
            self.problems[state] = (
                f"the handler '{handler.pattern}' returned {result!r}; return or yield a dict (or nothing)"
            )
            return 400, {"error": self.problems[state]}
        return 200, result or {}

    def _without_handler(self, state: str) -> tuple[int, dict[str, Any]]:
        """A state no handler matches: a failure, or (when the project chose it) a warning and no setup."""
        if self.without_handler == "warn":
            self.warnings[state] = f"no provider state handler matches '{state}'"
            return 200, {}
        self.problems[state] = self.registry.unknown_state_message(state)
        return 400, {"error": self.problems[state]}

    def _teardown(self, state: str) -> tuple[int, dict[str, Any]]:
        with self._lock:
            pending = self._teardowns.get(state, [])
            generator = pending.pop() if pending else None
        if generator is None:
            return 200, {}
        try:
            next(generator, None)
        except Exception:
            self.problems[state] = f"the teardown of '{state}' raised:\n{traceback.format_exc()}"
            return 400, {"error": self.problems[state]}
        return 200, {}


def _handler_class(owner: StateChangeServer) -> type[BaseHTTPRequestHandler]:
    class StateChangeRequest(JsonRequest):
        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            shape = 'a state change is a JSON object: {"state": ..., "params": {...}}'
            payload = self.read_json(owner.secret_path + "/provider_states", MAX_STATE_CHANGE_BYTES, shape)
            if payload is None:
                return
            if not isinstance(payload.get("params") or {}, dict):
                self.answer_json(400, {"error": shape})
                return
            status, answer = owner.change(
                str(payload.get("state") or ""), dict(payload.get("params") or {}), str(payload.get("action", "setup"))
            )
            self.answer_json(status, answer)

    return StateChangeRequest
