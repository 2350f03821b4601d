"""Reading pact files (V1 to V4, from any Pact implementation) into the contract model.

    document = read_pact(json.loads(Path("pacts/Web-Api.json").read_text()))
    document.interactions[0].request.path      # "/users/1", or a Matcher
    document.notes                               # what the vocabulary could not say

Every matching rule and generator becomes the matcher or generator a feature
would write, built through `contracts_bdd.model.matchers` so that it is checked the
same way. Messages (V3 message pacts, V4 asynchronous and synchronous messages) become
`MessageInteraction`s. What cannot be expressed is left out and described in `notes`.
A part's tables of rules and generators are read by `contracts_bdd.pact.rules`; its bodies
are walked, value by value, by `contracts_bdd.pact.walkers`.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from email import policy
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qsl

from contracts_bdd.errors import PactFileError
from contracts_bdd.model.contract import (
    BinaryBody,
    Body,
    FormBody,
    Header,
    Interaction,
    JsonBody,
    Matcher,
    MultipartPart,
    PathRule,
    ProviderState,
    QueryParameter,
    Request,
    Response,
    TextBody,
    XmlBody,
)
from contracts_bdd.model.examples import DEFAULT, as_recorded, spelt_value
from contracts_bdd.model.matchers import MATCHERS, STATUS_CODE, generator_reader, rule_reader
from contracts_bdd.model.media_types import FORM, MULTIPART, is_form, is_multipart, is_textual, is_xml, reads_as_json
from contracts_bdd.model.messages import AnyInteraction, Message, MessageInteraction, MetadataEntry
from contracts_bdd.model.paths import canonical as _canonical
from contracts_bdd.model.paths import child_path
from contracts_bdd.model.paths import tokens as _tokens
from contracts_bdd.model.xml_document import (
    XmlSyntaxError,
    parse_xml,
)
from contracts_bdd.pact.document import pair_names
from contracts_bdd.pact.rules import combine_of, generator_table, holds_list_rule, rule_table, rules_of
from contracts_bdd.pact.walkers import BodyWalker, XmlWalker


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
    judge: ExampleJudge | None = field(default=None, repr=False, compare=False)


def specification_of(document: dict[str, Any]) -> str:
    """The pact's specification as V2, V3 or V4 (V1 and V1.1 files are written as V2)."""
    found_metadata = document.get("metadata")
    metadata: dict[str, Any] = found_metadata if isinstance(found_metadata, dict) else {}
    found = metadata.get("pactSpecification") or metadata.get("pact-specification") or {}
    version = str(found.get("version", "2.0.0")) if isinstance(found, dict) else "2.0.0"
    major = version.split(".")[0]
    return f"V{major}" if major in ("3", "4") else "V2"


ExampleJudge = Callable[[Matcher], bool]
"""Whether the pact engine accepts a rule's example (`contracts_bdd.pact.engine_checks.engine_accepts`)."""


def read_pact(document: dict[str, Any], source: str = "the pact", judge: ExampleJudge | None = None) -> PactDocument:
    """Read a pact document into `PactDocument`.

    A rule whose example its own rule does not accept (as the words check it, and as `judge`
    does when given) is read as recorded (`as_recorded(...)` in a feature).

    Raises:
        PactFileError: the document is no pact, or an interaction is not shaped as one; the
            message names `source` and the interaction.
    """
    names = pair_names(document)
    if names is None:
        msg = f'{source} is not a pact file: it names no consumer and provider ({{"consumer": {{"name": ...}}}})'
        raise PactFileError(msg)
    result = PactDocument(names[0], names[1], specification_of(document), judge=judge)
    listed = [(key, document.get(key)) for key in ("interactions", "messages") if document.get(key) is not None]
    for key, interactions in listed:
        if not isinstance(interactions, list):
            msg = f"{source} is malformed: its {key} are a {type(interactions).__name__}, not a list"
            raise PactFileError(msg)
        for index, raw in enumerate(interactions):
            _read_one(raw, index, "Asynchronous/Messages" if key == "messages" else "Synchronous/HTTP", source, result)
    return result


_NUMBER_OR_BOOLEAN = frozenset(("integer", "decimal", "boolean"))
"""The kinds of value (`Spec.takes`) a text-carrying part can only spell: a rule holding no other reads "3" as 3."""
_KINDS = ("Synchronous/HTTP", "Asynchronous/Messages", "Synchronous/Messages")


def _read_one(raw: Any, index: int, default_kind: str, source: str, result: PactDocument) -> None:
    if not isinstance(raw, dict):
        msg = f"{source} is malformed: interaction {index} is a {type(raw).__name__}, not an object"
        raise PactFileError(msg)
    kind = raw.get("type", default_kind)
    plugins = sorted(raw.get("pluginConfiguration") or {}) if isinstance(raw.get("pluginConfiguration"), dict) else []
    if kind not in _KINDS or plugins:
        named = f"the plugin {', '.join(map(repr, plugins))}" if plugins else f"a plugin's kind {kind!r}"
        result.notes.append(
            f"{raw.get('description')!r} left out: it is written by {named}, which pact-ffi would download "
            "to run it; contracts-bdd never downloads one"
        )
        result.left_out.setdefault(str(raw.get("description")), []).append("a plugin's interaction")
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
        comments, references, test_name = self.comments()
        transport = raw.get("transport")
        return Interaction(
            self.description,
            request,
            states=self.states(),
            response=self.response(raw.get("response") or {}),
            pending=bool(raw.get("pending", False)),
            comments=comments,
            references=references,
            key=raw.get("key") or None,
            test_name=test_name,
            transport=str(transport) if transport else None,
        )

    def comments(self) -> tuple[list[str], list[tuple[str, str, str]], str | None]:
        comments = self.raw.get("comments") or {}
        references = [
            (str(group), str(name), str(value))
            for group, entries in (comments.get("references") or {}).items()
            for name, value in entries.items()
        ]
        test_name = comments.get("testname")
        for other in sorted(set(comments) - {"text", "references", "testname"}):
            self.note(f"the comment {other!r} has no words in the vocabulary and is left out")
        return (
            [str(text) for text in comments.get("text", [])],
            references,
            str(test_name) if test_name is not None else None,
        )

    def message(self, kind: str) -> MessageInteraction:
        """A V3 message, or a V4 asynchronous or synchronous one (its request and every reply)."""
        raw = self.raw
        comments, references, test_name = self.comments()
        if kind == "Synchronous/Messages":
            replies = raw.get("response") or []
            message = self.contents(raw.get("request") or {}, provider_made=False)
            answers: list[Message] | None = [self.contents(reply, provider_made=True) for reply in replies]
        else:
            message, answers = self.contents(raw, provider_made=True), None
        return MessageInteraction(
            self.description,
            message,
            states=self.states(),
            replies=answers,
            pending=bool(raw.get("pending", False)),
            comments=comments,
            references=references,
            key=raw.get("key") or None,
            test_name=test_name,
        )

    def contents(self, part: dict[str, Any], *, provider_made: bool) -> Message:
        """One message's body and metadata: `contents` (V4 `{"content": ...}` or V3's document) and `metadata`."""
        rules, generators = rule_table(part), generator_table(part)
        metadata = dict(part.get("metadata") or part.get("metaData") or {})
        contents = part.get("contents")
        declared_type = (
            contents.get("contentType") if isinstance(contents, dict) and _is_v4_contents(contents) else None
        )
        # the entries pact-ffi takes a message's content type from (a `Content-Type` entry is an entry like any)
        content_type = declared_type or metadata.get("contentType") or metadata.get("content-type")
        at_paths: list[PathRule] = []
        body = (
            None
            if contents is None
            or (isinstance(contents, dict) and _is_v4_contents(contents) and contents.get("content") is None)
            else self.body(
                {"body": contents, "headers": {"Content-Type": content_type} if content_type else {}},
                rules.get("body") or {},
                generators.get("body") or {},
                at_paths,
                provider_made=provider_made,
            )
        )
        entries = [
            MetadataEntry(str(name), value)
            for name, value in self.pairs(
                "metadata",
                list(metadata.items()),
                rules.get("metadata") or {},
                generators.get("metadata") or {},
                at_paths,
            )
        ]
        return Message(None, body, entries, at_paths=at_paths)

    def states(self) -> list[ProviderState]:
        raw = self.raw
        if "providerStates" in raw:
            return [
                ProviderState(str(state["name"]), dict(state.get("params") or {})) for state in raw["providerStates"]
            ]
        name = raw.get("providerState") or raw.get("provider_state")
        return [ProviderState(str(name))] if name else []

    def request(self, part: dict[str, Any]) -> Request:
        rules, generators = rule_table(part), generator_table(part)
        at_paths: list[PathRule] = []
        path = self.value(part.get("path", "/"), rules.get("path"), generators.get("path"), as_text=True)
        request = Request(str(part.get("method", "GET")).upper(), path)
        request.headers = self.headers(part, rules, generators, at_paths)
        request.query = [
            QueryParameter(name, value)
            for name, value in self.pairs(
                "query",
                [(name, value) for name, values in _query(part.get("query")) for value in values],
                rules.get("query") or {},
                generators.get("query") or {},
                at_paths,
                lists=True,
            )
        ]
        request.body = self.body(part, rules.get("body") or {}, generators.get("body") or {}, at_paths)
        request.at_paths = at_paths
        return request

    def response(self, part: dict[str, Any]) -> Response:
        rules, generators = rule_table(part), generator_table(part)
        at_paths: list[PathRule] = []
        status = self.status(int(part.get("status", 200)), rules.get("status"), generators.get("status"))
        response = Response(status)
        response.headers = self.headers(part, rules, generators, at_paths)
        response.body = self.body(
            part, rules.get("body") or {}, generators.get("body") or {}, at_paths, provider_made=True
        )
        self.left_at_paths(rules, generators, ("path", "query"), at_paths)
        response.at_paths = at_paths
        return response

    def left_at_paths(
        self, rules: dict[str, Any], generators: dict[str, Any], categories: tuple[str, ...], at_paths: list[PathRule]
    ) -> None:
        """Rules and generators of a category no value of this part holds (a response's path generator)."""
        for category in categories:
            rule, generator = rules.get(category), generators.get(category)
            if rule is None and generator is None:
                continue
            if category == "path":
                value = self.value(None, rule, generator)
                if isinstance(value, Matcher):
                    at_paths.append(PathRule(category, "", value))
                continue
            for key in sorted(set(rule or {}) | set(generator or {})):
                value = self.value(None, (rule or {}).get(key), (generator or {}).get(key))
                if isinstance(value, Matcher):
                    at_paths.append(PathRule(category, key, value))

    def status(self, example: int, rule: Any, generator: dict[str, Any] | None) -> int | Matcher:
        value = self.value(example, rule, generator)
        if isinstance(value, Matcher) and value.rule == "statusCode":
            return replace(value, name="status")
        return value if isinstance(value, Matcher) else example

    def headers(
        self, part: dict[str, Any], rules: dict[str, Any], generators: dict[str, Any], at_paths: list[PathRule]
    ) -> list[Header]:
        pairs = [
            (name, item)
            for name, value in (part.get("headers") or {}).items()
            for item in (value if isinstance(value, list) else [value])
        ]
        found = self.pairs(
            "header", pairs, rules.get("header") or {}, generators.get("header") or {}, at_paths, lists=True
        )
        return [Header(name, value) for name, value in found]

    def pairs(
        self,
        category: str,
        pairs: list[tuple[str, Any]],
        rules: dict[str, Any],
        generators: dict[str, Any],
        at_paths: list[PathRule],
        *,
        lists: bool = False,
    ) -> list[tuple[str, Any]]:
        """Header, query or metadata values with the rule and generator kept for their name; the others
        (`$.baz[0]`, a rule for a name the part has not) kept at their paths.

        A rule over all the values of one query parameter (eachValue, arrayContains) takes them as a list.
        """
        lowered = category == "header"
        as_text = category != "metadata"  # a message's metadata holds JSON values; headers and queries hold text
        by_name: dict[str, list[Any]] = {}
        for name, value in pairs:
            by_name.setdefault(name, []).append(value)

        def key_of(written: str) -> str | None:
            name = _plain_name(written)
            return None if name is None else name.lower() if lowered else name

        own_rules = {key_of(key): (key, entry) for key, entry in rules.items() if key_of(key) is not None}
        own_generators = {key_of(key): (key, entry) for key, entry in generators.items() if key_of(key) is not None}
        used: dict[bool, set[str]] = {True: set(), False: set()}
        result: list[tuple[str, Any]] = []
        for name, values in by_name.items():
            key = name.lower() if lowered else name
            written_rule, rule = own_rules.get(key, (None, None))
            written_generator, generator = own_generators.get(key, (None, None))
            used[True].update([written_rule] if written_rule is not None else [])
            used[False].update([written_generator] if written_generator is not None else [])
            if lists and holds_list_rule(rule):
                result.append((name, self.value(list(values), rule, generator, as_text=as_text)))
                continue
            result += [
                (name, None if value is None else self.value(value, rule, generator, as_text=as_text))
                for value in values
            ]
        for table, is_rule in ((rules, True), (generators, False)):
            for written, entry in table.items():
                if written in used[is_rule]:
                    continue
                example = _pair_example(written, by_name)
                value = self.value(example, entry if is_rule else None, None if is_rule else entry, as_text=as_text)
                if isinstance(value, Matcher):
                    at_paths.append(PathRule(category, written, value))
        return result

    # -- bodies -----------------------------------------------------------------------
    def body(
        self,
        part: dict[str, Any],
        rules: dict[str, Any],
        generators: dict[str, Any],
        at_paths: list[PathRule],
        *,
        provider_made: bool = False,
    ) -> Body | None:
        if "body" not in part or part["body"] is None:
            self.body_at_paths(None, rules, generators, at_paths)
            return None
        raw = part["body"]
        header = content_type = _content_type(part)
        if _is_v4_contents(raw):
            content_type = raw.get("contentType") or content_type
            if raw.get("encoded") not in (False, None, "false"):
                self.body_at_paths(None, rules, generators, at_paths)
                return BinaryBody(base64.b64decode(raw["content"]), None, content_type or "application/octet-stream")
            raw = raw["content"]
        elif isinstance(raw, str):
            found = self.v3_string_body(raw, header, rules, generators, at_paths)
            if isinstance(found, (TextBody, BinaryBody)):
                return found
            raw = found
        if isinstance(raw, str):
            written = self.text_body(raw, content_type, rules, generators, at_paths, provider_made=provider_made)
            if written is not None:
                return written
        walker = BodyWalker(self, rules, generators, provider_made=provider_made)
        value = walker.walk(raw, "$")
        walker.left_over(raw, at_paths)
        return JsonBody(value, None, content_type or "application/json")

    def v3_string_body(
        self,
        raw: str,
        content_type: str | None,
        rules: dict[str, Any],
        generators: dict[str, Any],
        at_paths: list[PathRule],
    ) -> Any:
        """A V2/V3 body written as a string, as pact-rust reads it: bytes in base64 for a type of bytes, text when
        no type is stated and it is no JSON; else the string (or the JSON it holds), read on as a document."""
        if content_type and not is_textual(content_type):
            data = _v3_bytes(raw)
            self.body_at_paths(None, rules, generators, at_paths)
            return TextBody(raw, None, content_type) if data is None else BinaryBody(data, None, content_type)
        if content_type is None:
            try:
                return json.loads(raw)
            except ValueError:
                self.body_at_paths(raw, rules, generators, at_paths)
                return TextBody(raw, None, "text/plain")
        return raw

    def body_at_paths(
        self, example: Any, rules: dict[str, Any], generators: dict[str, Any], at_paths: list[PathRule]
    ) -> None:
        """A body whose rules stand at paths of their own (text, bytes, or no body at all)."""
        walker = BodyWalker(self, rules, generators, provider_made=False)
        walker.left_over(example, at_paths)

    def text_body(
        self,
        raw: str,
        content_type: str | None,
        rules: dict[str, Any],
        generators: dict[str, Any],
        at_paths: list[PathRule],
        *,
        provider_made: bool,
    ) -> Body | None:
        """A body the pact holds as text: a form, XML or plain text (None for a JSON document in a string)."""
        if is_form(content_type):
            fields = self.form_fields(raw, rules, generators, at_paths, provider_made=provider_made)
            return FormBody(fields, None, content_type or FORM)
        if is_xml(content_type):
            xml_type = content_type or "application/xml"
            return self.xml_body(raw, xml_type, rules, generators, at_paths, provider_made=provider_made)
        if not reads_as_json(content_type) or raw == "":
            self.body_at_paths(raw, rules, generators, at_paths)
            return TextBody(raw, None, content_type or "text/plain")
        return None

    def xml_body(
        self,
        text: str,
        content_type: str,
        rules: dict[str, Any],
        generators: dict[str, Any],
        at_paths: list[PathRule],
        *,
        provider_made: bool,
    ) -> Body:
        try:
            root = parse_xml(text)
        except XmlSyntaxError as err:
            self.note(f"the XML body is not well-formed ({err}); it is kept as text")
            self.body_at_paths(text, rules, generators, at_paths)
            return TextBody(text, None, content_type)
        walker = BodyWalker(self, rules, generators, provider_made=provider_made, as_text=True)
        element = XmlWalker(walker).element(root, "$", "$", {})
        walker.left_over(text, at_paths)
        return XmlBody(element, None, content_type)

    def form_fields(
        self,
        text: str,
        rules: dict[str, Any],
        generators: dict[str, Any],
        at_paths: list[PathRule],
        *,
        provider_made: bool,
    ) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for name, value in parse_qsl(text, keep_blank_values=True):
            fields[name] = (
                [*fields[name], value]
                if isinstance(fields.get(name), list)
                else ([fields[name], value] if name in fields else value)
            )
        canonical_rules = {_canonical(path): entry for path, entry in rules.items()}
        for name, value in fields.items():
            # A field sent once can still carry a rule for lists (`roles[]=User` with eachValue).
            if not isinstance(value, list) and holds_list_rule(canonical_rules.get(_canonical(child_path("$", name)))):
                fields[name] = [value]
        walker = BodyWalker(self, rules, generators, provider_made=provider_made, as_text=True)
        value = walker.walk(fields, "$")
        walker.left_over(fields, at_paths)
        return dict(value)

    # -- one value ----------------------------------------------------------------------
    def value(self, example: Any, rule_entry: Any, generator: dict[str, Any] | None, *, as_text: bool = False) -> Any:
        """The example with its rules and generator as the words a feature writes; `as_text`: the part carries every
        value as text (a header, a query, a path, a form, XML), so a number or boolean rule reads the number
        or true/false its example spells (`"3"`: 3), as a feature writes it there."""
        rules, combine = rules_of(rule_entry), combine_of(rule_entry)
        generate = self.generator(generator, example) if generator else None
        if not rules:
            return generate if generate is not None else example
        if len(rules) == 1 and combine == "AND":
            return self.matcher(rules[0], example, generate, as_text=as_text)
        made = [self.matcher(rule, example, None, as_text=as_text) for rule in rules]
        if not all(isinstance(found, Matcher) and found.rule is not None for found in made):
            return made[0] if generate is None else generate
        if generate is not None:
            made[0] = replace(made[0], generator=generate.generator)
        word = MATCHERS["any_of" if combine == "OR" else "all_of"]
        return self.recorded_if_needed(lambda: word(*made))

    def generator(self, raw: dict[str, Any], example: Any) -> Matcher | None:
        kind = raw.get("type")
        spec = generator_reader(str(kind))
        if spec is None:
            self.note(f"the generator {kind!r} has no word in the vocabulary and is left out")
            return None
        options = {key: value for key, value in raw.items() if key != "type"}
        try:
            return self.recorded_if_needed(lambda: spec.from_pact(options, example))
        except ValueError as err:
            self.note(f"the {kind} generator is left out: {err}")
            return None

    def matcher(self, rule: dict[str, Any], example: Any, generate: Matcher | None, *, as_text: bool = False) -> Any:
        kind = rule.get("match", "type")
        if kind == "statusCode":
            generator = generate.generator if generate else None
            return STATUS_CODE(example, rule.get("status"), generator)
        if kind == "arrayContains":
            return self.array_containing(rule, example)
        spec = rule_reader(str(kind))
        if spec is None:
            self.note(f"the rule {kind!r} has no word in the vocabulary and is left out")
            return generate if generate is not None else example
        nested: Callable[[Any, Any], Any] = lambda entry, item: self.value(item, entry, None)  # noqa: E731
        if as_text and spec.takes and set(spec.takes) <= _NUMBER_OR_BOOLEAN:
            example = spelt_value(example)
        try:
            return self.recorded_if_needed(lambda: spec.from_pact(rule, example, generate, nested))
        except ValueError as err:
            self.note(f"the {kind} rule is left out: {err}")
            return generate if generate is not None else example

    def array_containing(self, rule: dict[str, Any], example: Any) -> Any:
        """arrayContains: each variant is the example's element at its index, with its own rules and generators."""
        items = example if isinstance(example, list) else []
        variants: list[Any] = []
        for variant in rule.get("variants") or []:
            index = int(variant.get("index", len(variants)))
            item = items[index] if 0 <= index < len(items) else None
            walker = BodyWalker(self, _paths(variant.get("rules") or {}), _paths(variant.get("generators") or {}))
            variants.append(walker.walk(item, "$"))
            walker.left_over(item, [], note=True)
        shown = example if isinstance(example, list) and len(example) > len(variants) else DEFAULT
        return self.recorded_if_needed(lambda: MATCHERS["array_containing"](variants, shown))

    def recorded_if_needed(self, make: Callable[[], Matcher]) -> Matcher:
        """The word's value, checked as a feature is (and as pact-rust checks it); a pact's example that breaks its
        own rule is taken as recorded, so the feature says `as_recorded(...)` there."""
        try:
            made = make()
        except ValueError:
            with as_recorded():
                return replace(make(), recorded=True)
        judge = self.document.judge
        if judge is not None and not all(judge(rule) for rule in made.each_rule()):
            return replace(made, recorded=True)
        return made


def _pair_example(written: str, by_name: dict[str, list[Any]]) -> Any:
    """The value a header, query or metadata path (`$.baz[1]`, `x`) names, if the part has it."""
    tokens = _tokens(written if written.startswith("$") else "$." + written if "[" in written else f"$['{written}']")
    if not tokens or tokens[0][0] != "key":
        return None
    values = by_name.get(tokens[0][1]) or next(
        (found for name, found in by_name.items() if name.lower() == tokens[0][1].lower()), None
    )
    if not values:
        return None
    if len(tokens) > 1 and tokens[1][0] == "index" and tokens[1][1] != "*":
        index = int(tokens[1][1])
        return values[index] if index < len(values) else None
    return values[0]


def _plain_name(written: str) -> str | None:
    """The header, query or metadata name a rule key stands for, or None for a path below a name (`$.x[0]`)."""
    if not written.startswith("$"):
        return written if "[" not in written else None
    tokens = _tokens(written)
    return tokens[0][1] if len(tokens) == 1 and tokens[0][0] == "key" else None


def _v3_bytes(text: str) -> bytes | None:
    """A V2/V3 body written as a string for bytes: its base64 decoded, as pact-rust reads it (None if it is none)."""
    try:
        return base64.b64decode(text, validate=True) if text else None
    except (ValueError, binascii.Error):
        return None


def multipart_parts(data: bytes, content_type: str) -> tuple[MultipartPart, ...] | None:
    """The parts of a multipart/form-data body (name, file name, bytes, type), or None when it has none to read."""
    if not is_multipart(content_type):
        return None
    if "boundary=" not in content_type:  # a V4 body's type names no boundary: the first line of the parts does
        first = data.lstrip(b"\r\n").split(b"\n", 1)[0].strip()
        if not first.startswith(b"--"):
            return None
        content_type = f"{MULTIPART}; boundary={first[2:].decode(errors='replace')}"
    message = BytesParser(policy=policy.HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + data)
    if not message.is_multipart():
        return None
    parts = []
    for found in message.iter_parts():
        payload = found.get_payload(decode=True)
        name = str(found.get_param("name", header="content-disposition") or "")
        parts.append(
            MultipartPart(
                name,
                found.get_filename() or name,
                payload if isinstance(payload, bytes) else b"",
                found.get_content_type(),
            )
        )
    return tuple(parts)


def _is_v4_contents(contents: Any) -> bool:
    return isinstance(contents, dict) and "content" in contents and set(contents) <= _V4_CONTENTS


_V4_CONTENTS = {"content", "contentType", "encoded", "contentTypeHint"}


def _paths(table: dict[str, Any]) -> dict[str, Any]:
    """Rules or generators by JSON path (a variant's, whose root may be written "")."""
    return {path or "$": entry for path, entry in table.items()}


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
