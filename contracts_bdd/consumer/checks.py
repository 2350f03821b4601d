"""What a scenario's pact specification can hold: V4-only features and every rule and generator.

check_specification(interaction, "V3", scenario_location)   # FeatureError at the line that needs more
"""

from __future__ import annotations

from contracts_bdd.errors import FeatureError, Location
from contracts_bdd.model.contract import (
    Interaction,
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
