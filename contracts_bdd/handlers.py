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
from pathlib import Path
from typing import Any

import parse

from contracts_bdd.errors import SetupError


@dataclass(frozen=True)
class RegistrationProblem:
    """A pattern registered a second time: where the second function is, and what is wrong."""

    filename: str
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.filename}:{self.line}: {self.problem}"


_REGISTRIES: list[HandlerRegistry] = []


def registration_problems() -> list[RegistrationProblem]:
    """Every pattern registered twice, in any registry (states, producers, consumers)."""
    return [found for registry in _REGISTRIES for found in registry.problems]


def raise_registration_problems() -> None:
    """Raise the handlers registered twice, all at once.

    Raises:
        SetupError: a pattern was registered by two functions.
    """
    found = registration_problems()
    if found:
        raise SetupError("\n".join(str(problem) for problem in found))


def _where(function: Callable[..., Any]) -> tuple[str, int]:
    """The file (relative to here when it is below) and line a function is defined at."""
    code = getattr(function, "__code__", None)
    try:
        path = Path(inspect.getsourcefile(function) or "?")
    except TypeError:
        return "?", 0
    shown = path.relative_to(Path.cwd()) if path.is_absolute() and path.is_relative_to(Path.cwd()) else path
    return str(shown), code.co_firstlineno if code is not None else 0


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
        self.problems: list[RegistrationProblem] = []
        _REGISTRIES.append(self)

    def register(self, pattern: str, function: Callable[..., Any]) -> None:
        """Add a handler; a pattern registered twice is a problem, kept for `raise_registration_problems`.

        It is not raised here: registration runs while behave imports the steps folder, where an
        exception becomes a long traceback. The run's `before_all` (and `contracts-bdd check`
        and `lint`) say it in one message, naming both functions at their file and line.
        """
        first = next((handler for handler in self.handlers if handler.pattern == pattern), None)
        if first is not None:
            (file, line), (first_file, first_line) = _where(function), _where(first.function)
            self.problems.append(
                RegistrationProblem(
                    file,
                    line,
                    f"the {self.noun} '{pattern}' is registered again by {function.__qualname__}, and already by "
                    f"{first.function.__qualname__} at {first_file}:{first_line}; keep one @{self.decorator} "
                    "function per pattern (two providers of one project share their handlers: delete one, or "
                    "word the two patterns apart)",
                )
            )
            return
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
