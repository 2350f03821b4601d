"""Python functions a project registers under parse patterns: provider states, message producers and consumers.

    registry = HandlerRegistry("provider state", "provider_state", "def set_up(params): ...")
    registry.register("a user with id {id:d} exists", user_exists)
    handler, arguments = registry.find("a user with id 1 exists", {"name": "Alice"})
    handler.function(**arguments)               # user_exists(id=1, params={"name": "Alice"})

Typed fields of the pattern become keyword arguments; the extras a caller offers (`params`,
`request`...) are passed only to a function whose signature asks for them by name.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import parse

from contracts_bdd.errors import SetupError


@dataclass(frozen=True)
class Handler:
    """A registered function: its pattern and the function itself."""

    pattern: str
    function: Callable[..., Any]
    compiled: parse.Parser

    def arguments(self, name: str, extras: Mapping[str, Any]) -> dict[str, Any] | None:
        """The call's keyword arguments if `name` matches the pattern, else None."""
        found = self.compiled.parse(name)
        if found is None:
            return None
        arguments = dict(found.named)
        wanted = inspect.signature(self.function).parameters
        arguments.update((key, value) for key, value in extras.items() if key in wanted)
        return arguments


class HandlerRegistry:
    """The functions a project registered for one purpose (`noun`), each under a parse pattern."""

    def __init__(self, noun: str, decorator: str, example: str) -> None:
        self.noun = noun
        self.decorator = decorator
        self.example = example
        self.handlers: list[Handler] = []

    def register(self, pattern: str, function: Callable[..., Any]) -> None:
        """Add a handler; a pattern registered twice is an error."""
        if any(handler.pattern == pattern for handler in self.handlers):
            msg = f"the {self.noun} '{pattern}' is registered twice (again by {function.__qualname__})"
            raise SetupError(msg)
        try:
            compiled = parse.compile(pattern)
        except ValueError as err:
            msg = f"the {self.noun} pattern '{pattern}' is not a valid parse pattern: {err}"
            raise SetupError(msg) from err
        self.handlers.append(Handler(pattern, function, compiled))

    def find(self, name: str, extras: Mapping[str, Any]) -> tuple[Handler, dict[str, Any]] | None:
        """The first handler whose pattern matches `name`, and the arguments to call it with."""
        for handler in self.handlers:
            arguments = handler.arguments(name, extras)
            if arguments is not None:
                return handler, arguments
        return None

    def unknown_message(self, name: str) -> str:
        """Explain that no handler matches `name`, list the handlers that exist and show one to write."""
        known = "\n".join(f"        - {handler.pattern}" for handler in self.handlers) or "        (none registered)"
        return (
            f"no {self.noun} handler matches '{name}'. Handlers that exist:\n{known}\n"
            f"      Add one in your steps folder:\n"
            f'        @{self.decorator}("{name}")\n'
            f"        {self.example}"
        )

    def decorator_for(self, pattern: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """A decorator that registers the function it decorates under `pattern`."""

        def register(function: Callable[..., Any]) -> Callable[..., Any]:
            self.register(pattern, function)
            return function

        return register
