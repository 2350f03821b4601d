"""A small HTTP server on 127.0.0.1 that runs on a thread of its own while a block runs.

    with LoopbackServer(MyHandler) as server:
        print(server.base_url)        # http://127.0.0.1:<free port>
        server.secret_path            # /<a random token>: only the run that opened it knows it

The state-change endpoint and the request-filter proxy are both built on it.
Any process on the machine can reach a loopback port, so each server answers
only requests under its `secret_path`, which is handed to the verifier alone.
"""

from __future__ import annotations

import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

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


class JsonRequest(BaseHTTPRequestHandler):
    """A request to one of our endpoints: a JSON object POSTed to one path, answered on a kept-alive connection."""

    protocol_version = "HTTP/1.1"  # keep-alive: the verifier calls several times per interaction
    disable_nagle_algorithm = True  # else headers and body, written apart, wait on the client's delayed ACK

    def read_json(self, path: str, limit: int, shape: str) -> dict[str, Any] | None:
        """The JSON object POSTed to `path`; None once a refusal (413, 404 or 400, naming `shape`) is answered."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= limit:
            self.close_connection = True
            self.answer_json(413, {"error": f"{shape} of at most {limit} bytes"})
            return None
        body = self.rfile.read(length)  # read in full even when refused, so the next request on the connection parses
        if self.path.split("?")[0] != path:
            self.answer_json(404, {"error": "not found"})
            return None
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
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Keep the verifier's calls out of behave's output."""
