"""The loopback proxy that applies the registered request filters and forwards to the provider."""

from __future__ import annotations

import traceback
from http.server import BaseHTTPRequestHandler
from typing import Any

import requests

from contracts_bdd.provider.loopback import IDLE_SECONDS, LoopbackServer
from contracts_bdd.provider.request_filter import OutgoingRequest, RequestFilters

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length", "host"}
FORWARD_TIMEOUT_SECONDS = 30


class RequestFilterProxy(LoopbackServer):
    """A loopback proxy between the verifier and the provider that applies the request filters."""

    def __init__(self, target: str, filters: RequestFilters) -> None:
        self.target = target.rstrip("/")
        self.filters = filters
        self.session = requests.Session()
        super().__init__(_handler(self), name="contracts-bdd-request-filters")

    @property
    def url(self) -> str:
        """Where the verifier should send its requests: the secret path is the base path it keeps."""
        return self.base_url + self.secret_path

    def __exit__(self, *exc: object) -> None:
        super().__exit__(*exc)
        self.session.close()

    def forward(self, request: OutgoingRequest) -> tuple[int, dict[str, str], bytes]:
        """Filter `request`, send it to the provider, and return the provider's answer."""
        try:
            self.filters.apply(request)
        except Exception:
            return 502, {"Content-Type": "text/plain"}, f"a request filter raised:\n{traceback.format_exc()}".encode()
        answer = self.session.request(
            request.method,
            self.target + request.path,
            headers=request.headers,
            data=request.body or None,
            timeout=FORWARD_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
        headers = {name: value for name, value in answer.headers.items() if name.lower() not in HOP_BY_HOP}
        return answer.status_code, headers, answer.content


def _handler(proxy: RequestFilterProxy) -> type[BaseHTTPRequestHandler]:
    class Forward(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = IDLE_SECONDS

        def _forward(self) -> None:
            if not proxy.admits(self.path):
                # Only the verifier knows the path: no other local process gets the filters' credentials.
                self.close_connection = True  # its body, if any, is never read
                self._answer(403, {"Content-Type": "text/plain"}, b"forbidden")
                return
            length = int(self.headers.get("Content-Length") or 0)
            headers = {name: value for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP}
            path = self.path[len(proxy.secret_path) :] or "/"
            if not path.startswith("/"):
                path = "/" + path
            request = OutgoingRequest(self.command, path, headers, self.rfile.read(length) if length else b"")
            self._answer(*proxy.forward(request))

        def _answer(self, status: int, answer_headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for name, value in answer_headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _forward  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Keep the proxy's requests out of behave's output."""

    return Forward
