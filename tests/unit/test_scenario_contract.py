"""The order in which a scenario declares things, and the mistakes it refuses."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest

from contracts_bdd.config import Settings
from contracts_bdd.consumer.exchange import exchange
from contracts_bdd.consumer.scenario import ScenarioContract
from contracts_bdd.consumer.served import ServedScenario
from contracts_bdd.errors import FeatureError, Location
from contracts_bdd.model.contract import Header, Interaction, JsonBody, ProviderState, Request, Response, TextBody

SETTINGS = Settings(consumer="Web", provider="Api")


def at(line: int) -> Location:
    return Location("orders.feature", line)


@pytest.fixture
def scenario() -> ScenarioContract:
    return ScenarioContract("Get orders", at(2))


def test_states_and_descriptions_attach_to_the_next_request(scenario: ScenarioContract) -> None:
    scenario.add_state(ProviderState("orders exist", {}, at(3)))
    scenario.declare_request("GET", "/orders", at(4))
    scenario.declare_response(200, at(5))
    scenario.describe("the second exchange", at(6))
    scenario.declare_request("GET", "/orders/1", at(7))
    scenario.declare_response(404, at(8))

    first, second = scenario.interactions
    assert (first.description, [state.name for state in first.states]) == ("Get orders", ["orders exist"])
    assert (second.description, second.states) == ("the second exchange", [])


def test_details_go_to_the_part_named(scenario: ScenarioContract) -> None:
    scenario.declare_request("POST", "/orders", at(3))
    scenario.add_headers("request", [Header("Accept", "application/json")], at(4))
    scenario.set_body("request", JsonBody({"a": 1}), at(5))
    scenario.declare_response(201, at(6))
    scenario.add_headers("response", [Header("Location", "/orders/1")], at(7))

    (interaction,) = scenario.interactions
    assert [h.name for h in interaction.request.headers] == ["Accept"]
    assert interaction.response is not None
    assert [h.name for h in interaction.response.headers] == ["Location"]


def header_before_any_request(s: ScenarioContract) -> None:
    s.add_headers("request", [], at(3))


def response_body_before_status(s: ScenarioContract) -> None:
    s.declare_request("GET", "/a", at(3))
    s.set_body("response", JsonBody(1), at(4))


def second_response(s: ScenarioContract) -> None:
    s.declare_request("GET", "/a", at(3))
    s.declare_response(200, at(4))
    s.declare_response(201, at(5))


@pytest.mark.parametrize(
    ("steps", "line", "problem", "out_of_order"),
    [
        (header_before_any_request, 3, "comes before any request", True),
        (response_body_before_status, 4, "before the response status", True),
        (second_response, 5, "already has a response", False),
    ],
)
def test_out_of_order_declarations_are_refused(
    scenario: ScenarioContract, steps: Callable[[ScenarioContract], None], line: int, problem: str, out_of_order: bool
) -> None:
    """A detail before what it belongs to is flagged: the pre-flight leaves it out after an earlier problem."""
    with pytest.raises(FeatureError) as raised:
        steps(scenario)
    assert raised.value.location == at(line)
    assert problem in raised.value.problem
    assert raised.value.out_of_order is out_of_order


def test_a_state_after_the_last_request_applies_to_nothing(scenario: ScenarioContract) -> None:
    scenario.declare_request("GET", "/a", at(3))
    scenario.declare_response(200, at(4))
    scenario.add_state(ProviderState("late", {}, at(5)))

    with pytest.raises(FeatureError, match="declared after the last request") as raised:
        ServedScenario(scenario, SETTINGS).mock_url()
    assert raised.value.location == at(5)


def test_a_request_without_response_cannot_be_served(scenario: ScenarioContract) -> None:
    scenario.declare_request("GET", "/a", at(3))
    with pytest.raises(FeatureError, match="has no response"):
        ServedScenario(scenario, SETTINGS).mock_url()


def test_declaring_after_the_mock_server_started_is_refused(scenario: ScenarioContract) -> None:
    scenario.declare_request("GET", "/a", at(3))
    scenario.declare_response(200, at(4))
    served = ServedScenario(scenario, SETTINGS)
    url = served.mock_url()
    try:
        assert url.startswith("http://127.0.0.1:")
        with pytest.raises(FeatureError, match="mock server is already running"):
            scenario.declare_request("GET", "/b", at(6))
    finally:
        served.stop()


def test_spec_first_exchange_reports_a_body_that_is_not_json() -> None:
    serving_text = ScenarioContract("Text", at(2))
    serving_text.declare_request("GET", "/a", at(3))
    serving_text.declare_response(200, at(4))
    serving_text.set_body("response", TextBody("not json"), at(5))
    expecting_json = Interaction("JSON", Request("GET", "/a"), response=Response(200, body=JsonBody({"a": 1})))

    served = ServedScenario(serving_text, SETTINGS)
    url = served.mock_url()
    try:
        (problem,) = exchange(url, [expecting_json])
    finally:
        served.stop()

    assert (problem.kind, problem.actual) == ("body", '"not json"')


def test_closing_a_served_scenario_stops_its_mock_server_once(scenario: ScenarioContract) -> None:
    """What behave's cleanup calls: the server stops, and closing again (after_scenario's own stop) is harmless."""
    scenario.declare_request("GET", "/a", at(3))
    scenario.declare_response(200, at(4))
    served = ServedScenario(scenario, SETTINGS)
    port = int(served.mock_url().rsplit(":", 1)[1])

    served.close()

    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    served.close()
    assert [seen.kind for seen in served.stop()] == ["missing-request"]  # what it saw before it stopped
