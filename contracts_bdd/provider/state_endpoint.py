"""The state-change URL the verifier calls, served on loopback, answering with JSON.

pact-python's in-process state handlers discard what a handler returns (and cost half a
second to start), so provider-state values could not reach the contract; this endpoint
runs the handlers of `states.REGISTRY` and answers with what they return or yield.
A state without a handler, or a handler that raises, answers 400 so the verifier fails
that interaction at once; the reason is kept in `problems`. Connections are kept alive.
"""

from __future__ import annotations

import inspect
import json
import threading
import traceback
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

from contracts_bdd.provider.loopback import LoopbackServer
from contracts_bdd.provider.states import StateRegistry

MAX_STATE_CHANGE_BYTES = 1 << 20


class StateChangeServer(LoopbackServer):
    """A loopback HTTP endpoint that sets up and tears down states for the verifier."""

    def __init__(self, registry: StateRegistry) -> None:
        self.registry = registry
        self.problems: dict[str, str] = {}
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
            self.problems[state] = self.registry.unknown_state_message(state)
            return 400, {"error": self.problems[state]}
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
    class StateChangeRequest(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: the verifier calls twice per interaction
        disable_nagle_algorithm = True  # else headers and body, written apart, wait on the client's delayed ACK

        def do_POST(self) -> None:
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_STATE_CHANGE_BYTES:
                self.close_connection = True
                self._answer(
                    413, {"error": f"a state change is a JSON object of at most {MAX_STATE_CHANGE_BYTES} bytes"}
                )
                return
            body = self.rfile.read(
                length
            )  # read in full even when refused, so the next request on the connection parses
            if self.path.split("?")[0] != owner.secret_path + "/provider_states":
                self._answer(404, {"error": "not found"})
                return
            try:
                payload = json.loads(body or b"{}")
            except (ValueError, RecursionError):
                payload = None
            if not isinstance(payload, dict) or not isinstance(payload.get("params") or {}, dict):
                self._answer(400, {"error": 'a state change is a JSON object: {"state": ..., "params": {...}}'})
                return
            status, answer = owner.change(
                str(payload.get("state") or ""), dict(payload.get("params") or {}), str(payload.get("action", "setup"))
            )
            self._answer(status, answer)

        def _answer(self, status: int, answer: dict[str, Any]) -> None:
            body = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Keep the verifier's calls out of behave's output."""

    return StateChangeRequest
