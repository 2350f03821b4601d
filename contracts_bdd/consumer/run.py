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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests

from contracts_bdd.config import Settings
from contracts_bdd.errors import ContractNotMet, FeatureError, Location
from contracts_bdd.gherkin.values import fill_from_states
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
    ProviderState,
    QueryParameter,
    Request,
    Response,
    XmlBody,
    XmlElement,
    example_of,
    party_name_problem,
    xml_text,
)
from contracts_bdd.model.matchers import lowest_specification
from contracts_bdd.model.reports import MockMismatch, consumer_report
from contracts_bdd.model.specs import SPECIFICATIONS
from contracts_bdd.model.vocabularies import STATUS_CLASSES
from contracts_bdd.pact.declare import build_pact
from contracts_bdd.pact.files import PactFiles
from contracts_bdd.pact.mock_server import MockServer

SELF_EXCHANGE_TIMEOUT = 10.0


@dataclass(frozen=True)
class ScenarioTags:
    """What a scenario's tags (its own, its rule's and its feature's) say about its contract."""

    names: dict[str, str] = field(default_factory=dict)
    specification: str | None = None
    pending: bool = False
    references: tuple[tuple[str, str, str], ...] = ()
    key: str | None = None

    @classmethod
    def read(cls, tags: Iterable[str]) -> ScenarioTags:
        """Read `@consumer:X`, `@provider:Y`, `@pact:V3`, `@pending`, `@ref:JIRA-123`, `@key:abc`."""
        names: dict[str, str] = {}
        specification, pending, key = None, False, None
        references: list[tuple[str, str, str]] = []
        for tag in tags:
            word, _, value = tag.partition(":")
            if word in ("consumer", "provider") and value:
                names[word] = value
            elif word == "pact" and value.upper() in SPECIFICATIONS:
                specification = value.upper()
            elif tag == "pending":
                pending = True
            elif word == "ref" and value:
                group, _, name = value.rpartition(":") if ":" in value else (value.split("-")[0], "", value)
                references.append((group or "ref", name, name))
            elif word == "key" and value:
                key = value
        return cls(names, specification, pending, tuple(references), key)


@dataclass
class ScenarioContract:
    """What one scenario declares, and the mock server that serves it."""

    name: str
    location: Location
    tags: ScenarioTags = field(default_factory=ScenarioTags)
    comments: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    name_locations: dict[str, Location] = field(default_factory=dict)
    interactions: list[Interaction] = field(default_factory=list)
    pending_states: list[ProviderState] = field(default_factory=list)
    pending_description: str | None = None
    server: MockServer | None = None

    def __post_init__(self) -> None:
        self.comments = [line for line in self.comments if line]  # a copy: never behave's own list

    # -- declaring -----------------------------------------------------------------
    def name_party(self, role: str, name: str, location: Location) -> None:
        """Set the consumer or provider for this scenario."""
        self._refuse_after_start(location)
        self.names[role] = name
        self.name_locations[role] = location

    def add_state(self, state: ProviderState) -> None:
        """A provider state for the next request declared."""
        self._refuse_after_start(state.location)
        self.pending_states.append(state)

    def add_comment(self, comment: str, location: Location) -> None:
        """A comment on the scenario's interactions (written into the pact, V4)."""
        self._refuse_after_start(location)
        self.comments.append(comment)
        for interaction in self.interactions:
            interaction.comments.append(comment)

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
        states = self.pending_states
        key = self.tags.key if number == 1 or not self.tags.key else f"{self.tags.key}-{number}"
        self.interactions.append(
            Interaction(
                description,
                Request(method, fill_from_states(path, _parameters(states), location), location),
                states=states,
                pending=self.tags.pending,
                comments=list(self.comments),
                references=list(self.tags.references),
                key=key,
            )
        )
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
        parameters = _parameters(self._current(location, "a header table").states)
        self._part(part, location).headers.extend(
            replace(header, value=fill_from_states(header.value, parameters, header.location or location))
            for header in headers
        )

    def add_query(self, query: Sequence[QueryParameter], location: Location) -> None:
        """Query parameters the request must carry."""
        interaction = self._current(location, "a query table")
        parameters = _parameters(interaction.states)
        interaction.request.query.extend(
            replace(item, value=fill_from_states(item.value, parameters, item.location or location)) for item in query
        )

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
        consumer = self.names.get("consumer") or self.tags.names.get("consumer") or settings.consumer
        provider = self.names.get("provider") or self.tags.names.get("provider") or settings.provider
        for role, name in (("consumer", consumer), ("provider", provider)):
            if not name:
                raise FeatureError(
                    self.location,
                    f"no {role} is named for this scenario",
                    f'a tag @{role}:Name on the feature, a step Given the {role} is "Name", '
                    f"or {role} = Name under [behave.userdata] in behave.ini",
                )
            problem = party_name_problem(name)
            if problem is not None:
                raise FeatureError(
                    self.name_locations.get(role, self.location),
                    f"{name!r} cannot name the {role}: {problem}, and the pact file is named after it",
                    f"a plain name such as {role.capitalize()}Service (letters, digits, spaces, '-', '_', '.')",
                )
        return Pair(str(consumer), str(provider))

    def specification(self, settings: Settings) -> str:
        """The pact specification of this scenario: its `@pact:` tag, else the settings'."""
        return self.tags.specification or settings.pact_specification

    def check(self, settings: Settings) -> None:
        """Refuse an incomplete contract, or one its pact specification cannot hold."""
        self._check_complete()
        version = self.specification(settings)
        for interaction in self.interactions:
            check_specification(interaction, version, self.location)

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
            self.check(settings)
            if not self.interactions:
                raise FeatureError(
                    self.location,
                    "consumer code asked for the mock server URL but this scenario declares no request",
                    'declare the request and response first, e.g. When the consumer sends a GET request to "/users/1"',
                )
            server = MockServer(build_pact(self.pair(settings), self.specification(settings), self.interactions))
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


def _parameters(states: Sequence[ProviderState]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for state in states:
        merged.update(state.parameters)
    return merged


_V4_ONLY = (
    ("pending", "the @pending tag"),
    ("comments", "a scenario description (written into the pact as comments)"),
    ("references", "an @ref: tag"),
    ("key", "an @key: tag"),
)


def check_specification(interaction: Interaction, version: str, scenario: Location) -> None:
    """Raise `FeatureError` at the line of whatever `version` of the pact specification cannot hold."""
    if version != "V4":
        for attribute, what in _V4_ONLY:
            if getattr(interaction, attribute):
                raise FeatureError(
                    scenario,
                    f"{what} needs pact specification V4; this scenario's pact is {version}",
                    "tag the feature @pact:V4 (or set pact_specification = V4), or remove it",
                )
    for value, location in interaction_values(interaction):
        lowest, word = lowest_specification(value)
        if SPECIFICATIONS.index(lowest) > SPECIFICATIONS.index(version):
            raise FeatureError(
                location or scenario,
                f"{word}() needs pact specification {lowest} or later; this scenario's pact is {version}",
                f"tag the feature @pact:{lowest} (or set pact_specification = {lowest}), "
                "or use a matcher the version holds (like, regex)",
            )


def interaction_values(interaction: Interaction) -> list[tuple[Any, Location | None]]:
    """Every value of an interaction that may hold matchers, with where it was declared."""
    request, response = interaction.request, interaction.response
    parts: list[tuple[Any, Location | None]] = [(request.path, request.location)]
    parts += [(header.value, header.location) for header in request.headers]
    parts += [(item.value, item.location) for item in request.query]
    parts.append((_body_value(request.body), request.body.location if request.body else None))
    if response is not None:
        parts.append((response.status, response.location))
        parts += [(header.value, header.location) for header in response.headers]
        parts.append((_body_value(response.body), response.body.location if response.body else None))
    return parts


def _body_value(body: Body | None) -> Any:
    if isinstance(body, JsonBody):
        return body.value
    if isinstance(body, FormBody):
        return body.fields
    if isinstance(body, XmlBody):
        return _xml_values(body.root)
    return None


def _xml_values(element: XmlElement) -> list[Any]:
    found = list(element.attributes.values())
    for child in element.children:
        found.extend(_xml_values(child) if isinstance(child, XmlElement) else [child])
    return found


def _payload(body: Body | None) -> dict[str, Any]:
    """The keyword arguments that make `requests` send `body` as the consumer would."""
    if body is None:
        return {}
    if isinstance(body, MultipartBody):
        path = Path(body.path)
        return {"files": {body.part_name: (path.name, path.read_bytes(), body.content_type)}}
    data: str | bytes
    if isinstance(body, JsonBody):
        data = json.dumps(example_of(body.value))
    elif isinstance(body, FormBody):
        data = urlencode(example_of(body.fields), doseq=True)
    elif isinstance(body, XmlBody):
        data = xml_text(body.root)
    elif isinstance(body, BinaryBody):
        data = body.data
    else:
        data = body.text
    return {"data": data.encode() if isinstance(data, str) else data, "headers": {"Content-Type": body.content_type}}


def _exchange(base_url: str, interaction: Interaction) -> list[MockMismatch]:
    """Send a declared request as the consumer would, and check the response."""
    request = interaction.request
    payload = _payload(request.body)
    headers = {**payload.pop("headers", {}), **{h.name: str(example_of(h.value)) for h in request.headers}}
    answer = requests.request(
        request.method,
        base_url + str(example_of(request.path)),
        params=[(parameter.name, str(example_of(parameter.value))) for parameter in request.query],
        headers=headers,
        timeout=SELF_EXCHANGE_TIMEOUT,
        **payload,
    )
    expected = interaction.response
    assert expected is not None
    problems = []
    if not status_accepts(expected.status, answer.status_code):
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
    elif isinstance(expected.body, JsonBody):
        for path, wanted, got in _plain_differences(expected.body.value, _json_or_text(answer), "$"):
            problems.append(
                MockMismatch(
                    "body",
                    request.method,
                    str(example_of(request.path)),
                    subject=path,
                    expected=json.dumps(wanted),
                    actual=json.dumps(got),
                    text="the mock server's answer differs from the declared response",
                )
            )
    return problems


def _plain_differences(expected: Any, actual: Any, path: str) -> list[tuple[str, Any, Any]]:
    """Where `actual` differs from `expected`, leaving out values a matcher or generator loosens."""
    if isinstance(expected, Matcher):
        return []
    if isinstance(expected, dict) and isinstance(actual, dict):
        return [
            difference
            for key, item in expected.items()
            for difference in _plain_differences(item, actual.get(key), f"{path}.{key}")
        ]
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [
            difference
            for index, (item, got) in enumerate(zip(expected, actual, strict=True))
            for difference in _plain_differences(item, got, f"{path}[{index}]")
        ]
    return [] if expected == actual else [(path, example_of(expected), actual)]


def status_accepts(expected: int | Matcher, actual: int) -> bool:
    """Whether `actual` is a status the declared one allows (a class, or a generated range)."""
    if not isinstance(expected, Matcher):
        return actual == expected
    if expected.rule == "statusCode":
        known = STATUS_CLASSES.get(str(expected.option("status")))
        return known is not None and actual in known.codes
    if expected.generator is not None and expected.generator.kind == "RandomInt":
        return int(expected.generator.option("min", 0)) <= actual <= int(expected.generator.option("max", 599))
    return bool(actual == expected.example)


def _json_or_text(answer: requests.Response) -> object:
    try:
        return answer.json()
    except ValueError:
        return answer.text


class ConsumerRun:
    """Every scenario of a run, the pacts they stage, and the pairs that failed."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.files = PactFiles(settings.pact_dir, settings.pact_file_mode)
        self.failures: dict[Pair, list[str]] = {}
        self.scenario: ScenarioContract | None = None
        self.written: dict[Pair, Path] = {}

    def begin_scenario(
        self, name: str, location: Location, tags: Iterable[str], description: Sequence[str] = ()
    ) -> ScenarioContract:
        """Start collecting one scenario's contract (its description lines become V4 comments)."""
        self.scenario = ScenarioContract(
            name, location, ScenarioTags.read(tags), [line for line in description if line]
        )
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
        except BaseException:  # an interrupt too: a scenario cut short never counts as passed
            self._fail(pair, f"{scenario.location} '{scenario.name}' failed")
            raise
        if mismatches:
            self._fail(pair, f"{scenario.location} '{scenario.name}' did not meet its contract")
            raise ContractNotMet(consumer_report(scenario.name, scenario.interactions, mismatches))
        self.files.collect(pair, scenario.interactions, scenario.specification(self.settings), scenario.location)

    def _fail(self, pair: Pair, reason: str) -> None:
        self.failures.setdefault(pair, []).append(reason)

    def finish(self) -> list[str]:
        """Write one pact file per pair that passed; say what was written and what was not."""
        lines = []
        for pair in sorted(self.failures, key=str):
            lines.append(
                f"contracts-bdd: no pact written for {pair} because scenarios failed: " + "; ".join(self.failures[pair])
            )
        self.written = self.files.write(self.files.collected_pairs - set(self.failures))
        lines += [
            f"contracts-bdd: wrote {path}" for _, path in sorted(self.written.items(), key=lambda item: str(item[0]))
        ]
        return lines
