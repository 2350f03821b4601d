"""Versions, branches and build URLs from CI variables; the auto switch; the broker connection."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from broker_support import FakeBroker
from tests_support import REPO

from contracts_bdd.broker.publication import broker_connection, build_url, ci_branch, switched_on
from contracts_bdd.config import Settings


@pytest.mark.parametrize(
    ("environ", "url"),
    [
        (
            {"GITHUB_SERVER_URL": "https://gh", "GITHUB_REPOSITORY": "o/r", "GITHUB_RUN_ID": "7"},
            "https://gh/o/r/actions/runs/7",
        ),
        ({"CI_JOB_URL": "https://gitlab/o/r/-/jobs/9"}, "https://gitlab/o/r/-/jobs/9"),
        ({"BUILD_URL": "https://jenkins/job/r/3/"}, "https://jenkins/job/r/3/"),
        ({}, None),
    ],
)
def test_build_url_from_github_gitlab_or_jenkins(environ: dict[str, str], url: str | None) -> None:
    assert build_url(environ) == url


@pytest.mark.parametrize(
    ("environ", "branch"),
    [
        ({"GITHUB_HEAD_REF": "feat-x", "GITHUB_REF_NAME": "12/merge"}, "feat-x"),
        ({"GITHUB_REF_NAME": "main"}, "main"),
        ({"CI_COMMIT_REF_NAME": "develop"}, "develop"),
        ({"GIT_BRANCH": "origin/release"}, "release"),
        ({}, None),
    ],
)
def test_branch_from_ci(environ: dict[str, str], branch: str | None) -> None:
    assert ci_branch(environ) == branch


@pytest.mark.parametrize(
    ("switch", "ci", "on"),
    [("auto", "true", True), ("auto", "", False), ("true", "", True), ("false", "true", False)],
)
def test_auto_means_in_ci(switch: str, ci: str, on: bool) -> None:
    assert switched_on(switch, {"CI": ci}) is on


def test_tls_verification_stays_on_and_takes_a_ca_bundle() -> None:
    default = broker_connection(Settings.load({"broker_base_url": "https://b"}, {}, {}))
    bundle = broker_connection(
        Settings.load({"broker_base_url": "https://b", "broker_ca_bundle": "/etc/ca.pem"}, {}, {})
    )
    off = broker_connection(Settings.load({"broker_base_url": "https://b", "broker_verify_tls": "false"}, {}, {}))
    assert default is not None and default.verify is True
    assert bundle is not None and bundle.verify == "/etc/ca.pem"
    assert off is not None and off.verify is False
    assert broker_connection(Settings.load({}, {}, {})) is None


@pytest.fixture
def refusing_broker() -> Iterator[FakeBroker]:
    fake = FakeBroker()
    fake.answer("GET /matrix", (200, {"summary": {"deployable": False, "reason": "no verification"}, "matrix": []}, 0))
    yield fake
    fake.close()


def test_can_i_deploy_exits_non_zero_when_not_deployable(refusing_broker: FakeBroker) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "contracts_bdd",
            "can-i-deploy",
            "--pacticipant",
            "Web",
            "--version",
            "1",
            "--to-environment",
            "production",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=REPO,
        env={"PATH": "", "PYTHONPATH": str(REPO), "PACT_BROKER_BASE_URL": refusing_broker.url},
    )
    assert done.returncode == 1
    assert "Computer says no: no verification" in done.stdout
    assert "environment=production" in refusing_broker.requests_to("GET /matrix")[0].path
