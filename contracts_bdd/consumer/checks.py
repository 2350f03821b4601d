"""What a pact can hold: V4-only features, every rule and generator, and rules on headers and queries.

check_specification(interaction, "V3", scenario_location)   # FeatureError at the line that needs more
check_names(interaction)                                    # FeatureError at a header or query row Pact cannot keep
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from contracts_bdd.errors import FeatureError, Location
from contracts_bdd.model.contract import (
    Header,
    Interaction,
    Matcher,
    QueryParameter,
    example_of,
    interaction_values,
)
from contracts_bdd.model.matchers import lowest_specification
from contracts_bdd.model.specs import SPECIFICATIONS

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


def check_names(interaction: Interaction) -> None:
    """Raise `FeatureError` at a header or query row whose rule a pact cannot keep as written.

    A pact keeps one rule per header or query parameter name, and applies it to every value
    of that name; pact-rust matches a header's rule against each value on its own, so a
    rule over a list of values can never be met in a header.
    """
    response = interaction.response
    header_sets: list[Sequence[Header]] = [interaction.request.headers, response.headers if response else []]
    for headers in header_sets:
        for header in headers:
            if isinstance(example_of(header.value), list):
                raise FeatureError(
                    header.location or interaction.request.location or Location("", 0),
                    f"the header '{header.name}' has a rule over a list of values; pact-rust matches a header's "
                    "rule against each value on its own, so this one can never be met",
                    f"one row per value, each with the same matcher: | {header.name} | PHP |, | {header.name} | Go |",
                )
        _one_rule_per_name(headers, "header", lambda name: name.lower())
    _one_rule_per_name(interaction.request.query, "query parameter", lambda name: name)


def _one_rule_per_name(rows: Sequence[Header | QueryParameter], what: str, key: Callable[[str], str]) -> None:
    first: dict[str, Header | QueryParameter] = {}
    for row in rows:
        earlier = first.setdefault(key(row.name), row)
        if earlier is row or _rule_of(earlier.value) == _rule_of(row.value):
            continue
        listing = (
            ' or list the values in one row: {{ each_value_matches(["1", "2"], regex("1", "\\\\d+")) }}'
            if what == "query parameter"
            else ""
        )
        raise FeatureError(
            row.location or Location("", 0),
            f"the {what} '{row.name}' has {_described(row.value)} here and {_described(earlier.value)} at "
            f"{earlier.location}; a pact keeps one rule per {what} name and applies it to every value",
            f"give every row of '{row.name}' the same matcher (or none){listing}",
        )


def _rule_of(value: object) -> object:
    return (value.rule, value.options) if isinstance(value, Matcher) and value.rule is not None else None


def _described(value: object) -> str:
    if isinstance(value, Matcher) and value.rule is not None:
        return f"the rule {value.name or value.rule}()"
    return "no rule"
