"""The Pact Broker of the suite's broker scenarios: its contracts served by `pact stub`, behind a double.

    broker = BrokerDouble(folder)                 # pact stub on the suite's pact-broker_c1/c2.json
    broker.publish("c_1", Path("pacts/c_1-p.json"))
    ...                                           # a provider run with broker_base_url = broker.url
    broker.results                                # the verification results posted, and the stub's answer

The suite's broker contracts (`fixtures/pact-broker_c1.json`, `pact-broker_c2.json`) record the
broker the reference implementation talks to: the index, the selection of pacts for provider `p`,
and the verification results it takes for consumers `c_1` and `c_2`. `pact stub` serves them, and
matches each request, results included, against them. The double in front adds what the contracts
do not record but a broker does:

- the links: the contracts say `http://localhost:9876` where the broker's own URL goes (a
  MockServerURL generator the stub does not apply), so the double rewrites them to its own URL;
- the selection: both contracts answer the same `POST .../for-verification`, each with its own
  consumer; the double answers with the entries of the consumers published in the scenario;
- the pacts: the contracts link to `/pacts/provider/p/consumer/c_N` but do not hold it; the double
  serves the pact the scenario published, with an `_id` per interaction as the broker gives one.

The contracts' results requests are widened by what pact-ffi's own verifier sends and the broker
takes (`verifiedBy.clientLanguage`, as ../shared/interop/broker/pact-broker_c1.patched.json does).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import requests
from harness.fixtures import fixture

RECORDED_ORIGIN = "http://localhost:9876"
CONTRACTS = ("pact-broker_c1.json", "pact-broker_c2.json")
STUB_START_SECONDS = 20
CLIENT_LANGUAGE_RULES = {
    f"$.verifiedBy.clientLanguage.{key}": {"combine": "AND", "matchers": [{"match": "type"}]}
    for key in ("name", "testFramework", "version")
}


@dataclass(frozen=True)
class Result:
    """Verification results posted for one consumer's pact, and what the stub answered."""

    consumer: str
    body: dict[str, Any]
    status: int
    answer: str

    @property
    def accepted(self) -> bool:
        """The broker's contract took them (a results request it does not record gets no 2xx)."""
        return 200 <= self.status < 300


def _widened(contract: dict[str, Any]) -> dict[str, Any]:
    """The contract with its results requests taking `verifiedBy.clientLanguage` too."""
    for interaction in contract["interactions"]:
        if interaction["request"]["path"].endswith("/verification-results"):
            content = interaction["request"]["body"]["content"]
            content["verifiedBy"]["clientLanguage"] = {"name": "python", "testFramework": "behave", "version": "3"}
            interaction["request"]["matchingRules"]["body"].update(CLIENT_LANGUAGE_RULES)
    return contract


def _pact_binary() -> str:
    found = shutil.which("pact", path=str(Path(sys.executable).parent)) or shutil.which("pact")
    assert found, "the pact binary is missing: pip install pact-python-cli (a test dependency)"
    return found


class BrokerDouble:
    """The suite's broker contracts under `pact stub`, with the double in front (see the module docstring)."""

    def __init__(self, folder: Path) -> None:
        self.contracts = [json.loads(fixture(name).read_text()) for name in CONTRACTS]
        files = []
        for name, contract in zip(CONTRACTS, self.contracts, strict=True):
            path = folder / name
            path.write_text(json.dumps(_widened(json.loads(json.dumps(contract)))))
            files += ["-f", str(path)]
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.stub_url = f"http://127.0.0.1:{port}"
        self.log = folder / "stub.log"
        with self.log.open("w") as sink:
            self.stub = subprocess.Popen([_pact_binary(), "stub", "-p", str(port), *files], stdout=sink, stderr=sink)
        self._wait_for_stub(port)
        self.pacts: dict[str, dict[str, Any]] = {}
        self.results: list[Result] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def _wait_for_stub(self, port: int) -> None:
        deadline = time.monotonic() + STUB_START_SECONDS
        while time.monotonic() < deadline:
            assert self.stub.poll() is None, self.log.read_text()
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.05)
        self.close()
        msg = f"pact stub did not start: {self.log.read_text()}"
        raise AssertionError(msg)

    def publish(self, consumer: str, pact: Path) -> None:
        """Hold `pact` as consumer's latest pact for provider p, with an `_id` per interaction."""
        document = json.loads(pact.read_text())
        for interaction in document["interactions"]:
            interaction["_id"] = hashlib.sha1(f"{consumer}:{interaction['description']}".encode()).hexdigest()
        results = f"{self.url}/pacts/provider/p/consumer/{consumer}/verification-results"
        document["_links"] = {
            "pb:publish-verification-results": {"title": "Publish verification results", "href": results}
        }
        self.pacts[consumer] = document

    def interaction_ids(self, consumer: str) -> set[str]:
        return {interaction["_id"] for interaction in self.pacts[consumer]["interactions"]}

    # -- answering --------------------------------------------------------------------------
    def rebased(self, text: str) -> str:
        return text.replace(RECORDED_ORIGIN, self.url)

    def selection(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """The recorded answer to POST .../for-verification, with the entries of the consumers published."""
        recorded = [_recorded(contract, "a request for the provider pacts") for contract in self.contracts]
        if any(body != interaction["request"]["body"]["content"] for interaction in recorded):
            return 400, {"error": f"the broker's contract records another request body than {body}"}
        answer = json.loads(json.dumps(recorded[0]["response"]["body"]["content"]))
        entries = [entry for item in recorded for entry in item["response"]["body"]["content"]["_embedded"]["pacts"]]
        answer["_embedded"]["pacts"] = [
            entry for entry in entries if entry["_links"]["self"]["href"].rsplit("/", 1)[-1] in self.pacts
        ]
        return 200, json.loads(self.rebased(json.dumps(answer)))

    def forward(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, str, bytes]:
        answer = requests.request(method, self.stub_url + path, headers=headers, data=body or None, timeout=10)
        return answer.status_code, answer.headers.get("Content-Type", ""), self.rebased(answer.text).encode()

    def close(self) -> None:
        if hasattr(self, "server"):
            self.server.shutdown()
            self.server.server_close()
            self._thread.join()
        self.stub.terminate()
        self.stub.wait(10)


def _recorded(contract: dict[str, Any], description: str) -> dict[str, Any]:
    return next(item for item in contract["interactions"] if item["description"] == description)


def _handler(broker: BrokerDouble) -> type[BaseHTTPRequestHandler]:
    class Broker(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self, status: int, content_type: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            path = self.path.split("?")[0]
            consumer = path.split("/consumer/", 1)[-1].split("/")[0] if "/consumer/" in path else ""
            if self.command == "POST" and path == "/pacts/provider/p/for-verification":
                status, answer = broker.selection(json.loads(body or b"{}"))
                self._answer(status, "application/hal+json", json.dumps(answer).encode())
            elif self.command == "GET" and consumer in broker.pacts and path.endswith(f"/consumer/{consumer}"):
                self._answer(200, "application/hal+json", json.dumps(broker.pacts[consumer]).encode())
            else:
                headers = {name: value for name, value in self.headers.items() if name.lower() != "host"}
                status, content_type, data = broker.forward(self.command, self.path, headers, body)
                if path.endswith("/verification-results"):
                    broker.results.append(Result(consumer, json.loads(body or b"{}"), status, data.decode()))
                self._answer(status, content_type or "application/json", data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _any  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    return Broker
