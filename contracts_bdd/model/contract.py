"""The contract model: what a consumer needs from a provider, in plain dataclasses.

Nothing here knows about Gherkin, behave or pact-python; the translation layer
(`contracts_bdd.gherkin.values`) builds these objects and the engine layer
(`contracts_bdd.pact.declare`) turns them into pact-python calls::

    interaction = Interaction(
        description="a request for user 1",
        states=[ProviderState("a user with id 1 exists", {"id": 1})],
        request=Request("GET", "/users/1", headers=[Header("Accept", "application/json")]),
        response=Response(200, body=JsonBody({"id": Matcher("integer", 1)})),
    )

Every part remembers the `Location` of the feature line that declared it, so a
mismatch can point back at the line a product owner wrote.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, TypeAlias, cast

from contracts_bdd.errors import Location
from contracts_bdd.model.characters import escape_code, invisible

Json: TypeAlias = "bool | int | float | str | list[Json] | dict[str, Json] | None"
"""A JSON value: what a state parameter, a generator option or a plain example is."""
Value: TypeAlias = "bool | int | float | str | Matcher | list[Value] | dict[str, Value] | None"
"""A value of the contract: JSON, with matchers (and generators) anywhere in it."""
Text: TypeAlias = "str | Matcher"
"""A path, header, query or status value: text, or a matcher standing for the whole of it."""


@dataclass(frozen=True)
class Generator:
    """How the other side replaces an example: a Pact generator and its options.

    `kind` is the Pact generator type ("RandomInt", "ProviderState", "MockServerURL"...).
    """

    kind: str
    options: tuple[tuple[str, Json], ...] = ()

    def option(self, key: str, default: Json = None) -> Json:
        """Return one option of the generator, or `default`."""
        return dict(self.options).get(key, default)

    def number(self, key: str, default: int) -> int:
        """A whole-number option (`min`, `max`, `digits`), or `default` when it is absent or not one."""
        found = self.option(key, default)
        return int(found) if isinstance(found, (int, float)) and not isinstance(found, bool) else default


@dataclass(frozen=True)
class Matcher:
    """A loosened value: `example` is what examples show, `rule` says what else is allowed.

    `rule` is Pact's own matching-rule name ("type", "regex", "integer"...), or
    None for a value that only carries a generator; `options` are the rule's
    attributes (a regex, a format, a minimum count...); `name` is the word the
    feature used (`each_like`, `not_empty`...), kept for messages and rendering.
    """

    rule: str | None
    example: Value
    options: tuple[tuple[str, Value], ...] = ()
    generator: Generator | None = None
    name: str = ""
    recorded: bool = False
    """Written `as_recorded(...)`: the example was not checked against the rule (a pact from elsewhere)."""

    def option(self, key: str, default: Value = None) -> Value:
        """Return one option of the rule, or `default`."""
        return dict(self.options).get(key, default)

    def listed(self, key: str) -> list[Value]:
        """An option that holds a list (`variants`, `rules`), as a list (empty when absent)."""
        found = self.option(key)
        return list(found) if isinstance(found, list) else []

    def rules(self) -> list[Matcher]:
        """The rules this matcher holds: for keys or values (`each_key_matches`, `each_value_matches`), or
        the several rules of one value (`all_of`, `any_of`)."""
        return [rule for rule in self.listed("rules") if isinstance(rule, Matcher)]

    @property
    def combined(self) -> bool:
        """Whether this is several rules on one value (`all_of`, `any_of`: Pact's `combine`)."""
        return self.rule == COMBINED

    def each_rule(self) -> list[Matcher]:
        """The rules on this value, in order: its own, or each of several."""
        return self.rules() if self.combined else [self] if self.rule is not None else []

    @property
    def generator_expression(self) -> Any:
        """The expression of a ProviderState generator, if this value has one."""
        return self.generator.option("expression") if self.generator is not None else None


COMBINED = "combine"
"""The `rule` of a matcher that holds several rules on one value; its `combine` option is AND or OR."""


@dataclass(frozen=True)
class PathRule:
    """A rule or generator a pact keeps at a path, written as the pact has it.

    Most rules belong to one value and are written on it (`{{ integer(1) }}`); the path then
    follows from where the value is. A pact from elsewhere may also keep a rule at a path no
    one value stands at (`$.items[*].*`, `$.baz[0]` of a query, a generator at `a`), or one
    that its own place would write at another path (`[*]` under a list that has no rule).
    Such a rule is kept here, with its path as the pact writes it. `part` is the pact's
    category: body, header, query, path, status or metadata. `value` is a matcher (several
    rules as `all_of`/`any_of`), a generator alone, or a matcher with `generate=`; nothing
    is implied for it, and its example is only shown, never written.
    """

    part: str
    path: str
    value: Matcher
    location: Location | None = None


def example_of(value: Value) -> Json:
    """Return `value` with every matcher replaced by its example (recursively)."""
    if isinstance(value, Matcher):
        return example_of(value.example)
    if isinstance(value, dict):
        return {key: example_of(item) for key, item in value.items()}
    if isinstance(value, list):
        return [example_of(item) for item in value]
    return value


def text_of(value: object) -> str:
    """A scalar as text, the way a form field or a header carries it: true/false, "" for null."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def matchers_in(value: Value) -> list[Matcher]:
    """Every matcher inside `value`, outermost first."""
    found: list[Matcher] = []
    if isinstance(value, Matcher):
        found.append(value)
        found.extend(matchers_in(value.example))
        for _, option in value.options:
            found.extend(matchers_in(option))
    elif isinstance(value, dict):
        for item in value.values():
            found.extend(matchers_in(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(matchers_in(item))
    return found


@dataclass(frozen=True)
class JsonBody:
    """A JSON document whose values may be `Matcher`s."""

    value: Value
    location: Location | None = None
    content_type: str = "application/json"


@dataclass(frozen=True)
class TextBody:
    """A body taken literally, with its content type."""

    text: str
    location: Location | None = None
    content_type: str = "text/plain"


@dataclass(frozen=True)
class FormBody:
    """An application/x-www-form-urlencoded body: field -> value (a list for repeated fields)."""

    fields: dict[str, Value]
    location: Location | None = None
    content_type: str = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class XmlElement:
    """One XML element: its name as written (prefix and all), attributes, children and its own rule.

    Children are elements or text values, in document order. `rule` is a `Matcher` on the
    element itself: a type rule, with a minimum for an element the provider may repeat
    (`contracts_bdd.model.xml_document` has the paths and the example text).
    """

    tag: str
    attributes: dict[str, Value] = field(default_factory=dict)
    children: list[XmlElement | Value] = field(default_factory=list)
    rule: Matcher | None = None

    @property
    def copies(self) -> int:
        """How many times the example shows the element: its rule's `shown=`, else its minimum, at least once."""
        shown = self.rule.option("shown") if self.rule is not None else None
        if isinstance(shown, int) and shown >= 1:
            return shown
        minimum = self.rule.option("min") if self.rule is not None else None
        return minimum if isinstance(minimum, int) and minimum > 1 else 1


@dataclass(frozen=True)
class XmlBody:
    """An XML document whose attribute and text values may be `Matcher`s."""

    root: XmlElement
    location: Location | None = None
    content_type: str = "application/xml"


@dataclass(frozen=True)
class BinaryBody:
    """Bytes with a content type."""

    data: bytes
    location: Location | None = None
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class MultipartPart:
    """One file part of a multipart/form-data body: its field name, file name, bytes and content type."""

    name: str
    filename: str
    data: bytes
    content_type: str = "application/octet-stream"
    location: Location | None = None


@dataclass(frozen=True)
class MultipartBody:
    """A multipart/form-data body: its file parts, in order."""

    parts: tuple[MultipartPart, ...]
    location: Location | None = None
    content_type: str = "multipart/form-data"


Body = JsonBody | TextBody | FormBody | XmlBody | BinaryBody | MultipartBody


@dataclass(frozen=True)
class Header:
    """One header line: name, value and where it was declared."""

    name: str
    value: Text
    location: Location | None = None


@dataclass(frozen=True)
class QueryParameter:
    """One query-string parameter (repeat the name for several values); a value of None is none at all (`?flag`)."""

    name: str
    value: Text | None
    location: Location | None = None


@dataclass(frozen=True)
class ProviderState:
    """A state the provider must be in, with its parameters."""

    name: str
    parameters: dict[str, Json] = field(default_factory=dict)
    location: Location | None = None


@dataclass
class Request:
    """What the consumer sends."""

    method: str
    path: Text
    location: Location | None = None
    headers: list[Header] = field(default_factory=list)
    query: list[QueryParameter] = field(default_factory=list)
    body: Body | None = None
    matching_rules: dict[str, Any] = field(default_factory=dict)
    """Matching rules in a pact file's own form, by category (`{"body": {"$.id": {"matchers": [...]}}}`, or
    V2's `{"$.body.id": {...}}`), declared as they are beside the rules the values carry: what a pact
    holds that the vocabulary has no word for."""
    generators: dict[str, Any] = field(default_factory=dict)
    """Generators in a pact file's own form, declared as they are beside those the values carry."""
    at_paths: list[PathRule] = field(default_factory=list)

    def header_location(self, name: str) -> Location | None:
        """Where header `name` (any case) was declared, else where the request was."""
        for header in self.headers:
            if header.name.lower() == name.lower():
                return header.location
        return self.location

    def query_location(self, name: str) -> Location | None:
        """Where query parameter `name` was declared, else where the request was."""
        for parameter in self.query:
            if parameter.name == name:
                return parameter.location
        return self.location


@dataclass
class Response:
    """What the consumer needs back: a status (or a status-class `Matcher`), headers, body."""

    status: int | Matcher
    location: Location | None = None
    headers: list[Header] = field(default_factory=list)
    body: Body | None = None
    matching_rules: dict[str, Any] = field(default_factory=dict)
    """Rules in a pact file's own form, declared as they are beside those the values carry."""
    generators: dict[str, Any] = field(default_factory=dict)
    """Generators in a pact file's own form, declared as they are beside those the values carry."""
    at_paths: list[PathRule] = field(default_factory=list)


@dataclass
class Interaction:
    """One request and the response the consumer needs, given provider states."""

    description: str
    request: Request
    states: list[ProviderState] = field(default_factory=list)
    response: Response | None = None
    pending: bool = False
    comments: list[str] = field(default_factory=list)
    references: list[tuple[str, str, str]] = field(default_factory=list)
    key: str | None = None
    test_name: str | None = None
    """The test the interaction came from (a V4 pact's `comments.testname`), shown when it is verified."""
    transport: str | None = None


class Identified(Protocol):
    """An HTTP interaction or a message: what a pact tells interactions apart by."""

    description: str
    states: list[ProviderState]


def declaration_of(interaction: object) -> Any:
    """What `interaction` (or any part of one) declares, leaving out where: two declarations of it compare equal."""
    return _without_locations(asdict(cast(Any, interaction)))


def identity_of(interaction: Identified) -> tuple[str, tuple[str, ...]]:
    """What a pact tells interactions apart by: the description and the provider states, with their parameters."""
    states = tuple(
        f"{state.name} {json.dumps(state.parameters, sort_keys=True, default=str)}" for state in interaction.states
    )
    return interaction.description, states


def _without_locations(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_locations(item) for key, item in value.items() if key != "location"}
    if isinstance(value, (list, tuple)):
        return [_without_locations(item) for item in value]
    return value


def party_name_problem(name: str) -> str | None:
    """Why `name` cannot name a consumer or provider, or None when it can.

    A name becomes part of a file name (`<consumer>-<provider>.json`), so it must
    not be able to leave the pact directory or break a line of output.
    """
    if not name.strip():
        return "the name is empty"
    if "/" in name or "\\" in name:
        return "the name holds a path separator"
    if ".." in name:
        return "the name holds '..'"
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        return "the name holds a control character (a line break, a tab, ...)"
    hidden = [char for char in name if invisible(char)]
    if hidden:
        return (
            f"the name holds a character that does not show ({escape_code(hidden[0])}: a bidi control, a zero-width "
            "or other invisible character), so the file name would read as something else"
        )
    return None


@dataclass(frozen=True)
class Pair:
    """A consumer and the provider it depends on: one pact file each."""

    consumer: str
    provider: str

    @property
    def filename(self) -> str:
        """The pact file name every Pact implementation uses for this pair."""
        return f"{self.consumer}-{self.provider}.json"

    def __str__(self) -> str:
        return f"{self.consumer} -> {self.provider}"


@dataclass(frozen=True)
class InteractionFilter:
    """Which interactions to verify: by consumer, description (regex) and provider state (regex)."""

    consumers: tuple[str, ...] = ()
    description: str | None = None
    state: str | None = None
    no_state: bool = False

    def combined(self, other: InteractionFilter) -> InteractionFilter:
        """Both filters at once (where both set the same field, `other` wins)."""
        return InteractionFilter(
            self.consumers or other.consumers,
            other.description or self.description,
            other.state or self.state,
            self.no_state or other.no_state,
        )

    def admits(self, consumer: str, description: str, states: Sequence[str]) -> bool:
        """Whether an interaction passes this filter (descriptions and states by regex search)."""
        if self.consumers and consumer not in self.consumers:
            return False
        if self.description and not re.search(self.description, description):
            return False
        if self.no_state and states:
            return False
        return not self.state or any(re.search(self.state, state) for state in states)


# -- every value of an interaction ------------------------------------------------------------
def interaction_values(interaction: Interaction) -> list[tuple[Any, Location | None]]:
    """Every value of an interaction that may hold matchers, with where it was declared."""
    request, response = interaction.request, interaction.response
    parts: list[tuple[Any, Location | None]] = [(request.path, request.location)]
    parts += [(header.value, header.location) for header in request.headers]
    parts += [(item.value, item.location) for item in request.query]
    parts.append((body_value(request.body), request.body.location if request.body else None))
    parts += [(rule.value, rule.location) for rule in request.at_paths]
    if response is not None:
        parts.append((response.status, response.location))
        parts += [(header.value, header.location) for header in response.headers]
        parts.append((body_value(response.body), response.body.location if response.body else None))
        parts += [(rule.value, rule.location) for rule in response.at_paths]
    return parts


def path_rule_need(found: PathRule) -> str | None:
    """Why a rule at a path needs pact specification V3, or None: pact-ffi 0.5 writes a V2 pact's header and query
    rules under the whole key as one name (`$.headers['$.x[0]']`), so a path below a name needs V3."""
    if found.part in ("header", "query", "metadata") and (found.path.startswith("$") or "[" in found.path):
        return f"a {found.part} rule at the path {found.path}"
    return None


def body_value(body: Body | None) -> Any:
    """The values of a body that may hold matchers (JSON, form fields, XML attributes and texts), else None."""
    if isinstance(body, JsonBody):
        return body.value
    if isinstance(body, FormBody):
        return body.fields
    if isinstance(body, XmlBody):
        return _xml_values(body.root)
    return None


def _xml_values(element: XmlElement) -> list[Any]:
    found: list[Any] = [element.rule] if element.rule is not None else []
    found += element.attributes.values()
    for child in element.children:
        found.extend(_xml_values(child) if isinstance(child, XmlElement) else [child])
    return found
