"""A pact that names a Pact plugin: without the plugin installed, its interactions fail and nothing is downloaded.

pact-ffi's verifier, given such a pact, asks GitHub for the plugin index and installs the plugin. Here every
download would be seen: the proxy variables the Rust HTTP client honours point at a loopback listener that
records each connection, and the plugin directory is an empty folder of the test's own.
"""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from behave_project import Project
from tests_support import REPO

PLUGIN_PACT = REPO.parent / "shared" / "interop" / "pacts" / "corpus" / "rust__pact_ffi__missing-plugin-pact.json"
CSV_PROVIDER = """\
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

class P(BaseHTTPRequestHandler):
    def _answer(self, status, body=b""):
        self.send_response(status)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        self._answer(200, b"Name,100,2000-01-01\\n")
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer(201)
    def log_message(self, *args):
        pass

HTTPServer(("127.0.0.1", int(sys.argv[1])), P).serve_forever()
"""


class Recorder:
    """A loopback listener that records the first bytes of every connection made to it (a proxy's view)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.seen: list[bytes] = []
        threading.Thread(target=self._record, daemon=True).start()

    def _record(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(2)
                try:
                    self.seen.append(connection.recv(200))
                except OSError:
                    self.seen.append(b"")

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    listening = Recorder()
    yield listening
    listening.close()


def watched_environment(recorder: Recorder, plugins: Path) -> dict[str, str]:
    proxies = {name: recorder.url for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")}
    return {
        **proxies,
        **{name.lower(): value for name, value in proxies.items()},
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        "PACT_PLUGIN_DIR": str(plugins),
    }


@pytest.mark.skipif(not PLUGIN_PACT.is_file(), reason="../shared/interop/pacts/corpus is not beside this clone")
def test_a_pact_needing_a_missing_plugin_fails_its_interactions_and_downloads_nothing(
    project: Project, recorder: Recorder, tmp_path: Path
) -> None:
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    shutil.copy(PLUGIN_PACT, project.root / "pacts-from-elsewhere.json")
    project.write("provider_csv.py", CSV_PROVIDER)
    project.write(
        "features/provider/csv.feature",
        "Feature: CsvServer\n  Scenario: Verify\n"
        '    Given the provider "CsvServer" is started with "{python} provider_csv.py {port}"\n'
        '    When the provider is verified against the pacts in "pacts-from-elsewhere.json"\n'
        "    Then every interaction passes verification\n",
    )

    run = project.behave("features/provider", env=watched_environment(recorder, plugins))

    assert recorder.seen == [], recorder.seen  # no download was so much as tried
    assert list(plugins.iterdir()) == []
    assert run.returncode != 0
    assert run.output.count("needs the Pact plugin missing-csv 0.0.3, not installed in") == 2, run.output
    assert "request for a report" in run.output and "request for to store a report" in run.output
