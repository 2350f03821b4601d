"""Model values -> pact-ffi's integration JSON, and generators -> the pact file's generator sections.

Pure functions, no pact import, so the encoding can be tested case by case::

    encoded = encode_body({"id": Matcher("integer", 1)})
    encoded.document == {"id": {"pact:matcher:type": "integer", "value": 1}}
    encoded.generators == {}

Matching rules travel inside the integration JSON. Generators travel apart, by
JSON path, because pact-ffi drops a generator that has no matcher beside it
(a path filled from a provider state, say).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from contracts_bdd.model.contract import Generator, Matcher, XmlElement, example_of, text_of
from contracts_bdd.model.xml_document import xml_text, xml_values

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def generator_json(generator: Generator) -> dict[str, Any]:
    """A generator as the pact file writes it: {"type": ..., options...}."""
    return {"type": generator.kind, **dict(generator.options)}


def child_path(path: str, key: str) -> str:
    """The JSON path of `key` under `path`, quoted when the key is not a plain name."""
    return f"{path}.{key}" if _PLAIN_KEY.match(key) else f"{path}['{key}']"


@dataclass
class Encoded:
    """A body in integration JSON, and its generators by JSON path."""

    document: Any
    generators: dict[str, Any] = field(default_factory=dict)


def encode_body(value: Any) -> Encoded:
    """Encode a JSON or form body whose values may be matchers."""
    encoded = Encoded(None)
    encoded.document = _encode(value, "$", encoded.generators)
    return encoded


def _encode(value: Any, path: str, generators: dict[str, Any]) -> Any:
    if isinstance(value, Matcher):
        if value.generator is not None:
            generators[path] = generator_json(value.generator)
        if value.rule is None:
            return _encode(value.example, path, generators)
        return matcher_json(value, path, generators)
    if isinstance(value, dict):
        return {key: _encode(item, child_path(path, key), generators) for key, item in value.items()}
    if isinstance(value, list):
        return [_encode(item, f"{path}[{index}]", generators) for index, item in enumerate(value)]
    return value


def matcher_json(matcher: Matcher, path: str = "$", generators: dict[str, Any] | None = None) -> dict[str, Any]:
    """One matcher as integration JSON (its nested matchers too)."""
    sink = generators if generators is not None else {}
    example = matcher.example
    if matcher.rule == "type" and isinstance(example, list) and example:
        # A list loosened by type: every element follows the first; only the first carries
        # nested matchers, or pact-ffi would register each nested rule once per element.
        first = _encode(example[0], f"{path}[*]", sink)
        value: Any = [first, *(example_of(item) for item in example[1:])]
    elif matcher.rule == "values" and isinstance(example, dict) and example:
        # Values under `values` share their rules, at `path.*`: only the first carries them, or
        # pact-ffi writes each nested rule once per key there.
        first, *others = example.items()
        value = {first[0]: _encode(first[1], child_path(path, "*"), sink)}
        value.update((key, example_of(item)) for key, item in others)
    else:
        value = _encode(example, path, sink)
    document: dict[str, Any] = {"pact:matcher:type": matcher.rule, "value": value}
    for key, option in matcher.options:
        if key == "rules":
            document[key] = [matcher_json(rule) for rule in matcher.rules()]
        elif key == "variants":
            document[key] = [_encode(item, path, {}) for item in matcher.listed("variants")]
        else:
            document[key] = option
    return document


def encode_xml(root: XmlElement) -> TextDocument:
    """Encode an XML body as its example text, with its rules and generators by Pact path.

    The text and the rules travel apart (as for forms): given pact-python's XML description,
    pact-ffi writes rules at prefixed paths (`$.a.n:c`) that its own verifier never applies to
    a namespaced element.
    """
    document = TextDocument(xml_text(root))
    for path, value in xml_values(root):
        if not isinstance(value, Matcher):
            continue
        if value.rule is not None:
            document.rules[path] = {"combine": "AND", "matchers": [rule_json(value)]}
        if value.generator is not None:
            document.generators[path] = generator_json(value.generator)
    return document


@dataclass(frozen=True)
class EncodedValue:
    """A path, header, query or status value: the text (or matcher JSON) and its generator."""

    text: str
    generator: dict[str, Any] | None = None


def encode_value(value: Any) -> EncodedValue:
    """Encode a value given as text: plain text stays text, a matcher becomes integration JSON."""
    if isinstance(value, Matcher):
        generator = generator_json(value.generator) if value.generator is not None else None
        if value.rule is None:
            return EncodedValue(str(example_of(value.example)), generator)
        return EncodedValue(json.dumps(matcher_json(value)), generator)
    return EncodedValue(str(value))


def rule_json(matcher: Matcher) -> dict[str, Any]:
    """One matcher as the pact file writes its rule: {"match": ..., options...}."""
    assert matcher.rule is not None
    rule: dict[str, Any] = {"match": matcher.rule}
    for key, option in matcher.options:
        if key == "rules":
            rule[key] = [rule_json(sub) for sub in matcher.rules()]
        elif key == "variants":
            rule[key] = [
                {"index": index, "rules": {"$": {"combine": "AND", "matchers": [rule_json(variant)]}}}
                for index, variant in enumerate(matcher.listed("variants"))
                if isinstance(variant, Matcher) and variant.rule
            ]
        else:
            rule[key] = option
    return rule


@dataclass
class TextDocument:
    """A form or XML body as text, and its rules and generators by path (the pact file's own form)."""

    text: str
    rules: dict[str, Any] = field(default_factory=dict)
    generators: dict[str, Any] = field(default_factory=dict)


def encode_form(fields: dict[str, Any]) -> TextDocument:
    """Encode a form body. pact-ffi cannot turn integration JSON with keys such as "" or "&"
    into form text, so the text is built here and the rules travel beside it."""
    pairs: list[tuple[str, str]] = []
    document = TextDocument("")
    for name, value in fields.items():
        _form_rules(value, child_path("$", name), document)
        example = example_of(value)
        pairs.extend((name, text_of(item)) for item in (example if isinstance(example, list) else [example]))
    document.text = urlencode(pairs)
    return document


def _form_rules(value: Any, path: str, document: TextDocument) -> None:
    if isinstance(value, Matcher):
        if value.rule is not None:
            document.rules[path] = {"combine": "AND", "matchers": [rule_json(value)]}
        if value.generator is not None:
            document.generators[path] = generator_json(value.generator)
        if value.rule in ("arrayContains", "eachKey", "eachValue"):
            return  # their rules for the elements travel inside the rule itself
        value = value.example
    if isinstance(value, list):
        for index, item in enumerate(value):
            _form_rules(item, f"{path}[{index}]", document)
