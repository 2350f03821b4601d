"""Files replaced whole: staged in a private folder beside their targets, under the folder's lock, and moved
into place with `os.replace` while signals wait, so no reader ever sees half a file.

    with staging_folder(Path("pacts")) as staging:
        (staging / "Web-Api.json").write_bytes(content)
        move_into_place({staging / "Web-Api.json": Path("pacts/Web-Api.json")})

The lock is `flock` on the folder itself (no lock file is left behind): runs that write the
same folder take turns. The staging folder is removed afterwards, whatever happened.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from contracts_bdd.interrupts import INTERRUPTS


@contextmanager
def staging_folder(folder: Path) -> Iterator[Path]:
    """A private folder inside `folder` (created if need be) to stage files in, while `folder` is locked."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=folder))
    try:
        with locked(folder):
            yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def move_into_place(moves: Mapping[Path, Path]) -> None:
    """Move each staged file onto its target, every one of them: a signal that arrives meanwhile waits."""
    INTERRUPTS.interrupt_now()
    with INTERRUPTS.deferred():
        for staged, target in moves.items():
            os.replace(staged, target)


@contextmanager
def locked(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on `directory` itself."""
    handle = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock
