"""The request-filter proxy: it forwards only the verifier's requests, with the filters applied."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from typing import Any

import requests

from contracts_bdd.pact.loopback import LoopbackServer
from contracts_bdd.provider.filter_proxy import RequestFilterProxy
from contracts_bdd.provider.request_filter import OutgoingRequest, RequestFilters


class EchoHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = f"{self.path} {self.headers.get('Authorization')}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


def credentials(request: OutgoingRequest) -> None:
    request.headers["Authorization"] = "Bearer filter-credential"


def test_the_verifier_gets_the_filtered_request_and_other_local_processes_get_nothing() -> None:
    with (
        LoopbackServer(EchoHandler) as provider,
        RequestFilterProxy(provider.base_url, RequestFilters([credentials])) as proxy,
    ):
        through = requests.get(proxy.url + "/users/1?x=1", timeout=5)
        guessed = [
            requests.get(proxy.base_url + path, timeout=5) for path in ("/users/1", "/", "/x" + proxy.secret_path)
        ]

    assert (through.status_code, through.text) == (200, "/users/1?x=1 Bearer filter-credential")
    assert [answer.status_code for answer in guessed] == [403, 403, 403]
    assert all("filter-credential" not in answer.text for answer in guessed)
