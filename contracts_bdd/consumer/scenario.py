"""One scenario's contract as the steps declare it: requests, responses, messages, states, names.

    scenario = ScenarioContract("Get a user", Location("users.feature", 3), ScenarioTags.read(["pact:V4"]))
    scenario.declare_request("GET", "/users/1", location)
    scenario.declare_response(200, location)
    scenario.check(settings)                 # complete, and what its pact specification can hold

A pure declaration: serving it (the mock server, the messages) is `consumer.served`'s job,
which seals the contract once its mock server runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from contracts_bdd.config import Settings
from contracts_bdd.consumer.checks import (
    check_message,
    check_multipart,
    check_names,
    check_specification,
    check_with_engine,
)
from contracts_bdd.errors import FeatureError, Location, SetupError
from contracts_bdd.gherkin.tags import ScenarioTags
from contracts_bdd.gherkin.values import fill_from_states
from contracts_bdd.model.contract import (
    Body,
    Header,
    Interaction,
    MultipartBody,
    MultipartPart,
    Pair,
    PathRule,
    ProviderState,
    QueryParameter,
    Request,
    Response,
    declaration_of,
    identity_of,
    party_name_problem,
)
from contracts_bdd.model.matchers import body_with_implied_rules
from contracts_bdd.model.messages import AnyInteraction, Message, MessageInteraction, MetadataEntry
from contracts_bdd.pact.written_form import as_written, summary, written_form_differences

_Pair = TypeVar("_Pair", Header, QueryParameter)

PATH_RULE_PARTS = {
    "request": ("body", "header", "query", "path"),
    "response": ("body", "header", "status", "path", "query"),
    "message": ("body", "metadata"),
}
"""Where a part keeps rules at paths: the categories a pact has for it."""

MANY_INTERACTIONS = 50
"""Above this many interactions in one scenario the pre-flight warns: pact-ffi's mock server matches
every request against every interaction it holds, and its cost grows roughly with the cube of their
number (51.5 s for 300 in one scenario, against well under a second for 300 scenarios of one)."""


@dataclass
class ScenarioContract:
    """What one scenario declares, and the mock server that serves it."""

    name: str
    location: Location
    tags: ScenarioTags = field(default_factory=ScenarioTags)
    comments: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    name_locations: dict[str, Location] = field(default_factory=dict)
    interactions: list[AnyInteraction] = field(default_factory=list)
    pending_states: list[ProviderState] = field(default_factory=list)
    pending_description: str | None = None
    sealed: bool = False
    """Its mock server runs: consumer code asked for the URL, so nothing more may be declared."""
    declared_ahead: bool = False
    """Built by the pre-flight from the scenario's steps; the run declares nothing more on it."""
    _pair: Pair | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.comments = [line for line in self.comments if line]  # a copy: never behave's own list

    # -- declaring -----------------------------------------------------------------
    def name_party(self, role: str, name: str, location: Location) -> None:
        """Set the consumer or provider for this scenario."""
        self._still_declaring(location)
        self._pair = None
        self.names[role] = name
        self.name_locations[role] = location

    def add_state(self, state: ProviderState) -> None:
        """A provider state for the next request declared."""
        self._still_declaring(state.location)
        self.pending_states.append(state)

    def add_comment(self, comment: str, location: Location) -> None:
        """A comment on the scenario's interactions (written into the pact, V4)."""
        self._still_declaring(location)
        self.comments.append(comment)
        for interaction in self.interactions:
            interaction.comments.append(comment)

    def describe(self, description: str, location: Location) -> None:
        """Name the interaction: the current one, or the next if none is open."""
        self._still_declaring(location)
        current = self.interactions[-1] if self.interactions else None
        if isinstance(current, Interaction) and current.response is None:
            current.description = description
        else:
            self.pending_description = description

    def declare_request(self, method: str, path: str, location: Location) -> None:
        """Open a new interaction with this request."""
        self._still_declaring(location)
        number = len(self.interactions) + 1
        description = self.pending_description or (self.name if number == 1 else f"{self.name} ({number})")
        request = Request(method, fill_from_states(path, _parameters(self.pending_states), location), location)
        self.interactions.append(Interaction(description, request, transport=self.tags.transport, **self._opening()))

    def _opening(self) -> dict[str, Any]:
        """What the next interaction takes from the scenario: the pending states (used up), tags, comments, key."""
        number = len(self.interactions) + 1
        key = self.tags.key if number == 1 or not self.tags.key else f"{self.tags.key}-{number}"
        taken = {
            "states": self.pending_states,
            "pending": self.tags.pending,
            "comments": list(self.comments),
            "references": list(self.tags.references),
            "key": key,
        }
        self.pending_states = []
        self.pending_description = None
        return taken

    def declare_message(self, description: str, location: Location, *, synchronous: bool) -> None:
        """Open a new message interaction: one the provider publishes, or one the consumer sends (`synchronous`)."""
        self._still_declaring(location)
        named = self.pending_description or description
        replies: list[Message] | None = [] if synchronous else None
        self.interactions.append(MessageInteraction(named, Message(location), replies=replies, **self._opening()))

    def declare_reply(self, location: Location) -> None:
        """A reply the consumer needs to the synchronous message it sends."""
        interaction = self._current_message(location, "a reply")
        if interaction.replies is None:
            raise FeatureError(
                location,
                f"the message '{interaction.description}' is one the provider publishes, so nothing replies to it",
                'for a message the consumer sends and the provider answers: When the consumer sends the message "..."',
            )
        interaction.replies.append(Message(location))

    def name_test(self, name: str, location: Location) -> None:
        """The test that wrote the interaction (a V4 comment, `testname`)."""
        self._current(location, "the test name").test_name = name

    def add_path_rules(self, part: str, rules: Sequence[PathRule], location: Location) -> None:
        """Rules and generators the part keeps at paths of their own (as a pact from elsewhere may)."""
        allowed = PATH_RULE_PARTS["message" if part in ("message", "reply") else part]
        for found in rules:
            if found.part not in allowed:
                raise FeatureError(
                    found.location or location,
                    f"a {part} keeps no rules in '{found.part}'",
                    f"one of: {', '.join(allowed)}",
                )
        self._part(part, location).at_paths.extend(rules)

    def add_metadata(self, part: str, entries: Sequence[MetadataEntry], location: Location) -> None:
        """Metadata the message (or reply) carries."""
        interaction = self._current_message(location, "a metadata table")
        parameters = _parameters(interaction.states)
        self._message_part(part, location).metadata.extend(
            replace(entry, value=fill_from_states(entry.value, parameters, entry.location or location))
            for entry in entries
        )

    def _current(self, location: Location, what: str) -> AnyInteraction:
        self._still_declaring(location)
        if not self.interactions:
            raise FeatureError(
                location,
                f"{what} comes before any request or message",
                'declare the request first: When the consumer sends a GET request to "/users/1" '
                '(or the message: When the provider publishes the message "an order was placed")',
                out_of_order=True,
            )
        return self.interactions[-1]

    def _current_http(self, location: Location, what: str) -> Interaction:
        interaction = self._current(location, what)
        if isinstance(interaction, MessageInteraction):
            raise FeatureError(
                location,
                f"{what} belongs to an HTTP request, but the last thing declared is the message "
                f"'{interaction.description}' (at {interaction.location})",
                "a message has a body and metadata: And the message has the metadata: | topic | orders |",
            )
        return interaction

    def _current_message(self, location: Location, what: str) -> MessageInteraction:
        interaction = self._current(location, what)
        if not isinstance(interaction, MessageInteraction):
            raise FeatureError(
                location,
                f"{what} belongs to a message, but the last thing declared is the request at "
                f"{interaction.request.location}",
                'declare the message first: When the provider publishes the message "an order was placed"',
            )
        return interaction

    def _message_part(self, part: str, location: Location) -> Message:
        """The current message interaction's message, or its last reply (`part` is "message" or "reply")."""
        interaction = self._current_message(location, f"a {part} detail")
        if part == "message":
            return interaction.message
        if not interaction.replies:
            raise FeatureError(
                location,
                "a reply detail comes before the reply",
                "Then the provider replies with a message",
                out_of_order=True,
            )
        return interaction.replies[-1]

    def _part(self, part: str, location: Location) -> Request | Response | Message:
        """The current interaction's request, response, message or reply."""
        if part in ("message", "reply"):
            return self._message_part(part, location)
        return self._http_part(part, location)

    def _http_part(self, part: str, location: Location) -> Request | Response:
        """The current interaction's request or response (`part` is "request" or "response")."""
        interaction = self._current_http(location, f"a {part} detail")
        if part == "request":
            return interaction.request
        if interaction.response is None:
            raise FeatureError(
                location,
                "a response detail comes before the response status",
                "Then the provider responds with status 200",
                out_of_order=True,
            )
        return interaction.response

    def add_headers(self, part: str, headers: Sequence[Header], location: Location) -> None:
        """Headers the request or response carries."""
        target = self._http_part(part, location)
        parameters = _parameters(self._current_http(location, "a header table").states)
        target.headers.extend(_filled(header, parameters, location) for header in headers)

    def add_query(self, query: Sequence[QueryParameter], location: Location) -> None:
        """Query parameters the request must carry."""
        interaction = self._current_http(location, "a query table")
        parameters = _parameters(interaction.states)
        interaction.request.query.extend(_filled(item, parameters, location) for item in query)

    def set_body(self, part: str, body: Body, location: Location) -> None:
        """The body of the request or response (a response's generators used alone get their implied rules)."""
        target = self._part(part, location)
        if target.body is not None:
            raise FeatureError(
                location,
                f"the {part} already has a body (declared at {target.body.location}); a second would replace it",
                "one body step per request or response (several multipart parts are several part steps)",
            )
        target.body = body_with_implied_rules(body) if self._provider_made(part) else body

    def _provider_made(self, part: str) -> bool:
        """Whether the provider makes the part: a response, a reply, or a message it publishes.

        A generator alone in such a body gets the rule it implies, since the provider's value is the one checked.
        """
        if part == "message":
            current = self.interactions[-1]
            return isinstance(current, MessageInteraction) and not current.synchronous
        return part in ("response", "reply")

    def add_multipart_part(self, part: str, found: MultipartPart, location: Location) -> None:
        """Add a file part to the request's or response's multipart body (started by the first part)."""
        target = self._http_part(part, location)
        body = target.body
        if body is None:
            target.body = MultipartBody((found,), location)
        elif isinstance(body, MultipartBody):
            target.body = replace(body, parts=(*body.parts, found))
        else:
            raise FeatureError(
                location,
                f"the {part} already has a body (declared at {body.location}); a multipart part cannot join it",
                "one body per request or response: multipart parts only, or the other body only",
            )

    def declare_response(self, status: int, location: Location) -> None:
        """The status the consumer needs back."""
        interaction = self._current_http(location, "a response")
        if interaction.response is not None:
            raise FeatureError(
                location,
                f"the request at {interaction.request.location} already has a response "
                f"(declared at {interaction.response.location})",
                "one response per request; declare another request first for a second exchange",
            )
        interaction.response = Response(status, location)

    def refuse_after_start(self, location: Location | None) -> None:
        """Refuse a declaration at `location` once the mock server runs."""
        if self.sealed and location is not None:
            raise FeatureError(
                location,
                "the mock server is already running: consumer code asked for its URL in an earlier step",
                "declare states, requests and responses before the step that calls your client code",
            )

    def _still_declaring(self, location: Location | None) -> None:
        self.refuse_after_start(location)
        if self.declared_ahead:
            msg = (
                f"{location or self.location}: a step declares contract details at run time, after the pre-flight "
                "built this scenario's contract from its steps, so the two would differ; decorate your own "
                "declaring step with contracts_bdd.steps.declares_contract (under its @step) so the pre-flight "
                "replays it too"
            )
            raise SetupError(msg)

    # -- the contract as a whole -----------------------------------------------------
    def pair(self, settings: Settings) -> Pair:
        """The consumer-provider pair this scenario's contract belongs to (worked out once)."""
        if self._pair is None:
            self._pair = self._named_pair(settings)
        return self._pair

    def _named_pair(self, settings: Settings) -> Pair:
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
            check_with_engine(interaction, self.location)
            if isinstance(interaction, MessageInteraction):
                check_message(interaction, version, self.location)
            else:
                check_names(interaction)
                check_multipart(interaction)

    def _check_complete(self) -> None:
        if self.pending_states:
            state = self.pending_states[-1]
            raise FeatureError(
                state.location or self.location,
                f"the provider state '{state.name}' is declared after the last request, so it applies to nothing",
                "declare provider states before the request they belong to",
            )
        for interaction in self.http_interactions:
            if interaction.response is None:
                raise FeatureError(
                    interaction.request.location or self.location,
                    f"the request {interaction.request.method} {interaction.request.path} has no response",
                    "Then the provider responds with status 200",
                )

    @property
    def http_interactions(self) -> list[Interaction]:
        """The scenario's HTTP interactions: what the mock server serves."""
        return [interaction for interaction in self.interactions if isinstance(interaction, Interaction)]

    @property
    def message_interactions(self) -> list[MessageInteraction]:
        """The scenario's messages."""
        return [interaction for interaction in self.interactions if isinstance(interaction, MessageInteraction)]


def conflicting_declarations(contracts: Iterable[ScenarioContract], settings: Settings) -> list[FeatureError]:
    """Interactions that two scenarios (or two outline rows) declare differently under one identity.

    A pact holds one interaction per description and provider states; pact-ffi keeps the
    last one declared, so the other would be lost without a word. Two declarations in
    different words (a Content-Type header written out or left to the body's type, a default
    format spelt out) are one when the pact would hold the same interaction: that is what is
    compared (`contracts_bdd.pact.written_form`), and a refusal says where the two differ.
    """
    first: dict[tuple[Pair, tuple[str, tuple[str, ...]]], tuple[AnyInteraction, Location, str]] = {}
    written_first: dict[tuple[Pair, tuple[str, tuple[str, ...]]], dict[str, Any]] = {}
    problems = []
    for contract in [contract for contract in contracts if contract.interactions]:
        pair = contract.pair(settings)
        for interaction in contract.interactions:
            key = (pair, identity_of(interaction))
            if key not in first:
                first[key] = (interaction, contract.location, contract.specification(settings))
                continue
            earlier, where, specification = first[key]
            if declaration_of(earlier) == declaration_of(interaction):  # compared only when identities meet
                continue
            if key not in written_first:  # written once, however many declarations meet it
                written_first[key] = as_written(pair, specification, earlier)
            differences = written_form_differences(as_written(pair, specification, interaction), written_first[key])
            if not differences:
                continue
            states = ", ".join(repr(state.name) for state in interaction.states)
            given = f" given {states}" if states else ""
            problems.append(
                FeatureError(
                    contract.location,
                    f"the interaction '{interaction.description}'{given} of {pair} is declared differently at "
                    f"{where}: the pact would hold {summary(differences)}; a pact holds one interaction by that "
                    "description and those states, so one of the two would be lost",
                    "name each one apart: rename a scenario, put an Examples column as <column> into the "
                    'Scenario Outline\'s name, or add: And the interaction is described as "...", or make the '
                    "two the same",
                )
            )
    return problems


def v3_pairs_of_both_kinds(contracts: Iterable[ScenarioContract], settings: Settings) -> list[FeatureError]:
    """Pairs whose V3 pact would hold HTTP interactions and messages: a V3 file holds one kind (pact-ffi refuses)."""
    first: dict[Pair, tuple[str, Location]] = {}
    problems = []
    for contract in contracts:
        if not contract.interactions or contract.specification(settings) != "V3":
            continue
        pair = contract.pair(settings)
        for kind in {
            "HTTP interactions" if contract.http_interactions else "",
            "messages" if contract.message_interactions else "",
        } - {""}:
            seen = first.setdefault(pair, (kind, contract.location))
            if seen[0] != kind:
                problems.append(
                    FeatureError(
                        contract.location,
                        f"this scenario adds {kind} to the V3 pact of {pair}, which holds {seen[0]} (the scenario at "
                        f"{seen[1]}); a V3 pact holds either HTTP interactions or messages, not both",
                        "make the pact V4 (@pact:V4, or pact_specification = V4), which holds both",
                    )
                )
                break
    return problems


def _filled(item: _Pair, parameters: dict[str, Any], location: Location) -> _Pair:
    """A header or query parameter whose `${name}` shorthand has its example from the states' parameters."""
    value = fill_from_states(item.value, parameters, item.location or location)
    return item if value is item.value else replace(item, value=value)


def _parameters(states: Sequence[ProviderState]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for state in states:
        merged.update(state.parameters)
    return merged
