"""Declaring the contract model on pact-python: pacts to serve or to write.

    pact = build_pact(Pair("OrderService", "UserService"), "V4", [interaction])
    declare(pact, more_interactions)          # on a pact that has not been served
    write_pact(pact, staging_directory, merge=False)

Every body declared here carries a content type (pact-ffi complains on stderr
about one without). Generators travel in their own section: pact-ffi drops a
generator that has no matcher beside it.
"""

from __future__ import annotations

import errno
import hashlib
import json
import mimetypes
import os
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from contracts_bdd.errors import PactFileError
from contracts_bdd.model.contract import (
    BinaryBody,
    Body,
    FormBody,
    Header,
    Interaction,
    JsonBody,
    Matcher,
    MultipartBody,
    Pair,
    PathRule,
    QueryParameter,
    Request,
    Response,
    XmlBody,
    example_of,
    text_of,
)
from contracts_bdd.model.messages import AnyInteraction, Message, MessageInteraction
from contracts_bdd.pact.ffi import AsyncMessageInteraction, HttpInteraction, SyncMessageInteraction, pact, pact_ffi
from contracts_bdd.pact.integration import (
    encode_form,
    encode_tree,
    encode_xml,
    entry_json,
    generator_json,
    merge_path_rules,
    part_rule_type,
)
from contracts_bdd.pact.native import native_stdout_to_log

Part = Literal["Request", "Response"]


Declared = HttpInteraction | AsyncMessageInteraction | SyncMessageInteraction


def _declare_body(interaction: Declared, body: Body | None, part: Part) -> tuple[dict[str, Any], dict[str, Any]]:
    """Declare the body's example; return its rules and its generators by JSON path."""
    if body is None:
        return {}, {}
    if isinstance(body, JsonBody):
        encoded = encode_tree(body.value)
        interaction.with_body(json.dumps(encoded.document, ensure_ascii=False), body.content_type, part)
        return encoded.rules, encoded.generators
    if isinstance(body, (FormBody, XmlBody)):
        text = encode_form(body.fields) if isinstance(body, FormBody) else encode_xml(body.root)
        interaction.with_body(text.text, body.content_type, part)
        return text.rules, text.generators
    if isinstance(body, BinaryBody):
        interaction.with_binary_body(body.data, body.content_type, part)
    elif isinstance(body, MultipartBody):
        _declare_multipart(interaction, body, part)
    else:
        interaction.with_body(body.text, body.content_type, part)
    return {}, {}


def _declare_multipart(interaction: Declared, body: MultipartBody, part: Part) -> None:
    """Each part through pact-ffi's own multipart call, which reads a file: the bytes go to a private
    temporary folder first. One boundary for all parts, so that pact-ffi adds each one.

    pact-ffi writes a part's header from the file name's extension, so the file is named with
    the extension of the declared type. pact-rust checks a part's type by sniffing its bytes,
    and reads any plain text (CSV, say) as text/plain, so a text part's rule asks for that.
    """
    boundary = f"contracts-bdd-{hashlib.sha256(repr(body.parts).encode()).hexdigest()[:24]}"
    with tempfile.TemporaryDirectory(prefix="contracts-bdd-multipart-") as folder:
        for index, found in enumerate(body.parts):
            path = Path(folder) / str(index) / _part_file_name(found.filename, found.content_type)
            path.parent.mkdir()
            path.write_bytes(found.data)
            interaction.with_multipart_file(found.name, path, part_rule_type(found), part, boundary)


def _part_file_name(filename: str, content_type: str) -> str:
    """A file name whose extension says `content_type` (the part's own name when it already does)."""
    name = Path(filename).name or "part"
    if mimetypes.guess_type(name)[0] == content_type:
        return name
    return Path(name).stem + (mimetypes.guess_extension(content_type) or "")


def build_pact(pair: Pair, specification: str, interactions: Sequence[AnyInteraction]) -> pact.Pact:
    """Declare `interactions` on a new `Pact` between the pair, ready to serve."""
    with native_stdout_to_log():
        contract = pact.Pact(pair.consumer, pair.provider).with_specification(specification)
    declare(contract, interactions)
    return contract


def declare(contract: pact.Pact, interactions: Sequence[AnyInteraction]) -> None:
    """Declare `interactions` on `contract` (one that has not been served)."""
    with native_stdout_to_log():
        for interaction in interactions:
            if isinstance(interaction, MessageInteraction):
                _declare_message(contract, interaction)
            else:
                _declare_one(contract.upon_receiving(interaction.description), interaction)


def _declare_states(declared: Declared, interaction: AnyInteraction) -> None:
    for state in interaction.states:
        if state.parameters:
            parameters: dict[str, object] = dict(state.parameters)
            declared.given(state.name, parameters)
        else:
            declared.given(state.name)


def _declare_one(declared: HttpInteraction, interaction: Interaction) -> None:
    _declare_states(declared, interaction)
    _declare_request(declared, interaction.request)
    _declare_extras(declared, interaction)
    if interaction.response is not None:
        _declare_response(declared, interaction.response)


class _Beside:
    """A part's rules and generators by category, gathered while its examples are declared, then given at once.

    pact-ffi writes rules and generators as it is given them. Given the rules inside
    integration JSON instead, pact-ffi 0.5 wrote a query's `arrayContains` as `equality` in 4
    runs of 6 (the write-then-prove check caught it), and it has no way to take several
    rules on one value, or a rule at a path no value stands at.
    """

    def __init__(self) -> None:
        self.rules: dict[str, Any] = {}
        self.generators: dict[str, Any] = {}

    def value(self, category: str, key: str | None, value: Any, root: str = "") -> None:
        """The rule and generator of a path, header, query, status or metadata value (a table by `key`)."""
        if not isinstance(value, Matcher):
            return
        if value.rule is not None:
            self._add(self.rules, category, key, entry_json(value, root))
        if value.generator is not None:
            self._add(self.generators, category, key, generator_json(value.generator))

    @staticmethod
    def _add(table: dict[str, Any], category: str, key: str | None, entry: dict[str, Any]) -> None:
        if key is None:
            table[category] = entry
        else:
            table.setdefault(category, {})[key] = entry

    def body(self, rules: dict[str, Any], generators: dict[str, Any]) -> None:
        if rules:
            self.rules.setdefault("body", {}).update(rules)
        if generators:
            self.generators.setdefault("body", {}).update(generators)

    def give(self, declared: Declared, part: Part, at_paths: Sequence[PathRule]) -> None:
        merge_path_rules(self.rules, self.generators, at_paths)
        if self.rules:
            declared.with_matching_rules(self.rules, part)
        if self.generators:
            declared.with_generators(self.generators, part)


def _declare_request(declared: HttpInteraction, request: Request) -> None:
    beside = _Beside()
    declared.with_request(request.method, text_of(example_of(request.path)))
    beside.value("path", None, request.path)
    _declare_pairs(declared, "Request", request.headers, request.query, beside)
    beside.body(*_declare_body(declared, request.body, "Request"))
    beside.give(declared, "Request", request.at_paths)
    _declare_pact_form(declared, request, "Request")


def _declare_response(declared: HttpInteraction, response: Response) -> None:
    beside = _Beside()
    status = response.status
    if isinstance(status, Matcher):
        declared.will_respond_with(status.example if isinstance(status.example, int) else int(str(status.example)))
        if status.rule == "statusCode":
            # pact-python 4.2 has no public call for a status class; this is pact-ffi's own (it writes `$`).
            matcher = {"pact:matcher:type": "statusCode", "status": status.option("status"), "value": status.example}
            pact_ffi.response_status_v2(declared._handle, json.dumps(matcher))
            beside.value("status", None, replace(status, rule=None))  # its generator, if it has one
        else:
            beside.value("status", None, status)
    else:
        declared.will_respond_with(status)
    _declare_pairs(declared, "Response", response.headers, [], beside)
    beside.body(*_declare_body(declared, response.body, "Response"))
    beside.give(declared, "Response", response.at_paths)
    _declare_pact_form(declared, response, "Response")


def _declare_pact_form(declared: Declared, part: Request | Response | Message, which: Part) -> None:
    """Rules and generators the part holds in a pact file's own form, given to pact-ffi as they are."""
    if part.matching_rules:
        declared.with_matching_rules(part.matching_rules, which)
    if part.generators:
        declared.with_generators(part.generators, which)


def _declare_pairs(
    declared: HttpInteraction,
    part: Part,
    headers: Sequence[Header],
    query: Sequence[QueryParameter],
    beside: _Beside,
) -> None:
    for header in headers:
        values = example_of(header.value)
        for value in values if isinstance(values, list) else [values]:  # a rule over the lines: one line each
            declared.with_header(header.name, text_of(value), part)
        beside.value("header", header.name, header.value)
    for parameter in query:
        if parameter.value is None:
            _query_parameter_without_value(declared, parameter.name)
            continue
        values = example_of(parameter.value)
        for value in values if isinstance(values, list) else [values]:
            declared.with_query_parameter(parameter.name, text_of(value))
        beside.value("query", parameter.name, parameter.value)


def _query_parameter_without_value(declared: HttpInteraction, name: str) -> None:
    """`?flag`: pact-python 4.2 takes text only; pact-ffi takes a null value and writes `"flag": [null]`."""
    index = declared._parameter_indices[name]  # pact-python's own count of the name's values so far
    declared._parameter_indices[name] += 1
    handle = declared._handle._ref
    if not pact_ffi.lib.pactffi_with_query_parameter_v2(handle, name.encode(), index, pact_ffi.ffi.NULL):
        msg = f"pact-ffi refused the query parameter {name!r} with no value"
        raise PactFileError(msg)


def _declare_message(contract: pact.Pact, interaction: MessageInteraction) -> None:
    """An asynchronous message, or a synchronous one and its reply (the pre-flight allows one)."""
    if interaction.synchronous:
        sync = contract.upon_receiving(interaction.description, "Sync")
        _declare_states(sync, interaction)
        _declare_contents(sync, interaction.message, "Request", with_metadata=True)
        for reply in interaction.replies or []:
            sync.will_respond_with()
            _declare_contents(sync, reply, "Response", with_metadata=True)
        _declare_extras(sync, interaction)
        return
    published = contract.upon_receiving(interaction.description, "Async")
    _declare_states(published, interaction)
    _declare_contents(published, interaction.message, "Request", with_metadata=True)
    _declare_extras(published, interaction)


def _declare_contents(declared: Declared, message: Message, part: Part, *, with_metadata: bool) -> None:
    beside = _Beside()
    beside.body(*_declare_body(declared, message.body, part))
    if with_metadata:
        for entry in message.metadata:
            declared.with_metadata({entry.name: example_of(entry.value)}, part)
            beside.value("metadata", entry.name, entry.value)
    beside.give(declared, part, message.at_paths)
    _declare_pact_form(declared, message, part)


def _declare_extras(declared: Declared, interaction: AnyInteraction) -> None:
    if interaction.pending:
        declared.set_pending(pending=True)
    for comment in interaction.comments:
        declared.add_text_comment(comment)
    for group, name, value in interaction.references:
        declared.add_external_reference(group, name, value)
    if interaction.key:
        declared.set_key(interaction.key)
    if interaction.test_name is not None:
        declared.test_name(interaction.test_name)


PROBE_BYTES = 64 * 1024
"""What `write_pact` tries to write itself when pact-ffi could not, to learn why (a full disk, a file size limit)."""


def write_pact(contract: pact.Pact, directory: Path, *, merge: bool) -> None:
    """Write `<consumer>-<provider>.json` under `directory`, merging into a file there if `merge`.

    Raises:
        PactFileError: pact-ffi could not write it; the message says why, as the system tells it.
    """
    with native_stdout_to_log():
        try:
            contract.write_file(directory, overwrite=not merge)
        except RuntimeError as err:  # pact-ffi says only "not able to be written for PactHandle(...)"
            msg = f"pact-ffi could not write the pact file: {_why_unwritable(directory)}"
            raise PactFileError(msg) from err


def _why_unwritable(directory: Path) -> str:
    """Why files cannot be written in `directory`, found by writing one: the system's own words."""
    try:
        with tempfile.TemporaryFile(dir=directory) as probe:
            probe.write(b"\0" * PROBE_BYTES)
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as err:
        return (
            f"{err.strerror or err} ({errno.errorcode.get(err.errno or 0, 'error')}). Free some space or lift the "
            "limit, and run again"
        )
    return "the reason is in pact-ffi's log (log_level = DEBUG)"
