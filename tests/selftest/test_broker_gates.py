"""The broker's gates beyond can-i-deploy: can-i-merge, undeployment, support ended, the pacticipant's main branch."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import pytest
from behave_project import Project
from broker_support import BROKER_CONTRACTS, BrokerStub, FakeBroker, index, recorded
from contract_broker import ContractBroker

ENVIRONMENTS = {"_embedded": {"environments": [{"name": "production", "uuid": "16926ef3"}]}}


def matrix(deployable: bool) -> dict[str, Any]:
    return {
        "summary": {"deployable": deployable, "reason": "the main branches say so", "success": 1, "failed": 0},
        "matrix": [],
    }


@pytest.mark.skipif(not BROKER_CONTRACTS.is_dir(), reason="../shared/interop/broker is not beside this clone")
def test_create_or_update_pacticipant_sends_what_the_broker_contract_records(project: Project) -> None:
    created = [recorded("a request to retrieve a pacticipant"), recorded("a request to create a pacticipant")]
    exists = "a pacticipant with name Foo exists"
    updated = [recorded("a request to retrieve a pacticipant", exists), recorded("a request to update a pacticipant")]
    arguments = ("create-or-update-pacticipant", "--name", "Foo", "--repository-url", "http://foo")

    with BrokerStub(project.root, created) as stub:
        create = project.cli(*arguments, "--broker-base-url", stub.url)
    with BrokerStub(project.root, updated) as stub:
        update = project.cli(*arguments, "--broker-base-url", stub.url)

    assert create.returncode == 0, create.stdout + create.stderr
    assert "created the pacticipant Foo" in create.stdout
    assert update.returncode == 0, update.stdout + update.stderr
    assert "updated the pacticipant Foo" in update.stdout


def test_the_main_branch_reaches_the_broker(project: Project) -> None:
    fake = FakeBroker()
    fake.answer("GET /pacticipants/Shop", (404, {"error": "not found"}, 0))
    fake.answer("POST /pacticipants", (201, {"name": "Shop"}, 0))
    try:
        done = project.cli(
            *("create-or-update-pacticipant", "--name", "Shop", "--main-branch", "main"),
            env={"PACT_BROKER_BASE_URL": fake.url},
        )
        (created,) = fake.requests_to("POST /pacticipants")
    finally:
        fake.close()

    assert done.returncode == 0, done.stderr
    assert created.body == {"name": "Shop", "mainBranch": "main"}


def test_can_i_merge_asks_about_the_main_branches_and_says_no_with_exit_1(project: Project) -> None:
    fake = FakeBroker()
    fake.answer("GET /matrix", (200, matrix(True), 0), (200, matrix(False), 0))
    try:
        yes = project.cli(
            "can-i-merge", "--pacticipant", "Shop", "--version", "1a2b", env={"PACT_BROKER_BASE_URL": fake.url}
        )
        no = project.cli(
            "can-i-merge", "--pacticipant", "Shop", "--version", "1a2b", env={"PACT_BROKER_BASE_URL": fake.url}
        )
        query = unquote(fake.requests_to("GET /matrix")[0].path.split("?", 1)[1])
    finally:
        fake.close()

    assert (yes.returncode, no.returncode) == (0, 1)
    assert "the main branches say so" in yes.stdout
    assert "q[][pacticipant]=Shop&q[][version]=1a2b" in query
    assert "mainBranch=true" in query and "latest=true" in query and "latestby=cvp" in query


def test_record_undeployment_marks_each_deployed_instance(project: Project) -> None:
    fake = FakeBroker()
    fake.answer("GET /", (200, index("pb:environments=/environments"), 0))
    fake.answer("GET /environments", (200, ENVIRONMENTS, 0))
    deployed = {
        "_embedded": {
            "deployedVersions": [
                {"_links": {"self": {"href": "/deployed-versions/ff3a"}}, "applicationInstance": "customer-1"},
                {"_links": {"self": {"href": "/deployed-versions/aa11"}}, "applicationInstance": "customer-2"},
            ]
        }
    }
    fake.answer("GET /environments/16926ef3/deployed-versions/currently-deployed", (200, deployed, 0))
    fake.answer("PATCH /deployed-versions/ff3a", (200, {"_embedded": {"version": {"number": "2"}}}, 0))
    try:
        done = project.cli(
            *("record-undeployment", "--pacticipant", "Foo", "--environment", "production"),
            *("--application-instance", "customer-1"),
            env={"PACT_BROKER_BASE_URL": fake.url},
        )
        patches = fake.requests_to("PATCH /deployed-versions/ff3a")
        others = fake.requests_to("PATCH /deployed-versions/aa11")
        missing = project.cli(
            *("record-undeployment", "--pacticipant", "Foo", "--environment", "staging"),
            env={"PACT_BROKER_BASE_URL": fake.url},
        )
    finally:
        fake.close()

    assert done.returncode == 0, done.stderr
    assert "recorded that Foo 2 is no longer deployed to production" in done.stdout
    assert [patch.body for patch in patches] == [{"currentlyDeployed": False}]
    assert {k.lower(): v for k, v in patches[0].headers.items()}["content-type"] == "application/merge-patch+json"
    assert others == []
    assert missing.returncode == 2
    assert "the broker has no environment 'staging' (it has: production)" in missing.stderr


def test_record_support_ended(project: Project) -> None:
    fake = FakeBroker()
    fake.answer("GET /", (200, index("pb:environments=/environments"), 0))
    fake.answer("GET /environments", (200, ENVIRONMENTS, 0))
    released = {"_embedded": {"releasedVersions": [{"_links": {"self": {"href": "/released-versions/77"}}}]}}
    fake.answer("GET /environments/16926ef3/released-versions/currently-supported", (200, released, 0))
    fake.answer("PATCH /released-versions/77", (200, {}, 0))
    try:
        done = project.cli(
            *("record-support-ended", "--pacticipant", "Foo", "--version", "1.0", "--environment", "production"),
            env={"PACT_BROKER_BASE_URL": fake.url},
        )
        (patch,) = fake.requests_to("PATCH /released-versions/77")
    finally:
        fake.close()

    assert done.returncode == 0, done.stderr
    assert "recorded that support for Foo 1.0 in production has ended" in done.stdout
    assert patch.body == {"currentlySupported": False}


def test_the_gates_read_as_steps(project: Project) -> None:
    fake = FakeBroker()
    fake.answer("GET /matrix", (200, matrix(True), 0))
    fake.answer("GET /", (200, index("pb:environments=/environments"), 0))
    fake.answer("GET /environments", (200, ENVIRONMENTS, 0))
    deployed = {"_embedded": {"deployedVersions": [{"_links": {"self": {"href": "/deployed-versions/ff3a"}}}]}}
    fake.answer("GET /environments/16926ef3/deployed-versions/currently-deployed", (200, deployed, 0))
    fake.answer("PATCH /deployed-versions/ff3a", (200, {"_embedded": {"version": {"number": "2"}}}, 0))
    fake.answer("GET /pacticipants/Shop", (200, {"name": "Shop"}, 0))
    fake.answer("PATCH /pacticipants/Shop", (200, {"name": "Shop"}, 0))
    project.write(
        "features/release.feature",
        """\
        Feature: release
          Scenario: Ship the shop
            Given "Shop" is registered with the main branch "main"
            Then "Shop" version "1a2b" can be merged
            And "Shop" is recorded as no longer deployed to "production"
        """,
    )
    try:
        run = project.behave("features", env={"PACT_BROKER_BASE_URL": fake.url})
        (patch,) = fake.requests_to("PATCH /pacticipants/Shop")
    finally:
        fake.close()

    assert run.returncode == 0, run.output
    assert "3 steps passed" in run.output
    assert patch.body == {"name": "Shop", "mainBranch": "main"}


@pytest.mark.parametrize(
    ("command", "blank"),
    [
        (("can-i-deploy", "--pacticipant", "Shop", "--to-environment", "production"), "--version"),
        (("can-i-merge", "--pacticipant", "Shop"), "--version"),
        (("record-deployment", "--pacticipant", "Shop", "--environment", "production"), "--version"),
        (("can-i-deploy", "--version", "1a2b"), "--pacticipant"),
        (("record-release", "--pacticipant", "Shop", "--version", "1a2b"), "--environment"),
        (("publish", "pacts"), "--consumer-app-version"),
    ],
)
def test_an_empty_name_or_version_is_refused_before_anything_is_sent(
    project: Project, command: tuple[str, ...], blank: str
) -> None:
    """`--version "$GIT_SHA"` in a shell that sets no GIT_SHA sends an empty version: refused, naming what to write."""
    with FakeBroker() as fake:
        for value in ("", "   "):
            run = project.cli(*command, blank, value, env={"PACT_BROKER_BASE_URL": fake.url})

            assert run.returncode == 2, run.stdout + run.stderr
            assert f"argument {blank}" in run.stderr and "is empty" in run.stderr, run.stderr
            assert "for example" in run.stderr, run.stderr
        assert fake.seen == []


@pytest.mark.skipif(not BROKER_CONTRACTS.is_dir(), reason="the broker double is made of ../shared/interop/broker")
def test_can_i_deploy_says_no_for_a_version_the_broker_never_heard_of(project: Project) -> None:
    """As the real broker does (a specified version that does not exist is not deployable), so does its double."""
    with ContractBroker() as broker:
        run = project.cli(
            "can-i-deploy",
            "--pacticipant",
            "OrderService",
            "--version",
            "never-published",
            "--to-environment",
            "production",
            env={"PACT_BROKER_BASE_URL": broker.url},
        )

    assert run.returncode == 1, run.stdout + run.stderr
    assert "No pacts or verifications have been published for version never-published of OrderService" in run.stdout
