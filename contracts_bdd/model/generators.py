"""The generators a feature can use: values the mock server or the provider makes up, by the pact's rules.

    {{ random_integer(1, 10) }}        {{ date_from_now("+ 1 day") }}        {{ from_state("${id}", 13) }}

Alone, a generator is a `Matcher` whose rule is None; as `generate=` of a matcher
it rides on the matcher. `GENERATORS` maps each name to its `Spec`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from contracts_bdd.model.contract import Generator, Matcher
from contracts_bdd.model.examples import (
    DEFAULT,
    MAX_GENERATED_LENGTH,
    compiled,
    finds,
    min_max,
    recording,
    require,
    require_example,
)
from contracts_bdd.model.formats import JAVA_FORMAT_DEFAULTS, java_format, strptime_format
from contracts_bdd.model.specs import EXAMPLE, Parameter, Spec, one_each

UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


def _generated(kind: str, shown: Any, name: str, **options: Any) -> Matcher:
    kept = tuple((key, value) for key, value in options.items() if value is not None)
    return Matcher(None, shown, (), Generator(kind, kept), name, recorded=recording())


def random_integer(min: int = 0, max: int = 2147483647, example: int | None = None) -> Matcher:  # noqa: A002
    """A random whole number from min to max."""
    min_max("random_integer", min, max)
    return _generated("RandomInt", min if example is None else example, "random_integer", min=min, max=max)


def random_decimal(digits: int = 6, example: float | None = None) -> Matcher:
    """A random decimal number with this many digits."""
    return _generated("RandomDecimal", 1.5 if example is None else example, "random_decimal", digits=digits)


def random_hexadecimal(digits: int = 8, example: str | None = None) -> Matcher:
    """A random hexadecimal string with this many digits."""
    return _generated("RandomHexadecimal", example or "1a2b3c4d"[:digits], "random_hexadecimal", digits=digits)


def random_string(size: int = 10, example: str | None = None) -> Matcher:
    """A random string of this size."""
    require(
        isinstance(size, int) and 0 <= size <= MAX_GENERATED_LENGTH,
        f"random_string() size must be a whole number from 0 to {MAX_GENERATED_LENGTH:,}, not {size!r}",
        "random_string(size=10)",
    )
    return _generated("RandomString", example if example is not None else "x" * size, "random_string", size=size)


def random_boolean(example: bool = True) -> Matcher:
    """true or false at random."""
    return _generated("RandomBoolean", example, "random_boolean")


def random_regex(pattern: str, example: str = "") -> Matcher:
    """A random string matching the pattern."""
    return _generated("Regex", example, "random_regex", regex=pattern)


def random_uuid(example: str = "6f1c2d1e-6f6a-4c1e-9f1e-2a6c1b7e0d3a", format: str | None = None) -> Matcher:  # noqa: A002
    """A random UUID (format: simple, lower-case-hyphenated, upper-case-hyphenated, URN)."""
    return _generated("Uuid", example, "random_uuid", format=format)


EXAMPLE_INSTANT = dt.datetime(2024, 1, 1, 12, 0, 0, tzinfo=dt.timezone.utc)
"""The instant a date or time generator shows as its example when none is written.

A fixed one, never the clock: the same features give the same pact on any day, in any time
zone (the other side still generates a fresh value from the expression)."""


def _from_now(kind: str, rule: str) -> Callable[..., Matcher]:
    def build(expression: str | None = None, format: Any = DEFAULT, example: str | None = None) -> Matcher:  # noqa: A002
        # format=null: no format of its own (pact-rust's default), as a pact may record it
        pattern = JAVA_FORMAT_DEFAULTS[rule] if format is DEFAULT else java_format(format) if format else None
        if example is None:
            python_pattern = strptime_format(pattern or JAVA_FORMAT_DEFAULTS[rule]) or "%Y-%m-%dT%H:%M:%S"
            example = EXAMPLE_INSTANT.strftime(python_pattern)
        return _generated(kind, example, f"{rule}_from_now", format=pattern, expression=expression)

    build.__doc__ = f"The {rule} now (or relative to now: '+ 1 day'), in a format; its example is fixed."
    return build


date_from_now = _from_now("Date", "date")
time_from_now = _from_now("Time", "time")
datetime_from_now = _from_now("DateTime", "datetime")


DATA_TYPES = ("STRING", "INTEGER", "DECIMAL", "FLOAT", "RAW", "BOOLEAN")
"""The types a provider-state value may be given (`dataType`): pact-rust injects `"1"` or `1` by it."""


def from_state(expression: str, example: Any, data_type: str | None = None) -> Matcher:
    """A value the provider supplies from its state parameters: "${id}" or "/users/${id}"; data_type= its type."""
    require(
        isinstance(expression, str)
        and ("${" in expression or re.fullmatch(r"[A-Za-z_][\w.]*", expression) is not None),
        f'from_state() needs an expression naming a state parameter, like "${{id}}", not {expression!r}',
    )
    require(
        data_type is None or data_type in DATA_TYPES,
        f"from_state() data_type= is one of {', '.join(DATA_TYPES)}, not {data_type!r}",
    )
    return _generated("ProviderState", example, "from_state", expression=expression, dataType=data_type)


def mock_server_url(example: str, pattern: str) -> Matcher:
    """A URL on the mock server, rewritten to the real provider's during verification."""
    require_example(
        finds(compiled(pattern), example),
        f"mock_server_url() example {example!r} does not match {pattern!r}",
    )
    return _generated("MockServerURL", example, "mock_server_url", example=example, regex=pattern)


def _uuid_samples(generator: Generator) -> tuple[str, ...]:
    """A UUID in the generator's format (pact-rust's default is lower-case-hyphenated)."""
    shown = "6f1c2d1e-6f6a-4c1e-9f1e-2a6c1b7e0d3a"
    written = {
        "simple": shown.replace("-", ""),
        "upper-case-hyphenated": shown.upper(),
        "URN": "urn:uuid:" + shown,
    }
    return (written.get(str(generator.option("format")), shown),)


def _instant_samples(rule: str) -> Callable[[Generator], tuple[str, ...]]:
    """`EXAMPLE_INSTANT` in the generator's format: a value it makes at some moment (none for a format not read
    here)."""

    def samples(generator: Generator) -> tuple[str, ...]:
        written = str(generator.option("format") or JAVA_FORMAT_DEFAULTS[rule])
        if any(letter in re.sub(r"'[^']*'", "", written) for letter in "XxZz"):
            return ()  # a zone: Python writes +0000 where the format may say +00:00 or Z, so no certain value
        python_pattern = strptime_format(written)
        return (EXAMPLE_INSTANT.strftime(python_pattern),) if python_pattern else ()

    return samples


def _named(function: Callable[..., Matcher], name: str) -> Callable[..., Matcher]:
    function.__name__ = name
    return function


def _spec(function: Callable[..., Matcher], usage: str, **details: Any) -> Spec:
    return Spec(function.__name__, (function.__doc__ or "").strip(), usage, function, **details)


def _read_mock_server_url(options: Mapping[str, Any], example: Any, generate: Any, nested: Any) -> Matcher:
    return mock_server_url(options.get("example", example), options.get("regex", ".*"))


def _from_now_words(what: str) -> Callable[[Matcher, Callable[[Any], str]], str]:
    def words(made: Matcher, shown: Callable[[Any], str]) -> str:
        generator = made.generator
        expression = generator.option("expression") if generator is not None else None
        when = f"now {expression}" if expression else "now"
        written = generator.option("format") if generator is not None else None
        return f"the {what} {when}, when it is made" + (f" (written {shown(written)})" if written else "")

    return words


_AN_EXAMPLE = (Parameter("example", EXAMPLE, positional=True),)
_FORMAT = Parameter("format", "format", aliases=("date", "time", "timestamp"), nullable=True)
_FROM_NOW = (Parameter("expression", "expression", positional=True), _FORMAT, Parameter("example", EXAMPLE))


GENERATORS: dict[str, Spec] = one_each(
    (
        _spec(
            random_integer,
            "random_integer(1, 10)",
            generator="RandomInt",
            makes="integer",
            samples=lambda generator: (str(generator.number("min", 0)), str(generator.number("max", 2147483647))),
            implies=("integer", {}),
            parameters=(
                Parameter("min", "min", positional=True, default=0),
                Parameter("max", "max", positional=True, default=2147483647),
                Parameter("example", EXAMPLE),
            ),
            words="a random whole number from {min} to {max}",
        ),
        _spec(
            random_decimal,
            "random_decimal(digits=4)",
            generator="RandomDecimal",
            makes="decimal",
            implies=("decimal", {}),
            parameters=(Parameter("digits", "digits", default=6), Parameter("example", EXAMPLE)),
            words="a random decimal number of {digits} digits",
        ),
        _spec(
            random_hexadecimal,
            "random_hexadecimal(digits=8)",
            generator="RandomHexadecimal",
            makes="hexadecimal",
            samples=lambda generator: ("0" * generator.number("digits", 8),),
            implies=("regex", {"regex": "[0-9a-fA-F]+"}),
            parameters=(Parameter("digits", "digits", default=8), Parameter("example", EXAMPLE)),
            words="a random hexadecimal number of {digits} digits",
        ),
        _spec(
            random_string,
            "random_string(size=10)",
            generator="RandomString",
            makes="text",
            samples=lambda generator: ("a" * generator.number("size", 10),),
            implies=("type", {}),
            parameters=(Parameter("size", "size", default=10), Parameter("example", EXAMPLE)),
            words="a random text of {size} characters",
        ),
        _spec(
            random_boolean,
            "random_boolean()",
            generator="RandomBoolean",
            makes="boolean",
            samples=lambda generator: ("true", "false"),
            implies=("boolean", {}),
            parameters=_AN_EXAMPLE,
            words="true or false, at random",
        ),
        _spec(
            random_regex,
            'random_regex("\\\\d{3}", "123")',
            generator="Regex",
            makes="pattern",
            implies=("regex", {"regex": None}),
            parameters=(Parameter("pattern", "regex", positional=True, default=""), *_AN_EXAMPLE),
            words="random text matching the pattern {regex}",
        ),
        _spec(
            random_uuid,
            "random_uuid()",
            generator="Uuid",
            makes="uuid",
            samples=_uuid_samples,
            implies=("regex", {"regex": UUID_PATTERN}),
            parameters=(*_AN_EXAMPLE, Parameter("format", "format")),
            words="a random UUID",
        ),
        _spec(
            _named(date_from_now, "date_from_now"),
            'date_from_now("+ 1 day")',
            generator="Date",
            makes="date",
            samples=_instant_samples("date"),
            implies=("date", {"format": None}),
            parameters=_FROM_NOW,
            words=_from_now_words("date"),
        ),
        _spec(
            _named(time_from_now, "time_from_now"),
            'time_from_now("+ 1 hour", format="HH:mm")',
            generator="Time",
            makes="time",
            samples=_instant_samples("time"),
            implies=("time", {"format": None}),
            parameters=_FROM_NOW,
            words=_from_now_words("time"),
        ),
        _spec(
            _named(datetime_from_now, "datetime_from_now"),
            "datetime_from_now()",
            generator="DateTime",
            makes="datetime",
            samples=_instant_samples("datetime"),
            implies=("datetime", {"format": None}),
            parameters=_FROM_NOW,
            words=_from_now_words("date and time"),
        ),
        _spec(
            from_state,
            'from_state("${id}", 13)',
            generator="ProviderState",
            implies=("type", {}),
            parameters=(
                Parameter("expression", "expression", positional=True, default=""),
                *_AN_EXAMPLE,
                Parameter("data_type", "dataType"),
            ),
            words="the provider's value for {expression}, from its state's parameters",
        ),
        _spec(
            mock_server_url,
            'mock_server_url("http://localhost:8080/users/1", ".*(/users/1)$")',
            generator="MockServerURL",
            implies=("regex", {"regex": None}),
            # Its first argument is the pact's own `example` option: the URL as the mock server had it.
            parameters=(Parameter("url", "example", positional=True), Parameter("regex", "regex", positional=True)),
            read=_read_mock_server_url,
            words="the same URL on the provider's own address (matching {regex})",
        ),
    )
)
