"""pact-rust's verifier on a machine that sets no CA-certificate variables (most developers' machines).

contracts-bdd points the verifier's certificate variables at (nearly) nothing while it verifies
plain HTTP, so that the verifier does not read every CA certificate for each request. With
`SSL_CERT_DIR` at an empty folder and no `SSL_CERT_FILE`, the verifier found no certificate at
all and failed every interaction with "builder error". This machine (and CI) sets `SSL_CERT_FILE`,
which hid it; the test takes both variables away, as on a developer's laptop.
"""

from __future__ import annotations

import pytest
from behave_project import Project


@pytest.fixture
def bare_certificates(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SSL_CERT_FILE", "SSL_CERT_DIR", "NIX_SSL_CERT_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("bare_certificates")
def test_the_example_verifies_on_a_machine_that_sets_no_certificate_variables(project: Project) -> None:
    project.copy_example()
    assert project.behave("features/consumer").returncode == 0

    run = project.behave("features/provider")

    assert run.returncode == 0, run.output
    assert "builder error" not in run.output
    assert " 0 failed" in run.output
