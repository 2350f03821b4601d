"""One entry per word of the matcher and generator vocabulary: everything known about it, in one place.

    Spec(
        "regex", "Text matching a regular expression.", 'regex("2024-01", "\\\\d{4}-\\\\d{2}")', regex,
        since="V2", rule="regex",
        parameters=(Parameter("example", EXAMPLE, positional=True), Parameter("pattern", "regex", positional=True)),
    )

A `Spec` holds the word a feature writes and its parameters in order, the pact
rule (or generator) it writes, the first pact specification that has it, the
function that checks the example and makes the model value, and what the other
layers need to know of it: how much it demands (`strictness`, for the contract
diff), whether it holds other rules (`holds_rules`) or judges a list's items
itself (`over_items`), whether its example is a date or time in a format
(`temporal`), which kinds of generated value its rule holds (`takes`), and for
a generator the kind of value it makes (`makes`), values it certainly makes
(`samples`) and the rule it implies when used alone (`implies`). Each job that
touches the vocabulary is one loop over the specs, written once:

- reading a rule or generator from a pact: `Spec.from_pact` (`pact_reader`);
- writing it to pact-ffi: the model value's rule and options (`integration`);
- printing it as a `{{ ... }}` call for render: `Spec.arguments` (`render`);
- judging a change of it: `Spec.strictness` (`contract_diff`);
- judging a rule's generator: `Spec.takes` against the generator's `makes` (`matchers.generator_problem`);
- documenting it: `vocabulary.py` walks the tables;
- saying what it allows in plain words, for the living documentation: `Spec.in_words`.

A matcher whose arguments are other rules (each_key_matches, array_containing)
brings its own `read` or `render`; every other word needs only its entry.
Adding a matcher is one entry in `matchers.MATCHERS` plus its tests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from contracts_bdd.model.contract import Generator, Matcher

SPECIFICATIONS = ("V2", "V3", "V4")
"""The pact specifications a contract can be written in, oldest first."""

VALUE_KINDS = {
    "integer": "whole numbers",
    "decimal": "decimal numbers",
    "boolean": "true or false",
    "text": "text",
    "hexadecimal": "hexadecimal text",
    "uuid": "UUIDs",
    "date": "dates",
    "time": "times",
    "datetime": "dates and times",
    "pattern": "text matching its own pattern",
}
"""The kinds of value a generator makes (`Spec.makes`), in words: a number, a boolean, or text (any, or of a
form: hexadecimal digits, a UUID, a date or time in a format, text matching the generator's own pattern)."""
TEXT_KINDS = ("text", "hexadecimal", "uuid", "date", "time", "datetime", "pattern")
OWN_TYPE = "@own-type"
"""In `Spec.takes`: the kinds of the example's own JSON type (a type rule holds its values to it)."""

EXAMPLE = "@example"
"""The `key` of the parameter that is the value's example rather than one of the rule's options."""


@dataclass(frozen=True)
class Parameter:
    """One argument of a matcher or generator call, and the pact option it stands for.

    `key` is the option's name in the pact (`regex`, `format`, `min`), or `EXAMPLE`.
    A positional parameter is written without its name; `default` is what a pact
    that leaves the option out means (and what render then leaves out).
    """

    name: str
    key: str
    positional: bool = False
    default: Any = None
    aliases: tuple[str, ...] = ()
    nullable: bool = False
    """The word writes the option even when a feature leaves it out (a date's format, a text `includes`
    must contain); a pact that leaves it out reads back as `name=null`."""

    def read(self, options: Mapping[str, Any], example: Any) -> Any:
        """This parameter's value in a pact's options (or the example), else its default."""
        if self.key == EXAMPLE:
            return example
        for key in (self.key, *self.aliases):
            if options.get(key) is not None:
                return options[key]
        return self.default


ReadHook = Callable[[Mapping[str, Any], Any, "Matcher | None", Callable[[Any, Any], Any]], Matcher]
RenderHook = Callable[[Matcher, Callable[[Any], str]], list[str]]
WordsHook = Callable[[Matcher, Callable[[Any], str]], str]


@dataclass(frozen=True)
class Spec:
    """One matcher or generator a feature may call: its name, what it accepts, a usage example, its pact form."""

    name: str
    summary: str
    usage: str
    build: Callable[..., Matcher]
    since: str = "V3"
    rule: str | None = None
    generator: str | None = None
    parameters: tuple[Parameter, ...] = ()
    reads: bool = True
    read: ReadHook | None = None
    render: RenderHook | None = None
    takes_generate: bool = True
    words: str | WordsHook = ""
    """What the word allows, in plain words: a template over `{example}` and the options
    (`"any integer, for example {example}"`), or a function for words that hold others."""
    strictness: int = 1
    """How much its rule demands, for `contracts-bdd diff`: 4 one value (equality, null), 3 a format
    (regex, a date), 2 a typed value (integer, notEmpty), 1 any value of its type. A change to a
    higher number breaks the provider; to a lower one it is safe."""
    holds_rules: bool = False
    """Its rules for the elements travel inside the rule itself (`rules`, `variants`), not at their own paths."""
    over_items: bool = False
    """It judges every item of a list (or value of an object) itself: the items take no `[*]` rules of their own."""
    temporal: bool = False
    """Its example is a date or time written in its `format` (pact-rust checks the one against the other)."""
    makes: str = ""
    """For a generator: the kind of value it makes by the Pact specification (one of `VALUE_KINDS`); "" when it
    makes a value of the example's own type (a provider state's value, the mock server's URL)."""
    takes: tuple[str, ...] = ()
    """For a matcher that takes `generate=`: the kinds of value (a generator's `makes`) its rule holds; `OWN_TYPE`
    for those of the example's own JSON type (a type rule)."""
    samples: Callable[[Generator], tuple[str, ...]] | None = None
    """For a generator: values it can certainly make, as text, read from its options (`random_integer(1, 9)`:
    "1" and "9"), to check them against a rule's pattern or format."""
    implies: tuple[str, Mapping[str, Any]] | None = None
    """For a generator: the rule, and its options, it implies when used alone in a response (RandomInt:
    integer); an option given as None takes the generator's own option of that name."""

    def __call__(self, *args: Any, **kwargs: Any) -> Matcher:
        try:
            return self.build(*args, **kwargs)
        except TypeError as err:
            msg = f"{self.name}(...) was called wrongly ({err}); write it like {self.usage}"
            raise ValueError(msg) from err

    @property
    def kind(self) -> str | None:
        """The pact rule or generator this word writes."""
        return self.rule or self.generator

    def from_pact(
        self,
        options: Mapping[str, Any],
        example: Any,
        generate: Matcher | None = None,
        nested: Callable[[Any, Any], Any] = lambda rule, example: example,
    ) -> Matcher:
        """The model value for a pact rule (or generator) with these options and this example.

        `nested(rule, example)` reads a rule inside this one, for matchers that hold others.
        """
        if self.read is not None:
            return self.read(options, example, generate, nested)
        positional: list[Any] = []
        keywords: dict[str, Any] = {}
        for parameter in self.parameters:
            value = parameter.read(options, example)
            if self.holds_rules and parameter.key == "rules" and isinstance(value, list):
                read = (nested({"matchers": [rule]}, _first_item(example)) for rule in value)
                value = [rule for rule in read if isinstance(rule, Matcher)]
            if parameter.positional:
                positional.append(value)
            elif value is not None or parameter.nullable:
                keywords[parameter.name] = value
        if generate is not None and self.takes_generate:
            keywords["generate"] = generate
        return self(*positional, **keywords)

    def arguments(self, made: Matcher, expression: Callable[[Any], str]) -> list[str]:
        """The call's arguments that make `made` again, each written by `expression`."""
        if self.render is not None:
            return self.render(made, expression)
        options = dict(made.generator.options) if self.generator and made.generator else dict(made.options)
        written: list[str] = []
        by_name = False  # after a positional left out, the rest are written with their names
        for parameter in self.parameters:
            value = made.example if parameter.key == EXAMPLE else options.get(parameter.key)
            if parameter.nullable and parameter.key not in options:
                written.append(f"{parameter.name}=null")
                by_name = True
                continue
            if parameter.positional and not by_name:
                if value is None and parameter.default is None and parameter.key != EXAMPLE:
                    by_name = True
                    continue
                written.append(expression(value if value is not None else parameter.default))
            elif value is not None and (value != parameter.default or parameter.positional):
                written.append(f"{parameter.name}={expression(value)}")
        return written

    def in_words(self, made: Matcher, shown: Callable[[Any], str]) -> str:
        """What `made` allows, in plain words; `shown` writes a value (an example, an option) as text."""
        if callable(self.words):
            return self.words(made, shown)
        options = dict(made.generator.options) if self.generator and made.generator else dict(made.options)
        values = {key: shown(value) for key, value in options.items()}
        values["example"] = shown(made.example)
        template = (
            self.words or self.summary.rstrip(".").replace("{", "{{").replace("}", "}}") + ", for example {example}"
        )
        return template.format_map(_Known(values))


def _first_item(example: Any) -> Any:
    """The value a rule held inside another is read with: the example's first value or item."""
    if isinstance(example, dict):
        return next(iter(example.values()), "")
    return example[0] if isinstance(example, list) and example else ""


class _Known(dict[str, str]):
    """Template values: an option the value does not have reads as "?" (never a KeyError)."""

    def __missing__(self, key: str) -> str:
        return "?"


def first_versions(specs: Sequence[Spec]) -> dict[str, str]:
    """The first pact specification that has each rule or generator kind the specs write."""
    found: dict[str, str] = {}
    for spec in specs:
        kind = spec.kind
        if kind is not None and (
            kind not in found or SPECIFICATIONS.index(spec.since) < SPECIFICATIONS.index(found[kind])
        ):
            found[kind] = spec.since
    return found


def one_each(specs: Sequence[Spec]) -> dict[str, Spec]:
    """The vocabulary table by name: each name written once (a second entry would silently win).

    Raises:
        ValueError: a name has two entries.
    """
    table: dict[str, Spec] = {}
    twice = []
    for spec in specs:
        if spec.name in table:
            twice.append(f"{spec.name} ({table[spec.name].usage} and {spec.usage})")
        table[spec.name] = spec
    if twice:
        raise ValueError("the vocabulary names these twice: " + "; ".join(twice))
    return table


def by_kind(specs: Sequence[Spec]) -> dict[str, Spec]:
    """The spec that reads each pact rule or generator kind back (one per kind)."""
    found: dict[str, Spec] = {}
    for spec in specs:
        if spec.reads and spec.kind is not None:
            found.setdefault(spec.kind, spec)
    return found
