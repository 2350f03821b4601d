"""Pact files on disk: staged while the run goes, each replaced atomically at the end.

During a run every passing scenario's pact is merged into a staging folder
inside the pact directory; `publish` moves a pair's file into place with one
`os.replace`, so a reader never sees a half-written pact::

    files = PactFiles(Path("pacts"), mode="overwrite")
    files.stage(pair, contract)      # after each passing scenario
    files.publish(pair)              # after all, only for pairs with no failure
    files.discard()
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from contracts_bdd.contract import Pair
from contracts_bdd.errors import ContractsBddError
from contracts_bdd.pact_engine import write_pact


class PactFiles:
    """The pact directory and this run's staging folder inside it."""

    def __init__(self, pact_dir: Path, mode: str) -> None:
        self.pact_dir = pact_dir
        self.mode = mode
        self._staging: Path | None = None
        self._staged: set[Pair] = set()

    def _staging_dir(self) -> Path:
        if self._staging is None:
            self.pact_dir.mkdir(parents=True, exist_ok=True)
            self._staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.pact_dir))
        return self._staging

    def stage(self, pair: Pair, contract: Any) -> None:
        """Merge one scenario's pact into the pair's staged file."""
        staging = self._staging_dir()
        if pair not in self._staged:
            existing = self.pact_dir / pair.filename
            if self.mode == "merge" and existing.exists():
                shutil.copyfile(existing, staging / pair.filename)
            self._staged.add(pair)
        write_pact(contract, staging)

    @property
    def staged_pairs(self) -> set[Pair]:
        """The pairs that have a staged file."""
        return set(self._staged)

    def publish(self, pair: Pair) -> Path:
        """Move the pair's staged file into the pact directory in one atomic step."""
        staged = self._staging_dir() / pair.filename
        try:
            json.loads(staged.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            msg = f"the staged pact for {pair} is unreadable ({err}); {self.pact_dir / pair.filename} was left as it was"
            raise ContractsBddError(msg) from err
        target = self.pact_dir / pair.filename
        os.replace(staged, target)
        return target

    def discard(self) -> None:
        """Remove the staging folder and anything left in it."""
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
