"""Readable reports: consumer-side mismatches and provider-side outcomes.

Plain data in, text out; the engine fills the dataclasses, the hooks raise
with the text::

    print(consumer_report("Get a user", interactions, [MockMismatch("header", "GET", "/users/1",
          subject="Accept", expected="application/json", actual="", text="...")]))
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from contracts_bdd.errors import Location
from contracts_bdd.model.contract import Interaction


@dataclass(frozen=True)
class MockMismatch:
    """One thing the mock server saw differ from the contract.

    `kind` is one of: missing-request, unexpected-request, method, path, query,
    header, body, body-type, status, other.
    """

    kind: str
    method: str
    path: str
    subject: str = ""
    expected: str = ""
    actual: str = ""
    text: str = ""
    request: dict[str, Any] = field(default_factory=dict)


def _owner(interactions: Sequence[Interaction], mismatch: MockMismatch) -> Interaction | None:
    for interaction in interactions:
        if interaction.request.method == mismatch.method.upper() and interaction.request.path == mismatch.path:
            return interaction
    return None


def _declared_at(interaction: Interaction | None, mismatch: MockMismatch) -> Location | None:
    if interaction is None:
        return None
    request = interaction.request
    if mismatch.kind == "header":
        return request.header_location(mismatch.subject)
    if mismatch.kind == "query":
        return request.query_location(mismatch.subject)
    if mismatch.kind in ("body", "body-type") and request.body is not None:
        return request.body.location
    return request.location


def _describe(mismatch: MockMismatch) -> str:
    line = f"{mismatch.method} {mismatch.path}"
    if mismatch.kind == "missing-request":
        return f"{line}: the contract expects this request but it was never made"
    if mismatch.kind == "unexpected-request":
        body = mismatch.request.get("body")
        shown = f" with body {json.dumps(body)}" if body is not None else ""
        return f"{line}{shown}: a request the contract does not declare"
    what = {
        "header": f"header '{mismatch.subject}'",
        "query": f"query parameter '{mismatch.subject}'",
        "body": f"body at {mismatch.subject or '$'}",
        "body-type": "body type",
        "method": "method",
        "path": "path",
    }.get(mismatch.kind, mismatch.kind)
    expected = mismatch.expected if mismatch.expected not in ("", None) else "(nothing)"
    actual = mismatch.actual if mismatch.actual not in ("", None) else "(missing)"
    return f"{line}: {what}: expected {expected} but got {actual}\n       ({mismatch.text})"


def consumer_report(scenario: str, interactions: Sequence[Interaction], mismatches: Sequence[MockMismatch]) -> str:
    """Explain why a scenario's requests did not meet its contract."""
    lines = [f"The requests made in scenario '{scenario}' do not meet its contract:"]
    for number, mismatch in enumerate(mismatches, start=1):
        lines.append(f"  {number}) {_describe(mismatch)}")
        location = _declared_at(_owner(interactions, mismatch), mismatch)
        if location is not None:
            lines.append(f"     declared at {location}")
    return "\n".join(lines)


@dataclass(frozen=True)
class InteractionOutcome:
    """How one interaction fared against the provider."""

    consumer: str
    description: str
    states: tuple[str, ...]
    status: str  # passed | failed | pending-failed
    details: str = ""
    source: str = ""  # where its pact came from (a path or URL), when known
    comments: tuple[str, ...] = ()  # the pact's text comments on the interaction (V4)
    test_name: str | None = None  # the test the interaction came from, as the pact says (V4 `testname`)
    warnings: tuple[str, ...] = ()  # what the run let pass but the user should know (a state without a handler)
    content: str = ""  # what was verified: a digest of the interaction as its pact held it (`contents_of`)

    @property
    def failed(self) -> bool:
        """Whether this outcome fails the run (pending failures do not)."""
        return self.status == "failed"


@dataclass(frozen=True)
class SelectedInteraction:
    """One interaction a generated scenario stands for."""

    consumer: str
    description: str
    states: tuple[str, ...]
    source: str = ""  # where its pact came from, when the outline row was filled from a known pact

    def matches(self, outcome: InteractionOutcome) -> bool:
        """Whether `outcome` is this interaction's."""
        same_states = not self.states or tuple(outcome.states) == self.states
        same_source = not self.source or not outcome.source or outcome.source == self.source
        same_pair = (outcome.consumer, outcome.description) == (self.consumer, self.description)
        return same_pair and same_states and same_source


def verification_report(provider: str, outcomes: Sequence[InteractionOutcome]) -> str:
    """List every interaction verified, with the mismatch text of each failure."""
    if not outcomes:
        return f"No interactions were verified for provider '{provider}'."
    marks = {"passed": "PASSED", "failed": "FAILED", "pending-failed": "FAILED (pending, not counted)"}
    counts = {status: sum(outcome.status == status for outcome in outcomes) for status in marks}
    summary = f"{counts['passed']} passed, {counts['failed']} failed"
    if counts["pending-failed"]:
        summary += f", {counts['pending-failed']} pending failed"
    lines = [f"Verified {len(outcomes)} interaction(s) of provider '{provider}': {summary}"]
    for outcome in outcomes:
        lines.append(f"  {marks.get(outcome.status, outcome.status)}  {_named(outcome)}")
        lines.extend(f"      {line}" for line in _said_by_the_pact(outcome))
        lines.extend(f"      {detail}" for detail in outcome.details.splitlines() if detail.strip())
        lines.extend(f"      {line}" for line in _warnings(outcome))
    return "\n".join(lines)


def _named(outcome: InteractionOutcome) -> str:
    given = f" given {', '.join(repr(state) for state in outcome.states)}" if outcome.states else ""
    return f"{outcome.consumer}: '{outcome.description}'{given}"


CONTENT_HEADER = "contracts-bdd: what each result verified, of provider '{provider}' (read by contracts-bdd docs):"


def content_report(provider: str, outcomes: Sequence[InteractionOutcome]) -> str:
    """What each outcome verified: the digest of its interaction as the pact held it, on the report's line.

    Printed by the provider steps, so behave's JUnit report holds it beside the result
    (`system-out`); `contracts-bdd docs` counts a result only for the interaction it names.
    "" when no outcome says what it verified.
    """
    lines = [f"  {outcome.content}  {_named(outcome)}" for outcome in outcomes if outcome.content]
    return "\n".join([CONTENT_HEADER.format(provider=provider), *lines]) if lines else ""


def _said_by_the_pact(outcome: InteractionOutcome) -> list[str]:
    lines = [f"comment: {comment}" for comment in outcome.comments]
    return lines + ([f"original test: {outcome.test_name}"] if outcome.test_name else [])


def _warnings(outcome: InteractionOutcome) -> list[str]:
    return [f"warning: {warning}" for warning in outcome.warnings]


def outcome_notes(outcome: InteractionOutcome) -> list[str]:
    """What the pact and the run say about an interaction beside pass or fail: comments, original test, warnings."""
    return _said_by_the_pact(outcome) + _warnings(outcome)


def verification_notes(outcomes: Sequence[InteractionOutcome]) -> list[str]:
    """The notes of every interaction that has any, each under the interaction it is about.

    A passing verification's report is not shown (behave shows a step's output when it fails),
    so these are said on their own: an interaction's comments are read while it is verified.
    """
    lines = []
    for outcome in outcomes:
        notes = outcome_notes(outcome)
        if notes:
            lines.append(f"contracts-bdd: verified {_named(outcome)}")
            lines.extend(f"  {note}" for note in notes)
    return lines
