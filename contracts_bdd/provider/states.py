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

from collections.abc import Callable
from typing import Any

from contracts_bdd.handlers import Handler, HandlerRegistry

StateHandler = Handler
"""A registered provider state: its pattern and the function that sets it up."""


class StateRegistry(HandlerRegistry):
    """The provider states a project has registered."""

    def __init__(self) -> None:
        super().__init__("provider state", "provider_state", "def set_up(params): ...")

    def unknown_state_message(self, state: str) -> str:
        """Explain that no handler matches `state` and list the handlers that exist."""
        return self.unknown_message(state)


REGISTRY = StateRegistry()


def provider_state(pattern: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the handler of provider states matching `pattern`."""
    return REGISTRY.decorator_for(pattern)
