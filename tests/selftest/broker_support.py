"""Broker doubles for the tests: the real broker's contracts served by `pact stub`, and a scripted fake.

`BrokerStub` serves interactions taken unchanged from ../shared/interop/broker (the
contracts the real Pact Broker verifies). `FakeBroker` is a loopback HTTP server
whose answers a test scripts, for the failures a contract does not record.
"""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests_support import REPO

from contracts_bdd.provider.verification import free_port

BROKER_CONTRACTS = REPO.parent / "shared" / "interop" / "broker"
CLIENT_CONTRACT = BROKER_CONTRACTS / "Pact_Broker_Client_V2-Pact_Broker.json"
STUB_START_SECONDS = 20


def pact_binary() -> str:
    found = shutil.which("pact", path=str(Path(sys.executable).parent)) or shutil.which("pact")
    assert found, "the pact binary (pip install pact-python-cli) is not installed"
    return found


def recorded(description: str, state: str | None = None, contract: Path = CLIENT_CONTRACT) -> dict[str, Any]:
    """One interaction of a broker contract, by description (and provider state)."""
    for interaction in json.loads(contract.read_text())["interactions"]:
        if interaction["description"] == description and (state is None or interaction.get("providerState") == state):
            return interaction
    raise LookupError(f"{description!r} / {state!r} is not in {contract.name}")


class BrokerStub:
    """`pact stub` serving chosen interactions of the broker's contract on loopback."""

    def __init__(
        self, folder: Path, interactions: list[dict[str, Any]], port: int | None = None, files: list[Path] | None = None
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        arguments = [pact_binary(), "stub", "-p", str(self.port), "-l", "info"]
        if interactions:
            subset = folder / f"broker-subset-{self.port}.json"
            document = json.loads(CLIENT_CONTRACT.read_text())
            document["interactions"] = interactions
            subset.write_text(json.dumps(document))
            arguments += ["-f", str(subset)]
        for extra in files or []:
            arguments += ["-f", str(extra)]
        self.log = folder / f"stub-{self.port}.log"
        with self.log.open("w") as sink:
            self.process = subprocess.Popen(arguments, stdout=sink, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STUB_START_SECONDS
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        self.stop()
        raise AssertionError(f"pact stub did not start: {self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)

    def __enter__(self) -> BrokerStub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeBroker:
    """A scripted broker: `answers` maps "METHOD /path" to a list of (status, body, delay) used in turn."""

    answers: dict[str, list[tuple[int, Any, float]]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    tls: ssl.SSLContext | None = None

    def __post_init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        if self.tls is not None:
            self.server.socket = self.tls.wrap_socket(self.server.socket, server_side=True)
        scheme, host = ("https", "localhost") if self.tls is not None else ("http", "127.0.0.1")
        self.url = f"{scheme}://{host}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def answer(self, route: str, *replies: tuple[int, Any, float]) -> FakeBroker:
        self.answers[route] = list(replies)
        return self

    def requests_to(self, route: str) -> list[Seen]:
        method, path = route.split(" ", 1)
        return [seen for seen in self.seen if seen.method == method and seen.path.split("?")[0] == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _handler(broker: FakeBroker) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _reply(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            broker.seen.append(Seen(self.command, self.path, dict(self.headers), body))
            replies = broker.answers.get(
                f"{self.command} {self.path.split('?')[0]}", [(404, {"error": "not scripted"}, 0.0)]
            )
            status, answer, delay = replies.pop(0) if len(replies) > 1 else replies[0]
            if delay:
                time.sleep(delay)
            payload = json.dumps(answer(self) if callable(answer) else answer).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/hal+json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_POST = do_PUT = do_PATCH = _reply  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    return Handler


PROVIDER_P = """\
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

class P(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{"one": "a", "two": "b"}' if self.path == "/basic" else b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass

HTTPServer(("127.0.0.1", int(sys.argv[1])), P).serve_forever()
"""


def index(*relations: str, base: str = "") -> dict[str, Any]:
    return {"_links": {relation: {"href": base + path} for relation, path in (r.split("=") for r in relations)}}


Answer = Callable[[BaseHTTPRequestHandler], Any]


def verification_broker(pact: dict[str, Any], provider: str, tls: ssl.SSLContext | None = None) -> FakeBroker:
    """A broker that hands `pact` to a verifier and takes its results, shaped as the compat suite's c1 contract."""
    broker = FakeBroker(tls=tls)
    base = broker.url
    pact_url = f"{base}/pacts/provider/{provider}/consumer/{pact['consumer']['name']}"
    document = {
        **pact,
        "_links": {
            "pb:publish-verification-results": {
                "title": "Publish verification results",
                "href": pact_url + "/verification-results",
            }
        },
    }
    broker.answer(
        "GET /",
        (
            200,
            {
                "_links": {
                    "pb:provider-pacts-for-verification": {
                        "href": base + "/pacts/provider/{provider}/for-verification",
                        "templated": True,
                    }
                }
            },
            0,
        ),
    )
    broker.answer(
        f"GET /pacts/provider/{provider}/for-verification",
        (200, {"_links": {"self": {"href": f"{base}/pacts/provider/{provider}/for-verification"}}}, 0),
    )
    broker.answer(
        f"POST /pacts/provider/{provider}/for-verification",
        (
            200,
            {
                "_embedded": {
                    "pacts": [
                        {
                            "_links": {"self": {"href": pact_url, "name": "the example pact"}},
                            "shortDescription": "latest",
                        }
                    ]
                }
            },
            0,
        ),
    )
    broker.answer(f"GET /pacts/provider/{provider}/consumer/{pact['consumer']['name']}", (200, document, 0))
    broker.answer(
        f"POST /pacts/provider/{provider}/consumer/{pact['consumer']['name']}/verification-results", (201, {}, 0)
    )
    return broker
