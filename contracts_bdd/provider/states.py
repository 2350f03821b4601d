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

The verifier reaches these handlers through `state_endpoint.StateChangeServer`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import parse

from contracts_bdd.errors import SetupError


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
