"""Giving each value of a body the rules and generators a pact keeps at its path, and keeping the rest.

    walker = BodyWalker(reader, rule_table(part)["body"], generator_table(part)["body"])
    value = walker.walk(document, "$")          # the document, with a Matcher where a rule or generator is
    walker.left_over(document, at_paths)        # what no value took, as PathRules at their own paths

A value's path is where it stands, except that the elements of a list with a type rule stand at
`[*]` and the values of an object with a `values` rule at `.*`: the paths the encoder writes them
at (`contracts_bdd.pact.integration`), so that reading and writing are one mapping. XML bodies are
walked by `XmlWalker`, by namespace and local name as well as the names as written.
"""

from __future__ import annotations

from typing import Any, Protocol

from contracts_bdd.model.contract import Matcher, PathRule, XmlElement
from contracts_bdd.model.matchers import generator_reader, over_items, with_implied_rules
from contracts_bdd.model.paths import canonical as _canonical
from contracts_bdd.model.paths import child_path, values_at, wildcard_path
from contracts_bdd.model.xml_document import (
    attribute_path,
    is_namespace_declaration,
    namespaces_in_scope,
    path_step,
    qualified_name,
    shown_times,
    text_path,
)
from contracts_bdd.pact.rules import rules_of


class ValueReader(Protocol):
    """What a walker asks of the pact reader: a value with its rule and generator, and a note."""

    def value(
        self, example: Any, rule_entry: Any, generator: dict[str, Any] | None, *, as_text: bool = False
    ) -> Any: ...

    def note(self, text: str) -> None: ...


class BodyWalker:
    """Walks a body, giving each value the rules and generators at the path pact-ffi gives that value.

    A value's path is where it stands, except that the elements of a list with a type rule
    stand at `[*]` and the values of an object with a `values` rule at `.*`: the paths the
    encoder writes them at (`contracts_bdd.pact.integration`). Whatever is left at other paths
    becomes a `PathRule`, so it is written back as it is. In a body the provider makes, a
    generator alone is kept at its path too: on a value, it would get the rule its kind implies.
    """

    def __init__(
        self,
        reader: ValueReader,
        rules: dict[str, Any],
        generators: dict[str, Any],
        *,
        provider_made: bool = False,
        as_text: bool = False,
    ) -> None:
        self.reader = reader
        self.as_text = as_text
        self.written = {_canonical(path): path for path in list(rules) + list(generators)}
        self.rules = {_canonical(path): rule for path, rule in rules.items()}
        self.generators = {_canonical(path): generator for path, generator in generators.items()}
        self.provider_made = provider_made
        self.used_rules: set[str] = set()
        self.used_generators: set[str] = set()

    def take(self, path: str) -> tuple[Any, Any]:
        """The rule and generator at `path` (marked as used), leaving a generator that would gain a rule."""
        rule, generator = self.rules.get(path), self.generators.get(path)
        if rule is None and generator is not None and self.provider_made and _implies_rule(generator):
            generator = None
        if rule is not None:
            self.used_rules.add(path)
        if generator is not None:
            self.used_generators.add(path)
        return rule, generator

    def walk(self, value: Any, path: str) -> Any:
        rule, generator = self.take(path)
        kinds = {found.get("match", "type") for found in rules_of(rule)}
        if isinstance(value, dict) and "values" in kinds:
            inner: Any = {key: self.walk(item, wildcard_path(path)) for key, item in value.items()}
        elif isinstance(value, dict):
            inner = {key: self.walk(item, child_path(path, key)) for key, item in value.items()}
        elif isinstance(value, list) and "type" in kinds and not any(map(over_items, kinds)):
            inner = [self.walk(item, f"{path}[*]") for item in value]
        elif isinstance(value, list) and not any(map(over_items, kinds)):
            inner = [self.walk(item, f"{path}[{index}]") for index, item in enumerate(value)]
        else:
            inner = value
        if rule is None and generator is None:
            return inner
        return self.reader.value(inner, rule, generator, as_text=self.as_text)

    def left_over(self, example: Any, at_paths: list[PathRule], *, note: bool = False) -> None:
        """Each rule and generator no value took, kept at its own path with the example it names (if any)."""
        paths = [path for path in self.rules if path not in self.used_rules]
        paths += [path for path in self.generators if path not in self.used_generators and path not in paths]
        for path in paths:
            rule = self.rules.get(path) if path not in self.used_rules else None
            generator = self.generators.get(path) if path not in self.used_generators else None
            named = values_at(example, path)
            value = self.reader.value(named[0] if named else None, rule, generator, as_text=self.as_text)
            if not isinstance(value, Matcher):
                continue
            if note:
                self.reader.note(f"the rule at {path} inside an arrayContains variant names no value and is left out")
                continue
            at_paths.append(PathRule("body", self.written.get(path, path), value))


def _implies_rule(generator: dict[str, Any]) -> bool:
    spec = generator_reader(str(generator.get("type")))
    if spec is None:
        return False
    try:
        made = spec.from_pact({key: item for key, item in generator.items() if key != "type"}, None)
    except ValueError:
        return True
    return with_implied_rules(made).rule is not None


class XmlWalker:
    """Gives each attribute, text and element of an XML body the rules and generators at its path.

    A path may name an element by namespace and local name (as this project and pact-rust
    do) or as written, prefix and all (as pact-ffi's XML builder and pact-jvm write).
    """

    def __init__(self, walker: BodyWalker) -> None:
        self.walker = walker

    def found(self, *paths: str) -> tuple[Any, Any]:
        for path in paths:
            rule, generator = self.walker.take(_canonical(path))
            if rule is not None or generator is not None:
                return rule, generator
        return None, None

    def value(self, example: Any, *paths: str) -> Any:
        rule, generator = self.found(*paths)
        if rule is None and generator is None:
            return example
        return self.walker.reader.value(example, rule, generator, as_text=True)

    def element(self, element: XmlElement, qualified: str, written: str, scope: dict[str, str]) -> XmlElement:
        scope = namespaces_in_scope(element, scope)
        here = path_step(qualified, qualified_name(element.tag, scope))
        as_written = path_step(written, element.tag)
        attributes = {
            name: value
            if is_namespace_declaration(name)
            else self.value(
                value,
                attribute_path(here, qualified_name(name, scope, attribute=True)),
                attribute_path(as_written, name),
            )
            for name, value in element.attributes.items()
        }
        children = [
            self.element(child, here, as_written, scope)
            if isinstance(child, XmlElement)
            else self.value(child, text_path(here), text_path(as_written))
            for child in element.children
        ]
        if not any(not isinstance(child, XmlElement) for child in children):
            empty = self.value("", text_path(here), text_path(as_written))
            if isinstance(empty, Matcher):  # a rule or generator on the text of an empty element
                children.append(empty)
        rule = self.element_rule(here, as_written)
        return XmlElement(element.tag, attributes, collapsed(children), rule)

    def element_rule(self, *paths: str) -> Matcher | None:
        rule, _ = self.found(*paths)
        rules = rules_of(rule)
        if not rules:
            return None
        if len(rules) > 1 or rules[0].get("match") != "type":
            self.walker.reader.note(f"the rule on the element at {paths[0]} is no type rule and is left out")
            return None
        options = tuple((key, rules[0][key]) for key in ("min", "max") if isinstance(rules[0].get(key), int))
        return Matcher("type", None, options, None, "each_like" if options else "like")


def collapsed(children: list[Any]) -> list[Any]:
    """Children with each run of identical repeated elements (those with a rule) shown once, with the
    number of times the example shows it when that is not the number its rule's minimum shows."""
    kept: list[Any] = []
    runs: list[int] = []
    for child in children:
        previous = kept[-1] if kept else None
        if isinstance(child, XmlElement) and child.rule is not None and child == previous:
            runs[-1] += 1
            continue
        kept.append(child)
        runs.append(1)
    return [
        shown_times(child, count) if isinstance(child, XmlElement) and child.rule is not None else child
        for child, count in zip(kept, runs, strict=True)
    ]
