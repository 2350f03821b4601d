"""Pact files on disk: collected while the run goes, each replaced atomically at the end.

Every passing scenario's interactions are declared again on one unserved
`Pact` per consumer-provider pair (a served pact takes no new interactions,
an unserved one does). `write` writes those pacts once into a staging folder
inside the pact directory, then moves them into place with `os.replace`, so a
reader never sees a half-written pact::

    files = PactFiles(Path("pacts"), mode="overwrite")
    files.collect(pair, interactions, "V4", location)   # after each passing scenario
    written = files.write([pair])       # after all, only for pairs with no failure

Runs that share a pact directory take turns: `write` holds an exclusive
`flock` on the directory from reading the file it merges into until the last
move, so N runs in merge mode give the union of their interactions. The moves
run with signals deferred (`contracts_bdd.interrupts`): an interrupt before
them leaves every file as it was; one during them lets them finish, and the
caller sees it recorded (nothing is published then).

Before anything is moved, what pact-ffi rewrote is put back as declared (`contracts_bdd.pact.as_declared`:
`timestamp` rules and V4 transports), then each staged pact is read back and compared with what the
scenarios declared (`contracts_bdd.pact.proof`); a difference replaces nothing.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from contracts_bdd.errors import FeatureError, Location, PactFileError
from contracts_bdd.interrupts import INTERRUPTS
from contracts_bdd.model.contract import Pair
from contracts_bdd.model.messages import AnyInteraction
from contracts_bdd.model.specs import SPECIFICATIONS
from contracts_bdd.pact.as_declared import put_back
from contracts_bdd.pact.declare import build_pact, declare, write_pact
from contracts_bdd.pact.document import PactBytes, parse_pact
from contracts_bdd.pact.merge import merge_losses
from contracts_bdd.pact.proof import written_differences
from contracts_bdd.pact.reader import read_pact, specification_of

_PROCESS: dict[int, str] = {}
"""This process's own name among the shards (by process id: a forked child names itself anew)."""


def shard_of(shards: Path) -> Path:
    """The folder this process writes its pacts to under `shards` (`pact_shards`): one per process.

    A parallel runner (BehaveX) runs several behave runs one after the other in each of its
    processes; they all merge into the process's folder, and `contracts-bdd merge` unites the
    folders of all processes once they are done.
    """
    pid = os.getpid()
    name = _PROCESS.setdefault(pid, f"{pid}-{secrets.token_hex(4)}")  # a token no earlier process of that id had
    return shards / name


class PactFiles:
    """The pact directory, and the interactions collected for each pair this run."""

    def __init__(self, pact_dir: Path, mode: str) -> None:
        self.pact_dir = pact_dir
        self.mode = mode
        self._collected: dict[Pair, list[tuple[Any, set[str]]]] = {}
        self._versions: dict[Pair, tuple[str, Location]] = {}
        self._declared: dict[Pair, list[tuple[AnyInteraction, Location]]] = {}
        self.totals: dict[Pair, int] = {}
        """How many interactions each pact written holds (more than this run declared, when merged)."""

    def collect(
        self, pair: Pair, interactions: Sequence[AnyInteraction], specification: str, location: Location
    ) -> None:
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
        self._declared.setdefault(pair, []).extend((interaction, location) for interaction in interactions)
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

    def declared_count(self, pair: Pair) -> int:
        """How many interactions this run declared for `pair`."""
        return len(self._declared.get(pair, []))

    def write(self, pairs: Iterable[Pair], merged: Collection[Pair] = ()) -> dict[Pair, PactBytes]:
        """Write the pacts of `pairs` and move them into the pact directory; return where each went, and its bytes.

        The bytes are read from the staged file after it was proved and before it is moved, under the
        lock: what is published is what this run wrote, even if another run replaces the file after.

        In merge mode, and for the `merged` pairs (those a narrowed run did not run whole),
        the interactions are merged into a copy of the existing file, so those of features
        not run this time are kept.

        Raises:
            ContractsBddError: a pact came out unreadable or would land outside the
                pact directory; no file was replaced.
        """
        chosen = sorted(pairs, key=str)
        if not chosen:
            return {}
        self.pact_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.pact_dir))
        try:
            with _locked(self.pact_dir):
                staged = {pair: self._stage(pair, staging, merging=pair in merged) for pair in chosen}
                INTERRUPTS.interrupt_now()
                with INTERRUPTS.deferred():
                    for pair, (path, _) in staged.items():
                        os.replace(path, self.pact_dir / pair.filename)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return {pair: PactBytes(self.pact_dir / pair.filename, content) for pair, (_, content) in staged.items()}

    def _stage(self, pair: Pair, staging: Path, *, merging: bool = False) -> tuple[Path, bytes]:
        """The pair's pact written into `staging`, and its bytes as they were proved."""
        target = self.pact_dir / pair.filename
        if target.resolve().parent != self.pact_dir.resolve():
            msg = f"the pact for {pair} would be written to {target}, outside {self.pact_dir}; nothing was written"
            raise PactFileError(msg)
        staged = staging / pair.filename
        merging = (merging or self.mode == "merge") and target.exists()
        before = self._merged_into(pair, target, staged) if merging else None
        try:
            for index, (contract, _) in enumerate(self._collected[pair]):
                write_pact(contract, staging, merge=before is not None or index > 0)
        except PactFileError as err:
            msg = f"the pact for {pair} was not written to {target}, which was left as it was: {err}"
            raise PactFileError(msg) from err
        try:
            content = self._put_back(pair, staged, before)
            document = parse_pact(content, str(target))
            written = read_pact(document, str(target))
        except PactFileError as err:
            msg = f"the pact written for {pair} is unreadable ({err}); {target} was left as it was"
            raise PactFileError(msg) from err
        self.totals[pair] = len(written.interactions)
        lost = merge_losses(before, document, {item.description for item, _ in self._declared[pair]}) if before else []
        if lost:
            listing = "\n".join(f"  {item}" for item in lost)
            msg = (
                f"merging into {target} would lose what it holds and pact-ffi does not keep, so it was left as it "
                f"was and nothing was written or published:\n{listing}\n  Write this run's pacts to a folder of "
                "its own (pact_dir), or run every consumer feature with pact_file_mode = overwrite (the pact is "
                "then written anew)"
            )
            raise PactFileError(msg)
        problems = written_differences(self._declared[pair], written, document)
        if problems:
            listing = "\n".join(f"  {problem}" for problem in problems)
            msg = (
                f"the pact written for {pair} differs from what the scenarios declared, so {target} was left "
                f"as it was and nothing was published:\n{listing}\n"
                "  This is pact-ffi writing something else than it was given. Write the value another way "
                "(see docs/round-trip.md), or report it with this message"
            )
            raise PactFileError(msg)
        return staged, content

    def _put_back(self, pair: Pair, staged: Path, before: dict[str, Any] | None) -> bytes:
        """The staged pact's bytes, with what pact-ffi rewrote put back as declared (see `pact.as_declared`)."""
        content = PactBytes.read(staged).content
        document = parse_pact(content, str(staged))
        if put_back(document, [interaction for interaction, _ in self._declared[pair]], before):
            content = json.dumps(document, indent=2, ensure_ascii=False).encode()  # pact-ffi's own layout
            staged.write_bytes(content)
        return content

    def _merged_into(self, pair: Pair, target: Path, staged: Path) -> dict[str, Any]:
        """The existing pact this run merges into, copied to `staged`; refused if merging would downgrade it."""
        existing = PactBytes.read(target).content
        before = parse_pact(existing, str(target))
        ours, theirs = self._versions[pair][0], specification_of(before)
        if SPECIFICATIONS.index(theirs) > SPECIFICATIONS.index(ours):
            msg = (
                f"{target} is a {theirs} pact and this run writes {ours}: merging would rewrite it as {ours} and "
                f"drop what {ours} cannot hold (V4 comments, pending, keys and interaction types), so it was left "
                f"as it was and nothing was written or published. Write this run as {theirs} too "
                f"(pact_specification = {theirs}, or @pact:{theirs}), or to a pact_dir of its own"
            )
            raise PactFileError(msg)
        staged.write_bytes(existing)
        return before


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on `directory` itself (no lock file is left behind)."""
    handle = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock
