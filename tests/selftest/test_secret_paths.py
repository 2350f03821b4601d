"""Secrets on the paths the first round missed: results sent to the broker, a pact URL's user info, a misspelt
secret key, and the provider's own environment.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from behave_project import Project
from broker_support import PROVIDER_P, FakeBroker, index, verification_broker

HEADER_SECRET = "hdr-NEVER-SENT-4b7e"
TOKEN = "tok-NEVER-INHERITED-0c5d"
PASSWORD = "pw-NEVER-SHOWN-8e1f"


def pact_with_a_state() -> dict[str, Any]:
    return {
        "consumer": {"name": "Shop"},
        "provider": {"name": "p"},
        "interactions": [
            {
                "description": "a request for basic",
                "providerStates": [{"name": "the shelf is stocked"}],
                "request": {"method": "GET", "path": "/basic"},
                "response": {"status": 200},
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }


def test_a_state_handler_error_holding_an_env_header_value_reaches_the_broker_scrubbed(project: Project) -> None:
    project.write("provider_p.py", PROVIDER_P)
    project.write(
        "steps/states.py",
        "import os\nfrom contracts_bdd import provider_state\n\n"
        '@provider_state("the shelf is stocked")\ndef stocked():\n'
        "    raise RuntimeError(f\"the shelf service refused {os.environ['SHELF_TOKEN']}\")\n",
    )
    project.write(
        "features/provider/p.feature",
        "Feature: p\n  Scenario: Verify\n"
        '    Given the provider "p" is started with "{python} provider_p.py {port}"\n'
        "    And the verification requests carry the headers:\n"
        "      | Authorization | env:SHELF_TOKEN |\n"
        "    When the provider is verified against the pacts from the broker\n"
        "    Then every interaction passes verification\n",
    )
    broker = verification_broker(pact_with_a_state(), "p")
    try:
        run = project.behave(
            "features/provider",
            env={
                "PACT_BROKER_BASE_URL": broker.url,
                "CI": "true",
                "CONTRACTS_BDD_PROVIDER_VERSION": "1.0.0",
                "SHELF_TOKEN": HEADER_SECRET,
            },
        )
        (results,) = broker.requests_to("POST /pacts/provider/p/consumer/Shop/verification-results")
    finally:
        broker.close()

    sent = json.dumps(results.body)
    assert run.returncode != 0
    assert results.body["success"] is False
    assert "the shelf service refused ****" in sent, sent
    assert HEADER_SECRET not in sent
    assert HEADER_SECRET not in run.output


def test_user_info_in_a_pact_url_never_shows(project: Project) -> None:
    broker = FakeBroker()  # answers every request 404
    one = broker.url.replace("http://", f"http://ci:{PASSWORD}@") + "/pacts/provider/p/consumer/Shop/latest"
    project.write("provider_p.py", PROVIDER_P)
    project.write(
        "features/provider/p.feature",
        "Feature: p\n  Scenario: Verify\n"
        '    Given the provider "p" is started with "{python} provider_p.py {port}"\n'
        "    When the provider is verified against its pacts\n"
        "    Then every interaction passes verification\n",
    )
    try:
        run = project.behave("features/provider", env={"PACT_URL": one})
    finally:
        broker.close()

    assert run.returncode != 0
    assert "404" in run.output, run.output
    assert PASSWORD not in run.output


@pytest.mark.parametrize("key", ["broker-token", "broker_pasword", "BROKER_TOKEN"])
def test_a_misspelt_secret_key_is_named_and_its_value_never_shown(project: Project, key: str) -> None:
    project.write("features/consumer/none.feature", "Feature: none\n")

    run = project.behave("-D", f"{key}={PASSWORD}", "features/consumer")

    assert run.returncode != 0
    assert f"'{key}' is not a key contracts-bdd reads" in run.output, run.output
    assert PASSWORD not in run.output


ENVIRONMENT_PROVIDER = """\
import json, os, sys
from http.server import BaseHTTPRequestHandler, HTTPServer

with open(sys.argv[2], "w") as seen:
    json.dump({name: value for name, value in os.environ.items() if "BROKER" in name or name == "PACT_URL"}, seen)

class P(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass

HTTPServer(("127.0.0.1", int(sys.argv[1])), P).serve_forever()
"""


@pytest.mark.parametrize("passthrough", ["", "PACT_BROKER_BASE_URL"])
def test_the_provider_gets_no_broker_credentials_unless_passed_through(
    project: Project, tmp_path: Path, passthrough: str
) -> None:
    seen = tmp_path / "provider-environment.json"
    project.write("provider_env.py", ENVIRONMENT_PROVIDER)
    project.write("pacts/Shop-p.json", json.dumps({**pact_with_a_state(), "interactions": []}))
    project.write(
        "features/provider/p.feature",
        "Feature: p\n  Scenario: Start\n"
        f'    Given the provider "p" is started with "{{python}} provider_env.py {{port}} {seen}"\n',
    )
    broker = FakeBroker()
    broker.answer("GET /", (200, index(), 0))
    env = {
        "PACT_BROKER_BASE_URL": broker.url,
        "PACT_BROKER_TOKEN": TOKEN,
        "CONTRACTS_BDD_BROKER_PASSWORD": PASSWORD,
        "CONTRACTS_BDD_BROKER_USERNAME": "ci",
    }
    try:
        defines = ["-D", f"provider_env_passthrough={passthrough}"] if passthrough else []
        run = project.behave(*defines, "features/provider", env=env)
    finally:
        broker.close()

    assert run.returncode == 0, run.output
    inherited = json.loads(seen.read_text())
    assert TOKEN not in json.dumps(inherited) and PASSWORD not in json.dumps(inherited)
    assert sorted(inherited) == ([passthrough] if passthrough else [])


def test_a_pact_that_holds_a_secret_is_not_published(project: Project) -> None:
    document = {**pact_with_a_state(), "interactions": [{**pact_with_a_state()["interactions"][0]}]}
    document["interactions"][0]["request"]["headers"] = {"Authorization": f"Bearer {TOKEN}"}  # pasted by mistake
    project.write("pacts/Shop-p.json", json.dumps(document))
    broker = FakeBroker()
    broker.answer("GET /", (200, index("pb:publish-contracts=/contracts/publish"), 0))
    try:
        done = project.cli(
            "publish",
            "pacts",
            "--consumer-app-version",
            "1",
            env={"PACT_BROKER_BASE_URL": broker.url, "PACT_BROKER_TOKEN": TOKEN},
        )
    finally:
        broker.close()

    assert done.returncode != 0
    assert "holds a secret" in done.stderr and "nothing was published" in done.stderr
    assert broker.requests_to("POST /contracts/publish") == []
    assert TOKEN not in done.stdout + done.stderr
