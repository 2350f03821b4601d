"""Native output: what pact-ffi writes straight to file descriptor 1 goes to the log instead.

    with native_stdout_to_log():
        verifier.verify()           # the Rust verifier's own report lands in `contracts_bdd.ffi`

The Rust verifier prints its report to fd 1 (behave's terminal), and pact-ffi
complains there about bodies without a content type. Every call into pact-ffi
that may print runs inside `native_stdout_to_log()`.
"""

from __future__ import annotations

import atexit
import ctypes
import functools
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from contracts_bdd.interrupts import INTERRUPTS
from contracts_bdd.redaction import scrubbed

_ffi_log = logging.getLogger("contracts_bdd.ffi")


@functools.cache
def _libc() -> ctypes.CDLL:
    """The C library, to flush its buffers (loaded on first use, not at import)."""
    return ctypes.CDLL(None)


@functools.cache
def _sink() -> IO[bytes]:
    """One temporary file for the whole run that native output is caught in, emptied after each block."""
    sink = tempfile.TemporaryFile()  # noqa: SIM115 - kept open for the run, closed at exit
    atexit.register(sink.close)
    return sink


_redirected = [0]  # how many blocks are open: an inner block leaves the outer's redirection alone


@contextmanager
def native_stdout_to_log() -> Iterator[None]:
    """Send what native code writes to file descriptor 1 to the log while the block runs."""
    if _redirected[0]:
        _redirected[0] += 1
        try:
            yield
        finally:
            _redirected[0] -= 1
        return
    # A signal while fd 1 is swapped must wait: cut there, the restore would never run and the
    # rest of the run's output (what after_all says) would vanish into the sink.
    with INTERRUPTS.deferred():
        sys.stdout.flush()
        _libc().fflush(None)
        sink = _sink()  # empty: every block leaves it so
        saved = os.dup(1)
        os.dup2(sink.fileno(), 1)
        _redirected[0] = 1
    try:
        INTERRUPTS.raise_pending()
        yield
    finally:
        with INTERRUPTS.deferred():
            _redirected[0] = 0
            _libc().fflush(None)
            os.dup2(saved, 1)
            os.close(saved)
            _log_stray_output(sink)
    INTERRUPTS.raise_pending()


def _log_stray_output(sink: IO[bytes]) -> None:
    """Log what native code wrote into the sink, and empty it."""
    if os.fstat(sink.fileno()).st_size:  # most blocks print nothing: no read, no truncate
        sink.seek(0)
        stray = scrubbed(sink.read().decode(errors="replace").strip())
        sink.seek(0)
        sink.truncate()
        if stray:
            _ffi_log.debug("pact-ffi wrote to stdout:\n%s", stray)
