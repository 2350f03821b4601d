"""The matchers and generators a feature can use, each checked against its example.

Inside a JSON docstring, a table cell, a header or query value, or a path, a
matcher is a `{{ ... }}` expression (`contracts_bdd.model.expressions`)::

    {
      "id":      {{ integer(1) }},
      "name":    {{ like("Alice") }},
      "email":   {{ regex("alice@example.com", "[^@]+@[^@]+") }},
      "roles":   {{ each_like("admin", min=1) }},
      "created": {{ datetime("2024-05-01T10:00:00", generate=datetime_from_now("+ 1 day")) }},
      "userId":  {{ from_state("${id}", 13) }}
    }

`MATCHERS` maps each name to a `Spec` (the generators are in
`contracts_bdd.model.generators`); calling a spec checks the arguments and
returns a `contracts_bdd.model.contract.Matcher`. A bad call raises `ValueError`
whose message says what to write instead; the translation layer adds the
feature file and line. `rule_reader` and `generator_reader` say which word
reads each pact rule and generator back, and `lowest_specification` which pact
specification a value needs; both derive from the tables on each call.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import re
import uuid as uuid_module
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from contracts_bdd.model.contract import (
    COMBINED,
    Body,
    FormBody,
    Generator,
    JsonBody,
    Matcher,
    XmlBody,
    XmlElement,
    example_of,
    matchers_in,
    text_of,
)
from contracts_bdd.model.examples import (
    DEFAULT,
    Refused,
    bounded_copies,
    compiled,
    finds,
    is_number,
    made,
    min_max,
    recording,
    require,
    require_example,
    where_it_fails,
    written_value,
)
from contracts_bdd.model.formats import JAVA_FORMAT_DEFAULTS, fitting_format, java_format, strptime_format
from contracts_bdd.model.generators import GENERATORS, UUID_PATTERN
from contracts_bdd.model.specs import (
    EXAMPLE,
    OWN_TYPE,
    SPECIFICATIONS,
    TEXT_KINDS,
    VALUE_KINDS,
    Parameter,
    Spec,
    by_kind,
    first_versions,
    one_each,
)

SEMVER = re.compile(r"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")


# -- matchers -------------------------------------------------------------------------
def like(example: Any, min: int | None = None, max: int | None = None, generate: Matcher | None = None) -> Matcher:  # noqa: A002
    """Any value of the example's type (for a list: min/max items, each like the first)."""
    min_max("like", min, max)
    if isinstance(example, dict):  # pact-rust holds an object to them by its number of keys
        require_example(
            (min is None or len(example) >= min) and (max is None or len(example) <= max),
            f"like() has min={min}, max={max} but its example has {len(example)} key(s), so the example breaks its "
            "own rule (pact-rust counts an object's keys)",
        )
    if isinstance(example, list):  # on a number or a text min/max mean nothing (pact-php writes them on numbers)
        require_example(
            min is None or len(example) >= min,
            f"like() has min={min} but its example shows {len(example)} item(s), so the example breaks its own rule; "
            f"show at least {min} items, or write each_like(<one item>, min={min}), which shows {min} copies",
        )
        require_example(
            max is None or len(example) <= max,
            f"like() has max={max} but its example shows {len(example)} items, so the example breaks its own rule; "
            f"show at most {max} items",
        )
    return made("type", example, "like", generate, min=min, max=max)


def string(example: str, generate: Matcher | None = None) -> Matcher:
    """Any text."""
    require_example(isinstance(example, str), f'string() needs a text example, not {example!r}: string("Alice")')
    return made("type", example, "string", generate)


def regex(example: Any, pattern: str, generate: Matcher | None = None) -> Matcher:
    """Text matching a regular expression; the example must match it (unless a generator replaces it)."""
    require(not isinstance(example, (dict, list)), f"regex() needs a text example, not {example!r}")
    found = compiled(pattern)
    # checked even as recorded: a pattern that backtracks without end on its example is refused, not waited on
    if generate is None and not finds(found, text_of(example)) and not recording():
        failing = where_it_fails(found, text_of(example))
        require(
            False,
            f"the example {example!r} does not match its own regex {pattern!r}" + (f": {failing}" if failing else ""),
            f"an example the pattern {pattern!r} matches; the pattern is the contract, so keep it unless it is wrong",
        )
    return made("regex", example, "regex", generate, regex=pattern)


def _number_matcher(rule: str, check: Callable[[Any], bool], usage: str, shown: str) -> Callable[..., Matcher]:
    def build(example: Any, generate: Matcher | None = None) -> Matcher:
        require_example(
            check(example),
            f"{rule}() needs {usage}, not {example!r}{_quoted(example, check)}",
            _fit_for(rule, example, check, f"{shown}), whose example is {_OWN_EXAMPLES[rule]}"),
        )
        return made(rule, example, rule, generate)

    build.__doc__ = f"Any {rule} value."
    return build


integer = _number_matcher(
    "integer", lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole-number example: integer(42)", "42"
)
_OWN_EXAMPLES = {"integer": "a whole number", "decimal": "a number", "number": "a number"}
decimal = _number_matcher("decimal", is_number, "a number example: decimal(9.99)", "9.99")
number = _number_matcher("number", is_number, "a number example: number(3)", "3")


def _quoted(example: Any, check: Callable[[Any], bool]) -> str:
    """What a quoted value of the rule's own kind (`"3"`, `"false"`) would do: the pact would hold text."""
    if isinstance(example, str) and check(written_value(example)):
        return f": in quotes it is text, and the pact would hold the text {json.dumps(example)}"
    return ""


def _fit_for(rule: str, example: Any, check: Callable[[Any], bool], other: str) -> str:
    """The fix for a number or boolean matcher given another type: the same matcher with an example of its own
    kind, the user's own value where it was only put in quotes (`integer("3")`: `integer(3)`).

    Never a looser matcher (a `string()` or `like()` would let any text through): the rule is
    the contract, and the example is what was wrong.
    """
    if isinstance(example, str) and check(written_value(example)):
        return f"{rule}({example.strip()}), written without quotes"
    return f"{rule}({other}, written without quotes"


def _is_boolean(example: Any) -> bool:
    return isinstance(example, bool)


def boolean(example: bool, generate: Matcher | None = None) -> Matcher:
    """true or false."""
    require_example(
        _is_boolean(example),
        f"boolean() needs true or false, not {example!r}{_quoted(example, _is_boolean)}",
        _fit_for("boolean", example, _is_boolean, "true), whose example is true or false"),
    )
    return made("boolean", example, "boolean", generate)


def uuid(example: str, generate: Matcher | None = None) -> Matcher:
    """Any UUID."""
    try:
        uuid_module.UUID(str(example))
    except ValueError as err:
        if not recording():
            msg = f'uuid() needs a UUID example, not {example!r}: uuid("6f1c2d1e-6f6a-4c1e-9f1e-2a6c1b7e0d3a")'
            raise ValueError(msg) from err
    return made("regex", example, "uuid", generate, regex=UUID_PATTERN)


def _temporal(rule: str) -> Callable[..., Matcher]:
    def build(example: str, format: Any = DEFAULT, generate: Matcher | None = None) -> Matcher:  # noqa: A002
        # format=null: a rule with no format of its own (pact-rust's default), as a pact may record it
        pattern = JAVA_FORMAT_DEFAULTS[rule] if format is DEFAULT else java_format(format) if format else None
        if generate is None and not recording():
            _check_temporal(rule, example, pattern or JAVA_FORMAT_DEFAULTS[rule])
        return made(rule, example, rule, generate, format=pattern)

    build.__doc__ = f"A {rule} in a format (Java SimpleDateFormat, or Python strftime codes)."
    return build


def _check_temporal(rule: str, example: Any, pattern: str) -> None:
    require(isinstance(example, str), f"{rule}() needs a text example, not {example!r}")
    python_pattern = strptime_format(pattern)
    if python_pattern is None:
        return  # a format we cannot check here; the pact engine checks it
    try:
        dt.datetime.strptime(example, python_pattern)
    except ValueError as err:
        fitting = fitting_format(example)
        fix = (
            f'{rule}({json.dumps(example)}, format="{fitting}")'
            if fitting
            else f'an example in the format {pattern!r}, or the format the example is written in: format="..."'
        )
        raise Refused(f"{rule}() example {example!r} does not fit the format {pattern!r}", fix) from err


date = _temporal("date")
time = _temporal("time")
datetime = _temporal("datetime")
timestamp = _temporal("timestamp")


def null() -> Matcher:
    """Only null."""
    return made("null", None, "null")


def equality(example: Any, generate: Matcher | None = None) -> Matcher:
    """Exactly the example, even inside a looser matcher."""
    return made("equality", example, "equality", generate)


def includes(example: str, generate: Matcher | None = None, value: Any = DEFAULT) -> Matcher:
    """Text that contains the example (or `value=`, the text it must contain, when that differs)."""
    require_example(isinstance(example, str), f'includes() needs a text example, not {example!r}: includes("Alice")')
    contained = example if value is DEFAULT else value
    require(contained is None or isinstance(contained, str), f"includes() value= takes text, not {contained!r}")
    require_example(
        contained is None or contained in text_of(example),
        f"the example {example!r} does not contain its own value {contained!r}",
    )
    return made("include", example, "includes", generate, value=contained)


def each_like(element: Any, min: int = 1, max: int | None = None) -> Matcher:  # noqa: A002
    """A list whose every element looks like the example (min items shown)."""
    require(isinstance(min, int) and min >= 1, f"each_like() min must be a whole number of at least 1, not {min!r}")
    if max is not None:
        require(isinstance(max, int), f"each_like() max must be a whole number, not {max!r}")
        require(
            min <= max, f"each_like() has min={min} greater than max={max}; make min <= max", f"min={max}, max={max}"
        )
    require(
        not isinstance(element, list), 'each_like() takes ONE example element, not a list: each_like("admin", min=1)'
    )
    bounded_copies("each_like", element, min)  # before the copies are made
    return made("type", [element] * min, "each_like", min=min, max=max)


def array_containing(variants: Sequence[Any], example: Any = DEFAULT) -> Matcher:
    """A list that contains an element like each variant, in any order (`example=`: the whole list the example
    shows, when it holds more than the variants, which are its first elements)."""
    require(
        isinstance(variants, list) and bool(variants),
        "array_containing() needs a list of variants: array_containing([1, 2])",
    )
    shown = list(variants) if example is DEFAULT else example
    require(isinstance(shown, list), f"array_containing() example= is a list, not {shown!r}")
    require_example(
        len(shown) >= len(variants)
        and all(
            json.dumps(example_of(item)) == json.dumps(example_of(one))
            for item, one in zip(shown, variants, strict=False)
        ),
        "array_containing() example= begins with the variants' own examples, one for each",
    )
    return made("arrayContains", shown, "array_containing", variants=list(variants))


def _rules(name: str, rules: Any) -> list[Matcher]:
    chosen = rules if isinstance(rules, list) else [rules]
    require(
        bool(chosen) and all(isinstance(rule, Matcher) and rule.rule for rule in chosen),
        f"{name}() needs a matcher (or a list of them) for the keys or values: "
        f'{name}({{"a": 1}}, regex("a", "[a-z]+"))',
    )
    return chosen


def compact_json(value: Any) -> str:
    """`value` as pact-ffi writes an example into a rule's `value` (compact JSON, keys in order)."""
    return json.dumps(example_of(value), separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def each_key_matches(example: dict[str, Any], rules: Any, value: Any = DEFAULT) -> Matcher:
    """An object whose every key matches the rules."""
    require(isinstance(example, dict), f"each_key_matches() needs an object example, not {example!r}")
    recorded = compact_json(example) if value is DEFAULT else value
    return made("eachKey", example, "each_key_matches", rules=_rules("each_key_matches", rules), value=recorded)


def each_value_matches(example: dict[str, Any] | list[Any], rules: Any, value: Any = DEFAULT) -> Matcher:
    """An object (or list) whose every value matches the rules."""
    require(isinstance(example, (dict, list)), f"each_value_matches() needs an object example, not {example!r}")
    recorded = compact_json(example) if value is DEFAULT else value
    return made("eachValue", example, "each_value_matches", rules=_rules("each_value_matches", rules), value=recorded)


def values(example: dict[str, Any]) -> Matcher:
    """An object whose values match, whatever its keys."""
    require(isinstance(example, dict), f"values() needs an object example, not {example!r}")
    return made("values", example, "values")


def content_type(content: str, example: Any = "") -> Matcher:
    """A value (such as a file part) of a content type."""
    require(
        isinstance(content, str) and "/" in content, f'content_type() needs a type like "image/jpeg", not {content!r}'
    )
    return made("contentType", example, "content_type", value=content)


def not_empty(example: Any, generate: Matcher | None = None) -> Matcher:
    """A value of the example's type that is not empty."""
    require_example(generate is not None or example not in ("", [], {}, None), "not_empty() needs a non-empty example")
    return made("notEmpty", example, "not_empty", generate)


def semver(example: str, generate: Matcher | None = None) -> Matcher:
    """A semantic version such as 1.2.3."""
    require_example(
        isinstance(example, str) and (generate is not None or bool(SEMVER.match(example))),
        f'semver() needs a version like "1.2.3", not {example!r}',
    )
    return made("semver", example, "semver", generate)


def _combined(combine: str, name: str, rules: Sequence[Any]) -> Matcher:
    require(
        len(rules) >= 2 and all(isinstance(rule, Matcher) and rule.rule is not None for rule in rules),
        f"{name}() takes two or more matchers, the rules one value must meet: "
        f'{name}(regex("A-1", "[A-Z]-\\d"), like("A-1"))',
    )
    require(
        not any(rule.combined for rule in rules),
        f"{name}() holds rules, not other all_of() or any_of(): Pact combines the rules of a value once",
    )
    examples = [example_of(rule.example) for rule in rules]
    require_example(
        all(json.dumps(found) == json.dumps(examples[0]) for found in examples),
        f"the rules of {name}() show different examples ({', '.join(json.dumps(found) for found in examples)}); "
        "they are the rules of one value, so they show the same example",
    )
    generators = [rule.generator for rule in rules if rule.generator is not None]
    require(len(generators) <= 1, f"{name}() has {len(generators)} generators; a value has at most one")
    return Matcher(
        COMBINED,
        rules[0].example,
        (("combine", combine), ("rules", list(rules))),
        generators[0] if generators else None,
        name,
        recorded=recording(),
    )


def all_of(*rules: Matcher) -> Matcher:
    """A value that meets every one of several rules (Pact's `combine: AND`, the default)."""
    return _combined("AND", "all_of", rules)


def any_of(*rules: Matcher) -> Matcher:
    """A value that meets at least one of several rules (Pact's `combine: OR`)."""
    return _combined("OR", "any_of", rules)


def _named(function: Callable[..., Matcher], name: str) -> Callable[..., Matcher]:
    function.__name__ = name
    return function


def _spec(function: Callable[..., Matcher], usage: str, **details: Any) -> Spec:
    return Spec(function.__name__, (function.__doc__ or "").strip(), usage, _generator_checked(function), **details)


def _generator_checked(function: Callable[..., Matcher]) -> Callable[..., Matcher]:
    """`function`, whose value is refused when its rule does not hold the kind of value its generator makes."""

    @functools.wraps(function)
    def build(*args: Any, **kwargs: Any) -> Matcher:
        value = function(*args, **kwargs)
        spec = MATCHERS.get(value.name or "")
        if spec is not None and value.generator is not None and value.rule != COMBINED and not recording():
            problem = generator_problem(spec, value)
            if problem is not None:
                raise Refused(*problem)
        return value

    return build


def _kinds_of(example: Any) -> tuple[str, ...]:
    """The kinds of generated value a type rule holds: those of the example's JSON type."""
    shown = example_of(example)
    if isinstance(shown, bool):
        return ("boolean",)
    if isinstance(shown, (int, float)):
        return ("integer", "decimal")
    return TEXT_KINDS if isinstance(shown, str) else ()


def generator_problem(spec: Spec, value: Matcher) -> tuple[str, str] | None:
    """Why the rule of `value` (made by `spec`) does not hold the kind of value its generator makes, with what to
    write instead; None when it does (or when the generator takes the example's own type, as `from_state` does).

    By kind only: whether each value fits a pattern or a format is the pact engine's to say
    (`contracts_bdd.pact.engine_checks.generator_problem`).
    """
    generator = value.generator
    made_by = generator_reader(generator.kind) if generator is not None else None
    if generator is None or made_by is None or not made_by.makes:
        return None
    holds = _kinds_of(value.example) if OWN_TYPE in spec.takes else spec.takes
    if made_by.makes in holds:
        return None
    shown = example_of(value.example)
    if not holds:
        return (
            f"{spec.name}() holds exactly its example {json.dumps(shown)}, but its generator {made_by.name}() makes "
            f"{VALUE_KINDS[made_by.makes]}: a generated value is not the example, and the mock server sends it to the "
            "consumer (in a response) and the verifier to the provider (in a request)",
            f"{spec.name}({', '.join(spec.arguments(value, _expression))}) with no generator",
        )
    rule_holds = f"any value of its example's type ({_kind_of(shown)})" if OWN_TYPE in spec.takes else _held(holds)
    problem = (
        f"{spec.name}() holds {rule_holds}, but its generator {made_by.name}() makes {VALUE_KINDS[made_by.makes]}: "
        "a generated value must be one its own rule holds, as the mock server sends it to the consumer (in a "
        "response) and the verifier to the provider (in a request)"
    )
    fixes = (_fit_rule(spec, value, holds), _fit_generator(made_by, generator))
    return problem, "; or ".join(fix for fix in fixes if fix)


def _held(kinds: tuple[str, ...]) -> str:
    """The kinds a rule holds, in words ("text" for every kind of text)."""
    if set(TEXT_KINDS) <= set(kinds):
        return "text"
    return " or ".join(VALUE_KINDS[kind] for kind in kinds if kind != "pattern")


def _expression(value: Any) -> str:
    return json.dumps(example_of(value), ensure_ascii=False)


def _fit_generator(made_by: Spec, generator: Generator) -> str:
    """The generator kept, with the matcher its value implies (`Spec.implies`): `integer(1, generate=...)`."""
    options = [parameter for parameter in made_by.parameters if parameter.key != EXAMPLE]
    given = {parameter.name: generator.option(parameter.key) for parameter in options}
    alone = made_by(**{name: option for name, option in given.items() if option is not None})
    implied = with_implied_rules(alone)
    word = next((spec for spec in MATCHERS.values() if spec.rule == implied.rule and spec.takes), None)
    if word is None or implied.rule is None:
        return ""
    written = ", ".join(dataclasses.replace(made_by, parameters=tuple(options)).arguments(alone, _expression))
    return f"{word.name}({', '.join([*word.arguments(implied, _expression), f'generate={made_by.name}({written})'])})"


def _fit_rule(spec: Spec, value: Matcher, holds: tuple[str, ...]) -> str:
    """The rule kept, with a generator that makes what it holds (the first kind it holds)."""
    chosen = next((made_by for kind in holds for made_by in GENERATORS.values() if made_by.makes == kind), None)
    if chosen is None:
        return ""
    return f"{spec.name}({', '.join(spec.arguments(value, _expression))}, generate={chosen.usage})"


def _parameters(*names: str) -> tuple[Parameter, ...]:
    """Positional parameters: `example` is the value's example, any other name its own pact option."""
    return tuple(Parameter(name, EXAMPLE if name == "example" else name, positional=True) for name in names)


_AN_EXAMPLE = _parameters("example")


def _read_includes(options: Mapping[str, Any], example: Any, generate: Matcher | None, nested: Any) -> Matcher:
    return includes(example, generate, value=options.get("value"))


def _render_includes(made: Matcher, expression: Callable[[Any], str]) -> list[str]:
    written = [expression(made.example)]
    options = dict(made.options)
    if "value" not in options:
        written.append("value=null")
    elif options["value"] != made.example:
        written.append(f"value={expression(options['value'])}")
    return written


def _read_array_containing(options: Mapping[str, Any], example: Any, generate: Any, nested: Any) -> Matcher:
    items = example if isinstance(example, list) else []
    variants: list[Any] = []
    for variant in options.get("variants", []):
        index = int(variant.get("index", len(variants)))
        item = items[index] if index < len(items) else None
        rules = variant.get("rules") or {}
        variants.append(nested(rules.get("$", rules.get("")), item))  # "" is the root in a query or header
    return array_containing(variants)


def _render_array_containing(made: Matcher, expression: Callable[[Any], str]) -> list[str]:
    variants = made.listed("variants")
    written = [expression(variants)]
    if json.dumps(example_of(made.example)) != json.dumps(example_of(variants)):
        written.append(f"example={expression(example_of(made.example))}")
    return written


def _read_each(name: str, first: Callable[[Any], Any]) -> Any:
    def read(options: Mapping[str, Any], example: Any, generate: Any, nested: Any) -> Matcher:
        found = [nested({"matchers": [rule]}, first(example)) for rule in options.get("rules", [])]
        return MATCHERS[name](example, [item for item in found if isinstance(item, Matcher)], options.get("value"))

    return read


def _first_key(example: Any) -> Any:
    return next(iter(example), "") if isinstance(example, dict) else ""


def _first_value(example: Any) -> Any:
    if isinstance(example, dict):
        return next(iter(example.values()), "")
    return example[0] if isinstance(example, list) and example else ""


def _render_each_like(made: Matcher, expression: Callable[[Any], str]) -> list[str]:
    extra = [f"max={made.option('max')}"] if made.option("max") is not None else []
    element = made.example[0] if isinstance(made.example, list) and made.example else None
    return [expression(element), f"min={made.option('min')}", *extra]


def _render_rules(made: Matcher, expression: Callable[[Any], str]) -> list[str]:
    written = [expression(made.example), expression(made.option("rules"))]
    options = dict(made.options)
    if "value" not in options:
        written.append("value=null")
    elif options["value"] != compact_json(made.example):
        written.append(f"value={expression(options['value'])}")
    return written


_FORMAT = Parameter("format", "format", aliases=("date", "time", "timestamp"), nullable=True)


# -- plain words, for the living documentation -----------------------------------------------
def _kind_of(example: Any) -> str:
    """What sort of value the example is, in words."""
    if isinstance(example, bool):
        return "true or false"
    if isinstance(example, int):
        return "whole number"
    if isinstance(example, float):
        return "number"
    if isinstance(example, str):
        return "text"
    if isinstance(example, dict):
        return "object with these fields"
    return "list" if isinstance(example, list) else "value"


def _like_words(made: Matcher, shown: Callable[[Any], str]) -> str:
    if isinstance(made.example, list):
        bounds = _bounds(made)
        return f"a list{bounds}, each item like {shown(made.example[0])}" if made.example else f"a list{bounds}"
    return f"any {_kind_of(made.example)}, for example {shown(made.example)}"


def _bounds(made: Matcher) -> str:
    least, most = made.option("min"), made.option("max")
    said = [f"at least {least}" if least is not None else "", f"at most {most}" if most is not None else ""]
    noun = "item" if (most if most is not None else least) == 1 else "items"
    return f" of {' and '.join(part for part in said if part)} {noun}" if any(said) else ""


def _regex_words(made: Matcher, shown: Callable[[Any], str]) -> str:
    if made.option("regex") == UUID_PATTERN:
        return f"any UUID, for example {shown(made.example)}"
    return f"text matching the pattern {shown(made.option('regex'))}, for example {shown(made.example)}"


def _each_like_words(made: Matcher, shown: Callable[[Any], str]) -> str:
    element = made.example[0] if isinstance(made.example, list) and made.example else None
    return f"a list{_bounds(made)}, each item like {shown(element)}"


def _rules_words(what: str) -> Callable[[Matcher, Callable[[Any], str]], str]:
    def words(made: Matcher, shown: Callable[[Any], str]) -> str:
        allowed = " and ".join(_words_of(rule, shown) for rule in made.rules())
        return f"{what}: {allowed}; for example {shown(made.example)}"

    return words


def _combined_words(what: str) -> Callable[[Matcher, Callable[[Any], str]], str]:
    def words(made: Matcher, shown: Callable[[Any], str]) -> str:
        return f"{what} of these: " + "; ".join(_words_of(rule, shown) for rule in made.rules())

    return words


def _containing_words(made: Matcher, shown: Callable[[Any], str]) -> str:
    return "a list holding, in any order, an item like each of " + ", ".join(
        shown(variant) for variant in made.listed("variants")
    )


def _words_of(rule: Matcher, shown: Callable[[Any], str]) -> str:
    spec = MATCHERS.get(rule.name) or (rule_reader(rule.rule) if rule.rule else None)
    return spec.in_words(rule, shown) if spec is not None else f"a {rule.rule} value like {shown(rule.example)}"


MATCHERS: dict[str, Spec] = one_each(
    (
        _spec(
            like,
            'like("Alice")',
            since="V2",
            takes=(OWN_TYPE,),
            rule="type",
            parameters=(*_AN_EXAMPLE, Parameter("min", "min"), Parameter("max", "max")),
            words=_like_words,
        ),
        _spec(
            string,
            'string("Alice")',
            since="V2",
            takes=TEXT_KINDS,
            rule="type",
            parameters=_AN_EXAMPLE,
            reads=False,
            words="any text, for example {example}",
        ),
        _spec(
            regex,
            'regex("2024-01", "\\\\d{4}-\\\\d{2}")',
            strictness=3,
            since="V2",
            takes=tuple(VALUE_KINDS),  # each value the generator makes is checked against the pattern
            rule="regex",
            parameters=_parameters("example", "regex"),
            words=_regex_words,
        ),
        _spec(
            _named(integer, "integer"),
            "integer(42)",
            strictness=2,
            takes=("integer",),
            rule="integer",
            parameters=_AN_EXAMPLE,
            words="any integer, for example {example}",
        ),
        _spec(
            _named(decimal, "decimal"),
            "decimal(9.99)",
            strictness=2,
            takes=("decimal",),
            rule="decimal",
            parameters=_AN_EXAMPLE,
            words="any decimal number, for example {example}",
        ),
        _spec(
            _named(number, "number"),
            "number(3)",
            strictness=2,
            takes=("integer", "decimal"),
            rule="number",
            parameters=_AN_EXAMPLE,
            words="any number, for example {example}",
        ),
        _spec(
            boolean,
            "boolean(true)",
            strictness=2,
            takes=("boolean",),
            rule="boolean",
            parameters=_AN_EXAMPLE,
            words="true or false, for example {example}",
        ),
        _spec(
            uuid,
            'uuid("6f1c2d1e-6f6a-4c1e-9f1e-2a6c1b7e0d3a")',
            strictness=3,
            since="V2",
            takes=("uuid", "pattern"),
            rule="regex",
            parameters=_AN_EXAMPLE,
            reads=False,
            words="any UUID, for example {example}",
        ),
        _spec(
            _named(date, "date"),
            'date("2024-05-01")',
            strictness=3,
            temporal=True,
            takes=("date", "time", "datetime", "pattern"),
            rule="date",
            parameters=(*_AN_EXAMPLE, _FORMAT),
            words="a date like {example} (written {format})",
        ),
        _spec(
            _named(time, "time"),
            'time("13:45:00")',
            strictness=3,
            temporal=True,
            takes=("date", "time", "datetime", "pattern"),
            rule="time",
            parameters=(*_AN_EXAMPLE, _FORMAT),
            words="a time like {example} (written {format})",
        ),
        _spec(
            _named(datetime, "datetime"),
            'datetime("2024-05-01T13:45:00")',
            strictness=3,
            temporal=True,
            takes=("date", "time", "datetime", "pattern"),
            rule="datetime",
            parameters=(*_AN_EXAMPLE, _FORMAT),
            words="a date and time like {example} (written {format})",
        ),
        _spec(
            _named(timestamp, "timestamp"),
            'timestamp("2024-05-01 13:45:00", format="yyyy-MM-dd HH:mm:ss")',
            strictness=3,
            temporal=True,
            takes=("date", "time", "datetime", "pattern"),
            rule="timestamp",
            parameters=(*_AN_EXAMPLE, _FORMAT),
            words="a timestamp like {example} (written {format})",
        ),
        _spec(null, "null()", strictness=4, rule="null", takes_generate=False, words="null, and nothing else"),
        _spec(
            equality,
            'equality("Hello")',
            strictness=4,
            rule="equality",
            parameters=_AN_EXAMPLE,
            words="exactly {example}",
        ),
        _spec(
            includes,
            'includes("Alice")',
            strictness=3,
            takes=TEXT_KINDS,
            rule="include",
            parameters=_AN_EXAMPLE,
            read=_read_includes,
            render=_render_includes,
            words="text that contains {value}",
        ),
        _spec(
            each_like,
            'each_like({"id": integer(1)}, min=1)',
            since="V2",
            rule="type",
            reads=False,
            render=_render_each_like,
            takes_generate=False,
            words=_each_like_words,
        ),
        _spec(
            array_containing,
            'array_containing([{"id": integer(1)}, "admin"])',
            holds_rules=True,
            over_items=True,
            since="V4",
            rule="arrayContains",
            read=_read_array_containing,
            render=_render_array_containing,
            takes_generate=False,
            words=_containing_words,
        ),
        _spec(
            each_key_matches,
            'each_key_matches({"en": "Hello"}, regex("en", "[a-z]{2}"))',
            holds_rules=True,
            since="V4",
            rule="eachKey",
            read=_read_each("each_key_matches", _first_key),
            render=_render_rules,
            takes_generate=False,
            words=_rules_words("an object whose every key is"),
        ),
        _spec(
            each_value_matches,
            'each_value_matches({"a": 1}, integer(1))',
            holds_rules=True,
            over_items=True,
            since="V4",
            rule="eachValue",
            read=_read_each("each_value_matches", _first_value),
            render=_render_rules,
            takes_generate=False,
            words=_rules_words("an object (or list) whose every value is"),
        ),
        _spec(
            values,
            'values({"a": 1})',
            rule="values",
            parameters=_AN_EXAMPLE,
            takes_generate=False,
            words="an object with any keys, each value like those of {example}",
        ),
        _spec(
            content_type,
            'content_type("image/jpeg")',
            strictness=3,
            rule="contentType",
            parameters=(
                Parameter("content", "value", positional=True, default=""),
                Parameter("example", EXAMPLE, positional=True, default=""),
            ),
            takes_generate=False,
            words="content of the type {value}",
        ),
        _spec(
            not_empty,
            'not_empty("text")',
            strictness=2,
            since="V4",
            takes=(OWN_TYPE,),
            rule="notEmpty",
            parameters=_AN_EXAMPLE,
            words="a value that is not empty, for example {example}",
        ),
        _spec(
            semver,
            'semver("1.2.3")',
            strictness=3,
            since="V4",
            takes=("pattern",),
            rule="semver",
            parameters=_AN_EXAMPLE,
            words="a version number like {example} (major.minor.patch)",
        ),
        _spec(
            all_of,
            'all_of(regex("A-1", "[A-Z]-\\d"), like("A-1"))',
            since="V3",
            rule=COMBINED,
            reads=False,
            render=lambda made, expression: [expression(rule) for rule in made.rules()],
            words=_combined_words("every one"),
        ),
        _spec(
            any_of,
            "any_of(integer(1), decimal(1))",
            since="V3",
            rule=COMBINED,
            reads=False,
            render=lambda made, expression: [expression(rule) for rule in made.rules()],
            words=_combined_words("at least one"),
        ),
    )
)


def status_class(example: int, status: str, generator: Generator | None = None) -> Matcher:
    """An HTTP status of a class, with an example of it: `any 2xx`, `client error like 404`."""
    return Matcher("statusCode", example, (("status", status),), generator, "status")


STATUS_CODE = _spec(
    status_class,
    "Then the provider responds with status client error like 404",
    since="V4",
    rule="statusCode",
    parameters=(Parameter("example", EXAMPLE, positional=True), Parameter("status", "status", positional=True)),
    strictness=3,
    words="a status of the class {status}, for example {example}",
)
"""The status class as one entry, like every rule's; a step writes it in words (`STATUS_WORDS`), not as a
`{{ }}` call, so it is not in `MATCHERS`."""


def rule_entry(kind: str | None) -> Spec | None:
    """The entry of a rule kind: the word that reads it back, or the status class."""
    if kind == STATUS_CODE.rule:
        return STATUS_CODE
    return rule_reader(kind) if kind else None


def with_implied_rules(value: Any) -> Any:
    """`value` with each generator used alone given the rule its kind implies (RandomInt: integer).

    In a response body, a generator alone only replaces the example: the verifier then compares
    the provider's value with the example, so `date_from_now()` would fail the day after the
    pact was written. This is what pact-python's `match.int()` and pact-jvm's
    `valueFromProviderState` write. In a request a generator alone means what it says (the mock
    server matches the consumer's example; the provider receives the generated value), and a
    header keeps it too, as pact-jvm writes a `Location` filled from a provider state.
    """
    if isinstance(value, Matcher):
        implied = implied_rule(value.generator.kind) if value.rule is None and value.generator is not None else None
        if implied is not None and value.generator is not None:
            rule, options = implied
            filled: dict[str, Any] = {
                key: value.generator.option(key) if option is None else option for key, option in options.items()
            }
            kept = tuple((key, option) for key, option in filled.items() if option is not None)
            return Matcher(rule, value.example, kept, value.generator, value.name)
        example = with_implied_rules(value.example)  # each_like({"id": random_integer(1, 9)})
        return value if example == value.example else dataclasses.replace(value, example=example)
    if isinstance(value, dict):
        return {key: with_implied_rules(item) for key, item in value.items()}
    if isinstance(value, list):
        return [with_implied_rules(item) for item in value]
    return value


def body_with_implied_rules(body: Body) -> Body:
    """A response body whose generators used alone get their implied rules (`with_implied_rules`)."""
    if isinstance(body, JsonBody):
        return dataclasses.replace(body, value=with_implied_rules(body.value))
    if isinstance(body, FormBody):
        return dataclasses.replace(body, fields=with_implied_rules(body.fields))
    if isinstance(body, XmlBody):
        return dataclasses.replace(body, root=_element_with_implied_rules(body.root))
    return body


def _element_with_implied_rules(element: XmlElement) -> XmlElement:
    return dataclasses.replace(
        element,
        attributes=with_implied_rules(element.attributes),
        children=[
            _element_with_implied_rules(child) if isinstance(child, XmlElement) else with_implied_rules(child)
            for child in element.children
        ],
    )


def rule_reader(kind: str) -> Spec | None:
    """The word that reads a pact rule of this kind back (derived from `MATCHERS` as it is now)."""
    return _readers(MATCHERS).get(kind)


def generator_reader(kind: str) -> Spec | None:
    """The word that reads a pact generator of this kind back (derived from `GENERATORS` as it is now)."""
    return _readers(GENERATORS).get(kind)


_READERS: dict[tuple[int, ...], dict[str, Spec]] = {}


def _readers(table: dict[str, Spec]) -> dict[str, Spec]:
    """`by_kind` of the table as it is now, worked out again only when its entries change (a test adds a
    word); a pact's read-back asks for thousands of rules."""
    key = (id(table), *map(id, table.values()))
    found = _READERS.get(key)
    if found is None:
        if len(_READERS) >= 8:
            _READERS.clear()
        found = _READERS[key] = by_kind(list(table.values()))
    return found


def strictness(kind: str | None) -> int:
    """How much a rule of this kind demands (`Spec.strictness`); no rule at all compares values: equality's."""
    spec = rule_entry(kind or "equality")
    return spec.strictness if spec is not None else 1


def holds_rules(kind: str | None) -> bool:
    """Whether a rule of this kind carries the rules of its elements inside itself (eachKey, arrayContains...)."""
    spec = rule_entry(kind)
    return spec is not None and spec.holds_rules


def over_items(kind: str | None) -> bool:
    """Whether a rule of this kind judges a list's items itself (eachValue, arrayContains)."""
    spec = rule_entry(kind)
    return spec is not None and spec.over_items


def is_temporal(kind: str | None) -> bool:
    """Whether a rule of this kind reads its example as a date or time in its `format`."""
    spec = rule_entry(kind)
    return spec is not None and spec.temporal


def implied_rule(kind: str) -> tuple[str, Mapping[str, Any]] | None:
    """The rule a generator of this kind implies when used alone in a response (`Spec.implies`)."""
    spec = generator_reader(kind)
    return spec.implies if spec is not None else None


@functools.cache
def _first_versions() -> tuple[dict[str, str], dict[str, str]]:
    """The first specification of each rule kind and of each generator kind (the tables are fixed at import)."""
    return first_versions([*MATCHERS.values(), STATUS_CODE]), first_versions(list(GENERATORS.values()))


def lowest_specification(value: Any) -> tuple[str, str]:
    """The lowest pact specification that can hold `value`, and the word that needs it."""
    rule_since, generator_since = _first_versions()
    lowest, because = "V2", ""
    for found in matchers_in(value):
        needs = [(rule_since.get(found.rule, "V4"), found.name)] if found.rule else []
        if found.generator is not None:
            needs.append((generator_since.get(found.generator.kind, "V4"), found.name))
        for version, word in needs:
            if SPECIFICATIONS.index(version) > SPECIFICATIONS.index(lowest):
                lowest, because = version, word
    return lowest, because
