"""How the broker client talks HTTP: urllib3's `Retry` on an `HTTPAdapter`, under an overall deadline per call.

    session = retrying_session(requests.Session(), attempts=4, backoff=0.5, statuses=(502, 503, 504))
    with CallDeadline(60) as deadline:
        answer = session.get(url, timeout=10)
        content = answer.content
    deadline.expired            # True if the call ran out of time (its sockets were shut)

A socket time-out bounds each read, not a call: a server that drips one byte
every few seconds never trips it. `CallDeadline` bounds the whole call,
retries and backoff included. Every connection the call uses registers its
socket, and when the deadline passes a timer shuts those sockets, which ends
any read in progress; the `Retry` then refuses to try again.

Retries: connection failures, time-outs and the given statuses are retried
`attempts - 1` times with exponential backoff (backoff, 2 x backoff, ...),
and a `Retry-After` header is honoured within the deadline. POST is retried
too: publishing the same contracts again is idempotent at the broker, and the
old client did the same.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any

if sys.version_info >= (3, 11):
    from typing import Self
else:
    from typing_extensions import Self

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import ConnectionPool, HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import MaxRetryError, ResponseError
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

_CALLS = threading.local()


class CallDeadline:
    """The time one broker call may take, on this thread, as a context manager."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._ends_at = 0.0
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    @property
    def remaining(self) -> float:
        """Seconds left before the deadline."""
        return self._ends_at - time.monotonic()

    def __enter__(self) -> CallDeadline:
        self._ends_at = time.monotonic() + self.seconds
        self._timer = threading.Timer(self.seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()
        _CALLS.current = self
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        _CALLS.current = None
        if self._timer is not None:
            self._timer.cancel()

    def track(self, sock: socket.socket | None) -> None:
        """A socket this call reads from; shut at once if the deadline has passed."""
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _current() -> CallDeadline | None:
    return getattr(_CALLS, "current", None)


class _Tracked:
    """Registers the connection's socket with the call under way, whenever the connection is used."""

    sock: socket.socket | None

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        call = _current()
        if call is not None:
            call.track(self.sock)

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        call = _current()
        if call is not None:
            call.track(self.sock)
        return super().getresponse(*args, **kwargs)  # type: ignore[misc]


class _TrackedHTTPConnection(_Tracked, HTTPConnection):
    pass


class _TrackedHTTPSConnection(_Tracked, HTTPSConnection):
    pass


class _TrackedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _TrackedHTTPConnection


class _TrackedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _TrackedHTTPSConnection


_POOLS: dict[str, type[HTTPConnectionPool]] = {"http": _TrackedHTTPPool, "https": _TrackedHTTPSPool}


class _DeadlineAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = _POOLS
        return manager


def _retry(attempts: int, backoff: float, statuses: Sequence[int], sleep: Callable[[float], None]) -> Retry:
    class DeadlineRetry(Retry):
        """`Retry` that stops at the call's deadline and sleeps through the given function."""

        def increment(
            self,
            method: str | None = None,
            url: str | None = None,
            response: BaseHTTPResponse | None = None,
            error: Exception | None = None,
            _pool: ConnectionPool | None = None,
            _stacktrace: TracebackType | None = None,
        ) -> Self:
            call = _current()
            if call is not None and call.expired:
                reason = error or ResponseError("the call's deadline passed")
                raise MaxRetryError(_pool, url or "", reason)  # type: ignore[arg-type]
            return super().increment(method, url, response, error, _pool, _stacktrace)

        def sleep(self, response: Any = None) -> None:
            delay = self.backoff_factor * 2 ** max(len(self.history) - 1, 0)
            retry_after = self.get_retry_after(response) if response is not None else None
            if retry_after is not None:
                delay = retry_after
            call = _current()
            if call is not None:
                delay = min(delay, max(call.remaining, 0.0))
            if delay > 0:
                sleep(delay)

    return DeadlineRetry(
        total=attempts - 1,
        status_forcelist=tuple(statuses),
        allowed_methods=None,  # every method: see the module docstring
        backoff_factor=backoff,
        raise_on_status=False,
        respect_retry_after_header=True,
    )


def retrying_session(
    session: requests.Session,
    *,
    attempts: int,
    backoff: float,
    statuses: Sequence[int],
    sleep: Callable[[float], None] = time.sleep,
) -> requests.Session:
    """`session` with retries and deadline tracking mounted for http:// and https://."""
    adapter = _DeadlineAdapter(max_retries=_retry(attempts, backoff, statuses, sleep))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
