"""Broker doubles for the tests: the real broker's contracts served by `pact stub`, and a scripted fake.

`BrokerStub` serves interactions taken unchanged from ../shared/interop/broker (the
contracts the real Pact Broker verifies). `FakeBroker` is a loopback HTTP server
whose answers a test scripts, for the failures a contract does not record.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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


def moved(description: str, state: str | None, to: str, contract: Path = CLIENT_CONTRACT) -> dict[str, Any]:
    """The answer the broker's contract records, with every HAL link moved to the origin `to`.

    The contract's own matching rules allow it: each rule on a link is a regex such as
    `.*(\\/contracts\\/publish)$` (any prefix, so any host), or a type rule. Each moved link is
    checked against its rule, so the double answers within the contract the real broker is
    verified against, only with the freedom a hostile (or misconfigured) broker has.
    """
    response = recorded(description, state, contract)["response"]
    body, rules = response["body"], response.get("matchingRules", {})
    if isinstance(body, dict) and "contentType" in body and "content" in body:  # V4: body and rules nest
        body, rules = (
            body["content"],
            {"$.body" + path[1:]: entry["matchers"][0] for path, entry in rules.get("body", {}).items()},
        )
    body = json.loads(json.dumps(body))
    for relation, links in body.get("_links", {}).items():
        for index, link in enumerate(links if isinstance(links, list) else [links]):
            if not (isinstance(link, dict) and isinstance(link.get("href"), str)):
                continue
            path = urlsplit(link["href"]).path if "://" in link["href"] else link["href"]
            link["href"] = to + path.replace("%7B", "{").replace("%7D", "}")
            item = f"[{index}]" if isinstance(links, list) else ""
            rule = rules.get(f"$.body._links['{relation}']{item}.href") or rules.get(f"$.body._links.{relation}.href")
            if rule is not None and rule.get("match") == "regex":
                pattern = re.sub(r"\\Q(.*?)\\E", lambda quoted: re.escape(quoted.group(1)), rule["regex"])
                assert re.search(pattern, link["href"]), (link["href"], rule)
    return body


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


@dataclass(frozen=True)
class Redirect:
    """An answer that sends the client elsewhere (with the status of its reply: 301, 302, 303, 307, 308)."""

    location: str


@dataclass(frozen=True)
class Raw:
    """An answer of these bytes and this content type, as they are."""

    content_type: str
    payload: bytes


@dataclass(frozen=True)
class Huge:
    """A JSON object of `megabytes` MiB, streamed in 1 MiB pieces; no Content-Length unless `declared`."""

    megabytes: int
    declared: bool = False

    def pieces(self) -> Iterator[bytes]:
        yield b'{"_embedded": {"pacts": ['
        piece = b"{}," * (2**20 // 3)
        for _ in range(self.megabytes):
            yield piece
        yield b"{}]}}"

    @property
    def size(self) -> int:
        return sum(len(piece) for piece in self.pieces())


@dataclass(frozen=True)
class Drip:
    """These bytes one at a time, `interval` seconds apart (at most `limit` of them: the double stops by itself)."""

    payload: bytes
    interval: float
    limit: int = 400


@dataclass
class FakeBroker:
    """A scripted broker: `answers` maps "METHOD /path" to a list of (status, body, delay) used in turn.

    A body is JSON (or a function of the request giving JSON), or one of the hostile answers:
    `Redirect`, `Raw`, `Huge` and `Drip`. `host` may be any loopback address (127.0.0.2 is
    another origin than 127.0.0.1).
    """

    answers: dict[str, list[tuple[int, Any, float]]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    tls: ssl.SSLContext | None = None
    host: str = "127.0.0.1"

    def __post_init__(self) -> None:
        self.server = ThreadingHTTPServer((self.host, 0), _handler(self))
        if self.tls is not None:
            self.server.socket = self.tls.wrap_socket(self.server.socket, server_side=True)
        scheme, host = ("https", "localhost") if self.tls is not None else ("http", self.host)
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

    def __enter__(self) -> FakeBroker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
            answer = answer(self) if callable(answer) else answer
            try:
                self.send_response(status)
                if isinstance(answer, Redirect):
                    self.send_header("Location", answer.location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif isinstance(answer, Huge):
                    self.send_header("Content-Type", "application/hal+json")
                    if answer.declared:
                        self.send_header("Content-Length", str(answer.size))
                    self.end_headers()
                    for piece in answer.pieces():
                        self.wfile.write(piece)
                elif isinstance(answer, Drip):
                    self.send_header("Content-Type", "application/hal+json")
                    self.end_headers()
                    for index in range(min(len(answer.payload), answer.limit)):
                        self.wfile.write(answer.payload[index : index + 1])
                        self.wfile.flush()
                        time.sleep(answer.interval)
                else:
                    content_type, payload = (
                        (answer.content_type, answer.payload)
                        if isinstance(answer, Raw)
                        else ("application/hal+json", json.dumps(answer).encode())
                    )
                    self.send_header("Content-Type", content_type)
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
