"""The suite's interaction tables, as the contract model.

    definitions = read_definitions(rows)            # "the following HTTP interactions have been defined:"
    changed = definitions[1].changed({"body": "JSON: {...}"})
    changed.interaction("interaction 1")            # a contracts_bdd.model.contract.Interaction

A row's columns change a definition in one fixed order (`COLUMNS`), whatever their order in the
table: a `content type` cell applies to the body the same row sets. Matching rules and generators
stay in the pact file's own form (`Request.matching_rules`): the contract model carries them to the
pact engine as they are, and the vocabulary, whose words check their examples, is not involved.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl

from harness.fixtures import Payload, body_of, headers_of, rules_of

from contracts_bdd.model.contract import (
    BinaryBody,
    Body,
    Header,
    Interaction,
    JsonBody,
    ProviderState,
    QueryParameter,
    Request,
    Response,
    TextBody,
)


@dataclass(frozen=True)
class Definition:
    """One interaction of a table: a request, the response to it, and what the pact says about both."""

    method: str = "GET"
    path: str = "/"
    query: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: Payload | None = None
    matching_rules: Mapping[str, Any] = field(default_factory=dict)
    generators: Mapping[str, Any] = field(default_factory=dict)
    status: int = 200
    response_headers: tuple[tuple[str, str], ...] = ()
    response_body: Payload | None = None
    response_rules: Mapping[str, Any] = field(default_factory=dict)
    response_generators: Mapping[str, Any] = field(default_factory=dict)
    states: tuple[ProviderState, ...] = ()
    pending: bool = False
    comments: tuple[str, ...] = ()
    test_name: str | None = None

    def changed(self, row: Mapping[str, str]) -> Definition:
        """This definition with a table row's cells applied (an empty cell changes nothing)."""
        unknown = set(row) - {name for name, _ in COLUMNS} - {"No", "desc"}
        assert not unknown, f"the harness has no column {sorted(unknown)}"
        changed = self
        for name, change in COLUMNS:
            if row.get(name, "").strip():
                changed = change(changed, row[name].strip())
        return changed

    def answered(self) -> Definition:
        """This definition with its request's body and generators moved to the response (what a mock server
        answers with); the request keeps its method and path."""
        return replace(
            self, body=None, generators={}, response_body=self.body, response_generators=dict(self.generators)
        )

    def interaction(self, description: str) -> Interaction:
        """The definition as the contract model."""
        request = Request(
            self.method,
            self.path,
            headers=[Header(name, value) for name, value in self.headers],
            query=[QueryParameter(name, value) for name, value in parse_qsl(self.query, keep_blank_values=True)],
            body=model_body(self.body),
            matching_rules=dict(self.matching_rules),
            generators=dict(self.generators),
        )
        response = Response(
            self.status,
            headers=[Header(name, value) for name, value in self.response_headers],
            body=model_body(self.response_body),
            matching_rules=dict(self.response_rules),
            generators=dict(self.response_generators),
        )
        return Interaction(
            description,
            request,
            states=list(self.states),
            response=response,
            pending=self.pending,
            comments=list(self.comments),
            test_name=self.test_name,
        )


def _body(definition: Definition, cell: str) -> Definition:
    """A new body keeps the content type of the one it replaces when its cell names none."""
    previous = definition.body.content_type if definition.body else None
    return replace(definition, body=body_of(cell).typed(previous))


def _content_type(definition: Definition, cell: str) -> Definition:
    return replace(definition, body=replace(definition.body or Payload(b""), content_type=cell))


def _response_body(definition: Definition, cell: str) -> Definition:
    previous = definition.response_body.content_type if definition.response_body else None
    return replace(definition, response_body=body_of(cell).typed(previous))


def _response_content(definition: Definition, cell: str) -> Definition:
    return replace(definition, response_body=replace(definition.response_body or Payload(b""), content_type=cell))


def _set(attribute: str, read: Callable[[str], Any]) -> Callable[[Definition, str], Definition]:
    def change(definition: Definition, cell: str) -> Definition:
        return replace(definition, **{attribute: read(cell)})

    return change


COLUMNS: Sequence[tuple[str, Callable[[Definition, str], Definition]]] = (
    ("method", _set("method", str)),
    ("path", _set("path", str)),
    ("query", _set("query", str)),
    ("headers", _set("headers", lambda cell: tuple(headers_of(cell)))),
    ("raw headers", _set("headers", lambda cell: tuple(headers_of(cell)))),
    ("body", _body),
    ("content type", _content_type),
    ("matching rules", _set("matching_rules", rules_of)),
    ("generators", _set("generators", rules_of)),
    ("response", _set("status", int)),
    ("status", _set("status", int)),
    ("response headers", _set("response_headers", lambda cell: tuple(headers_of(cell)))),
    ("response body", _response_body),
    ("response content", _response_content),
    ("response matching rules", _set("response_rules", rules_of)),
    ("response generators", _set("response_generators", rules_of)),
)
"""Each column a table may hold, in the order a row applies them."""


def read_definitions(rows: Sequence[Mapping[str, str]]) -> dict[int, Definition]:
    """The numbered interactions of "the following HTTP interactions have been defined:"."""
    return {int(row["No"]): Definition().changed(row) for row in rows}


def model_body(payload: Payload | None) -> Body | None:
    """A payload as a body of the contract model: JSON, text or bytes, with its content type."""
    if payload is None:
        return None
    content_type = payload.content_type
    text = payload.text
    if text is None:
        return BinaryBody(payload.data, None, content_type or "application/octet-stream")
    if content_type and "json" in content_type.split(";")[0]:
        try:
            return JsonBody(json.loads(text), None, content_type)
        except json.JSONDecodeError:
            pass
    return TextBody(text, None, content_type or "text/plain")
