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
import time
import traceback
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

from contracts_bdd.pact.loopback import JsonRequest, LoopbackServer
from contracts_bdd.provider.states import StateRegistry

MAX_STATE_CHANGE_BYTES = 1 << 20


class StateChangeServer(LoopbackServer):
    """A loopback HTTP endpoint that sets up and tears down states for the verifier."""

    def __init__(
        self, registry: StateRegistry, *, without_handler: str = "fail", request_timeout: float | None = None
    ) -> None:
        self.registry = registry
        self.without_handler = without_handler
        self.request_timeout = request_timeout
        self._problems: dict[str, str] = {}
        self.warnings: dict[str, str] = {}
        self._running: dict[str, tuple[str, float]] = {}
        self._teardowns: dict[str, list[Iterator[Any]]] = {}
        self._lock = threading.Lock()
        super().__init__(_handler_class(self), name="contracts-bdd-states")

    @property
    def problems(self) -> dict[str, str]:
        """Why each state failed: its handler raised, returned no dict, is missing, or is too slow.

        A handler still running after the verifier's wait is named too: the verifier gave up on it.
        """
        problems = dict(self._problems)
        with self._lock:
            running = dict(self._running)
        for state, (pattern, started) in running.items():
            if state not in problems and self._overdue(time.monotonic() - started):
                problems[state] = self._too_slow(pattern, time.monotonic() - started, "still ran after")
        return problems

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
        started = time.monotonic()
        with self._lock:
            self._running[state] = (handler.pattern, started)
        try:
            result = handler.function(**arguments)
            if inspect.isgenerator(result):
                generator = result
                result = next(generator, None)
                with self._lock:
                    self._teardowns.setdefault(state, []).append(generator)
        except Exception:
            self._problems[state] = f"the handler '{handler.pattern}' raised:\n{traceback.format_exc()}"
            return 400, {"error": self._problems[state]}
        finally:
            with self._lock:
                self._running.pop(state, None)
        if self._overdue(time.monotonic() - started):
            self._problems[state] = self._too_slow(handler.pattern, time.monotonic() - started, "took")
        if result is not None and not isinstance(result, dict):
            self._problems[state] = (
                f"the handler '{handler.pattern}' returned {result!r}; return or yield a dict (or nothing)"
            )
            return 400, {"error": self._problems[state]}
        return 200, result or {}

    def _overdue(self, seconds: float) -> bool:
        return self.request_timeout is not None and seconds >= self.request_timeout

    def _too_slow(self, pattern: str, seconds: float, verb: str) -> str:
        """A handler slower than the verifier waits: its answer came too late, and that is the problem."""
        return (
            f"the handler '{pattern}' {verb} {seconds:.1f} s, longer than the verifier waits for a state change "
            f"(provider_request_timeout = {self.request_timeout:g} s): make the handler faster, or raise "
            "provider_request_timeout in behave.ini"
        )

    def _without_handler(self, state: str) -> tuple[int, dict[str, Any]]:
        """A state no handler matches: a failure, or (when the project chose it) a warning and no setup."""
        if self.without_handler == "warn":
            self.warnings[state] = f"no provider state handler matches '{state}'"
            return 200, {}
        self._problems[state] = self.registry.unknown_state_message(state)
        return 400, {"error": self._problems[state]}

    def _teardown(self, state: str) -> tuple[int, dict[str, Any]]:
        with self._lock:
            pending = self._teardowns.get(state, [])
            generator = pending.pop() if pending else None
        if generator is None:
            return 200, {}
        try:
            next(generator, None)
        except Exception:
            self._problems[state] = f"the teardown of '{state}' raised:\n{traceback.format_exc()}"
            return 400, {"error": self._problems[state]}
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
