"""Another local process floods the message endpoint: 100 connections, 16 MiB each, on a path it guessed; or idles.

The endpoint runs in a process of its own under an address-space limit (`RLIMIT_AS`), as it runs inside a
provider verification, and is watched from outside: its thread count while the flood lasts, its error output,
and whether the verifier's own request is still answered.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from tests_support import REPO

from contracts_bdd.model.messages import ProducedMessage
from contracts_bdd.pact.loopback import IDLE_SECONDS, JsonRequest
from contracts_bdd.pact.message_endpoint import MessageEndpoint

MEMORY_MIB = 512
"""What the endpoint's process may use: enough for its interpreter and a bounded number of threads."""
CONNECTIONS = 100
BODY_BYTES = 16 * 2**20
MOST_THREADS = 16 + 4  # the connections served at once, and the interpreter's own threads
ENDPOINT = f"""\
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_MIB} * 2**20, {MEMORY_MIB} * 2**20))
sys.path.insert(0, {str(REPO)!r})
from contracts_bdd.pact.message_endpoint import MessageEndpoint
from contracts_bdd.model.messages import ProducedMessage

with MessageEndpoint(lambda *_: ProducedMessage(b'{{"made": true}}', content_type="application/json")) as endpoint:
    print(endpoint.url, flush=True)
    sys.stdin.read()
"""


def flood(port: int, outcomes: list[str]) -> None:
    """One connection: a request for a guessed path that says it carries 16 MiB, and sends them."""
    piece = b"x" * 2**20
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
            connection.sendall(
                f"POST /messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {BODY_BYTES}\r\n\r\n".encode()
            )
            for _ in range(BODY_BYTES // len(piece)):
                connection.sendall(piece)
            outcomes.append(connection.recv(64).decode(errors="replace").split("\r\n")[0])
    except OSError as err:
        outcomes.append(type(err).__name__)  # refused or cut off: the endpoint would not read it


def threads_of(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    raise AssertionError("no thread count")


def test_a_flood_on_a_guessed_path_reads_nothing_and_starts_a_bounded_number_of_threads() -> None:
    endpoint = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(ENDPOINT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert endpoint.stdout is not None
        url = endpoint.stdout.readline().strip()
        parts = urlsplit(url)
        assert parts.port, url
        outcomes: list[str] = []
        flooders = [threading.Thread(target=flood, args=(parts.port, outcomes)) for _ in range(CONNECTIONS)]
        seen_threads = []
        for flooder in flooders:
            flooder.start()
            seen_threads.append(threads_of(endpoint.pid))
        for flooder in flooders:
            flooder.join(60)
            seen_threads.append(threads_of(endpoint.pid))
        made = verifier_request(parts.port, parts.path)
    finally:
        _, errors = endpoint.communicate("", timeout=30)

    assert "Error" not in errors and "can't start new thread" not in errors, errors[-2000:]
    assert max(seen_threads) <= MOST_THREADS, seen_threads
    assert len(outcomes) == CONNECTIONS
    assert made == (200, b'{"made": true}')


def verifier_request(port: int, path: str) -> tuple[int, bytes] | str:
    """The verifier's own request for a message, after the flood: its status and body, or what went wrong."""
    verifier = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        verifier.request("POST", path, body=b'{"description": "an order was placed"}')
        answer = verifier.getresponse()
        return answer.status, answer.read()
    except OSError as err:
        return f"no answer: {err!r}"
    finally:
        verifier.close()


def test_a_connection_that_sends_nothing_is_closed_after_the_idle_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(JsonRequest, "timeout", 0.5)  # IDLE_SECONDS, shortened for the test
    with MessageEndpoint(lambda *_: ProducedMessage(b"{}")) as endpoint:
        port = urlsplit(endpoint.url).port
        assert port is not None
        with socket.create_connection(("127.0.0.1", port), timeout=10) as idle:
            closed = idle.recv(1)  # blocks until the endpoint closes it (bounded by the 10 s socket time-out)

    assert closed == b""
    assert IDLE_SECONDS == 30
