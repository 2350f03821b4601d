"""What one scenario of the suite builds up, on one object: `context.compat`.

    world = World.begin(context.scenario)     # in before_scenario
    world.definitions[1]                      # the Background's interactions
    world.close()                             # in after_scenario: servers stopped, handlers removed

The pact specification a scenario writes is its folder's (V1 to V4); contracts-bdd writes V1 as V2,
the version every V1 file is read as.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.definitions import Definition
from harness.differences import ENGINE_DIFFERENCES, PRODUCT_CHOICES, EngineDifference, ProductChoice

from contracts_bdd.errors import Location

SPECIFICATIONS = {"V1": "V2", "V2": "V2", "V3": "V3", "V4": "V4"}
"""The suite's folder -> the pact specification contracts-bdd writes for it."""


@dataclass
class World:
    """One scenario's definitions, the parts it started, and what they reported."""

    version: str
    location: Location
    name: str
    folder: Path
    definitions: dict[int, Definition] = field(default_factory=dict)
    cleanups: ExitStack = field(default_factory=ExitStack)
    parts: dict[str, Any] = field(default_factory=dict)
    """The scenario's parts by role ("consumer", "provider", "verification", "message"...)."""

    @classmethod
    def begin(cls, scenario: Any) -> World:
        filename = str(scenario.filename)
        version = next((part for part in Path(filename).parts if part in SPECIFICATIONS), "V4")
        folder = Path(tempfile.mkdtemp(prefix="contracts-bdd-compat-"))
        return cls(version, Location(filename, int(scenario.line)), str(scenario.name), folder)

    @property
    def specification(self) -> str:
        """The pact specification this scenario's pacts are written in."""
        return SPECIFICATIONS[self.version]

    @property
    def key(self) -> str:
        """`V1/http_consumer.feature: <scenario name>`: how the tables of differences name a scenario."""
        return f"{self.location.filename.split('features/', 1)[-1]}: {self.name}"

    @property
    def product_choice(self) -> ProductChoice | None:
        """The product check this scenario would trip, run without (see `harness.differences`)."""
        return PRODUCT_CHOICES.get(self.key)

    @property
    def engine_difference(self) -> EngineDifference | None:
        """What the engine is measured to do instead of what this scenario expects."""
        return ENGINE_DIFFERENCES.get(self.key)

    @property
    def product_settings(self) -> dict[str, Any]:
        """The settings this scenario's provider run opts into."""
        return dict(self.product_choice.settings) if self.product_choice is not None else {}

    def part(self, role: str) -> Any:
        """A part an earlier step made; a step out of order says which step is missing."""
        assert role in self.parts, f"no {role} yet: the step that makes it has not run in this scenario"
        return self.parts[role]

    def on_close(self, action: Callable[[], object]) -> None:
        """Run `action` when the scenario ends (last registered, first run)."""
        self.cleanups.callback(action)

    def close(self) -> None:
        try:
            self.cleanups.close()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
