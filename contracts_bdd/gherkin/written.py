"""Scenarios as a product owner wrote them: the steps' keyword, text, table and docstring, and where.

    step = WrittenStep("Given", 'the provider is in the state "a user exists"')
    where = Location("users.feature", 3)
    scenario = WrittenScenario("Users", Location("users.feature", 1), "A user", where, (), (step,))

`contracts_bdd.behave.written` fills these from the feature files; the living
documentation (`contracts_bdd.site`) shows them beside the pacts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from contracts_bdd.errors import Location


@dataclass(frozen=True)
class WrittenStep:
    """One step as a product owner wrote it: keyword, text, table rows and docstring."""

    keyword: str
    text: str
    table: tuple[tuple[str, ...], ...] = ()
    docstring: str | None = None
    background: bool = False


@dataclass(frozen=True)
class WrittenScenario:
    """A consumer scenario as written, and the interactions it declares (by pair and identity).

    `interactions` holds (consumer, provider, kind, description, states) for each: what a
    pact tells interactions apart by, with the kind ("HTTP" or a message kind).
    """

    feature: str
    feature_location: Location
    name: str
    location: Location
    tags: tuple[str, ...]
    steps: tuple[WrittenStep, ...]
    interactions: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = field(default=())
