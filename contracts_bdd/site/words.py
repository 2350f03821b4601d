"""A request, response or message of the contract model, in the words a product owner reads.

    part = request_part(interaction.request)
    part.line                  # "GET /users/1"
    part.rules                 # [("body $.id", "any integer, for example 1"), ...]

Each matcher and generator is explained by its own vocabulary entry (`Spec.in_words`), so a
new word is explained as soon as it is in the vocabulary. Bodies are shown as their example,
cut at `MAX_SHOWN` characters with what was left out said.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from contracts_bdd.model.contract import (
    BinaryBody,
    Body,
    FormBody,
    JsonBody,
    Matcher,
    MultipartBody,
    Request,
    Response,
    TextBody,
    Value,
    XmlBody,
    example_of,
    text_of,
)
from contracts_bdd.model.generators import GENERATORS
from contracts_bdd.model.matchers import MATCHERS, generator_reader, rule_reader
from contracts_bdd.model.messages import Message
from contracts_bdd.model.vocabularies import STATUS_CLASSES
from contracts_bdd.model.xml_document import path_step, xml_text, xml_values

MAX_SHOWN = 20_000
"""The most characters of one body a page shows; the rest is counted, not shown."""
MAX_EXAMPLE = 160
"""The most characters of an example quoted inside a rule's words."""


@dataclass
class Part:
    """One request, response, message or reply, ready to show: its first line, fields, body and rules."""

    title: str
    line: str = ""
    fields: list[tuple[str, str, str]] = field(default_factory=list)
    """(what, name, value): ("header", "Accept", "application/json"), ("query", "page", "2"), ("metadata", ...)."""
    body: str | None = None
    body_type: str = ""
    body_note: str = ""
    rules: list[tuple[str, str]] = field(default_factory=list)
    """(where, words): ("body $.id", "any integer, for example 1")."""


def request_part(request: Request) -> Part:
    """What the consumer sends, with every matcher in words."""
    part = Part("Request")
    query = urlencode([(item.name, text_of(example_of(item.value))) for item in request.query])
    part.line = f"{request.method} {text_of(example_of(request.path))}" + (f"?{query}" if query else "")
    part.rules += _rules(request.path, "path")
    for header in request.headers:
        part.fields.append(("header", header.name, text_of(example_of(header.value))))
        part.rules += _rules(header.value, f"header {header.name}")
    for item in request.query:
        part.fields.append(("query", item.name, text_of(example_of(item.value))))
        part.rules += _rules(item.value, f"query {item.name}")
    _add_body(part, request.body)
    return part


def response_part(response: Response) -> Part:
    """What the consumer needs back, with every matcher in words."""
    part = Part("Response", f"Status {status_words(response.status)}")
    for header in response.headers:
        part.fields.append(("header", header.name, text_of(example_of(header.value))))
        part.rules += _rules(header.value, f"header {header.name}")
    _add_body(part, response.body)
    return part


def message_part(title: str, message: Message) -> Part:
    """A message or a reply: its metadata and body, with every matcher in words."""
    part = Part(title)
    for entry in message.metadata:
        value = example_of(entry.value)
        part.fields.append(("metadata", entry.name, value if isinstance(value, str) else _json(value)))
        part.rules += _rules(entry.value, f"metadata {entry.name}")
    _add_body(part, message.body)
    return part


def status_words(status: int | Matcher) -> str:
    """A response status: the code, or its class in words with the example."""
    if not isinstance(status, Matcher):
        return str(status)
    if status.rule is None:
        return str(status.example)
    known = STATUS_CLASSES.get(str(status.option("status")))
    name = known.words[0] if known else str(status.option("status"))
    return f"{name} (any of them; for example {status.example})"


def value_words(value: Matcher) -> str:
    """What a matcher (with or without a generator) allows, in plain words."""
    said = []
    if value.rule is not None:
        spec = MATCHERS.get(value.name) if value.name in MATCHERS else None
        spec = spec if spec is not None and spec.rule == value.rule else rule_reader(value.rule)
        said.append(
            spec.in_words(value, shown) if spec is not None else f"by the rule {value.rule}, like {shown(value)}"
        )
    if value.generator is not None:
        maker = GENERATORS.get(value.name) if value.rule is None else None
        maker = maker or generator_reader(value.generator.kind)
        made = maker.in_words(value, shown) if maker is not None else f"made by the {value.generator.kind} generator"
        said.append(f"the other side makes it up: {made}" if said else f"{made}, for example {shown(value)}")
    return "; ".join(said)


def shown(value: Any) -> str:
    """A value (matchers replaced by their examples) as short JSON."""
    text = _json(example_of(value))
    return text if len(text) <= MAX_EXAMPLE else text[: MAX_EXAMPLE - 1] + "…"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _rules(value: Value, where: str) -> list[tuple[str, str]]:
    """Every matcher in `value`, outermost first, each with where it is and its words."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[Any, str]] = [(value, where)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, Matcher):
            found.append((path, value_words(item)))
            if isinstance(item.example, list) and item.rule == "type":
                stack += [(element, f"{path}[*]") for element in reversed(item.example[:1])]
            else:
                stack.append((item.example, path))
        elif isinstance(item, dict):
            stack += [(child, _child(path, key)) for key, child in reversed(item.items())]
        elif isinstance(item, list):
            stack += [(child, f"{path}[{index}]") for index, child in reversed(list(enumerate(item)))]
    return found


def _child(path: str, key: str) -> str:
    return path_step(path, key) if path.startswith(("$", "body $")) else f"{path}.{key}"


def _add_body(part: Part, body: Body | None) -> None:
    if body is None:
        return
    part.body_type = body.content_type
    text = ""
    if isinstance(body, JsonBody):
        text = json.dumps(example_of(body.value), indent=2, ensure_ascii=False)
        part.rules += _rules(body.value, "body $")
    elif isinstance(body, TextBody):
        text = body.text
    elif isinstance(body, FormBody):
        text = urlencode(
            [
                (name, text_of(item))
                for name, value in example_of(body.fields).items()  # type: ignore[union-attr]
                for item in (value if isinstance(value, list) else [value])
            ]
        )
        for name, value in body.fields.items():
            part.rules += _rules(value, f"form field {name}")
    elif isinstance(body, XmlBody):
        text = xml_text(body.root)
        for path, value in xml_values(body.root):
            part.rules += _rules(value, f"body {path}") if isinstance(value, Matcher) else []
    elif isinstance(body, MultipartBody):
        text = "\n".join(
            f"part {found.name!r}: file {found.filename!r}, {found.content_type}, {len(found.data)} bytes"
            for found in body.parts
        )
    elif isinstance(body, BinaryBody):
        text = f"{len(body.data)} bytes of {body.content_type}, not shown"
    if len(text) > MAX_SHOWN:
        part.body_note = f"{len(text) - MAX_SHOWN} more characters are not shown"
        text = text[:MAX_SHOWN]
    part.body = text


_MISMATCH_PARTS = {
    "BodyMismatch": "the body",
    "BodyTypeMismatch": "the body's content type",
    "StatusMismatch": "the status",
    "HeaderMismatch": "the header",
    "QueryMismatch": "the query",
    "MethodMismatch": "the method",
    "PathMismatch": "the path",
    "MetadataMismatch": "the message's metadata",
}


_MISSING_KEYS = re.compile(r"Actual map is missing the following keys: (.*)$")


def mismatch_words(details: str) -> list[str]:
    """A verifier's mismatch lines (`BodyMismatch at $.email: ...` with expected and actual) in words."""
    said: list[str] = []
    for line in details.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if said and stripped.startswith(("expected:", "actual:")):
            label, _, value = stripped.partition(":")
            said[-1] += f"; {'it needs' if label == 'expected' else 'the provider gave'} {value.strip()}"
            continue
        kind, _, rest = stripped.partition(" at ")
        part = _MISMATCH_PARTS.get(kind.partition(":")[0])
        if part is None:
            said.append(stripped)
        elif rest:
            where, _, problem = rest.partition(": ")
            missing = _MISSING_KEYS.match(problem)
            if missing:
                problem = f"the field(s) {missing.group(1)} are missing"
            said.append(f"In {part}{'' if where == '$' else ' at ' + where}: {problem}")
        else:
            said.append(f"In {part}: {stripped.partition(': ')[2]}")
    return said
