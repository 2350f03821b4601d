"""The broker client against the Pact Broker's own contracts, served by `pact stub` on loopback."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import pytest
from broker_support import BROKER_CONTRACTS, BrokerStub, recorded
from tests_support import REPO

from contracts_bdd.broker.client import BrokerClient
from contracts_bdd.broker.hal import BrokerConnection

pytestmark = pytest.mark.skipif(
    not BROKER_CONTRACTS.is_dir(), reason="../shared/interop/broker is not beside this clone"
)

SHA = "5556b8149bf8bac76bc30f50a8a2dd4c22c85f30"


def cli(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "contracts_bdd", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=REPO,
        env={"PATH": "", "PYTHONPATH": str(REPO)},
    )


def test_publish_sends_exactly_what_the_broker_contract_records(tmp_path: Path) -> None:
    publish = recorded("a request to publish contracts")
    body = publish["request"]["body"]
    contract = body["contracts"][0]
    pact_file = tmp_path / "Foo-Bar.json"
    pact_file.write_bytes(base64.b64decode(contract["content"]))
    index = recorded(
        "a request for the index resource", "the pb:publish-contracts relations exists in the index resource"
    )

    with BrokerStub(tmp_path, [index, publish]) as stub:
        done = cli(
            "publish",
            str(pact_file),
            "--broker-base-url",
            stub.url,
            "--consumer-app-version",
            body["pacticipantVersionNumber"],
            "--branch",
            body["branch"],
            "--tag",
            body["tags"][0],
            "--build-url",
            body["buildUrl"],
            "--on-conflict",
            contract["onConflict"],
        )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "some message" in done.stdout  # the broker's own log line, answered only to the exact request


def test_can_i_deploy_says_yes_with_the_matrix(tmp_path: Path) -> None:
    matrix = recorded(
        "a request for the compatibility matrix where only the version of Foo is specified",
        "the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6 and version 5.6.7",
    )
    with BrokerStub(tmp_path, [matrix]) as stub:
        done = cli("can-i-deploy", "--pacticipant", "Foo", "--version", "1.2.3", "--broker-base-url", stub.url)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "Computer says yes: some text" in done.stdout
    assert "Foo      | 4         | Bar      | 5         | true" in done.stdout


def test_can_i_deploy_says_no_with_the_reason(tmp_path: Path) -> None:
    matrix = recorded(
        "a request for the compatibility matrix where one or more versions does not exist",
        "the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6",
    )
    with BrokerStub(tmp_path, [matrix]) as stub:
        decision = BrokerClient(BrokerConnection(stub.url)).can_i_deploy(
            "Foo", "1.2.3", with_versions=[("Bar", "9.9.9")]
        )

    assert decision.deployable is False
    assert decision.table().startswith("Computer says no: an error message")


def test_can_i_deploy_to_a_tag_sends_the_recorded_query(tmp_path: Path) -> None:
    matrix = recorded(
        "a request for the compatibility matrix for Foo version 1.2.3 and the latest prod versions of all other pacticipants",
        "the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6 (tagged prod) and version 5.6.7",
    )
    with BrokerStub(tmp_path, [matrix]) as stub:
        decision = BrokerClient(BrokerConnection(stub.url)).can_i_deploy("Foo", "1.2.3", to_tag="prod")

    assert decision.rows[0].provider_version == "4.5.6"  # answered only to the exact query
    assert decision.deployable is None  # this recorded answer carries no verdict


def test_record_deployment(tmp_path: Path) -> None:
    state = f"version {SHA} of pacticipant Foo exists with a test environment available for deployment"
    interactions = [
        recorded(
            "a request for the index resource",
            "the pb:pacticipant-version and pb:environments relations exist in the index resource",
        ),
        recorded("a request for a pacticipant version", state),
        recorded("a request to record a deployment", state),
    ]
    with BrokerStub(tmp_path, interactions) as stub:
        client = BrokerClient(BrokerConnection(stub.url))
        said = client.record_deployment("Foo", SHA, "test", application_instance="blue")

    assert said == f"recorded the deployment of Foo {SHA} to test"


def test_record_release_and_an_unknown_environment(tmp_path: Path) -> None:
    for_release = f"version {SHA} of pacticipant Foo exists with a test environment available for release"
    interactions = [
        recorded(
            "a request for the index resource",
            "the pb:pacticipant-version and pb:environments relations exist in the index resource",
        ),
        recorded("a request for a pacticipant version", for_release),
        recorded("a request to record a release"),  # recorded under the deployment state, with an empty body
    ]
    with BrokerStub(tmp_path, interactions) as stub:
        released = cli(
            "record-release",
            "--pacticipant",
            "Foo",
            "--version",
            SHA,
            "--environment",
            "test",
            "--broker-base-url",
            stub.url,
        )
        unknown = cli(
            "record-release",
            "--pacticipant",
            "Foo",
            "--version",
            SHA,
            "--environment",
            "prod",
            "--broker-base-url",
            stub.url,
        )

    assert released.returncode == 0, released.stderr
    assert f"recorded the release of Foo {SHA} to test" in released.stdout
    assert unknown.returncode == 2
    assert "the broker offers no environment 'prod' for Foo" in unknown.stderr
    assert "(it offers: test)" in unknown.stderr
