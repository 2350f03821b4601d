"""A broker behind a private CA: the run fetches pacts and publishes results itself, with the broker's TLS settings."""

from __future__ import annotations

import json
import ssl
from pathlib import Path

import pytest
import trustme
from behave_project import Project
from broker_support import FakeBroker, verification_broker


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


def tls_context(authority: trustme.CA) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("localhost", "127.0.0.1").configure_cert(context)
    return context


def example_behind_tls(project: Project, authority: trustme.CA) -> FakeBroker:
    """The example's pact, written by its consumer run, served by a broker double behind the private CA."""
    project.copy_example()
    assert project.behave("features/consumer").returncode == 0
    pact = json.loads((project.root / "pacts" / "OrderService-UserService.json").read_text())
    return verification_broker(pact, "UserService", tls=tls_context(authority))


def test_the_example_verifies_from_a_broker_behind_a_private_ca(
    project: Project, tmp_path: Path, authority: trustme.CA
) -> None:
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    broker = example_behind_tls(project, authority)
    try:
        run = project.behave(
            "--tags=@broker",
            "features/provider",
            "-D",
            f"broker_ca_bundle={bundle}",
            env={"PACT_BROKER_BASE_URL": broker.url, "CI": "true", "CONTRACTS_BDD_PROVIDER_VERSION": "2.3.0"},
        )
        results = broker.requests_to("POST /pacts/provider/UserService/consumer/OrderService/verification-results")
    finally:
        broker.close()

    assert run.returncode == 0, run.output
    assert "1 scenario passed" in run.output
    assert [result.body["success"] for result in results] == [True]


def test_without_the_ca_the_broker_is_refused_clearly(project: Project, authority: trustme.CA) -> None:
    broker = example_behind_tls(project, authority)
    try:
        run = project.behave(
            "--tags=@broker", "features/provider", "-D", "broker_attempts=1", env={"PACT_BROKER_BASE_URL": broker.url}
        )
    finally:
        broker.close()

    assert run.returncode != 0
    assert "SSLError" in run.output or "certificate" in run.output.lower()


def test_tls_checks_off_reach_an_untrusted_broker_for_pacts_and_results(
    project: Project, authority: trustme.CA
) -> None:
    broker = example_behind_tls(project, authority)
    try:
        run = project.behave(
            "--tags=@broker",
            "features/provider",
            "-D",
            "broker_verify_tls=false",
            env={"PACT_BROKER_BASE_URL": broker.url, "CI": "true", "CONTRACTS_BDD_PROVIDER_VERSION": "2.3.0"},
        )
        fetched = broker.requests_to("POST /pacts/provider/UserService/for-verification")
        results = broker.requests_to("POST /pacts/provider/UserService/consumer/OrderService/verification-results")
    finally:
        broker.close()

    assert run.returncode == 0, run.output
    assert len(fetched) == 1  # pact-ffi never talks to the broker: its certificate checks are not in the way
    assert [result.body["success"] for result in results] == [True]
