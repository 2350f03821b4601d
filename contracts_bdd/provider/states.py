"""Provider states as Python functions, served to the verifier by our own endpoint.

Register a handler with a parse pattern; typed fields become arguments, the
state's parameters from the pact arrive as `params` if the function asks for
them. A generator handler tears down after the interaction (code after
`yield`); what it yields or returns (a dict) is sent back to the verifier::

    @provider_state("a user with id {id:d} exists")
    def user_exists(id, params):
        database.insert_user(id, name=params.get("name", "Alice"))
        yield {"id": id}
        database.delete_user(id)

`StateChangeServer` is the state-change URL the verifier calls (pact-python's
in-process handlers discard return values and cost half a second to start).
A state without a handler, or a handler that raises, answers 400 so the
verifier fails that interaction at once; the reason is kept in `problems`.
"""

from __future__ import annotations

import inspect
import json
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any

import parse

from contracts_bdd.errors import SetupError
from contracts_bdd.provider.loopback import LoopbackServer


@dataclass(frozen=True)
class StateHandler:
    """A registered provider state: its pattern and the function that sets it up."""

    pattern: str
    function: Callable[..., Any]
    compiled: parse.Parser

    def arguments(self, state: str, params: dict[str, Any]) -> dict[str, Any] | None:
        """The call's keyword arguments if `state` matches the pattern, else None."""
        found = self.compiled.parse(state)
        if found is None:
            return None
        arguments = dict(found.named)
        if "params" in inspect.signature(self.function).parameters:
            arguments["params"] = params
        return arguments


class StateRegistry:
    """The provider states a project has registered."""

    def __init__(self) -> None:
        self.handlers: list[StateHandler] = []

    def register(self, pattern: str, function: Callable[..., Any]) -> None:
        """Add a handler; a pattern registered twice is an error."""
        if any(handler.pattern == pattern for handler in self.handlers):
            msg = f"the provider state '{pattern}' is registered twice (again by {function.__qualname__})"
            raise SetupError(msg)
        try:
            compiled = parse.compile(pattern)
        except ValueError as err:
            msg = f"the provider state pattern '{pattern}' is not a valid parse pattern: {err}"
            raise SetupError(msg) from err
        self.handlers.append(StateHandler(pattern, function, compiled))

    def find(self, state: str, params: dict[str, Any]) -> tuple[StateHandler, dict[str, Any]] | None:
        """The handler for `state` and the arguments to call it with."""
        for handler in self.handlers:
            arguments = handler.arguments(state, params)
            if arguments is not None:
                return handler, arguments
        return None

    def unknown_state_message(self, state: str) -> str:
        """Explain that no handler matches `state` and list the handlers that exist."""
        known = "\n".join(f"        - {handler.pattern}" for handler in self.handlers) or "        (none registered)"
        return (
            f"no provider state handler matches '{state}'. Handlers that exist:\n{known}\n"
            f"      Add one in your steps folder:\n"
            f'        @provider_state("{state}")\n'
            f"        def set_up(params): ..."
        )


REGISTRY = StateRegistry()


def provider_state(pattern: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the handler of provider states matching `pattern`."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        REGISTRY.register(pattern, function)
        return function

    return register


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
        found = self.registry.find(state, params)
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
        def do_POST(self) -> None:
            if self.path.split("?")[0] != owner.secret_path + "/provider_states":
                self._answer(404, {"error": "not found"})
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
                payload = json.loads(self.rfile.read(length) or b"{}")
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
