"""The consumer side of a run: each scenario's interactions, its mock server, its pact.

A `ScenarioContract` collects what the steps declare. The mock server starts
the first time consumer code asks for `mock_url`; if nothing asks, the
framework plays the declared requests itself when the scenario ends
(spec-first). `ConsumerRun` stages the pact of every passing scenario and, at
the end, writes one file per consumer-provider pair, or none for a pair that
had a failing scenario::

    run = ConsumerRun(settings)
    scenario = run.begin_scenario("Get a user", Location("users.feature", 3), tags=[])
    scenario.declare_request("GET", "/users/1", location)
    scenario.declare_response(200, location)
    run.end_scenario(failed=False)   # raises ContractNotMet on mismatches
    print(run.finish())
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import requests

from contracts_bdd.config import Settings
from contracts_bdd.contract import (
    Body,
    Header,
    Interaction,
    JsonBody,
    Pair,
    ProviderState,
    QueryParameter,
    Request,
    Response,
    example_of,
)
from contracts_bdd.errors import ContractNotMet, FeatureError, Location
from contracts_bdd.pact_engine import MockServer, build_pact
from contracts_bdd.pact_files import PactFiles
from contracts_bdd.reports import MockMismatch, consumer_report

SELF_EXCHANGE_TIMEOUT = 10.0


def pair_names_from_tags(tags: Iterable[str]) -> dict[str, str]:
    """Read `@consumer:Name` and `@provider:Name` tags."""
    names = {}
    for tag in tags:
        role, _, name = tag.partition(":")
        if role in ("consumer", "provider") and name:
            names[role] = name
    return names


@dataclass
class ScenarioContract:
    """What one scenario declares, and the mock server that serves it."""

    name: str
    location: Location
    names: dict[str, str] = field(default_factory=dict)
    interactions: list[Interaction] = field(default_factory=list)
    pending_states: list[ProviderState] = field(default_factory=list)
    pending_description: str | None = None
    server: MockServer | None = None

    # -- declaring -----------------------------------------------------------------
    def name_party(self, role: str, name: str, location: Location) -> None:
        """Set the consumer or provider for this scenario."""
        self._refuse_after_start(location)
        self.names[role] = name

    def add_state(self, state: ProviderState) -> None:
        """A provider state for the next request declared."""
        self._refuse_after_start(state.location)
        self.pending_states.append(state)

    def describe(self, description: str, location: Location) -> None:
        """Name the interaction: the current one, or the next if none is open."""
        self._refuse_after_start(location)
        current = self.interactions[-1] if self.interactions else None
        if current is not None and current.response is None:
            current.description = description
        else:
            self.pending_description = description

    def declare_request(self, method: str, path: str, location: Location) -> None:
        """Open a new interaction with this request."""
        self._refuse_after_start(location)
        number = len(self.interactions) + 1
        description = self.pending_description or (self.name if number == 1 else f"{self.name} ({number})")
        self.interactions.append(Interaction(description, Request(method, path, location), states=self.pending_states))
        self.pending_states = []
        self.pending_description = None

    def _current(self, location: Location, what: str) -> Interaction:
        self._refuse_after_start(location)
        if not self.interactions:
            raise FeatureError(
                location,
                f"{what} comes before any request",
                'declare the request first: When the consumer sends a GET request to "/users/1"',
            )
        return self.interactions[-1]

    def _part(self, part: str, location: Location) -> Request | Response:
        """The current interaction's request or response (`part` is "request" or "response")."""
        interaction = self._current(location, f"a {part} detail")
        if part == "request":
            return interaction.request
        if interaction.response is None:
            raise FeatureError(
                location,
                "a response detail comes before the response status",
                "Then the provider responds with status 200",
            )
        return interaction.response

    def add_headers(self, part: str, headers: Sequence[Header], location: Location) -> None:
        """Headers the request or response carries."""
        self._part(part, location).headers.extend(headers)

    def add_query(self, parameters: Sequence[QueryParameter], location: Location) -> None:
        """Query parameters the request must carry."""
        self._current(location, "a query table").request.query.extend(parameters)

    def set_body(self, part: str, body: Body, location: Location) -> None:
        """The body of the request or response."""
        self._part(part, location).body = body

    def declare_response(self, status: int, location: Location) -> None:
        """The status the consumer needs back."""
        interaction = self._current(location, "a response")
        if interaction.response is not None:
            raise FeatureError(
                location,
                f"the request at {interaction.request.location} already has a response "
                f"(declared at {interaction.response.location})",
                "one response per request; declare another request first for a second exchange",
            )
        interaction.response = Response(status, location)

    def _refuse_after_start(self, location: Location | None) -> None:
        if self.server is not None and location is not None:
            raise FeatureError(
                location,
                "the mock server is already running: consumer code asked for its URL in an earlier step",
                "declare states, requests and responses before the step that calls your client code",
            )

    # -- exercising ----------------------------------------------------------------
    def pair(self, settings: Settings) -> Pair:
        """The consumer-provider pair this scenario's contract belongs to."""
        consumer = self.names.get("consumer") or settings.consumer
        provider = self.names.get("provider") or settings.provider
        for role, name in (("consumer", consumer), ("provider", provider)):
            if not name:
                raise FeatureError(
                    self.location,
                    f"no {role} is named for this scenario",
                    f'a tag @{role}:Name on the feature, a step Given the {role} is "Name", '
                    f"or {role} = Name under [behave.userdata] in behave.ini",
                )
        return Pair(str(consumer), str(provider))

    def _check_complete(self) -> None:
        if self.pending_states:
            state = self.pending_states[-1]
            raise FeatureError(
                state.location or self.location,
                f"the provider state '{state.name}' is declared after the last request, so it applies to nothing",
                "declare provider states before the request they belong to",
            )
        for interaction in self.interactions:
            if interaction.response is None:
                raise FeatureError(
                    interaction.request.location or self.location,
                    f"the request {interaction.request.method} {interaction.request.path} has no response",
                    "Then the provider responds with status 200",
                )

    def start(self, settings: Settings) -> str:
        """Start the mock server (once) and return its URL."""
        if self.server is None:
            self._check_complete()
            if not self.interactions:
                raise FeatureError(
                    self.location,
                    "consumer code asked for the mock server URL but this scenario declares no request",
                    'declare the request and response first, e.g. When the consumer sends a GET request to "/users/1"',
                )
            server = MockServer(build_pact(self.pair(settings), settings.pact_specification, self.interactions))
            server.__enter__()
            self.server = server
        return self.server.url

    def finish(self, settings: Settings) -> list[MockMismatch]:
        """Play the requests if no consumer code did, stop the server, return the mismatches."""
        problems: list[MockMismatch] = []
        if self.server is None:
            self.start(settings)
            assert self.server is not None
            problems = [
                problem for interaction in self.interactions for problem in _exchange(self.server.url, interaction)
            ]
        assert self.server is not None
        self.server.__exit__(None, None, None)
        return list(self.server.mismatches) + problems

    def stop(self) -> list[MockMismatch]:
        """Stop the mock server without playing requests; return what it saw go wrong."""
        if self.server is None:
            return []
        self.server.__exit__(None, None, None)
        return list(self.server.mismatches)


def _exchange(base_url: str, interaction: Interaction) -> list[MockMismatch]:
    """Send a declared request as the consumer would, and check the response."""
    request = interaction.request
    headers = {header.name: header.value for header in request.headers}
    data: str | bytes | None = None
    if isinstance(request.body, JsonBody):
        data = json.dumps(example_of(request.body.value))
        headers.setdefault("Content-Type", request.body.content_type)
    elif request.body is not None:
        data = request.body.text.encode()
        headers.setdefault("Content-Type", request.body.content_type)
    answer = requests.request(
        request.method,
        base_url + request.path,
        params=[(parameter.name, parameter.value) for parameter in request.query],
        headers=headers,
        data=data,
        timeout=SELF_EXCHANGE_TIMEOUT,
    )
    expected = interaction.response
    assert expected is not None
    problems = []
    if answer.status_code != expected.status:
        problems.append(
            MockMismatch(
                "status",
                request.method,
                request.path,
                expected=str(expected.status),
                actual=str(answer.status_code),
                text=f"the mock server answered {answer.status_code}: {answer.text[:500]}",
            )
        )
    elif isinstance(expected.body, JsonBody) and _json_or_text(answer) != example_of(expected.body.value):
        problems.append(
            MockMismatch(
                "body",
                request.method,
                request.path,
                expected=json.dumps(example_of(expected.body.value)),
                actual=answer.text[:500],
                text="the response body differs from the declared example",
            )
        )
    return problems


def _json_or_text(answer: requests.Response) -> object:
    try:
        return answer.json()
    except ValueError:
        return answer.text


class ConsumerRun:
    """Every scenario of a run, the pacts they stage, and the pairs that failed."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.files = PactFiles(settings.pact_dir, settings.pact_file_mode, settings.pact_specification)
        self.failures: dict[Pair, list[str]] = {}
        self.scenario: ScenarioContract | None = None

    def begin_scenario(self, name: str, location: Location, tags: Iterable[str]) -> ScenarioContract:
        """Start collecting one scenario's contract."""
        self.scenario = ScenarioContract(name, location, pair_names_from_tags(tags))
        return self.scenario

    def end_scenario(self, *, failed: bool) -> None:
        """Judge the scenario's exchanges and stage its pact if it passed.

        Raises:
            ContractNotMet: the mock server saw requests that differ from the contract.
        """
        scenario, self.scenario = self.scenario, None
        if scenario is None or not scenario.interactions:
            return
        try:
            pair = scenario.pair(self.settings)
        except FeatureError:
            if failed:
                scenario.stop()
                return
            raise
        if failed:
            self._fail(pair, f"{scenario.location} '{scenario.name}' failed")
            seen = scenario.stop()
            if seen:
                raise ContractNotMet(consumer_report(scenario.name, scenario.interactions, seen))
            return
        try:
            mismatches = scenario.finish(self.settings)
        except Exception:
            self._fail(pair, f"{scenario.location} '{scenario.name}' failed")
            raise
        if mismatches:
            self._fail(pair, f"{scenario.location} '{scenario.name}' did not meet its contract")
            raise ContractNotMet(consumer_report(scenario.name, scenario.interactions, mismatches))
        self.files.collect(pair, scenario.interactions)

    def _fail(self, pair: Pair, reason: str) -> None:
        self.failures.setdefault(pair, []).append(reason)

    def finish(self) -> list[str]:
        """Write one pact file per pair that passed; say what was written and what was not."""
        lines = []
        try:
            for pair in sorted(self.files.collected_pairs | set(self.failures), key=str):
                if pair in self.failures:
                    lines.append(
                        f"contracts-bdd: no pact written for {pair} because scenarios failed: "
                        + "; ".join(self.failures[pair])
                    )
                    continue
                lines.append(f"contracts-bdd: wrote {self.files.publish(pair)}")
        finally:
            self.files.discard()
        return lines
