"""The contract model: what a consumer needs from a provider, in plain dataclasses.

Nothing here knows about Gherkin, behave or pact-python; the translation layer
(`contracts_bdd.gherkin`) builds these objects and the engine layer
(`contracts_bdd.pact_engine`) turns them into pact-python calls::

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

from dataclasses import dataclass, field
from typing import Any

from contracts_bdd.errors import Location


@dataclass(frozen=True)
class Matcher:
    """A loosened value: `example` is what examples show, `rule` says what else is allowed.

    `name` is a key of `contracts_bdd.matchers.MATCHERS`; `options` are the
    rule's arguments (a regex, a format, a minimum count...).
    """

    name: str
    example: Any
    options: tuple[tuple[str, Any], ...] = ()

    def option(self, key: str, default: Any = None) -> Any:
        """Return one option of the rule, or `default`."""
        return dict(self.options).get(key, default)


def example_of(value: Any) -> Any:
    """Return `value` with every matcher replaced by its example (recursively)."""
    if isinstance(value, Matcher):
        inner = example_of(value.example)
        if value.name == "each_like":
            return [inner] * max(1, value.option("min", 1) or 1)
        return inner
    if isinstance(value, dict):
        return {key: example_of(item) for key, item in value.items()}
    if isinstance(value, list):
        return [example_of(item) for item in value]
    return value


@dataclass(frozen=True)
class JsonBody:
    """A JSON document whose values may be `Matcher`s."""

    value: Any
    location: Location | None = None
    content_type: str = "application/json"


@dataclass(frozen=True)
class TextBody:
    """A body taken literally, with its content type."""

    text: str
    location: Location | None = None
    content_type: str = "text/plain"


Body = JsonBody | TextBody


@dataclass(frozen=True)
class Header:
    """One header line: name, value and where it was declared."""

    name: str
    value: str
    location: Location | None = None


@dataclass(frozen=True)
class QueryParameter:
    """One query-string parameter (repeat the name for several values)."""

    name: str
    value: str
    location: Location | None = None


@dataclass(frozen=True)
class ProviderState:
    """A state the provider must be in, with its parameters."""

    name: str
    parameters: dict[str, Any] = field(default_factory=dict)
    location: Location | None = None


@dataclass
class Request:
    """What the consumer sends."""

    method: str
    path: str
    location: Location | None = None
    headers: list[Header] = field(default_factory=list)
    query: list[QueryParameter] = field(default_factory=list)
    body: Body | None = None

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
    """What the consumer needs back."""

    status: int
    location: Location | None = None
    headers: list[Header] = field(default_factory=list)
    body: Body | None = None


@dataclass
class Interaction:
    """One request and the response the consumer needs, given provider states."""

    description: str
    request: Request
    states: list[ProviderState] = field(default_factory=list)
    response: Response | None = None

    @property
    def label(self) -> str:
        """A one-line name: the description and the request line."""
        return f"'{self.description}' ({self.request.method} {self.request.path})"


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
