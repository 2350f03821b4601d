"""Verifying one pact against a stub that serves another: plain pact-python, `pact stub`, and a small loopback front.

    with PactFront(served, folder) as front:
        outcomes = verify(checked, front)       # {interaction index in `checked`: (passed, what failed)}

Test code written apart from contracts-bdd, as `pact_equivalence.py` is: it imports nothing of
`contracts_bdd`. `pact stub` (pact-python-cli) serves the HTTP interactions of `served`. Several
interactions of one request that differ by provider state are told apart the way the stub offers:
a header naming the state (`--provider-state-header-name`), which the front adds from the last
state change the verifier asked for. The front also answers the verifier's state changes with
the state's parameters (so a provider-state generator gets its value), and serves the messages of
`served` as they are recorded: body, content type and metadata, which `pact stub` does not serve.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from pact import Verifier

STATE_HEADER = "X-Pact-Front-State"


class StubRefused(Exception):
    """`pact stub` would not load the pact (pact-rust cannot read it); the message is its log."""


STUB_START_SECONDS = 20


def pact_binary() -> str:
    found = shutil.which("pact", path=str(Path(sys.executable).parent)) or shutil.which("pact")
    assert found, "the pact binary (pip install pact-python-cli) is not installed"
    return found


class PactFront:
    """`pact stub` serving one pact's HTTP interactions, behind a front that handles states and messages."""

    def __init__(self, served: Path, folder: Path) -> None:
        self.document = json.loads(served.read_text())
        self.state: str | None = None
        self.stub_port = 0  # the stub takes a port from the system and says which
        self.log = folder / f"stub-{threading.get_ident()}-{time.monotonic_ns()}.log"
        with self.log.open("w") as sink:
            self.stub = subprocess.Popen(
                [pact_binary(), "stub", "-f", str(served), "--provider-state-header-name", STATE_HEADER, "-l", "info"],
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> PactFront:
        self.thread.start()
        deadline = time.monotonic() + STUB_START_SECONDS
        while True:
            if self.stub.poll() is not None:
                self.server.shutdown()
                self.server.server_close()
                raise StubRefused(self.log.read_text())
            started = re.search(r"Server started on port (\d+)", self.log.read_text())
            if started:
                self.stub_port = int(started.group(1))
                return self
            assert time.monotonic() < deadline, f"pact stub did not start: {self.log.read_text()}"
            time.sleep(0.02)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.stub.terminate()
        self.stub.wait(10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    # -- messages, as recorded ----------------------------------------------------------------
    def message(self, description: str, states: list[str], request: Any) -> tuple[bytes, str | None, dict[str, Any]]:
        for raw in [*(self.document.get("messages") or []), *(self.document.get("interactions") or [])]:
            kind = raw.get("type") or ("Asynchronous/Messages" if "contents" in raw else "Synchronous/HTTP")
            if raw.get("description") != description or kind == "Synchronous/HTTP":
                continue
            names = [state.get("name") for state in raw.get("providerStates") or []] or (
                [raw["providerState"]] if raw.get("providerState") else []
            )
            if states and names and names != states:
                continue
            part = (raw.get("response") or [{}])[0] if kind == "Synchronous/Messages" else raw
            return _contents(part)
        return b"", None, {}


def _contents(part: dict[str, Any]) -> tuple[bytes, str | None, dict[str, Any]]:
    """A message's body, content type and metadata, as its pact records them."""
    metadata = dict(part.get("metadata") or part.get("metaData") or {})
    contents = part.get("contents")
    content_type = next((str(v) for k, v in metadata.items() if k.lower() in ("contenttype", "content-type")), None)
    if (
        isinstance(contents, dict)
        and "content" in contents
        and set(contents)
        <= {
            "content",
            "contentType",
            "encoded",
            "contentTypeHint",
        }
    ):
        content_type = contents.get("contentType") or content_type
        content = contents.get("content")
        if contents.get("encoded") not in (False, None, "false") and isinstance(content, str):
            if str(contents.get("encoded")).lower() == "json":
                return content.encode(), content_type, metadata
            return base64.b64decode(content), content_type, metadata
        contents = content
    if isinstance(contents, str) and not (content_type or "").split(";")[0].strip().endswith("json"):
        return contents.encode(), content_type or "text/plain", metadata
    return json.dumps(contents).encode(), content_type or "application/json", metadata


def _handler(front: PactFront) -> type[BaseHTTPRequestHandler]:
    class Front(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def reply(self, status: int, data: bytes, headers: dict[str, str] | list[tuple[str, str]]) -> None:
            self.send_response(status)
            for name, value in headers.items() if isinstance(headers, dict) else headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def forward(self) -> None:
            data = self.body()
            headers = {name: value for name, value in self.headers.items() if name.lower() not in ("host",)}
            if front.state is not None:  # any character a header cannot carry as it is stands for itself as `.`
                headers[STATE_HEADER] = (
                    "^" + "".join(re.escape(char) if char.isascii() else "." for char in front.state) + "$"
                )
            connection = http.client.HTTPConnection("127.0.0.1", front.stub_port, timeout=30)
            try:
                connection.request(self.command, self.path, body=data or None, headers=headers)
                answer = connection.getresponse()
                content = answer.read()
                kept = [
                    (name, value)
                    for name, value in answer.getheaders()
                    if name.lower() not in ("content-length", "transfer-encoding", "connection", "date")
                ]
                self.reply(answer.status, content, kept)
            finally:
                connection.close()

        def do_POST(self) -> None:
            if self.path == "/__front/state":
                change = json.loads(self.body() or b"{}")
                # the verifier names the state "" for an interaction without one
                front.state = (change.get("state") or None) if change.get("action", "setup") == "setup" else None
                params = change.get("params") if isinstance(change.get("params"), dict) else {}
                self.reply(200, json.dumps(params).encode(), {"Content-Type": "application/json"})
            elif self.path == "/__front/messages":
                asked = json.loads(self.body() or b"{}")
                states = [str(state.get("name")) for state in asked.get("providerStates") or []]
                data, content_type, metadata = front.message(
                    str(asked.get("description")), states, asked.get("request")
                )
                headers = {"Content-Type": content_type} if content_type else {}
                if metadata:
                    headers["Pact-Message-Metadata"] = base64.b64encode(json.dumps(metadata).encode()).decode()
                self.reply(200, data, headers)
            else:
                self.forward()

        do_GET = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = forward  # noqa: N815

    return Front


def verify(checked: Path, front: PactFront) -> dict[tuple[str, tuple[str, ...]], tuple[bool, str]]:
    """Verify every interaction of `checked` against the front; by (description, provider states)."""
    document = json.loads(checked.read_text())
    port = int(front.url.rsplit(":", 1)[1])
    verifier = Verifier(document["provider"]["name"], host="127.0.0.1")
    verifier.add_transport(url=front.url)
    verifier.add_transport(protocol="message", port=port, path="/__front/messages", scheme="http")
    verifier.add_source(checked)
    verifier.state_handler(front.url + "/__front/state", teardown=True, body=True)
    with contextlib.suppress(RuntimeError):  # a failed interaction; each one's result is read below
        verifier.verify()
    found: dict[tuple[str, tuple[str, ...]], tuple[bool, str]] = {}
    if not verifier.results.get("interactionResults") and document.get("interactions", document.get("messages")):
        return {("*", ()): (False, f"the verifier verified nothing: {verifier.output(strip_ansi=True)[-2000:]}")}
    for entry in verifier.results.get("interactionResults", []):
        key = (str(entry.get("description")), tuple(str(state) for state in entry.get("providerStates") or []))
        found[key] = (entry.get("result") == "OK", json.dumps(entry.get("mismatch"))[:2000])
    return found
