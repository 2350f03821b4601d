"""Pact files on disk: collected while the run goes, each replaced atomically at the end.

Every passing scenario's interactions are declared again on one unserved
`Pact` per consumer-provider pair (a served pact takes no new interactions,
an unserved one does). `publish` writes that pact once into a staging folder
inside the pact directory and moves it into place with one `os.replace`, so a
reader never sees a half-written pact::

    files = PactFiles(Path("pacts"), mode="overwrite")
    files.collect(pair, interactions, "V4", location)   # after each passing scenario
    files.publish(pair)                 # after all, only for pairs with no failure
    files.discard()
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from contracts_bdd.contract import Interaction, Pair
from contracts_bdd.errors import ContractsBddError, FeatureError, Location
from contracts_bdd.pact_engine import build_pact, declare, write_pact


class PactFiles:
    """The pact directory, and the interactions collected for each pair this run."""

    def __init__(self, pact_dir: Path, mode: str) -> None:
        self.pact_dir = pact_dir
        self.mode = mode
        self._collected: dict[Pair, list[tuple[Any, set[str]]]] = {}
        self._versions: dict[Pair, tuple[str, Location]] = {}
        self._staging: Path | None = None

    def collect(self, pair: Pair, interactions: Sequence[Interaction], specification: str, location: Location) -> None:
        """Add one passing scenario's interactions to the pair's pact.

        Raises:
            FeatureError: the pair's pact already has another specification version.
        """
        if pair in self._versions:
            first, where = self._versions[pair]
            if first != specification:
                raise FeatureError(
                    location,
                    f"this scenario's pact for {pair} is {specification}, but the scenario at {where} made it {first}",
                    "one pact file has one specification: give every feature of the pair the same @pact: tag",
                )
        self._versions.setdefault(pair, (specification, location))
        descriptions = {interaction.description for interaction in interactions}
        # pact-ffi replaces an interaction declared again with the same description, even
        # for other provider states; such a scenario goes to a further collector pact.
        for contract, taken in self._collected.setdefault(pair, []):
            if not descriptions & taken:
                declare(contract, interactions)
                taken.update(descriptions)
                return
        self._collected[pair].append((build_pact(pair, specification, interactions), descriptions))

    @property
    def collected_pairs(self) -> set[Pair]:
        """The pairs that have interactions to write."""
        return set(self._collected)

    def publish(self, pair: Pair) -> Path:
        """Write the pair's pact and move it into the pact directory in one atomic step.

        In merge mode the interactions are merged into a copy of the existing file,
        so those of features not run this time are kept.
        """
        if self._staging is None:
            self.pact_dir.mkdir(parents=True, exist_ok=True)
            self._staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.pact_dir))
        target = self.pact_dir / pair.filename
        staged = self._staging / pair.filename
        merge = self.mode == "merge" and target.exists()
        if merge:
            shutil.copyfile(target, staged)
        for index, (contract, _) in enumerate(self._collected[pair]):
            write_pact(contract, self._staging, merge=merge or index > 0)
        try:
            json.loads(staged.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            msg = f"the pact written for {pair} is unreadable ({err}); {target} was left as it was"
            raise ContractsBddError(msg) from err
        os.replace(staged, target)
        return target

    def discard(self) -> None:
        """Remove the staging folder and anything left in it."""
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
