"""A small HTTP server on 127.0.0.1 that runs on a thread of its own while a block runs.

    with LoopbackServer(MyHandler) as server:
        print(server.base_url)        # http://127.0.0.1:<free port>
        server.secret_path            # /<a random token>: only the run that opened it knows it

The state-change endpoint, the message endpoint and the request-filter proxy
are built on it. Any process on the machine can reach a loopback port, so each
server answers only requests under its `secret_path`, which is handed to the
verifier alone, and nothing another process sends can make it grow: the path is
checked before a body is read, a body's declared size before it is read, at most
`MAX_CONNECTIONS` connections are served at once (each on a thread; more are
closed at once), and a connection that sends nothing for `IDLE_SECONDS` is closed.
A local process that holds every connection open can still make the verifier's
calls fail; it cannot make the run read, allocate or start anything more.
"""

from __future__ import annotations

import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

SHUTDOWN_POLL_SECONDS = 0.05
MAX_CONNECTIONS = 16
"""Connections served at once (the verifier uses a few); one more is closed as soon as it is accepted."""
IDLE_SECONDS = 30.0
"""How long a connection may send nothing before it is closed (the verifier's are kept alive between calls)."""
_Server = TypeVar("_Server", bound="LoopbackServer")


class _BoundedServer(ThreadingHTTPServer):
    """A threading HTTP server that serves at most `MAX_CONNECTIONS` connections (and threads) at once."""

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)  # refused: no thread, nothing read
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


class LoopbackServer:
    """Serves `handler` on a free loopback port between `__enter__` and `__exit__`."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], name: str = "contracts-bdd-loopback") -> None:
        self.secret_path = "/" + secrets.token_urlsafe(24)
        self._server = _BoundedServer(("127.0.0.1", 0), handler)
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


class JsonRequest(BaseHTTPRequestHandler):
    """A request to one of our endpoints: a JSON object POSTed to one path, answered on a kept-alive connection."""

    protocol_version = "HTTP/1.1"  # keep-alive: the verifier calls several times per interaction
    timeout = IDLE_SECONDS
    disable_nagle_algorithm = True  # else headers and body, written apart, wait on the client's delayed ACK

    def read_json(self, path: str, limit: int, shape: str) -> dict[str, Any] | None:
        """The JSON object POSTed to `path`; None once a refusal (404, 413 or 400, naming `shape`) is answered.

        The path is checked first and the declared size next, before any of the body is read: a refused
        request's body is never read, and its connection is closed.
        """
        if self.path.split("?")[0] != path:
            self.close_connection = True
            self.answer_json(404, {"error": "not found"})
            return None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= limit:
            self.close_connection = True
            self.answer_json(413, {"error": f"{shape} of at most {limit} bytes"})
            return None
        body = self.rfile.read(length)
        try:
            payload = json.loads(body or b"{}")
        except (ValueError, RecursionError):
            payload = None
        if not isinstance(payload, dict):
            self.answer_json(400, {"error": shape})
            return None
        return payload

    def answer_json(self, status: int, answer: dict[str, Any]) -> None:
        """Answer with a JSON object."""
        self.answer(status, json.dumps(answer).encode(), {"Content-Type": "application/json"})

    def answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        """Answer with `body` and `headers`."""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Keep the verifier's calls out of behave's output."""
