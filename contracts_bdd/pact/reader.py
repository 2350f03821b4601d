"""Reading pact files (V1 to V4, from any Pact implementation) into the contract model.

    document = read_pact(json.loads(Path("pacts/Web-Api.json").read_text()))
    document.interactions[0].request.path      # "/users/1", or a Matcher
    document.notes                               # what the vocabulary could not say

Every matching rule and generator becomes the matcher or generator a feature
would write, built through `contracts_bdd.model.matchers` so that it is checked the
same way. Messages (V3 message pacts, V4 asynchronous and synchronous messages) become
`MessageInteraction`s. What cannot be expressed (several rules on one value, say) is left
out and described in `notes`.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qsl

from contracts_bdd.errors import PactFileError
from contracts_bdd.model.contract import (
    BinaryBody,
    Body,
    FormBody,
    Generator,
    Header,
    Interaction,
    JsonBody,
    Matcher,
    MultipartBody,
    MultipartPart,
    ProviderState,
    QueryParameter,
    Request,
    Response,
    TextBody,
    XmlBody,
    XmlElement,
)
from contracts_bdd.model.matchers import generator_reader, rule_reader
from contracts_bdd.model.media_types import FORM, holds_bytes, is_form, is_multipart, is_xml, reads_as_json
from contracts_bdd.model.messages import AnyInteraction, Message, MessageInteraction, MetadataEntry
from contracts_bdd.model.vocabularies import STATUS_CLASSES
from contracts_bdd.model.xml_document import (
    XmlSyntaxError,
    attribute_path,
    is_namespace_declaration,
    namespaces_in_scope,
    parse_xml,
    path_step,
    qualified_name,
    text_path,
)
from contracts_bdd.pact.document import pair_names
from contracts_bdd.pact.integration import child_path

_INDEX = re.compile(r"\[\d+\]")


@dataclass
class PactDocument:
    """A pact file as the contract model: its pair, version, HTTP interactions and messages."""

    consumer: str
    provider: str
    specification: str
    interactions: list[AnyInteraction] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    left_out: dict[str, list[str]] = field(default_factory=dict)
    """What the vocabulary could not say, by interaction description."""


def specification_of(document: dict[str, Any]) -> str:
    """The pact's specification as V2, V3 or V4 (V1 and V1.1 files are written as V2)."""
    found_metadata = document.get("metadata")
    metadata: dict[str, Any] = found_metadata if isinstance(found_metadata, dict) else {}
    found = metadata.get("pactSpecification") or metadata.get("pact-specification") or {}
    version = str(found.get("version", "2.0.0")) if isinstance(found, dict) else "2.0.0"
    major = version.split(".")[0]
    return f"V{major}" if major in ("3", "4") else "V2"


def read_pact(document: dict[str, Any], source: str = "the pact") -> PactDocument:
    """Read a pact document into `PactDocument`.

    Raises:
        PactFileError: the document is no pact, or an interaction is not shaped as one; the
            message names `source` and the interaction.
    """
    names = pair_names(document)
    if names is None:
        msg = f'{source} is not a pact file: it names no consumer and provider ({{"consumer": {{"name": ...}}}})'
        raise PactFileError(msg)
    result = PactDocument(names[0], names[1], specification_of(document))
    listed = [(key, document.get(key)) for key in ("interactions", "messages") if document.get(key) is not None]
    for key, interactions in listed:
        if not isinstance(interactions, list):
            msg = f"{source} is malformed: its {key} are a {type(interactions).__name__}, not a list"
            raise PactFileError(msg)
        for index, raw in enumerate(interactions):
            _read_one(raw, index, "Asynchronous/Messages" if key == "messages" else "Synchronous/HTTP", source, result)
    return result


_KINDS = ("Synchronous/HTTP", "Asynchronous/Messages", "Synchronous/Messages")


def _read_one(raw: Any, index: int, default_kind: str, source: str, result: PactDocument) -> None:
    if not isinstance(raw, dict):
        msg = f"{source} is malformed: interaction {index} is a {type(raw).__name__}, not an object"
        raise PactFileError(msg)
    kind = raw.get("type", default_kind)
    if kind not in _KINDS:
        result.notes.append(f"{raw.get('description')!r} ({kind}) left out: a plugin's interaction has no words here")
        return
    try:
        reader = _Reader(raw, result)
        result.interactions.append(reader.interaction() if kind == "Synchronous/HTTP" else reader.message(kind))
    except (TypeError, AttributeError, KeyError, IndexError, ValueError) as err:
        described = str(raw.get("description"))[:80]
        msg = (
            f"{source} is malformed: interaction {index} ({described!r}) has a part of the wrong shape "
            f"({type(err).__name__}: {err})"
        )
        raise PactFileError(msg) from err


class _Reader:
    def __init__(self, raw: dict[str, Any], document: PactDocument) -> None:
        self.raw = raw
        self.document = document
        self.description = str(raw.get("description", ""))

    def note(self, text: str) -> None:
        self.document.notes.append(f"'{self.description}': {text}")
        self.document.left_out.setdefault(self.description, []).append(text)

    def interaction(self) -> Interaction:
        raw = self.raw
        request = self.request(raw["request"])
        comments, references = self.comments()
        return Interaction(
            self.description,
            request,
            states=self.states(),
            response=self.response(raw.get("response") or {}),
            pending=bool(raw.get("pending", False)),
            comments=comments,
            references=references,
            key=raw.get("key"),
        )

    def comments(self) -> tuple[list[str], list[tuple[str, str, str]]]:
        comments = self.raw.get("comments") or {}
        references = [
            (str(group), str(name), str(value))
            for group, entries in (comments.get("references") or {}).items()
            for name, value in entries.items()
        ]
        return [str(text) for text in comments.get("text", [])], references

    def message(self, kind: str) -> MessageInteraction:
        """A V3 message, or a V4 asynchronous or synchronous one (its request and every reply)."""
        raw = self.raw
        comments, references = self.comments()
        if kind == "Synchronous/Messages":
            replies = raw.get("response") or []
            message = self.contents(raw.get("request") or {})
            answers: list[Message] | None = [self.contents(reply) for reply in replies]
        else:
            message, answers = self.contents(raw), None
        return MessageInteraction(
            self.description,
            message,
            states=self.states(),
            replies=answers,
            pending=bool(raw.get("pending", False)),
            comments=comments,
            references=references,
            key=raw.get("key"),
        )

    def contents(self, part: dict[str, Any]) -> Message:
        """One message's body and metadata: `contents` (V4 `{"content": ...}` or V3's document) and `metadata`."""
        rules, generators = _rules(part), part.get("generators") or {}
        metadata = dict(part.get("metadata") or {})
        contents = part.get("contents")
        declared_type = (
            contents.get("contentType") if isinstance(contents, dict) and _is_v4_contents(contents) else None
        )
        content_type = declared_type or metadata.get("contentType") or metadata.get("content-type")
        body_generators = _paths(generators.get("body") or generators.get("content") or {})
        body = (
            None
            if contents is None
            or (isinstance(contents, dict) and _is_v4_contents(contents) and contents.get("content") is None)
            else self.body(
                {"body": contents, "headers": {"Content-Type": content_type} if content_type else {}},
                _paths(rules.get("body") or rules.get("content") or {}),
                body_generators,
            )
        )
        metadata_rules, metadata_generators = rules.get("metadata") or {}, generators.get("metadata") or {}
        entries = []
        for name, value in metadata.items():
            rule, generator = metadata_rules.get(name), metadata_generators.get(name)
            implied = name in ("contentType", "content-type") and body is not None and value == body.content_type
            if implied and rule is None and generator is None:
                continue  # pact-ffi writes the body's content type into the metadata: the body says it
            entries.append(MetadataEntry(str(name), self.value(value, rule, generator)))
        return Message(None, body, entries)

    def states(self) -> list[ProviderState]:
        raw = self.raw
        if "providerStates" in raw:
            return [
                ProviderState(str(state["name"]), dict(state.get("params") or {})) for state in raw["providerStates"]
            ]
        name = raw.get("providerState") or raw.get("provider_state")
        return [ProviderState(str(name))] if name else []

    def request(self, part: dict[str, Any]) -> Request:
        rules, generators = _rules(part), part.get("generators") or {}
        path = self.value(part.get("path", "/"), rules.get("path"), generators.get("path"))
        request = Request(str(part.get("method", "GET")).upper(), path)
        request.headers = self.headers(part, rules, generators)
        for name, values in _query(part.get("query")):
            rule, generator = rules.get("query", {}).get(name), generators.get("query", {}).get(name)
            if _list_rule(rule):  # a rule over all the parameter's values at once
                request.query.append(QueryParameter(name, self.value(list(values), rule, generator)))
                continue
            for value in values:
                request.query.append(
                    QueryParameter(name, None if value is None else self.value(value, rule, generator))
                )
        request.body = self.body(part, rules.get("body", {}), generators.get("body", {}))
        request.headers = _without_multipart_type(request.headers, request.body)
        return request

    def response(self, part: dict[str, Any]) -> Response:
        rules, generators = _rules(part), part.get("generators") or {}
        status = self.status(int(part.get("status", 200)), _matchers(rules.get("status")), generators.get("status"))
        response = Response(status)
        response.headers = self.headers(part, rules, generators)
        response.body = self.body(part, rules.get("body", {}), generators.get("body", {}))
        response.headers = _without_multipart_type(response.headers, response.body)
        return response

    def status(self, example: int, rules: list[dict[str, Any]], generator: dict[str, Any] | None) -> int | Matcher:
        found = None
        if generator and generator.get("type") == "RandomInt":
            found = Generator("RandomInt", (("min", generator.get("min")), ("max", generator.get("max"))))
        elif generator:
            self.note(f"the status generator {generator.get('type')!r} has no words in the vocabulary and is left out")
        if rules and rules[0].get("match") == "statusCode":
            status_class = str(rules[0].get("status"))
            shown = (
                example
                if 100 <= example <= 599
                else (STATUS_CLASSES[status_class].example if status_class in STATUS_CLASSES else 200)
            )
            return Matcher("statusCode", shown, (("status", status_class),), found, "status")
        return example if found is None else Matcher(None, example, (), found, "status")

    def headers(self, part: dict[str, Any], rules: dict[str, Any], generators: dict[str, Any]) -> list[Header]:
        header_rules = {name.lower(): rule for name, rule in rules.get("header", {}).items()}
        header_generators = {name.lower(): generator for name, generator in (generators.get("header") or {}).items()}
        headers = []
        for name, value in (part.get("headers") or {}).items():
            values = value if isinstance(value, list) else [value]
            for item in values:
                headers.append(
                    Header(name, self.value(item, header_rules.get(name.lower()), header_generators.get(name.lower())))
                )
        return headers

    # -- bodies -----------------------------------------------------------------------
    def body(self, part: dict[str, Any], rules: dict[str, Any], generators: dict[str, Any]) -> Body | None:
        if "body" not in part or part["body"] is None:
            return None
        raw = part["body"]
        header = content_type = _content_type(part)
        if _is_v4_contents(raw):
            content_type = raw.get("contentType") or content_type
            if raw.get("encoded") not in (False, None, "false"):
                data = base64.b64decode(raw["content"])
                if is_multipart(content_type):
                    return self.multipart(data, header or "", rules)
                return BinaryBody(data, None, content_type or "application/octet-stream")
            raw = raw["content"]
        if isinstance(raw, str) and is_multipart(content_type):
            return self.multipart(raw.encode(), header or "", rules)
        if isinstance(raw, str):
            written = self.text_body(raw, content_type, rules, generators)
            if written is not None:
                return written
        walker = _Walker(self, rules, generators)
        value = walker.walk(raw, "$")
        walker.report_unused()
        return JsonBody(value, None, content_type or "application/json")

    def multipart(self, data: bytes, content_type: str, rules: dict[str, Any]) -> Body:
        """A multipart/form-data body as its parts; the content-type rule of each part is the part's own type."""
        message = BytesParser(policy=policy.HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + data)
        if not message.is_multipart():
            self.note("the multipart body has no boundary to read its parts by; it is kept as bytes")
            return BinaryBody(data, None, content_type)
        parts = []
        for found in message.iter_parts():
            payload = found.get_payload(decode=True)
            name = str(found.get_param("name", header="content-disposition") or "")
            filename = found.get_filename() or name
            parts.append(
                MultipartPart(name, filename, payload if isinstance(payload, bytes) else b"", found.get_content_type())
            )
        for path in rules:
            if _canonical(path) not in {_canonical(child_path("$", part.name)) for part in parts}:
                self.note(f"the multipart rule at {path} is left out: only each part's content type is written")
        return MultipartBody(tuple(parts))

    def text_body(
        self, raw: str, content_type: str | None, rules: dict[str, Any], generators: dict[str, Any]
    ) -> Body | None:
        """A body the pact holds as text: a form, XML or plain text (None for a JSON document in a string)."""
        if is_form(content_type):
            return FormBody(self.form_fields(raw, rules, generators), None, content_type or FORM)
        if is_xml(content_type):
            return self.xml_body(raw, content_type or "application/xml", rules, generators)
        if holds_bytes(content_type) and (data := _base64(raw)) is not None:
            return BinaryBody(data, None, content_type or "application/octet-stream")  # V3 keeps bytes as base64
        if not reads_as_json(content_type):
            return TextBody(raw, None, content_type or "text/plain")
        if raw == "":
            return TextBody(raw, None, content_type or "application/json")
        return None

    def xml_body(self, text: str, content_type: str, rules: dict[str, Any], generators: dict[str, Any]) -> Body:
        try:
            root = parse_xml(text)
        except XmlSyntaxError as err:
            self.note(f"the XML body is not well-formed ({err}); it is kept as text and its rules are left out")
            return TextBody(text, None, content_type)
        walker = _Walker(self, rules, generators)
        element = _XmlWalker(walker).element(root, "$", "$", {})
        walker.report_unused()
        return XmlBody(element, None, content_type)

    def form_fields(self, text: str, rules: dict[str, Any], generators: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for name, value in parse_qsl(text, keep_blank_values=True):
            fields[name] = (
                [*fields[name], value]
                if isinstance(fields.get(name), list)
                else ([fields[name], value] if name in fields else value)
            )
        for name, value in fields.items():
            # A field sent once can still carry a rule for lists (`roles[]=User` with eachValue).
            if not isinstance(value, list) and _list_rule(rules.get(child_path("$", name))):
                fields[name] = [value]
        walker = _Walker(self, rules, generators)
        value = walker.walk(fields, "$")
        walker.report_unused()
        return dict(value)

    # -- one value ----------------------------------------------------------------------
    def value(self, example: Any, rule_entry: Any, generator: dict[str, Any] | None) -> Any:
        rules = _matchers(rule_entry)
        if len(rules) > 1:
            self.note(f"{len(rules)} rules on one value; only the first ({rules[0].get('match')}) is written")
        generate = self.generator(generator, example) if generator else None
        if not rules:
            return generate if generate is not None else example
        return self.matcher(rules[0], example, generate)

    def generator(self, raw: dict[str, Any], example: Any) -> Matcher | None:
        kind = raw.get("type")
        spec = generator_reader(str(kind))
        if spec is None:
            self.note(f"the generator {kind!r} has no word in the vocabulary and is left out")
            return None
        try:
            return spec.from_pact({key: value for key, value in raw.items() if key != "type"}, example)
        except ValueError as err:
            self.note(f"the {kind} generator is left out: {err}")
            return None

    def matcher(self, rule: dict[str, Any], example: Any, generate: Matcher | None) -> Any:
        kind = rule.get("match", "type")
        if kind == "statusCode":
            return Matcher("statusCode", example, (("status", rule.get("status")),), None, "status")
        spec = rule_reader(str(kind))
        if spec is None:
            self.note(f"the rule {kind!r} has no word in the vocabulary and is left out")
            return generate if generate is not None else example
        try:
            return spec.from_pact(rule, example, generate, lambda entry, item: self.value(item, entry, None))
        except ValueError as err:
            self.note(f"the {kind} rule is left out: {err}")
            return generate if generate is not None else example


class _Walker:
    """Walks a JSON (or form) body, wrapping each value that has rules or generators by JSON path."""

    def __init__(self, reader: _Reader, rules: dict[str, Any], generators: dict[str, Any]) -> None:
        self.reader = reader
        self.rules = {_canonical(path): rule for path, rule in rules.items()}
        self.generators = {_canonical(path): generator for path, generator in generators.items()}
        self.used: set[str] = set()

    def lookup(self, table: dict[str, Any], path: str) -> Any:
        for candidate in (path, _INDEX.sub("[*]", path)):
            if candidate in table:
                self.used.add(candidate)
                return table[candidate]
        return None

    def walk(self, value: Any, path: str) -> Any:
        rule = self.lookup(self.rules, path)
        generator = self.lookup(self.generators, path)
        if isinstance(value, dict) and any(found.get("match") == "values" for found in _matchers(rule)):
            # Under a `values` rule, the rules for the values sit at `path.*` (whatever their keys).
            inner: Any = {key: self.walk(item, child_path(path, "*")) for key, item in value.items()}
        elif isinstance(value, dict):
            inner = {key: self.walk(item, child_path(path, key)) for key, item in value.items()}
        elif isinstance(value, list):
            inner = [self.walk(item, f"{path}[{index}]") for index, item in enumerate(value)]
        else:
            inner = value
        if rule is None and generator is None:
            return inner
        return self.reader.value(inner, rule, generator)

    def report_unused(self) -> None:
        for path in sorted(set(self.rules) - self.used):
            self.reader.note(f"the body rule at {path} matches no value of the example and is left out")
        for path in sorted(set(self.generators) - self.used):
            self.reader.note(f"the body generator at {path} matches no value of the example and is left out")


class _XmlWalker:
    """Gives each attribute, text and element of an XML body the rules and generators at its path.

    A path may name an element by namespace and local name (as this project and pact-rust
    do) or as written, prefix and all (as pact-ffi's XML builder and pact-jvm write).
    """

    def __init__(self, walker: _Walker) -> None:
        self.walker = walker

    def found(self, table: dict[str, Any], *paths: str) -> Any:
        for path in paths:
            hit = self.walker.lookup(table, _canonical(path))
            if hit is not None:
                return hit
        return None

    def value(self, example: Any, *paths: str) -> Any:
        rule, generator = self.found(self.walker.rules, *paths), self.found(self.walker.generators, *paths)
        return example if rule is None and generator is None else self.walker.reader.value(example, rule, generator)

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
        if all(isinstance(child, XmlElement) for child in element.children):
            # An empty text with a rule or generator is written as no text at all (`<name/>`): it is read back
            # as the empty text that carries them.
            empty = self.value("", text_path(here), text_path(as_written))
            if empty != "":
                children.append(empty)
        return XmlElement(element.tag, attributes, _collapsed(children), self.element_rule(here, as_written))

    def element_rule(self, *paths: str) -> Matcher | None:
        rules = _matchers(self.found(self.walker.rules, *paths))
        if not rules:
            return None
        if len(rules) > 1 or rules[0].get("match") != "type":
            self.walker.reader.note(f"the rule on the element at {paths[0]} is no type rule and is left out")
            return None
        options = tuple((key, rules[0][key]) for key in ("min", "max") if isinstance(rules[0].get(key), int))
        return Matcher("type", None, options, None, "each_like" if options else "like")


def _collapsed(children: list[Any]) -> list[Any]:
    """Children with each run of identical repeated elements (those with a rule) shown once."""
    kept: list[Any] = []
    for child in children:
        previous = kept[-1] if kept else None
        if isinstance(child, XmlElement) and child.rule is not None and child == previous:
            continue
        kept.append(child)
    return kept


def _rules(part: dict[str, Any]) -> dict[str, Any]:
    """Matching rules by category (body, header, query, path, status), V2 paths converted."""
    raw = part.get("matchingRules") or {}
    if not any(key.startswith("$.") for key in raw):
        return {category: (entry if category != "body" else dict(entry)) for category, entry in raw.items()}
    converted: dict[str, Any] = {"body": {}, "header": {}, "query": {}}
    for key, rule in raw.items():
        if key == "$.path":
            converted["path"] = rule
        elif key.startswith("$.body"):
            converted["body"]["$" + key[len("$.body") :]] = rule
        elif key.startswith(("$.headers.", "$.header.")):
            converted["header"][key.split(".", 2)[2]] = rule
        elif key.startswith("$.query."):
            converted["query"][key.split(".", 2)[2]] = rule
    return converted


def _matchers(entry: Any) -> list[dict[str, Any]]:
    """The rule dicts of one rules entry, whatever its shape (V2, V3, V4, under "$" or not)."""
    if not entry:
        return []
    if isinstance(entry, dict) and "matchers" not in entry and "$" in entry:
        entry = entry["$"]
    if isinstance(entry, dict) and "matchers" in entry:
        return [dict(rule) for rule in entry["matchers"]]
    if isinstance(entry, dict):
        rule = dict(entry)
        if "match" not in rule:
            rule["match"] = "regex" if "regex" in rule else "type"
        return [rule]
    return []


def _is_v4_contents(contents: Any) -> bool:
    return (
        isinstance(contents, dict)
        and "content" in contents
        and set(contents)
        <= {
            "content",
            "contentType",
            "encoded",
            "contentTypeHint",
        }
    )


def _paths(table: dict[str, Any]) -> dict[str, Any]:
    """Rules or generators by JSON path; pact-jvm writes a message's generator paths without the `$.`."""
    return {path if path.startswith("$") else child_path("$", path): entry for path, entry in table.items()}


def _canonical(path: str) -> str:
    """`$.a['b'].c` and `$['a'].b.c` name the same place; write both one way."""
    tokens = re.findall(r"\['([^']*)'\]|\[(\*|\d+)\]|\.([^.\[]+)", path[1:])
    canonical = "$"
    for quoted, index, plain in tokens:
        canonical = f"{canonical}[{index}]" if index else child_path(canonical, quoted or plain)
    return canonical


def _query(query: Any) -> list[tuple[str, list[Any]]]:
    if not query:
        return []
    if isinstance(query, str):
        grouped: dict[str, list[Any]] = {}
        for name, value in parse_qsl(query, keep_blank_values=True):
            grouped.setdefault(name, []).append(value)
        return list(grouped.items())
    return [(name, values if isinstance(values, list) else [values]) for name, values in query.items()]


def _content_type(part: dict[str, Any]) -> str | None:
    for name, value in (part.get("headers") or {}).items():
        if name.lower() == "content-type":
            return str(value[0] if isinstance(value, list) else value)
    return None


def _without_multipart_type(headers: list[Header], body: Body | None) -> list[Header]:
    """A multipart body's Content-Type header (boundary and rule) is pact-ffi's own: the body implies it."""
    if not isinstance(body, MultipartBody):
        return headers
    return [header for header in headers if header.name.lower() != "content-type"]


def _base64(text: str) -> bytes | None:
    """`text` decoded, if it is base64 through and through (as a V2 or V3 pact writes a binary body)."""
    try:
        return base64.b64decode(text, validate=True) if text else None
    except ValueError:
        return None


def _list_rule(entry: Any) -> bool:
    return any(rule.get("match") in ("eachValue", "arrayContains") for rule in _matchers(entry))
