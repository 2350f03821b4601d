"""What happens when a run is stopped: SIGINT (Ctrl-C), SIGTERM (CI cancel, `timeout`, `kill`) and SIGHUP
(the terminal or SSH session that ran it closed).

    INTERRUPTS.install()                 # before_all, in the main thread
    ...
    if INTERRUPTS.signal_name:            # after_all: nothing is written or published
        ...
    with INTERRUPTS.deferred():          # the moves into pacts/ are never cut in half
        ...
    INTERRUPTS.interrupt_now()           # raise now for a signal that came meanwhile
    stop = on_exit(provider.stop)        # runs at exit too, should after_all never come
    stop.cancel()                        # when the provider was stopped the normal way

The first signal raises `KeyboardInterrupt` in the main thread, so behave
aborts the run as it does for Ctrl-C and still calls `after_all`. Later signals
are only recorded: they must not cut short the cleanup the first one started.
When the process ends it ends itself with that same signal, the Unix
convention, so a shell sees 130 for SIGINT, 143 for SIGTERM and 129 for SIGHUP.
"""

from __future__ import annotations

import atexit
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from types import FrameType

HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupts:
    """The signals a run has received, and whether one may interrupt what runs now."""

    def __init__(self) -> None:
        self.received: signal.Signals | None = None
        self._deferring = 0
        self._pending = False
        self._installed = False

    @property
    def signal_name(self) -> str | None:
        """`SIGINT`, `SIGTERM` or `SIGHUP` once one has arrived, else None."""
        return self.received.name if self.received is not None else None

    def install(self) -> None:
        """Handle SIGINT, SIGTERM and SIGHUP from now on (a no-op outside the main thread, or when done already)."""
        if self._installed or threading.current_thread() is not threading.main_thread():
            return
        for number in HANDLED:
            signal.signal(number, self._on_signal)
        atexit.register(self._end_with_signal)
        self._installed = True

    def _on_signal(self, number: int, frame: FrameType | None) -> None:
        if self.received is not None:
            return
        self.received = signal.Signals(number)
        if self._deferring:
            self._pending = True
        else:
            raise KeyboardInterrupt

    def interrupt_now(self) -> None:
        """Raise `KeyboardInterrupt` if a signal arrived while interrupts were deferred."""
        if self.received is not None and not self._deferring:
            self._pending = False
            raise KeyboardInterrupt

    def raise_pending(self) -> None:
        """Raise `KeyboardInterrupt` for the first signal if it came while deferred and was not raised yet.

        Unlike `interrupt_now`, a signal already raised (and being handled: `after_all` runs) is not raised again.
        """
        if self._pending and not self._deferring:
            self._pending = False
            raise KeyboardInterrupt

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Run the block whole: a signal that arrives meanwhile is only recorded (see `signal_name`)."""
        self._deferring += 1
        try:
            yield
        finally:
            self._deferring -= 1

    def _end_with_signal(self) -> None:
        """At exit after a signal: run the other exit work, then end by that signal."""
        if self.received is None:
            return
        _run_exit_callbacks()
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            with suppress(OSError, ValueError):
                stream.flush()
        signal.signal(self.received, signal.SIG_DFL)
        os.kill(os.getpid(), self.received)


INTERRUPTS = Interrupts()


class ExitCallback:
    """A cleanup that runs at process exit unless cancelled first."""

    def __init__(self, callback: Callable[[], object]) -> None:
        self.callback = callback

    def cancel(self) -> None:
        """The cleanup was done the normal way; exit need not do it."""
        _PENDING.pop(id(self), None)


_PENDING: dict[int, ExitCallback] = {}


def on_exit(callback: Callable[[], object]) -> ExitCallback:
    """Run `callback` when the process exits, whatever ended the run, unless cancelled."""
    registered = ExitCallback(callback)
    _PENDING[id(registered)] = registered
    return registered


def _run_exit_callbacks() -> None:
    while _PENDING:
        _, registered = _PENDING.popitem()
        try:
            registered.callback()
        except Exception:
            logging.getLogger("contracts_bdd").exception("cleanup at exit failed")


atexit.register(_run_exit_callbacks)
