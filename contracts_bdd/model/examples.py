"""The checks that matchers and generators run on their examples and options, shared by both.

Each raises `ValueError` with what to write instead; the translation layer adds the feature line.
A regex check runs on someone else's pattern when a pact is rendered, so it is bounded: in size
before it is compiled (`regex_size`), and in time while it searches.

Examples are bounded before they are built: `each_like` shows `min` copies of its element, so
nested ones multiply (`each_like(each_like(1, min=1000), min=1000)` is a million values); the
product of nested minimums may not pass `MAX_EXPANDED_VALUES`, and a generated text may not be
longer than `MAX_GENERATED_LENGTH`.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import json
import re
from collections.abc import Iterator
from typing import Any

import regex as regex_engine

from contracts_bdd.model.contract import Generator, Matcher


class _Default:
    """The value of an argument a feature did not give (`null` is given: it says "none")."""

    def __repr__(self) -> str:
        return "DEFAULT"


DEFAULT: Any = _Default()
"""An argument left out: the word's own default applies (`format=null`, given, means no format at all)."""


class Refused(ValueError):
    """A matcher's arguments refused, with the one correction that fits (`fix`), when one can be told."""

    def __init__(self, message: str, fix: str = "") -> None:
        self.fix = fix
        super().__init__(message)


def require(condition: bool, message: str, fix: str = "") -> None:
    """Raise `Refused(message, fix)` unless `condition` holds."""
    if not condition:
        raise Refused(message, fix)


_AS_RECORDED = contextvars.ContextVar("as_recorded", default=False)


@contextlib.contextmanager
def as_recorded() -> Iterator[None]:
    """Within: a word takes its example as a pact recorded it, and does not check it against its rule.

    Only the example is let through: arguments a rule cannot have (min above max, a pattern
    that is no regex) are refused as always. `as_recorded(...)` in a feature sets this for
    one call, after its arguments (and the matchers inside them) were checked as usual.
    """
    token = _AS_RECORDED.set(True)
    try:
        yield
    finally:
        _AS_RECORDED.reset(token)


def recording() -> bool:
    """Whether examples are being taken as recorded (inside `as_recorded()`)."""
    return _AS_RECORDED.get()


def require_example(condition: bool, message: str, fix: str = "") -> None:
    """`require` for a check of the example against its own rule: skipped for a value taken as recorded."""
    if not _AS_RECORDED.get():
        require(condition, message, fix)


def generator_of(generate: Matcher | None) -> Generator | None:
    """Check a `generate=` argument: it must be one of the generator functions."""
    if generate is None:
        return None
    require(
        isinstance(generate, Matcher) and generate.rule is None and generate.generator is not None,
        f"generate= takes a generator such as random_integer(1, 10), not {generate!r}",
    )
    assert generate.generator is not None
    return generate.generator


def made(rule: str, example: Any, name: str, generate: Matcher | None = None, **options: Any) -> Matcher:
    kept = tuple((key, value) for key, value in options.items() if value is not None)
    return Matcher(rule, example, kept, generator_of(generate), name, recorded=_AS_RECORDED.get())


MAX_EXPANDED_VALUES = 10_000
"""The most values an example may expand to: `each_like`'s minimum times its element's values, nested too."""
MAX_GENERATED_LENGTH = 1_000_000
"""The longest text a generator's example may be (`random_string(size=...)`)."""


def expanded_size(value: Any) -> int:
    """How many values `value` holds once every list is written out (a matcher counts its example)."""
    known: dict[int, int] = {}

    def size(item: Any) -> int:
        if id(item) in known:
            return known[id(item)]
        if isinstance(item, Matcher):
            found = size(item.example)
        elif isinstance(item, dict):
            found = 1 + sum(size(child) for child in item.values())
        elif isinstance(item, (list, tuple)):
            found = 1 + sum(size(child) for child in item)
        else:
            found = 1
        known[id(item)] = found
        return found

    return size(value)


def bounded_copies(name: str, element: Any, copies: int) -> None:
    """Refuse `copies` copies of `element` when they would hold more than `MAX_EXPANDED_VALUES` values."""
    total = copies * expanded_size(element)
    require(
        total <= MAX_EXPANDED_VALUES,
        f"{name}() with min={copies} would show {total:,} values ({copies:,} copies of an element of "
        f"{total // copies:,}), more than the {MAX_EXPANDED_VALUES:,} an example may hold; a contract needs a "
        "few items to say what each looks like, not a full page",
        "min=1 (or a small min on the inner list only)",
    )


OTHER_DIALECTS = ("\\Q", "\\p{", "\\P{", "*+", "++", "?+")


REGEX_CHECK_SECONDS = 1.0
MAX_REGEX_SIZE = 100_000
"""The most a regex may expand to (its atoms times their bounded repeats, nested): `regex` compiles a bounded
repeat by writing it out, so `(?:(?:a{1000}){1000}){1000}`, 31 characters, would take gigabytes."""
_QUANTIFIER = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")
_GROUP_PREFIX = re.compile(r"P?<(?![=!])[^>]*>|'[^']*'|[A-Za-z-]*[:)]|<?[=!]|>")


def regex_size(pattern: str) -> int:
    """An upper bound of what `pattern` expands to when its bounded repeats are written out.

    A small reader of the syntax every dialect shares: escapes, classes, groups and
    alternatives, and `{m}`, `{m,}`, `{m,n}` after an atom multiply it by its largest count.
    """
    stack: list[list[int]] = [[]]  # per open group: the sizes of its atoms so far
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char in "\\[":  # an escape or a class: one atom
            stack[-1].append(1)
            index = _atom_end(pattern, index)
            continue
        if char == "(":
            stack.append([])
            prefix = _GROUP_PREFIX.match(pattern, index + 2) if pattern.startswith("?", index + 1) else None
            index = prefix.end() if prefix is not None else index + 1  # (?:, (?=, (?P<name>: syntax, not atoms
            if prefix is not None and prefix.group().endswith(")"):
                stack.pop()  # a flags group, (?i): it holds nothing
            continue
        counts = _QUANTIFIER.match(pattern, index) if char == "{" and stack[-1] else None
        if counts is not None:
            low, comma, high = counts.groups()
            stack[-1][-1] *= max(int(low or 0), int(high or 0) if comma else int(low or 0), 1)
            index = counts.end()
            continue
        if char == ")" and len(stack) > 1:
            group = stack.pop()
            stack[-1].append(sum(group))
        elif char not in "|*+?^$)":
            stack[-1].append(1)
        index += 1
    return sum(sum(group) for group in stack)


def _atom_end(pattern: str, index: int) -> int:
    """Where the escape (`\\d`, `\\p{L}`) or class (`[^]a-z]`) starting at `index` ends."""
    if pattern[index] == "\\":
        end = index + 2
        if pattern[end - 1 : end] in ("p", "P", "x", "u") and pattern[end : end + 1] == "{":
            end = pattern.find("}", end) + 1 or len(pattern)
        return end
    end = index + 1
    end += 1 if pattern[end : end + 1] == "^" else 0
    end += 1 if pattern[end : end + 1] == "]" else 0
    while end < len(pattern) and pattern[end] != "]":
        end += 2 if pattern[end] == "\\" else 1
    return end + 1


@functools.lru_cache(maxsize=1024)  # a feature repeats its patterns scenario after scenario
def compiled(pattern: str) -> regex_engine.Pattern[str] | None:
    """The pattern compiled (once its size is known to be bounded), or None for one in Java's or Rust's
    dialect that Python cannot check."""
    size = regex_size(pattern)
    if size > MAX_REGEX_SIZE:
        msg = (
            f"the regex {pattern[:80]!r} expands to about {size:,} characters once its repeats are written out, "
            f"more than the {MAX_REGEX_SIZE:,} a pattern may (a repeat inside a repeat multiplies); "
            "write the repeats smaller, or without nesting them"
        )
        raise ValueError(msg)
    try:
        return regex_engine.compile(pattern)
    except regex_engine.error as err:
        if any(construct in pattern for construct in OTHER_DIALECTS):
            return None  # pact-ffi's own regex engine judges it
        msg = f"regex pattern {pattern!r} is not a valid regular expression ({err})"
        raise ValueError(msg) from err


def finds(compiled: regex_engine.Pattern[str] | None, text: str) -> bool:
    """Whether the pattern matches the whole of `text`, as pact-rust's regex rule does (measured: `\\d+` does not
    take `a12b`), checked within `REGEX_CHECK_SECONDS`.

    The check runs on someone else's pattern and example when a pact is rendered, so it
    is bounded: a pattern that backtracks without end (`^(a+)+$`) is refused, not waited on.
    """
    if compiled is None:
        return True
    return _remembered(compiled, text) if len(text) <= _REMEMBERED_TEXT else _found(compiled, text)


_REMEMBERED_TEXT = 256
"""Examples up to this long have their checks remembered: a feature repeats them scenario after scenario."""


def _found(compiled: regex_engine.Pattern[str], text: str) -> bool:
    try:
        return compiled.fullmatch(text, timeout=REGEX_CHECK_SECONDS) is not None
    except TimeoutError as err:
        msg = (
            f"checking {text[:40]!r} against the regex {compiled.pattern!r} took over {REGEX_CHECK_SECONDS:g} s: "
            "the pattern backtracks without end on it (nested repetition such as (a+)+); "
            "write it without a repetition inside a repetition"
        )
        raise ValueError(msg) from err


_remembered = functools.lru_cache(maxsize=4096)(_found)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _refuse_constant(name: str) -> Any:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


def written_value(text: str) -> Any:
    """The JSON value `text` is written as (`3`, `9.5`, `false`), or `text` itself when it is not one.

    For a hint: the text a feature put in quotes, as the value it would be without them.
    """
    try:
        return json.loads(text.strip(), parse_constant=_refuse_constant)
    except ValueError:
        return text


def spelt_value(example: Any) -> Any:
    """The number or true/false a text spells exactly (`"3"`, `"9.5"`, `"false"`), else the example as it is.

    For the parts of a pact that carry every value as text (a header, a query parameter, a path,
    a form field, XML): there `"3"` under an integer rule is the number 3, written the only way the
    part can write it. Only an exact spelling counts (`"007"` and `"9.50"` stay text). A JSON body
    can hold numbers, so there a quoted number is text, and a number rule refuses it.
    """
    if not isinstance(example, str):
        return example
    value = written_value(example)
    exact = isinstance(value, (bool, int, float)) and json.dumps(value) == example
    return value if exact else example


def min_max(name: str, min: int | None, max: int | None) -> None:  # noqa: A002 - the words users write
    for label, bound in (("min", min), ("max", max)):
        require(
            bound is None or (isinstance(bound, int) and bound >= 0), f"{name}() {label} must be a whole number >= 0"
        )
    if min is not None and max is not None:
        require(min <= max, f"{name}() has min={min} greater than max={max}; make min <= max", f"min={max}, max={max}")


def where_it_fails(compiled: regex_engine.Pattern[str] | None, text: str) -> str:
    """Where `text` stops fitting the pattern, read from its start, in words; "" when that cannot be told.

    A hint for an example its regex misses: it points at the example, and never loosens the pattern.
    """
    if compiled is None or not text:
        return ""
    try:
        low, high = 0, len(text)  # the longest start the pattern can still go on from (a prefix of one is too)
        while low < high:
            middle = (low + high + 1) // 2
            if compiled.fullmatch(text[:middle], partial=True, timeout=REGEX_CHECK_SECONDS) is not None:
                low = middle
            else:
                high = middle - 1
    except TimeoutError:
        return ""
    if low == len(text):
        return f"the pattern takes all of {text!r} and wants more after it"
    if low == 0:
        return f"the pattern cannot start with {text[0]!r}, the example's first character"
    return f"the pattern takes {text[:low]!r}, then cannot take {text[low]!r} (character {low + 1})"
