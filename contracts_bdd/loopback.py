"""A small HTTP server on 127.0.0.1 that runs on a thread of its own while a block runs.

    with LoopbackServer(MyHandler) as server:
        print(server.base_url)        # http://127.0.0.1:<free port>

The state-change endpoint and the request-filter proxy are both built on it.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TypeVar

SHUTDOWN_POLL_SECONDS = 0.05
_Server = TypeVar("_Server", bound="LoopbackServer")


class LoopbackServer:
    """Serves `handler` on a free loopback port between `__enter__` and `__exit__`."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], name: str = "contracts-bdd-loopback") -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(SHUTDOWN_POLL_SECONDS,), name=name, daemon=True
        )

    @property
    def base_url(self) -> str:
        """The server's address, without a path."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self: _Server) -> _Server:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
