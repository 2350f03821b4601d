"""Model values -> the pact file's own parts: example values, matching rules and generators by path.

Pure functions, no pact import, so the encoding can be tested case by case::

    encoded = encode_tree({"id": Matcher("integer", 1), "tags": each_like("a", min=2)})
    encoded.document   == {"id": 1, "tags": ["a", "a"]}
    encoded.rules      == {"$.id": {"combine": "AND", "matchers": [{"match": "integer"}]},
                           "$.tags": {"combine": "AND", "matchers": [{"match": "type", "min": 2}]}}
    encoded.generators == {}

Every part of an interaction is declared to pact-ffi the same way: its example as plain
values, and its rules and generators beside it, by path, as the pact file writes them
(pact-ffi writes what it is given: `with_matching_rules`, `with_generators`). The paths
are the ones pact-ffi's own matcher JSON gives a value: a list with a type rule has its
elements' rules at `[*]`, an object with a `values` rule its values' at `.*`, anything else
its place (`$.a.b[0]`). A rule the pact keeps elsewhere travels as a `PathRule`, at its
own path. So each rule is written once, as it is, with every option the model holds:
several rules on a value (`all_of`, `any_of`), an `eachValue` with its `value`, a format
or none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from contracts_bdd.model.contract import (
    Generator,
    Matcher,
    MultipartBody,
    MultipartPart,
    PathRule,
    XmlElement,
    example_of,
    text_of,
)
from contracts_bdd.model.paths import child_path, wildcard_path
from contracts_bdd.model.xml_document import ELEMENT_OPTIONS, xml_text, xml_values

_ELEMENT_RULES = ("arrayContains", "eachKey", "eachValue")
"""Rules whose rules for the elements travel inside the rule itself."""


def generator_json(generator: Generator) -> dict[str, Any]:
    """A generator as the pact file writes it: {"type": ..., options...}."""
    return {"type": generator.kind, **dict(generator.options)}


@dataclass
class Encoded:
    """A value as its plain example, and its rules and generators by path."""

    document: Any
    rules: dict[str, Any] = field(default_factory=dict)
    generators: dict[str, Any] = field(default_factory=dict)


def encode_tree(value: Any, root: str = "$") -> Encoded:
    """Encode a JSON value (or form fields, or a metadata value) whose values may be matchers."""
    encoded = Encoded(None)
    encoded.document = _encode(value, root, encoded)
    return encoded


def _encode(value: Any, path: str, encoded: Encoded) -> Any:
    if isinstance(value, Matcher):
        if value.generator is not None:
            encoded.generators[path] = generator_json(value.generator)
        if value.rule is not None:
            encoded.rules[path] = entry_json(value)
        return _children(value, path, encoded)
    if isinstance(value, dict):
        return {key: _encode(item, child_path(path, key), encoded) for key, item in value.items()}
    if isinstance(value, list):
        return [_encode(item, f"{path}[{index}]", encoded) for index, item in enumerate(value)]
    return value


def _children(matcher: Matcher, path: str, encoded: Encoded) -> Any:
    """The example under a matcher, with the rules of what it holds at the paths pact-ffi gives them."""
    kinds = {rule.rule for rule in matcher.each_rule()}
    example = matcher.example
    if kinds & set(_ELEMENT_RULES):
        return example_of(example)  # their rules for the elements travel inside the rule itself
    if "type" in kinds and isinstance(example, list) and example:
        # A list loosened by type: every element follows the first; only the first carries its
        # rules, at [*] (each element shows the same ones).
        return [_encode(example[0], f"{path}[*]", encoded), *(example_of(item) for item in example[1:])]
    if "values" in kinds and isinstance(example, dict) and example:
        # Values under `values` share their rules, at `path.*`: the first value carries them.
        (first_key, first), *others = example.items()
        shown = {first_key: _encode(first, wildcard_path(path), encoded)}
        shown.update((key, example_of(item)) for key, item in others)
        return shown
    return _encode(example, path, encoded)


def entry_json(matcher: Matcher, root: str = "$") -> dict[str, Any]:
    """The rules of one value as the pact keeps them at its path: {"combine": ..., "matchers": [...]}."""
    combine = matcher.option("combine") if matcher.combined else "AND"
    return {"combine": combine, "matchers": [rule_json(rule, root) for rule in matcher.each_rule()]}


def rule_json(matcher: Matcher, root: str = "$") -> dict[str, Any]:
    """One rule as the pact file writes it: {"match": ..., options...} (the rules it holds too).

    `root` is what the paths inside an arrayContains variant start with: `$` in a body, and
    "" for a query parameter or header, as pact-ffi writes them.
    """
    assert matcher.rule is not None
    assert not matcher.combined
    rule: dict[str, Any] = {"match": matcher.rule}
    for key, option in matcher.options:
        if key == "rules":
            rule[key] = [rule_json(sub, root) for sub in matcher.rules()]
        elif key == "variants":
            rule[key] = [_variant_json(index, variant, root) for index, variant in enumerate(matcher.listed(key))]
        else:
            rule[key] = option
    return rule


def _variant_json(index: int, variant: Any, root: str) -> dict[str, Any]:
    encoded = encode_tree(variant, root)
    written: dict[str, Any] = {"index": index, "rules": encoded.rules}
    if encoded.generators:
        written["generators"] = encoded.generators
    return written


def merge_path_rules(
    rules: dict[str, Any], generators: dict[str, Any], at_paths: Iterable[PathRule], *, part: str | None = None
) -> None:
    """Add each `PathRule` (of `part`, or of every part) to the rule and generator tables, by category.

    The path and status categories hold one entry, not a table; the others a table by path.
    """
    for found in at_paths:
        if part is not None and found.part != part:
            continue
        value = found.value
        root = "" if found.part in ("query", "header") else "$"
        if value.rule is not None:
            _place(rules, found.part, found.path, entry_json(value, root))
        if value.generator is not None:
            _place(generators, found.part, found.path, generator_json(value.generator))


def _place(table: dict[str, Any], part: str, path: str, entry: dict[str, Any]) -> None:
    if part in ("path", "status") and path in ("", "$"):
        table[part] = entry
    else:
        table.setdefault(part, {})[path] = entry


def part_rule_type(part: MultipartPart) -> str:
    """The content type a multipart part's rule asks for (pact-rust reads any plain text part as text/plain)."""
    return "text/plain" if part.content_type.startswith("text/") else part.content_type


def multipart_rules(body: MultipartBody) -> dict[str, Any]:
    """The rules pact-ffi's multipart call writes for a body's parts: one content-type rule each, by name."""
    return {
        child_path("$", part.name): {
            "combine": "AND",
            "matchers": [{"match": "contentType", "value": part_rule_type(part)}],
        }
        for part in body.parts
    }


@dataclass
class TextDocument:
    """A form or XML body as text, and its rules and generators by path (the pact file's own form)."""

    text: str
    rules: dict[str, Any] = field(default_factory=dict)
    generators: dict[str, Any] = field(default_factory=dict)


def encode_xml(root: XmlElement) -> TextDocument:
    """Encode an XML body as its example text, with its rules and generators by Pact path.

    Given pact-python's XML description, pact-ffi writes rules at prefixed paths (`$.a.n:c`)
    that its own verifier never applies to a namespaced element, so the paths are ours.
    """
    document = TextDocument(xml_text(root))
    for path, found in xml_values(root):
        if not isinstance(found, Matcher):
            continue
        value = _without_shown(found)
        if value.rule is not None:
            document.rules[path] = entry_json(value)
        if value.generator is not None:
            document.generators[path] = generator_json(value.generator)
    return document


def _without_shown(rule: Matcher) -> Matcher:
    """An element's rule as the pact holds it: how often the example shows the element is not the pact's."""
    if rule.option("shown") is None:
        return rule
    return replace(rule, options=tuple(option for option in rule.options if option[0] in ELEMENT_OPTIONS))


def encode_form(fields: dict[str, Any]) -> TextDocument:
    """Encode a form body. pact-ffi cannot turn integration JSON with keys such as "" or "&"
    into form text, so the text is built here and the rules travel beside it."""
    pairs: list[tuple[str, str]] = []
    encoded = encode_tree(fields)
    for name, value in encoded.document.items():
        pairs.extend((name, text_of(item)) for item in (value if isinstance(value, list) else [value]))
    return TextDocument(urlencode(pairs), encoded.rules, encoded.generators)
