"""Matching steps (V3 `http_matching`, V3 and V4 `matching_rules`): an expected request or response, and
what was received, compared by the pact engine.

A request is compared by pact-python's mock server (the expected request is the one interaction it
serves; each received request is made to it); a response by pact-rust's verifier (the expected
response is a pact's; a provider double answers with the received one).
"""

from __future__ import annotations

import re
from typing import Any

from behave import use_step_matcher
from harness.consumer import ConsumerTest
from harness.definitions import Definition
from harness.provider import verify_definitions
from harness.steps import given, then, when
from harness.tables import rows

use_step_matcher("re")

EXPECTED = Definition(method="POST", path="/compared")
"""The request every comparison starts from: a POST, so that a body travels with it."""


@given(r'an expected request with an? "(?P<name>[^"]+)" header of "(?P<value>[^"]+)"')
def expected_request_header(context: Any, name: str, value: str) -> None:
    context.compat.parts["expected"] = EXPECTED.changed({"headers": f"'{name}: {value}'"})


@given(r'a request is received with an? "(?P<name>[^"]+)" header of "(?P<value>[^"]+)"')
def received_request_header(context: Any, name: str, value: str) -> None:
    context.compat.parts["received"] = [EXPECTED.changed({"headers": f"'{name}: {value}'"})]


@given(r"an expected request configured with the following:")
def expected_request(context: Any) -> None:
    context.compat.parts["expected"] = EXPECTED.changed(rows(context.table)[0])


@given(r"(?:a request is received with the following|the following requests are received):")
def received_requests(context: Any) -> None:
    context.compat.parts["received"] = [EXPECTED.changed(row) for row in rows(context.table)]


@when(r"the requests? (?:is|are) compared to the expected one")
def requests_compared(context: Any) -> None:
    world = context.compat
    test = ConsumerTest(
        world.folder, world.specification, world.location, [world.part("expected").interaction("expected")]
    )
    world.parts["consumer"] = test
    world.on_close(test.abandon)
    test.start()
    world.parts["answers"] = [test.send(received) for received in world.part("received")]


@then(r"the comparison should (?P<negated>NOT )?be OK")
def comparison_ok(context: Any, negated: str | None) -> None:
    mismatches = context.compat.part("consumer").mismatches
    shown = [(m.kind, m.subject, m.text) for m in mismatches]
    assert bool(mismatches) == bool(negated), shown


def _patterned(error: str) -> re.Pattern[str]:
    """The error as a pattern: in "to have value '<a>' but was '<b>'" the quoted values are patterns
    (a header value may be printed with or without a space after `;`), elsewhere every character is itself."""
    found = re.fullmatch(r"(.* to have value ')(.*)(' but was ')(.*)(')", error)
    if found is None:
        return re.compile(re.escape(error))
    head, expected, middle, actual, tail = found.groups()
    return re.compile(re.escape(head) + expected + re.escape(middle) + actual + re.escape(tail))


@then(r'the mismatches will contain a mismatch with error "(?P<subject>[^"]+)" -> "(?P<error>.+)"')
def mismatch_at(context: Any, subject: str, error: str) -> None:
    mismatches = context.compat.part("consumer").mismatches
    error = error.replace('\\"', '"')
    pattern = _patterned(error)
    found = [m for m in mismatches if m.subject == subject and (error in m.text or pattern.search(m.text))]
    assert found, [(m.kind, m.subject, m.text) for m in mismatches]


@given(r"an expected response configured with the following:")
def expected_response(context: Any) -> None:
    row = rows(context.table)[0]
    # A response's cells: its status, and rules that belong to the response.
    response = {("response matching rules" if name == "matching rules" else name): cell for name, cell in row.items()}
    context.compat.parts["expected"] = EXPECTED.changed(response)


@given(r"a status (?P<status>\d+) response is received")
def received_response(context: Any, status: str) -> None:
    context.compat.parts["received"] = context.compat.part("expected").changed({"status": status})


@when(r"the response is compared to the expected one")
def response_compared(context: Any) -> None:
    world = context.compat
    world.parts["verification"] = verify_definitions(
        world, [world.part("expected")], responding=[world.part("received")]
    )


@then(r"the response comparison should (?P<negated>NOT )?be OK")
def response_comparison_ok(context: Any, negated: str | None) -> None:
    verification = context.compat.part("verification")
    assert verification.passed != bool(negated), verification.report


@then(r'the response mismatches will contain a "(?P<kind>[^"]+)" mismatch with error "(?P<error>.+)"')
def response_mismatch(context: Any, kind: str, error: str) -> None:
    verification = context.compat.part("verification")
    label = {"status": "StatusMismatch", "header": "HeaderMismatch", "body": "BodyMismatch"}[kind]
    details = "\n".join(outcome.details for outcome in verification.outcomes)
    assert any(label in line and error in line for line in details.splitlines()), verification.report
