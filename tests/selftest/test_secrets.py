"""Secrets echoed back by a provider or a broker never show: not in output, JUnit, logs, pacts or temp files.

Every test runs real behave with JUnit reports and DEBUG logging, makes a peer echo the
secret in every form it travels in, then greps the output and every file the run left.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from behave_project import Project, Run
from broker_support import FakeBroker, index

PASSWORD = "pw:NEVER/PRINT+71c3"
USERNAME = "ci-user"
TOKEN = "tok-NEVER-PRINT-9d2e"
PROVIDER_SECRET = "prov-NEVER-PRINT-5a1b"
USERDATA = (
    "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n"
    "consumer_version = 1.4.0\nlog_level = DEBUG\nbroker_attempts = 1\n"
)
GOOD = (
    "Feature: good\n  Scenario: Read users\n"
    '    When the consumer sends a GET request to "/users"\n    Then the provider responds with status 200\n'
)


def forms(secret: str, username: str | None = None) -> list[str]:
    """Every form a secret travels in: as is, percent-encoded, and in Basic credentials."""
    found = [secret, quote(secret, safe="")]
    if username is not None:
        found.append(base64.b64encode(f"{username}:{secret}".encode()).decode())
    return found


def assert_nowhere(run: Run, secrets: list[str], temp: Path) -> None:
    for secret in secrets:
        assert secret not in run.output, f"{secret!r} was printed:\n{run.output}"
        for root in (run.project, temp):
            for path in root.rglob("*"):
                if path.is_file() and path.suffix != ".py":
                    assert secret not in path.read_text(errors="replace"), f"{secret!r} is in {path}"


def echo_everything(request: object) -> dict[str, str]:
    headers = request.headers  # type: ignore[attr-defined]
    return {"error": f"rejected {headers.get('Authorization')} for {PASSWORD} ({quote(PASSWORD, safe='')})"}


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 500, 502])
def test_basic_credentials_a_broker_echoes_never_show(project: Project, tmp_path: Path, status: int) -> None:
    broker = FakeBroker()
    broker.answer("GET /", (200, index("pb:publish-contracts=/contracts/publish", base=broker.url), 0))
    broker.answer("POST /contracts/publish", (status, echo_everything, 0))
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/good.feature", GOOD)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {
        "PACT_BROKER_BASE_URL": broker.url,
        "PACT_BROKER_USERNAME": USERNAME,
        "PACT_BROKER_PASSWORD": PASSWORD,
        "CI": "true",
        "TMPDIR": str(temp),
    }
    try:
        run = project.behave("--junit", "--junit-directory", "reports", "features/consumer", env=env)
    finally:
        broker.close()

    assert run.returncode != 0, run.output
    assert "rejected Basic ****" in run.output
    assert_nowhere(run, forms(PASSWORD, USERNAME), temp)


def test_a_password_in_the_broker_url_becomes_basic_auth_and_never_shows(project: Project, tmp_path: Path) -> None:
    broker = FakeBroker()
    broker.answer("GET /", (200, index("pb:publish-contracts=/contracts/publish", base=broker.url), 0))
    broker.answer("POST /contracts/publish", (200, {"notices": [{"text": "published"}], "_links": {}}, 0))
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/good.feature", GOOD)
    temp = tmp_path / "tmp"
    temp.mkdir()
    with_userinfo = broker.url.replace("http://", f"http://{USERNAME}:{quote(PASSWORD, safe='')}@")
    env = {"PACT_BROKER_BASE_URL": with_userinfo, "CI": "true", "TMPDIR": str(temp)}
    try:
        run = project.behave("--junit", "--junit-directory", "reports", "features/consumer", env=env)
    finally:
        broker.close()

    assert run.returncode == 0, run.output
    assert "published pacts/Shop-Users.json as Shop 1.4.0" in run.output
    sent = broker.requests_to("POST /contracts/publish")[0].headers["Authorization"]
    assert sent == "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    assert_nowhere(run, forms(PASSWORD, USERNAME), temp)


def test_a_password_in_the_broker_url_never_replaces_a_token(project: Project, tmp_path: Path) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/good.feature", GOOD)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {
        "PACT_BROKER_BASE_URL": f"http://{USERNAME}:{quote(PASSWORD, safe='')}@127.0.0.1:9",
        "PACT_BROKER_TOKEN": TOKEN,
        "TMPDIR": str(temp),
    }

    run = project.behave("features/consumer", env=env)

    assert run.returncode != 0
    assert "'http://127.0.0.1:9'" in run.output
    assert "broker_token (PACT_BROKER_TOKEN) is set too" in run.output
    assert "keep credentials out of the URL" in run.output
    assert not (project.root / "pacts").exists()
    assert_nowhere(run, [*forms(PASSWORD, USERNAME), TOKEN], temp)


ECHOING_PROVIDER = """\
import os, sys
from http.server import BaseHTTPRequestHandler, HTTPServer

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        sent = self.headers.get("Authorization", "")
        sys.stderr.write(f"got Authorization: {sent}\\n")
        sys.stderr.flush()
        if self.path == "/crash":
            os._exit(3)
        body = ('{"seen": "%s"}' % sent).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Echo", sent)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


def echoing_provider_project(project: Project, path: str) -> None:
    pact = {
        "consumer": {"name": "Shop"},
        "provider": {"name": "Users"},
        "interactions": [
            {
                "description": "a request that is echoed",
                "request": {"method": "GET", "path": path},
                "response": {"status": 200, "headers": {"X-Echo": "something else"}, "body": {"seen": "nothing"}},
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }
    project.write("provider.py", ECHOING_PROVIDER)
    project.write("pacts/Shop-Users.json", json.dumps(pact))
    project.write("behave.ini", "[behave]\nshow_timings = false\n[behave.userdata]\nlog_level = DEBUG\n")
    background = f"""\
  Background:
    Given the provider "Users" is started with "{sys.executable} provider.py {{port}}"
    And every verification request carries the headers:
      | Authorization | env:PROVIDER_TOKEN |
"""
    project.write(
        "features/provider/all.feature",
        "Feature: all at once\n"
        + background
        + "  Scenario: Verify\n    When the provider is verified against its pacts\n"
        + "    Then every interaction passes verification\n",
    )
    project.write(
        "features/provider/each.feature",
        "Feature: one by one\n"
        + background
        + "  Scenario Outline: <consumer>: <interaction>\n    Then the interaction passes verification\n\n"
        + "    Examples: the interactions\n      | consumer | interaction |\n",
    )


@pytest.mark.parametrize("path", ["/users", "/crash"])
def test_a_header_from_the_environment_that_the_provider_echoes_never_shows(
    project: Project, tmp_path: Path, path: str
) -> None:
    echoing_provider_project(project, path)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {"PROVIDER_TOKEN": f"Bearer {PROVIDER_SECRET}", "TMPDIR": str(temp)}

    run = project.behave("--junit", "--junit-directory", "reports", "features/provider", env=env)

    assert run.returncode != 0, run.output
    expected = "exited with code 3" if path == "/crash" else "actual:   ****"
    assert expected in run.output
    junit = "".join(report.read_text() for report in (project.root / "reports").glob("*.xml"))
    assert expected in junit
    assert_nowhere(run, forms(PROVIDER_SECRET), temp)
