"""Write-then-prove: a written pact, read back, must say exactly what the scenarios declared.

pact-ffi writes the pact files, and it has been seen to write a rule other than the one it
was given. So after each pact is written (to a staging folder, before it replaces anything)
it is read back with `contracts_bdd.pact.reader` and every declared interaction is compared,
field by field, with the one the file holds::

    problems = written_differences(declared, read_pact(document))
    # ["features/cart.feature:12 'A cart in EUR': response body rule at $.total: declared
    #   {"match": "decimal"}, written {"match": "type"}"]

Both sides are reduced to the same view first: examples as JSON (so 1 and 1.0, or a
rounded double, differ), each rule and generator by the path the pact keeps it at, header
names in any case. What a pact file cannot say differently is left out of the view:
where a value was declared, the word a feature used for a rule (`string` and `like` are
both a type rule), and the key pact-ffi gives an interaction that declared none.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from contracts_bdd.errors import Location
from contracts_bdd.model.contract import (
    BinaryBody,
    Body,
    FormBody,
    Header,
    JsonBody,
    Matcher,
    MultipartBody,
    PathRule,
    Request,
    Response,
    TextBody,
    XmlBody,
    XmlElement,
    example_of,
    identity_of,
    text_of,
)
from contracts_bdd.model.messages import AnyInteraction, Message, MessageInteraction
from contracts_bdd.model.xml_document import XmlSyntaxError, is_namespace_declaration, parse_xml
from contracts_bdd.pact.as_declared import written_identity
from contracts_bdd.pact.integration import (
    encode_tree,
    encode_xml,
    entry_json,
    generator_json,
    merge_path_rules,
    multipart_rules,
)
from contracts_bdd.pact.pact_form import has_pact_form, pact_form_differences
from contracts_bdd.pact.reader import MULTIPART, PactDocument, multipart_parts, read_pact

_SAME_RULE = {"timestamp": "datetime"}
"""Rule kinds pact-ffi 0.5 writes under another name with the same meaning (it writes every `timestamp`
rule as `datetime`, with `format`, whatever it is given: `test_corpus_round_trip.py` measures it).
`contracts_bdd.pact.as_declared` puts `timestamp` back by its format before the proof; pact-rust reads
both as one rule, and so does the proof, where one interaction declares a format both ways."""


def written_differences(
    declared: Sequence[tuple[AnyInteraction, Location]],
    written: PactDocument,
    document: Mapping[str, Any] | None = None,
) -> list[str]:
    """Every way `written` differs from the `declared` interactions, one line each, naming the scenario.

    An interaction that carries rules or generators in a pact file's own form has those compared
    as they are with the file's own (`document`, the written JSON), and its examples as read back.
    """
    by_identity = {identity_of(interaction): interaction for interaction in written.interactions}
    left_out = written.left_out
    problems: list[str] = []
    for interaction, location in declared:
        where = f"{location} {interaction.description!r}"
        found = by_identity.get(identity_of(interaction))
        if found is None:
            problems.append(f"{where}: the interaction is missing from the file")
            continue
        expected, actual = interaction_view(interaction), interaction_view(found)
        if has_pact_form(interaction):
            # Its rules are compared as given; its examples as read back without them (a rule the
            # vocabulary reads, such as null, would give the example the word's own).
            raw = _raw_interaction(document or {}, interaction)
            expected = _examples_only(expected)
            actual = _examples_only(interaction_view(_read_bare(document or {}, raw) or found))
            problems += [f"{where}: {problem}" for problem in pact_form_differences(interaction, raw)]
        else:
            problems += [
                f"{where}: the file holds what the vocabulary cannot say: {note}"
                for note in left_out.get(interaction.description, [])
            ]
        if interaction.key is None:
            actual.pop("key", None)
        for name in sorted(set(expected) | set(actual)):
            if expected.get(name) != actual.get(name):
                problems.append(
                    f"{where}: {name}: declared {_shown(expected.get(name))}, written {_shown(actual.get(name))}"
                )
    return problems


def _examples_only(view: dict[str, Any]) -> dict[str, Any]:
    """A view without rules and generators: what is left when those are compared in the pact's own form."""
    return {
        name: _json(_example_of_view(json.loads(text)))
        for name, text in view.items()
        if " rule at " not in name and " generator at " not in name
    }


def _example_of_view(value: Any) -> Any:
    if isinstance(value, dict) and "example" in value and set(value) <= {"example", "rule", "generator"}:
        return _example_of_view(value["example"])
    if isinstance(value, dict):
        return {key: _example_of_view(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_example_of_view(item) for item in value]
    return value


def _raw_interaction(document: Mapping[str, Any], interaction: AnyInteraction) -> Mapping[str, Any] | None:
    """The written JSON of `interaction` (by description and provider states)."""
    wanted = identity_of(interaction)
    for raw in [*(document.get("interactions") or []), *(document.get("messages") or [])]:
        if isinstance(raw, Mapping) and written_identity(raw) == wanted:
            return raw
    return None


def _read_bare(document: Mapping[str, Any], raw: Mapping[str, Any] | None) -> AnyInteraction | None:
    """The written interaction read back without its rules and generators: its examples as written."""
    if raw is None:
        return None
    bare = json.loads(json.dumps(raw))
    replies = bare.get("response") if isinstance(bare.get("response"), list) else []
    for part in [bare, bare.get("request"), bare.get("response"), *replies]:
        if isinstance(part, dict):
            part.pop("matchingRules", None)
            part.pop("generators", None)
    key = "messages" if "messages" in document else "interactions"
    single = {name: document[name] for name in ("consumer", "provider", "metadata") if name in document}
    interactions = read_pact({**single, key: [bare]}).interactions
    return interactions[0] if interactions else None


def _shown(value: Any) -> str:
    text = "nothing" if value is None else value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 200 else text[:197] + "..."


def interaction_view(interaction: AnyInteraction) -> dict[str, Any]:
    """What a pact file holds of `interaction`, flat by field, as comparable JSON text."""
    view: dict[str, Any] = {
        "provider states": [[state.name, state.parameters] for state in interaction.states],
        "pending": interaction.pending,
        "comments": list(interaction.comments),
        "references": sorted(list(reference) for reference in interaction.references),
        "key": interaction.key,
    }
    view["test name"] = interaction.test_name
    if isinstance(interaction, MessageInteraction):
        view["kind"] = "synchronous message" if interaction.synchronous else "asynchronous message"
        _message_view("message", interaction.message, view)
        for number, reply in enumerate(interaction.replies or [], start=1):
            _message_view(f"reply {number}", reply, view)
    else:
        _request_view(interaction.request, view)
        if interaction.response is not None:
            _response_view(interaction.response, view)
    return {name: _json(value) for name, value in view.items() if value not in (None, [], {})}


def _message_view(part: str, message: Message, view: dict[str, Any]) -> None:
    """A message's body and metadata; a `contentType` entry that only repeats the body's type is the body's."""
    content_type = message.body.content_type if message.body is not None else None
    metadata: dict[str, Any] = {}
    for entry in message.metadata:
        if entry.name == "contentType" and not isinstance(entry.value, Matcher):
            content_type = text_of(entry.value)
            continue
        metadata[entry.name] = _text_view(entry.value, text=False)
    view[f"{part} metadata"] = metadata
    view[f"{part} content type"] = content_type
    _body_view(part, message.body, view)
    _at_paths_view(part, message.at_paths, view)


def _json(value: Any) -> str:
    return _ENCODER.encode(value)


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False)
"""One encoder for every field of every interaction (json.dumps makes one per call when given options)."""


def _request_view(request: Request, view: dict[str, Any]) -> None:
    view["request method"] = request.method
    view["request path"] = _text_view(request.path)
    query: dict[str, list[Any]] = {}
    for parameter in request.query:
        query.setdefault(parameter.name, []).append(_text_view(parameter.value))
    view["request query"] = query
    _headers_view("request", request.headers, request.body, view)
    _body_view("request", request.body, view)
    _at_paths_view("request", request.at_paths, view, request.body)


def _response_view(response: Response, view: dict[str, Any]) -> None:
    view["response status"] = _text_view(response.status, text=False)
    _headers_view("response", response.headers, response.body, view)
    _body_view("response", response.body, view)
    _at_paths_view("response", response.at_paths, view, response.body)


def _at_paths_view(part: str, at_paths: Sequence[PathRule], view: dict[str, Any], body: Body | None = None) -> None:
    """The rules and generators a part keeps at paths of their own, by category and path (with the rules
    pact-ffi writes for the parts of a multipart body it is given part by part)."""
    rules: dict[str, Any] = {"body": multipart_rules(body)} if isinstance(body, MultipartBody) else {}
    generators: dict[str, Any] = {}
    merge_path_rules(rules, generators, at_paths)
    view[f"{part} rules at paths"] = _same_rules(rules)
    view[f"{part} generators at paths"] = generators


def _headers_view(part: str, headers: Sequence[Header], body: Body | None, view: dict[str, Any]) -> None:
    found: dict[str, list[Any]] = {}
    content_type = MULTIPART if isinstance(body, MultipartBody) else body.content_type if body is not None else None
    for header in headers:
        name = header.name.lower()
        if name == "content-type":
            content_type = text_of(example_of(header.value))
            if content_type.startswith(MULTIPART):
                content_type = MULTIPART  # with the boundary pact-ffi picked, and its rule for any boundary
                continue
            if not isinstance(header.value, Matcher):
                continue
        found.setdefault(name, []).append(_text_view(header.value))
    view[f"{part} headers"] = found
    view[f"{part} content type"] = content_type


def _text_view(value: Any, *, text: bool = True) -> Any:
    """A path, header, query or status value: its example (as text where the pact keeps text), rule and generator."""
    if not isinstance(value, Matcher):
        return text_of(value) if text and value is not None else value
    example = example_of(value.example)
    shown: dict[str, Any] = {"example": text_of(example) if text and not isinstance(example, list) else example}
    if value.rule is not None:
        shown["rule"] = _same_rules(entry_json(value, ""))
    if value.generator is not None:
        shown["generator"] = generator_json(value.generator)
    return shown


def _same_rules(found: Any) -> Any:
    """Rules as pact-ffi writes them: `timestamp` as `datetime`, its format under `format`."""
    if isinstance(found, list):
        return [_same_rules(item) for item in found]
    if not isinstance(found, dict):
        return found
    if found.get("match") in _SAME_RULE:
        found = {"match": _SAME_RULE[found["match"]], **{k: v for k, v in found.items() if k != "match"}}
        if "timestamp" in found and "format" not in found:
            found["format"] = found.pop("timestamp")
    return {key: _same_rules(item) for key, item in found.items()}


def _value_view(value: Any) -> dict[str, Any]:
    """A value with matchers inside: its example, and its rules and generators by path (as they are declared)."""
    encoded = encode_tree(value)
    return {"example": encoded.document, "rules": _same_rules(encoded.rules), "generators": encoded.generators}


def _body_view(part: str, body: Body | None, view: dict[str, Any]) -> None:
    name = f"{part} body"
    if body is None:
        return
    parts = body.parts if isinstance(body, MultipartBody) else None
    if isinstance(body, BinaryBody):
        parts = multipart_parts(body.data, body.content_type)
    if parts is not None:  # with the boundary pact-ffi picked: the parts, not the bytes, are the contract
        view[name] = [[part.name, part.content_type, part.data.hex()] for part in parts]
    elif isinstance(body, (JsonBody, FormBody)):
        shown = _value_view(body.value if isinstance(body, JsonBody) else body.fields)
        view[name] = shown["example"] if isinstance(body, JsonBody) else _form_example(shown["example"])
        view.update({f"{name} rule at {path}": rule for path, rule in shown["rules"].items()})
        view.update({f"{name} generator at {path}": rule for path, rule in shown["generators"].items()})
    elif isinstance(body, XmlBody):
        view[name] = _xml_view(body.root)
        encoded = encode_xml(body.root)
        view.update({f"{name} rule at {path}": rule for path, rule in _same_rules(encoded.rules).items()})
        view.update({f"{name} generator at {path}": rule for path, rule in encoded.generators.items()})
    elif isinstance(body, (TextBody, BinaryBody)):
        view[name] = _literal_view(body)


def _literal_view(body: TextBody | BinaryBody) -> Any:
    """A body given as text or bytes, as the pact keeps it.

    pact-ffi writes the text of a JSON or XML media type as that document, and the reader reads
    it back as one, so it is compared as one. Other bytes that are UTF-8 are compared as text
    (pact-ffi writes them as text or base64, by its own choice), the rest as hex.
    """
    if isinstance(body, TextBody):
        text = body.text
    else:
        try:
            text = body.data.decode("utf-8")
        except UnicodeDecodeError:
            return body.data.hex()
    media = body.content_type.split(";")[0].strip().lower()
    if media.endswith(("/json", "+json")):
        try:
            return json.loads(text)
        except ValueError:
            return text
    if media.endswith(("/xml", "+xml")):
        try:
            return _xml_view(parse_xml(text))
        except XmlSyntaxError:
            return text
    return text


def _form_example(fields: dict[str, Any]) -> dict[str, list[str]]:
    """Form fields as the text a form carries, each as a list (a field sent once is a list of one)."""
    return {
        name: [text_of(item) for item in (value if isinstance(value, list) else [value])]
        for name, value in fields.items()
    }


def _xml_view(element: XmlElement) -> list[Any]:
    """The example document as nested lists: name, attributes, then children in order (repeats shown)."""
    attributes = {
        name: text_of(example_of(value))
        for name, value in element.attributes.items()
        if not is_namespace_declaration(name) or value
    }
    children: list[Any] = []
    for child in element.children:
        if isinstance(child, XmlElement):
            children += [_xml_view(child)] * child.copies
        else:
            children.append(text_of(example_of(child)))
    return [element.tag, attributes, children]
