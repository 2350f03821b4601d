"""HTTP consumer steps (V1 to V4 `http_consumer.feature`): the mock server, the requests made to it, its pact."""

from __future__ import annotations

import json
from typing import Any

from behave import use_step_matcher
from harness.consumer import ConsumerTest
from harness.definitions import read_definitions
from harness.fixtures import fixture
from harness.steps import given, then, when
from harness.tables import MOCK_MISMATCH_KINDS, numbers, ordinal, rows

use_step_matcher("re")


@given(r"the following HTTP interactions have been defined:")
def interactions_defined(context: Any) -> None:
    context.compat.definitions = read_definitions(rows(context.table))


def _start(context: Any, ids: list[int], changes: dict[str, str] | None = None) -> None:
    world = context.compat
    interactions = [world.definitions[n].changed(changes or {}).interaction(f"interaction {n}") for n in ids]
    test = ConsumerTest(world.folder, world.specification, world.location, interactions)
    world.parts["consumer"] = test
    world.on_close(test.abandon)
    test.start()


@when(r'the mock server is started with interactions? "?(?P<ids>[\d, ]+)"?')
def mock_server_started(context: Any, ids: str) -> None:
    _start(context, numbers(ids))


@when(r"the mock server is started with interaction (?P<n>\d+) but with the following changes:")
def mock_server_started_changed(context: Any, n: str) -> None:
    _start(context, [int(n)], rows(context.table)[0])


@when(r"request (?P<n>\d+) is made to the mock server")
def request_made(context: Any, n: str) -> None:
    world = context.compat
    world.parts["answer"] = world.part("consumer").send(world.definitions[int(n)])


@when(r"request (?P<n>\d+) is made to the mock server with the following changes:")
def request_made_changed(context: Any, n: str) -> None:
    world = context.compat
    changed = world.definitions[int(n)].changed(rows(context.table)[0])
    world.parts["answer"] = world.part("consumer").send(changed)


@then(r"a (?P<status>\d+) (?:success|error) response is returned")
def response_returned(context: Any, status: str) -> None:
    answer = context.compat.part("answer")
    assert answer.status == int(status), f"the mock server answered {answer.status}: {answer.body[:300]!r}"


@then(r'the payload will contain the "(?P<name>[^"]+)" JSON document')
def payload_contains(context: Any, name: str) -> None:
    assert json.loads(context.compat.part("answer").body) == json.loads(fixture(f"{name}.json").read_text())


@then(r'the content type will be set as "(?P<content_type>[^"]+)"')
def content_type_set(context: Any, content_type: str) -> None:
    headers = {name.lower(): value for name, value in context.compat.part("answer").headers.items()}
    assert headers.get("content-type") == content_type, headers


@when(r"the pact test is done")
def pact_test_done(context: Any) -> None:
    context.compat.part("consumer").done()


@then(r"the mock server status will (?P<negated>NOT )?be OK")
def status_ok(context: Any, negated: str | None) -> None:
    test = context.compat.part("consumer")
    mismatches = test.mismatches
    if negated:
        assert mismatches and test.failure is not None, "the mock server saw nothing wrong"
    else:
        assert not mismatches and test.failure is None, test.failure


@then(r"the mock server will (?P<negated>NOT )?write out a Pact file for the interactions? when done")
def pact_written(context: Any, negated: str | None) -> None:
    test = context.compat.part("consumer")
    if negated:
        assert test.pact is None, f"a pact was written although the mock server saw {test.mismatches}"
        assert any("no pact written" in line for line in test.report), test.report
    else:
        assert test.pact is not None, f"no pact was written: {test.report} {test.failure}"


@then(r"the mock server status will be an expected but not received error for interaction \{(?P<n>\d+)\}")
def expected_not_received(context: Any, n: str) -> None:
    definition = context.compat.definitions[int(n)]
    found = [(m.kind, m.method, m.path) for m in context.compat.part("consumer").mismatches]
    assert ("missing-request", definition.method, definition.path) in found, found


@then(
    r'the mock server status will be an unexpected "(?P<method>[^"]+)" request received error'
    r"(?: for interaction \{(?P<n>\d+)\}| for path \"(?P<path>[^\"]+)\")"
)
def unexpected_request(context: Any, method: str, n: str | None, path: str | None) -> None:
    wanted_path = path if path is not None else context.compat.definitions[int(str(n))].path
    found = [(m.kind, m.method, m.path) for m in context.compat.part("consumer").mismatches]
    assert ("unexpected-request", method, wanted_path) in found, found


@then(r"the mock server status will be mismatches")
def status_mismatches(context: Any) -> None:
    kinds = {m.kind for m in context.compat.part("consumer").mismatches}
    assert kinds - {"missing-request", "unexpected-request"}, f"no request mismatched: {kinds}"


@then(
    r'the mismatches will contain a "(?P<kind>[^"]+)" mismatch'
    r'(?: with path "(?P<path>[^"]+)")? with error "(?P<error>.+)"'
)
def mismatch_with_error(context: Any, kind: str, path: str | None, error: str) -> None:
    mismatches = context.compat.part("consumer").mismatches
    wanted = MOCK_MISMATCH_KINDS[kind]
    found = [m for m in mismatches if m.kind == wanted and (path is None or m.subject == path)]
    assert any(error == m.text if path else error in m.text for m in found), [
        (m.kind, m.subject, m.text) for m in mismatches
    ]


def _interaction(context: Any, word: str) -> dict[str, Any]:
    pact = context.compat.part("consumer").pact
    assert pact is not None, "no pact was written"
    return dict(pact["interactions"][ordinal(word) - 1])


@then(r"the pact file will contain \{(?P<n>\d+)\} interactions?")
def pact_holds_interactions(context: Any, n: str) -> None:
    pact = context.compat.part("consumer").pact
    assert pact is not None and len(pact["interactions"]) == int(n), pact


@then(r'the \{(?P<word>\w+)\} interaction request will be for a "(?P<method>[A-Z]+)"')
def request_method(context: Any, word: str, method: str) -> None:
    assert _interaction(context, word)["request"]["method"] == method


@then(r'the \{(?P<word>\w+)\} interaction request query parameters will be "(?P<query>[^"]+)"')
def request_query(context: Any, word: str, query: str) -> None:
    written = _interaction(context, word)["request"]["query"]
    if isinstance(written, dict):  # V3 and V4 write {"a": ["1"]}
        written = "&".join(f"{name}={value}" for name, values in written.items() for value in values)
    assert written == query, written


@then(
    r'the \{(?P<word>\w+)\} interaction request will contain the header "(?P<name>[^"]+)" with value "(?P<value>[^"]+)"'
)
def request_header(context: Any, word: str, name: str, value: str) -> None:
    headers = {key.lower(): found for key, found in _interaction(context, word)["request"]["headers"].items()}
    assert headers.get(name.lower()) in (value, [value]), headers


@then(r'the \{(?P<word>\w+)\} interaction request content type will be "(?P<content_type>[^"]+)"')
def request_content_type(context: Any, word: str, content_type: str) -> None:
    headers = {key.lower(): found for key, found in _interaction(context, word)["request"]["headers"].items()}
    assert headers.get("content-type") in (content_type, [content_type]), headers


@then(r'the \{(?P<word>\w+)\} interaction (?P<part>request|response) will contain the "(?P<name>[^"]+)" document')
def part_document(context: Any, word: str, part: str, name: str) -> None:
    written = _interaction(context, word)[part]["body"]
    expected = fixture(name).read_text()
    assert written == (json.loads(expected) if name.endswith(".json") else expected), written
