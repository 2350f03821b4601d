"""A small HTTP server on 127.0.0.1 that runs on a thread of its own while a block runs.

    with LoopbackServer(MyHandler) as server:
        print(server.base_url)        # http://127.0.0.1:<free port>
        server.secret_path            # /<a random token>: only the run that opened it knows it

The state-change endpoint and the request-filter proxy are both built on it.
Any process on the machine can reach a loopback port, so each server answers
only requests under its `secret_path`, which is handed to the verifier alone.
"""

from __future__ import annotations

import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TypeVar

SHUTDOWN_POLL_SECONDS = 0.05
_Server = TypeVar("_Server", bound="LoopbackServer")


class LoopbackServer:
    """Serves `handler` on a free loopback port between `__enter__` and `__exit__`."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], name: str = "contracts-bdd-loopback") -> None:
        self.secret_path = "/" + secrets.token_urlsafe(24)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(SHUTDOWN_POLL_SECONDS,), name=name, daemon=True
        )

    @property
    def base_url(self) -> str:
        """The server's address, without a path."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def admits(self, path: str) -> bool:
        """Whether a request for `path` comes from the run that opened the server."""
        return path == self.secret_path or path.startswith(self.secret_path + "/")

    def __enter__(self: _Server) -> _Server:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
