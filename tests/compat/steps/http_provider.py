"""HTTP provider steps (V1 to V4 `http_provider.feature`): pacts verified against a provider double by
contracts-bdd's provider run, with state callbacks, request filters, a broker, pending and comments."""

from __future__ import annotations

import json
from typing import Any

from behave import use_step_matcher
from harness.broker import BrokerDouble
from harness.fixtures import headers_of
from harness.provider import provider_test
from harness.steps import given, then, when
from harness.tables import VERIFIER_ERRORS, numbers, rows

from contracts_bdd.model.contract import ProviderState
from contracts_bdd.provider.request_filter import FILTERS, OutgoingRequest

use_step_matcher("re")


@given(r'a provider is started that returns the responses? from interactions? "?(?P<ids>[\d, ]+)"?')
def provider_started(context: Any, ids: str) -> None:
    world = context.compat
    provider_test(world).answer_with([world.definitions[n] for n in numbers(ids)])


@given(
    r'a provider is started that returns the responses? from interactions? "?(?P<ids>[\d, ]+)"?, with the following changes:'
)
def provider_started_changed(context: Any, ids: str) -> None:
    world = context.compat
    change = rows(context.table)[0]
    provider_test(world).answer_with([world.definitions[n].changed(change) for n in numbers(ids)])


def _pact_for(context: Any, n: str, **changes: Any) -> None:
    """A pact of consumer c_<n> holding interaction <n> (with `changes`), to be verified."""
    world = context.compat
    definition = world.definitions[int(n)]
    interaction = definition.interaction(f"interaction {n}")
    for name, value in changes.items():
        setattr(interaction, name, value)
    provider_test(world).add_pact(f"c_{n}", [interaction])


@given(r"a Pact file for interaction (?P<n>\d+) is to be verified(?P<pending>, but is marked pending)?")
def pact_to_verify(context: Any, n: str, pending: str | None) -> None:
    _pact_for(context, n, pending=bool(pending))


@given(r'a Pact file for interaction (?P<n>\d+) is to be verified with a provider state "(?P<state>[^"]+)" defined')
def pact_with_state(context: Any, n: str, state: str) -> None:
    _pact_for(context, n, states=[ProviderState(state)])


@given(r"a Pact file for interaction (?P<n>\d+) is to be verified with the following provider states defined:")
def pact_with_states(context: Any, n: str) -> None:
    states = [
        ProviderState(row["State Name"], json.loads(row.get("Parameters") or "{}")) for row in rows(context.table)
    ]
    _pact_for(context, n, states=states)


@given(r"a Pact file for interaction (?P<n>\d+) is to be verified with the following comments:")
def pact_with_comments(context: Any, n: str) -> None:
    table = rows(context.table)
    test_names = [row["comment"] for row in table if row["type"] == "testname"]
    _pact_for(
        context,
        n,
        comments=[row["comment"] for row in table if row["type"] == "text"],
        test_name=test_names[-1] if test_names else None,
    )


@given(r"a Pact file for interaction (?P<n>\d+) is to be verified from a Pact broker")
def pact_from_broker(context: Any, n: str) -> None:
    world = context.compat
    test = provider_test(world)
    if test.broker is None:
        test.broker = BrokerDouble(world.folder)
        world.on_close(test.broker.close)
    interaction = world.definitions[int(n)].interaction(f"interaction {n}")
    test.broker.publish(f"c_{n}", test.add_pact(f"c_{n}", [interaction]))


@given(r"publishing of verification results is enabled")
def publishing_enabled(context: Any) -> None:
    provider_test(context.compat).publish = True


@given(r"a provider state callback is configured(?P<failing>, but will return a failure)?")
def callback_configured(context: Any, failing: str | None) -> None:
    provider_test(context.compat).configure_callback(failing=bool(failing))


@given(r"a request filter is configured to make the following changes:")
def request_filter(context: Any) -> None:
    added = headers_of(rows(context.table)[0]["headers"])

    def add_headers(request: OutgoingRequest) -> None:
        request.headers.update(added)

    FILTERS.filters.append(add_headers)
    context.compat.on_close(lambda: FILTERS.filters.remove(add_headers))


@when(r"the verification is run")
def verification_run(context: Any) -> None:
    world = context.compat
    provider_test(world).settings.update(world.product_settings)
    world.parts["verification"] = provider_test(world).verify()


@then(r"the verification will (?P<negated>NOT )?be successful")
def verification_successful(context: Any, negated: str | None) -> None:
    verification = context.compat.part("verification")
    assert verification.passed != bool(negated), verification.report


@then(r'the verification results will contain a "(?P<error>[^"]+)" error')
def verification_error(context: Any, error: str) -> None:
    verification = context.compat.part("verification")
    failed = [outcome for outcome in verification.outcomes if outcome.failed]
    assert any(VERIFIER_ERRORS[error] in outcome.details for outcome in failed), verification.report


@then(r'there will be a pending "(?P<error>[^"]+)" error')
def pending_error(context: Any, error: str) -> None:
    verification = context.compat.part("verification")
    pending = [outcome for outcome in verification.outcomes if outcome.status == "pending-failed"]
    assert any(VERIFIER_ERRORS[error] in outcome.details for outcome in pending), verification.report


@then(r"a verification result will NOT be published back")
def nothing_published(context: Any) -> None:
    broker = provider_test(context.compat).broker
    assert broker is not None and broker.results == [], broker.results if broker else "no broker"


@then(
    r"a (?P<kind>successful|failed) verification result will be published back for (?:the )?interaction \{(?P<n>\d+)\}"
)
def result_published(context: Any, kind: str, n: str) -> None:
    broker = provider_test(context.compat).broker
    assert broker is not None
    found = [result for result in broker.results if result.consumer == f"c_{n}"]
    assert found, f"nothing was published for c_{n}: {broker.results}"
    wanted = kind == "successful"
    assert all(result.accepted for result in found), [result.answer for result in found]
    assert all(result.body["success"] is wanted for result in found), found
    ids = broker.interaction_ids(f"c_{n}")
    assert {entry["interactionId"] for entry in found[-1].body["testResults"]} == ids, found[-1].body
    assert all(entry["success"] is wanted for entry in found[-1].body["testResults"]), found[-1].body


@then(r"the provider state callback will be called (?P<when>before|after) the verification is run")
def callback_called(context: Any, when: str) -> None:
    events = provider_test(context.compat).events
    if when == "before":  # the first state change comes before the first request (if the provider got one)
        setup, request = events.index_of_first("setup"), events.index_of_first("request")
        assert setup >= 0 and (request < 0 or setup < request), events
    else:
        teardown, request = events.index_of_last("teardown"), events.index_of_last("request")
        assert request >= 0 and teardown > request, events


@then(
    r'the provider state callback will receive a (?P<action>setup|teardown) call (?:with )?"(?P<state>[^"]*)"'
    r" as the provider state parameter"
)
def callback_received(context: Any, action: str, state: str) -> None:
    events = provider_test(context.compat).events
    assert any(event.state == state for event in events.of(action)), events


@then(
    r'the provider state callback will receive a (?P<action>setup|teardown) call (?:with )?"(?P<state>[^"]*)"'
    r" and the following parameters:"
)
def callback_received_parameters(context: Any, action: str, state: str) -> None:
    events = provider_test(context.compat).events
    wanted = {name: json.loads(cell) for name, cell in rows(context.table)[0].items()}
    assert any(event.state == state and event.params == wanted for event in events.of(action)), events


@then(r"the provider state callback will NOT receive a (?P<action>setup|teardown) call")
def callback_not_received(context: Any, action: str) -> None:
    events = provider_test(context.compat).events
    assert events.of("setup"), f"no state was set up at all: {events}"
    assert not events.of(action), events


@then(
    r"a warning will be displayed that there was no provider state callback configured "
    r'for provider state "(?P<state>[^"]+)"'
)
def warning_displayed(context: Any, state: str) -> None:
    side = provider_test(context.compat)
    warning = f"no provider state handler matches '{state}'"
    assert any(warning in line for line in side.notes), side.notes


@then(r'the request to the provider will contain the header "(?P<header>[^"]+)"')
def provider_request_header(context: Any, header: str) -> None:
    name, _, value = header.partition(": ")
    requests = provider_test(context.compat).events.of("request")
    assert requests and all(event.request["headers"].get(name) == value for event in requests), requests


@then(r'the comment "(?P<comment>[^"]+)" will have been printed to the console')
def comment_printed(context: Any, comment: str) -> None:
    side = provider_test(context.compat)
    assert f"  comment: {comment}" in side.notes, side.notes


@then(r'the "(?P<name>[^"]+)" will displayed as the original test name')
def original_test_name(context: Any, name: str) -> None:
    side = provider_test(context.compat)
    assert f"  original test: {name}" in side.notes, side.notes
