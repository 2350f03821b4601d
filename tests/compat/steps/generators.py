"""Generator steps (V3 `generators`, `http_generators`, V4 `generators`): a request's generators applied by
pact-rust's verifier as it replays the request (provider mode), a response's by pact-python's mock server
as it answers (consumer mode).

A "providerState" context is what a provider state's handler returns: the interaction is given a state,
and a `@provider_state` handler answers it with the context, through contracts-bdd's state endpoint. A
"mockServer" context is the mock server's own address: the engine fills a MockServerURL from the server
it runs, so the context's `href` stands for that server's URL.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs

from behave import use_step_matcher
from harness.consumer import ConsumerTest
from harness.definitions import Definition
from harness.provider import provider_test
from harness.steps import given, then, when
from harness.tables import GENERATED, rows

from contracts_bdd.model.contract import ProviderState
from contracts_bdd.provider.states import REGISTRY

use_step_matcher("re")

STATE = "the generator context is set up"
"""The provider state whose handler answers with a "providerState" context."""


@given(r"a (?P<part>request|response) configured with the following generators:")
def configured(context: Any, part: str) -> None:
    row = rows(context.table)[0]
    if part == "response":
        row = {f"response {name}": cell for name, cell in row.items()}
    context.compat.parts["generated"] = Definition(method="POST", path="/generated").changed(row)


@given(r'the generator test mode is set as "(?P<mode>Provider|Consumer)"')
def test_mode(context: Any, mode: str) -> None:
    context.compat.parts["mode"] = mode


@when(r'the request is prepared for use(?: with a "(?P<kind>providerState|mockServer)" context:)?')
def request_prepared(context: Any, kind: str | None) -> None:
    world = context.compat
    definition: Definition = world.part("generated")
    found = json.loads(context.table.headings[0]) if context.table else {}
    if world.parts.get("mode") == "Consumer":
        # Consumer mode: the mock server generates, from its own address, what it answers with.
        _served(world, definition.answered(), context_href=found.get("href"))
        return
    if kind == "providerState":
        REGISTRY.register(STATE, lambda: dict(found))
        registered = REGISTRY.handlers[-1]
        world.on_close(lambda: REGISTRY.handlers.remove(registered))
        definition = replace(definition, states=(ProviderState(STATE),))
    test = provider_test(world)
    test.answer_with([Definition(method=definition.method, path=_path_of(definition))])
    test.add_pact("c_1", [definition.interaction("a generated request")])
    world.parts["verification"] = test.verify()
    requests = test.events.of("request")
    assert requests, f"the verifier sent no request: {world.parts['verification'].report}"
    world.parts["request"] = requests[0].request


def _path_of(definition: Definition) -> str:
    """Where the double answers: any path when a generator makes the path."""
    return "*" if "path" in definition.generators else definition.path


def _served(world: Any, definition: Definition, context_href: str | None) -> None:
    test = ConsumerTest(world.folder, world.specification, world.location, [definition.interaction("generated")])
    world.parts["consumer"] = test
    world.on_close(test.abandon)
    url = test.start()
    world.parts["answer"] = test.send(Definition(method=definition.method, path=definition.path))
    world.parts["mock server href"] = (context_href, url)


@when(r"the response is prepared for use")
def response_prepared(context: Any) -> None:
    world = context.compat
    _served(world, world.part("generated"), None)


def _generated_body(world: Any) -> Any:
    if "request" in world.parts:
        return json.loads(world.parts["request"]["body"])
    return json.loads(world.part("answer").body)


@then(r'the body value for "\$\.(?P<key>\w+)" will have been replaced with an? "(?P<kind>[^"]+)"')
def body_generated(context: Any, key: str, kind: str) -> None:
    found = _generated_body(context.compat)
    assert GENERATED[kind](found[key]), found


@then(r'the body value for "\$\.(?P<key>\w+)" will have been replaced with "(?P<value>[^"]+)"')
def body_generated_value(context: Any, key: str, value: str) -> None:
    world = context.compat
    found = _generated_body(world)[key]
    href, url = world.parts.get("mock server href", (None, None))
    if href:  # the mock server's own URL stands where the context names one
        value = value.replace(href, url.rstrip("/"))
    assert found == value or str(found) == value, f"{found!r} is not {value!r}"


@then(
    r'the request "(?P<part>path|header|queryParameter)(?:\[(?P<name>[^\]]+)\])?" will (?P<how>match|be set as) "(?P<expected>[^"]+)"'
)
def request_part(context: Any, part: str, name: str | None, how: str, expected: str) -> None:
    request = context.compat.part("request")
    if part == "path":
        value = request["path"]
    elif part == "header":
        value = {key.lower(): found for key, found in request["headers"].items()}.get(str(name).lower())
    else:
        value = (parse_qs(request["query"]).get(str(name)) or [None])[0]
    assert value is not None, request
    assert re.fullmatch(expected, value) if how == "match" else value == expected, value


@then(
    r'the response "(?P<part>status|header)(?:\[(?P<name>[^\]]+)\])?" will (?P<negated>not be|match) "(?P<expected>[^"]+)"'
)
def response_part(context: Any, part: str, name: str | None, negated: str, expected: str) -> None:
    answer = context.compat.part("answer")
    if part == "status":
        value = str(answer.status)
    else:
        value = {key.lower(): found for key, found in answer.headers.items()}.get(str(name).lower())
    assert value is not None, answer
    assert value != expected if negated == "not be" else re.fullmatch(expected, value), value
