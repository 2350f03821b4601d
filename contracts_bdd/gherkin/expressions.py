"""The `{{ ... }}` expressions inside step text, tables and docstrings: finding them and evaluating them.

    substitute_expressions('{"id": {{ integer(1) }}}', replace_one)   # each expression replaced
    evaluate("integer(1)", location, matchers)                      # a Matcher, or a FeatureError at location
    literal_text('{{ "two\\nlines" }}', location)                    # "two\nlines"

Finding respects quotes and nesting, so `{{ regex("a}}", "...") }}` is one
expression. Evaluating is `contracts_bdd.model.expressions`: matcher calls and
literals only.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from contracts_bdd.errors import FeatureError, Location
from contracts_bdd.model.contract import Matcher
from contracts_bdd.model.expressions import ExpressionError, UnknownName, evaluate_expression
from contracts_bdd.model.generators import GENERATORS
from contracts_bdd.model.matchers import MATCHERS


class Expression:
    """One `{{ ... }}` found in a text: where it starts and ends, and what is inside."""

    def __init__(self, start: int, end: int, inner: str) -> None:
        self.start, self.end, self.inner = start, end, inner


_SIGNIFICANT = re.compile(r"""["'\\()\[\]{}]""")
"""The characters that can change where an expression ends; the scan jumps from one to the next."""


def find_expressions(text: str) -> list[Expression]:
    """Every `{{ ... }}` in `text`; quotes and nested brackets inside do not end one early."""
    found: list[Expression] = []
    index = text.find("{{")
    while index != -1:
        depth, quote, escaped_until, end = 0, "", -1, -1
        for mark in _SIGNIFICANT.finditer(text, index + 2):
            position, char = mark.start(), mark.group()
            if position < escaped_until:
                continue
            if quote:
                if char == "\\":
                    escaped_until = position + 2
                elif char == quote:
                    quote = ""
            elif char in "\"'":
                quote = char
            elif char in "([{":
                depth += 1
            elif char in ")]}":
                if depth == 0 and text.startswith("}}", position):
                    end = position + 2
                    found.append(Expression(index, end, text[index + 2 : position]))
                    break
                depth -= 1
        if end == -1:
            return found  # an unclosed {{ is left for the JSON or XML parser to report
        index = text.find("{{", end)
    return found


def substitute_expressions(text: str, replace_one: Callable[[Expression, int], str]) -> str:
    """`text` with each expression replaced by `replace_one(expression, its line offset)`."""
    pieces, last = [], 0
    for expression in find_expressions(text):
        pieces += [text[last : expression.start], replace_one(expression, text.count("\n", 0, expression.start))]
        last = expression.end
    return "".join([*pieces, text[last:]])


PLACEHOLDER = "@@contracts-bdd:{}@@"
PLACEHOLDER_PATTERN = re.compile(r"^@@contracts-bdd:(\d+)@@$")


def literal_text(text: str, location: Location, *, strip: bool = True) -> str:
    """A step argument or docstring as written, or, when it is exactly one `{{ "..." }}` string
    literal, the text that literal spells: line breaks, quotes and edge spaces included.

    This is how a feature (and `contracts-bdd render`) writes text that a Gherkin line
    cannot hold as it is.
    """
    stripped = text.strip()
    if stripped.startswith("{{") and stripped.endswith("}}"):
        expressions = find_expressions(stripped)
        if len(expressions) == 1 and (expressions[0].start, expressions[0].end) == (0, len(stripped)):
            value = evaluate(expressions[0].inner, location, [])
            if isinstance(value, str):
                return value
    return stripped if strip else text


def evaluate(expression: str, location: Location, matchers: list[Any]) -> Any:
    """The value of one `{{ ... }}` (see `contracts_bdd.model.expressions`); a `FeatureError` at `location` if bad."""
    try:
        value = evaluate_expression(expression, _CALLABLES)
    except UnknownName as err:
        # At the name's own line (an expression may spread over several), with the one to three closest names.
        written = re.search(rf"\b{re.escape(err.name)}\b", expression)
        here = Location(location.filename, location.line + expression.count("\n", 0, written.start() if written else 0))
        close = difflib.get_close_matches(err.name, list(_CALLABLES), n=3, cutoff=0.6)
        meant = _one_of_texts(err.name, expression, close) or " or ".join(_CALLABLES[name].usage for name in close)
        if err.quoted is not None:  # a bare word as a value (`like(Rex)`): the same expression, the word quoted
            meant = " or ".join([f"{{{{ {err.quoted} }}}}", *([meant] if meant else [])])
        raise FeatureError(here, str(err), meant or matcher_menu()) from err
    except ExpressionError as err:
        raise FeatureError(
            location,
            str(err),
            'a matcher call, e.g. {{ integer(1) }} or {{ regex("A-1", "[A-Z]-\\\\d") }}',
        ) from err
    except ValueError as err:  # a matcher refused its arguments: its message says what was wrong
        raise FeatureError(location, str(err), getattr(err, "fix", "") or _usage_of(str(err), expression)) from err
    return resolve(value, matchers)


def _one_of_texts(name: str, expression: str, close: list[str]) -> str:
    """For an unknown word called with two or more texts that no close word takes (`one_of("A", "B")`): the regex
    that holds exactly those texts, with the first as its example (`regex("A", "^(A|B)$")`); else "".

    The vocabulary's way to say "one of a few values": `any_of()` combines rules that show one example.
    """
    calls: list[tuple[Any, ...]] = []

    def called(*arguments: Any, **keywords: Any) -> Any:
        calls.append(arguments if not keywords else ())
        return arguments[0] if arguments else None

    for word in close:
        try:
            evaluate_expression(expression, {**_CALLABLES, name: _CALLABLES[word]})
        except ValueError:
            continue
        return ""  # a close word takes these arguments: the name was misspelt
    try:
        evaluate_expression(expression, {**_CALLABLES, name: called})
    except ValueError:
        return ""
    texts = calls[0] if calls else ()
    if len(texts) < 2 or not all(isinstance(text, str) for text in texts):
        return ""
    pattern = "^(" + "|".join(_REGEX_SPECIAL.sub(r"\\\g<0>", text) for text in texts) + ")$"
    example, written = json.dumps(texts[0], ensure_ascii=False), json.dumps(pattern, ensure_ascii=False)
    return f"regex({example}, {written}), which holds one of these texts"


_REGEX_SPECIAL = re.compile(r"[\\.^$|?*+()\[\]{}]")
"""The characters a regex reads as syntax, escaped to stand for themselves (the same in Rust's, Java's and Python's)."""


def resolve(value: Any, matchers: list[Any]) -> Any:
    """Replace placeholder tokens (from nested matcher calls) with what they stand for."""
    if value is MATCHERS["null"]:
        return None  # `null` written as JSON's null rather than called as the null() matcher
    if isinstance(value, str):
        token = PLACEHOLDER_PATTERN.match(value)
        return matchers[int(token.group(1))] if token else value
    if isinstance(value, Matcher):
        example = resolve(value.example, matchers)
        options = tuple((key, resolve(option, matchers)) for key, option in value.options)
        same_options = all(new is old for (_, new), (_, old) in zip(options, value.options, strict=True))
        unchanged = example is value.example and same_options
        return value if unchanged else replace(value, example=example, options=options)
    if isinstance(value, dict):
        return {key: resolve(item, matchers) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [resolve(item, matchers) for item in value]
    return value


class _Vocabulary(Mapping[str, Any]):
    """Matchers, then generators, by name: a live view (a new vocabulary entry is callable at once).

    What `collections.ChainMap` does, with one look-up per map instead of a generator per call.
    """

    def __getitem__(self, name: str) -> Any:
        found = MATCHERS.get(name)
        if found is None:
            return GENERATORS[name]
        return found

    def __contains__(self, name: object) -> bool:
        return name in MATCHERS or name in GENERATORS

    def __iter__(self) -> Iterator[str]:
        yield from MATCHERS
        yield from (name for name in GENERATORS if name not in MATCHERS)

    def __len__(self) -> int:
        return len(set(MATCHERS) | set(GENERATORS))


_CALLABLES = _Vocabulary()


def _usage_of(message: str, expression: str) -> str:
    """The one form to write: the usage of the word the message names (`each_like() has ...`), else of the
    expression's outermost call."""
    named = [name for name in re.findall(r"(\w+)\(\)", message) if name in _CALLABLES]
    outermost = re.match(r"\s*(\w+)\s*\(", expression)
    name = named[0] if named else outermost.group(1) if outermost and outermost.group(1) in _CALLABLES else None
    return _CALLABLES[name].usage if name else matcher_menu()


def matcher_menu() -> str:
    return (
        "one of the matchers: "
        + ", ".join(spec.usage for spec in MATCHERS.values())
        + ("; or a generator: " + ", ".join(spec.usage for spec in GENERATORS.values()))
    )
