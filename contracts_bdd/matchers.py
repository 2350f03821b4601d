"""The matchers a feature can use to loosen a value, each checked against its example.

Inside a JSON docstring a matcher is a jinja2 expression::

    {
      "id":    {{ integer(1) }},
      "name":  {{ like("Alice") }},
      "email": {{ regex("alice@example.com", "[^@]+@[^@]+") }},
      "roles": {{ each_like("admin", min=1) }}
    }

`MATCHERS` maps each name to a `MatcherSpec`; calling a spec validates the
arguments and returns a `contracts_bdd.contract.Matcher`. A bad call raises
`ValueError` whose message says what to write instead; the translation layer
adds the feature file and line.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid as uuid_module
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from contracts_bdd.contract import Matcher

DEFAULT_FORMATS = {
    "date": "%Y-%m-%d",
    "time": "%H:%M:%S",
    "datetime": "%Y-%m-%dT%H:%M:%S%z",
}


@dataclass(frozen=True)
class MatcherSpec:
    """One matcher a feature may call: its name, a usage example and its builder."""

    name: str
    summary: str
    usage: str
    build: Callable[..., Matcher]

    def __call__(self, *args: Any, **kwargs: Any) -> Matcher:
        try:
            return self.build(*args, **kwargs)
        except TypeError as err:
            msg = f"{self.name}(...) was called wrongly ({err}); write it like {self.usage}"
            raise ValueError(msg) from err


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _like(example: Any) -> Matcher:
    return Matcher("like", example)


def _string(example: str) -> Matcher:
    _require(isinstance(example, str), f'string() needs a text example, not {example!r}: string("Alice")')
    return Matcher("string", example)


def _regex(example: str, pattern: str) -> Matcher:
    _require(isinstance(example, str), f"regex() needs a text example, not {example!r}")
    try:
        compiled = re.compile(pattern)
    except re.error as err:
        msg = f"regex pattern {pattern!r} is not a valid regular expression ({err})"
        raise ValueError(msg) from err
    _require(
        compiled.fullmatch(example) is not None,
        f"the example {example!r} does not match its own regex {pattern!r}; "
        "change the example or the pattern so that the pattern matches the whole example",
    )
    return Matcher("regex", example, (("pattern", pattern),))


def _integer(example: int) -> Matcher:
    _require(
        isinstance(example, int) and not isinstance(example, bool),
        f"integer() needs a whole-number example, not {example!r}: integer(42)",
    )
    return Matcher("integer", example)


def _decimal(example: float) -> Matcher:
    _require(
        isinstance(example, (int, float)) and not isinstance(example, bool),
        f"decimal() needs a number example, not {example!r}: decimal(9.99)",
    )
    return Matcher("decimal", float(example))


def _number(example: float) -> Matcher:
    _require(
        isinstance(example, (int, float)) and not isinstance(example, bool),
        f"number() needs a number example, not {example!r}: number(3)",
    )
    return Matcher("number", example)


def _boolean(example: bool) -> Matcher:
    _require(isinstance(example, bool), f"boolean() needs true or false, not {example!r}: boolean(true)")
    return Matcher("boolean", example)


def _uuid(example: str) -> Matcher:
    try:
        uuid_module.UUID(str(example))
    except ValueError as err:
        msg = f'uuid() needs a UUID example, not {example!r}: uuid("6f1c2d1e-6f6a-4c1e-9f1e-2a6c1b7e0d3a")'
        raise ValueError(msg) from err
    return Matcher("uuid", example)


def _temporal(name: str) -> Callable[..., Matcher]:
    def build(example: str, format: str | None = None) -> Matcher:  # noqa: A002 - the word users write
        chosen = format or DEFAULT_FORMATS[name]
        try:
            dt.datetime.strptime(example, chosen)
        except (TypeError, ValueError) as err:
            msg = (
                f"{name}() example {example!r} does not fit the format {chosen!r}; "
                f'write an example in that format or give format="..." (Python strftime codes)'
            )
            raise ValueError(msg) from err
        return Matcher(name, example, (("format", chosen),))

    return build


def _each_like(example: Any, min: int = 1, max: int | None = None) -> Matcher:  # noqa: A002
    _require(isinstance(min, int) and min >= 1, f"each_like() min must be a whole number of at least 1, not {min!r}")
    if max is not None:
        _require(isinstance(max, int), f"each_like() max must be a whole number, not {max!r}")
        _require(min <= max, f"each_like() has min={min} greater than max={max}; make min <= max")
    _require(
        not isinstance(example, list), 'each_like() takes ONE example element, not a list: each_like("admin", min=1)'
    )
    return Matcher("each_like", example, (("min", min), ("max", max)))


def _spec(name: str, summary: str, usage: str, build: Callable[..., Matcher]) -> MatcherSpec:
    return MatcherSpec(name, summary, usage, build)


MATCHERS: dict[str, MatcherSpec] = {
    spec.name: spec
    for spec in (
        _spec("like", "any value of the same type as the example", 'like("Alice")', _like),
        _spec("string", "any text", 'string("Alice")', _string),
        _spec("regex", "text matching a regular expression", 'regex("2024-01", "\\\\d{4}-\\\\d{2}")', _regex),
        _spec("integer", "any whole number", "integer(42)", _integer),
        _spec("decimal", "any number with a fractional part", "decimal(9.99)", _decimal),
        _spec("number", "any number", "number(3)", _number),
        _spec("boolean", "true or false", "boolean(true)", _boolean),
        _spec("uuid", "any UUID", 'uuid("6f1c2d1e-6f6a-4c1e-9f1e-2a6c1b7e0d3a")', _uuid),
        _spec("date", "a date in a format (default %Y-%m-%d)", 'date("2024-05-01")', _temporal("date")),
        _spec("time", "a time in a format (default %H:%M:%S)", 'time("13:45:00")', _temporal("time")),
        _spec(
            "datetime",
            "a date and time in a format (default %Y-%m-%dT%H:%M:%S%z)",
            'datetime("2024-05-01T13:45:00+0000")',
            _temporal("datetime"),
        ),
        _spec(
            "each_like",
            "a list whose every element looks like the example",
            'each_like({"id": integer(1)}, min=1)',
            _each_like,
        ),
    )
}
