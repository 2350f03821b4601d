"""Real behave runs with a broker: publishing after all scenarios, secrets, and the provider's loop."""

from __future__ import annotations

import base64
import subprocess
import sys
from collections.abc import Iterator

import pytest
from behave_project import Project
from broker_support import BROKER_CONTRACTS, PROVIDER_P, BrokerStub, FakeBroker, index

from contracts_bdd.provider.verification import free_port

TOKEN = "tok-NEVER-PRINT-71c3"
USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n"
GOOD = 'Feature: good\n  Scenario: Read users\n    When the consumer sends a GET request to "/users"\n    Then the provider responds with status 200\n'
BAD_OTHER_PAIR = (
    "@provider:Billing\nFeature: bad\n  Scenario: Pay\n"
    '    When the consumer sends a POST request to "/pay"\n    Then the provider responds with status 201\n'
    "    When the shop fails\n"
)


@pytest.fixture
def broker() -> Iterator[FakeBroker]:
    fake = FakeBroker()
    fake.answer("GET /", (200, index("pb:publish-contracts=/contracts/publish"), 0))
    fake.answer("POST /contracts/publish", (200, {"notices": [{"text": "Pact published"}]}, 0))
    yield fake
    fake.close()


def environment(broker: FakeBroker, **extra: str) -> dict[str, str]:
    return {
        "PACT_BROKER_BASE_URL": broker.url,
        "PACT_BROKER_TOKEN": TOKEN,
        "CI": "true",
        "GITHUB_SERVER_URL": "https://github.example",
        "GITHUB_REPOSITORY": "shop/web",
        "GITHUB_RUN_ID": "42",
        "GITHUB_REF_NAME": "main",
        **extra,
    }


def test_passing_pairs_are_published_after_all(project: Project, broker: FakeBroker) -> None:
    project.write("behave.ini", USERDATA + "consumer_version = 1.4.0\nconsumer_tags = dev, web\n")
    project.write(
        "steps/fail.py",
        "from behave import when\n@when('the shop fails')\ndef _(c):\n    raise AssertionError('boom')\n",
    )
    project.write("features/consumer/good.feature", GOOD)
    project.write("features/consumer/bad.feature", BAD_OTHER_PAIR)

    run = project.behave("features/consumer", env=environment(broker))

    assert run.returncode != 0  # the Billing scenario failed
    assert "no pact written for Shop -> Billing because scenarios failed" in run.output
    assert "contracts-bdd: published pacts/Shop-Users.json as Shop 1.4.0 on branch main" in run.output
    (post,) = broker.requests_to("POST /contracts/publish")
    assert post.headers["Authorization"] == f"Bearer {TOKEN}"
    body = post.body
    assert {
        key: body[key] for key in ("pacticipantName", "pacticipantVersionNumber", "branch", "tags", "buildUrl")
    } == {
        "pacticipantName": "Shop",
        "pacticipantVersionNumber": "1.4.0",
        "branch": "main",
        "tags": ["dev", "web"],
        "buildUrl": "https://github.example/shop/web/actions/runs/42",
    }
    (contract,) = body["contracts"]
    assert (contract["consumerName"], contract["providerName"]) == ("Shop", "Users")
    assert base64.b64decode(contract["content"]) == (project.root / "pacts" / "Shop-Users.json").read_bytes()
    assert TOKEN not in run.output


def test_outside_ci_nothing_is_published_unless_asked(project: Project, broker: FakeBroker) -> None:
    project.write("behave.ini", USERDATA + "consumer_version = 1.4.0\n")
    project.write("features/consumer/good.feature", GOOD)

    quiet = project.behave("features/consumer", env=environment(broker, CI="false"))
    asked = project.behave("-D", "publish=true", "features/consumer", env=environment(broker, CI="false"))
    off = project.behave("-D", "publish=false", "features/consumer", env=environment(broker))

    assert quiet.returncode == 0, quiet.output
    assert "pacts not published" in quiet.output
    assert "published pacts/Shop-Users.json" in asked.output
    assert off.returncode == 0
    assert len(broker.requests_to("POST /contracts/publish")) == 1


def test_without_a_version_nothing_is_published_and_the_pact_stays(project: Project, broker: FakeBroker) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/good.feature", GOOD)

    run = project.behave("features/consumer", env=environment(broker))

    assert run.returncode != 0
    assert "never published without a consumer version" in run.output
    assert (project.root / "pacts" / "Shop-Users.json").exists()
    assert broker.requests_to("POST /contracts/publish") == []


def test_secrets_never_reach_output_logs_or_pacts(project: Project) -> None:
    echoing = FakeBroker()
    echoing.answer("GET /", (200, index("pb:publish-contracts=/contracts/publish"), 0))
    echoing.answer(
        "POST /contracts/publish", (401, lambda request: {"error": f"rejected {request.headers['Authorization']}"}, 0)
    )
    project.write("behave.ini", USERDATA + "consumer_version = 1.4.0\nlog_level = DEBUG\n")
    project.write("features/consumer/good.feature", GOOD)
    try:
        run = project.behave("--logging-level=DEBUG", "--no-logcapture", "features/consumer", env=environment(echoing))
    finally:
        echoing.close()

    assert run.returncode != 0
    assert "answered POST" in run.output and "with 401: rejected Bearer ****" in run.output
    assert "check PACT_BROKER_TOKEN" in run.output
    assert TOKEN not in run.output
    assert TOKEN not in (project.root / "pacts" / "Shop-Users.json").read_text()


def test_an_unreachable_broker_fails_the_run_after_retries_and_keeps_the_pact(project: Project) -> None:
    project.write("behave.ini", USERDATA + "consumer_version = 1.4.0\nbroker_attempts = 2\n")
    project.write("features/consumer/good.feature", GOOD)

    run = project.behave("features/consumer", env={"PACT_BROKER_URL": f"http://127.0.0.1:{free_port()}", "CI": "true"})

    assert run.returncode != 0
    assert "could not be reached for GET" in run.output and "after 2 attempts" in run.output
    assert (project.root / "pacts" / "Shop-Users.json").exists()


@pytest.mark.skipif(not BROKER_CONTRACTS.is_dir(), reason="../shared/interop/broker is not beside this clone")
def test_provider_fetches_verifies_and_publishes_results_through_the_broker(project: Project) -> None:
    project.write("provider_p.py", PROVIDER_P)
    project.write(
        "features/provider/p.feature",
        "Feature: p\n  Scenario: Verify p from the broker\n"
        '    Given the provider "p" is started with "{python} provider_p.py {port}"\n'
        "    When the provider is verified against the latest pacts from the broker\n"
        "    Then every interaction passes verification\n",
    )
    files = [BROKER_CONTRACTS / "pact-broker_c1.patched.json", BROKER_CONTRACTS / "aux-c1-pact-content.json"]
    with BrokerStub(project.root, [], port=9876, files=files) as stub:
        run = project.behave(
            "features/provider",
            env={
                "PACT_BROKER_BASE_URL": "http://localhost:9876",
                "CI": "true",
                "CONTRACTS_BDD_PROVIDER_VERSION": "0.0.0",
            },
        )
        log = stub.log.read_text()

    assert run.returncode == 0, run.output + log
    assert "path: /pacts/provider/p/for-verification" in log
    assert "path: /pacts/provider/p/consumer/c_1/verification-results" in log
    assert "status: 201" in log


def test_provider_with_an_unreachable_broker_says_so(project: Project) -> None:
    project.write("provider_p.py", PROVIDER_P)
    project.write(
        "features/provider/p.feature",
        'Feature: p\n  Scenario: Verify\n    Given the provider "p" is started with "{python} provider_p.py {port}"\n'
        "    When the provider is verified against the pacts from the broker\n",
    )
    project.write("behave.ini", "[behave.userdata]\nbroker_attempts = 1\n")

    run = project.behave("features/provider", env={"PACT_BROKER_BASE_URL": f"http://127.0.0.1:{free_port()}"})

    assert run.returncode != 0
    assert "could not be reached for GET" in run.output


def test_selectors_pending_wip_and_provider_branch_reach_the_broker(project: Project) -> None:
    fake = FakeBroker()
    fake.answer(
        "GET /",
        (
            200,
            {
                "_links": {
                    "pb:provider-pacts-for-verification": {
                        "href": fake.url + "/pacts/provider/{provider}/for-verification",
                        "templated": True,
                    }
                }
            },
            0,
        ),
    )
    fake.answer(
        "GET /pacts/provider/p/for-verification",
        (200, {"_links": {"self": {"href": fake.url + "/pacts/provider/p/for-verification"}}}, 0),
    )
    fake.answer("POST /pacts/provider/p/for-verification", (200, {"_embedded": {"pacts": []}}, 0))
    project.write("provider_p.py", PROVIDER_P)
    project.write(
        "features/provider/p.feature",
        """\
        Feature: p
          Scenario: Verify what the broker selects
            Given the provider "p" is started with "{python} provider_p.py {port}"
            And pending pacts are included
            And work in progress pacts since "2024-05-01" are included
            When the provider is verified against the pacts from the broker for:
              | selector           | value                |
              | mainBranch         | true                 |
              | tag                | prod, latest=true    |
              | consumer           | Shop, branch=feat-x  |
              | deployedOrReleased | true                 |
        """,
    )
    try:
        run = project.behave(
            "features/provider",
            env={
                "PACT_BROKER_BASE_URL": fake.url,
                "PACT_BROKER_TOKEN": TOKEN,
                "CI": "false",
                "CONTRACTS_BDD_PROVIDER_BRANCH": "main",
                "CONTRACTS_BDD_PROVIDER_TAGS": "blue",
            },
        )
        (request,) = fake.requests_to("POST /pacts/provider/p/for-verification")
    finally:
        fake.close()

    assert request.body["consumerVersionSelectors"] == [
        {"mainBranch": True},
        {"tag": "prod", "latest": True},
        {"consumer": "Shop", "branch": "feat-x"},
        {"deployedOrReleased": True},
    ]
    assert request.body["includePendingStatus"] is True
    assert request.body["includeWipPactsSince"] == "2024-05-01"
    assert request.body["providerVersionBranch"] == "main"
    assert request.body["providerVersionTags"] == ["blue"]
    assert {name.lower(): value for name, value in request.headers.items()}["authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in run.output


def test_deployment_gate_steps(project: Project) -> None:
    fake = FakeBroker()
    fake.answer("GET /", (200, index("pb:pacticipant-version=/pacticipants/{pacticipant}/versions/{version}"), 0))
    fake.answer(
        "GET /matrix",
        (
            200,
            {
                "summary": {"deployable": False, "reason": "Users 2.0 has not verified Shop 1.4.0"},
                "matrix": [
                    {
                        "consumer": {"name": "Shop", "version": {"number": "1.4.0"}},
                        "provider": {"name": "Users", "version": {"number": "2.0"}},
                        "verificationResult": None,
                    }
                ],
            },
            0,
        ),
    )
    fake.answer(
        "GET /pacticipants/Shop/versions/1.4.0",
        (
            200,
            {
                "_links": {
                    "pb:record-deployment": [
                        {
                            "name": "production",
                            "href": "/pacticipants/Shop/versions/1.4.0/deployed-versions/environment/e1",
                        }
                    ],
                    "pb:record-release": [
                        {
                            "name": "production",
                            "href": "/pacticipants/Shop/versions/1.4.0/released-versions/environment/e1",
                        }
                    ],
                }
            },
            0,
        ),
    )
    fake.answer("POST /pacticipants/Shop/versions/1.4.0/deployed-versions/environment/e1", (201, {}, 0))
    project.write(
        "features/deploy.feature",
        'Feature: gates\n  Scenario: Record\n    When "Shop" version "1.4.0" is recorded as deployed to "production"\n\n'
        '  Scenario: Ask\n    Then "Shop" version "1.4.0" can be deployed to "production"\n',
    )
    try:
        run = project.behave("features", env={"PACT_BROKER_BASE_URL": fake.url})
        posted = fake.requests_to("POST /pacticipants/Shop/versions/1.4.0/deployed-versions/environment/e1")
    finally:
        fake.close()

    assert run.returncode != 0
    assert len(posted) == 1
    assert "Computer says no: Users 2.0 has not verified Shop 1.4.0" in run.output
    assert "Shop     | 1.4.0     | Users    | 2.0       | unknown" in run.output
    assert "1 scenario passed, 1 failed" in run.output


def test_the_publish_command_reads_behave_ini_as_behave_does(project: Project, broker: FakeBroker) -> None:
    project.write("behave.ini", USERDATA + "consumer_version = 2.7.1\nconsumer_branch = release\n")
    project.write("features/consumer/good.feature", GOOD)
    assert project.behave("features/consumer", env={"CI": ""}).returncode == 0

    published = subprocess.run(
        [sys.executable, "-m", "contracts_bdd", "publish", "pacts"],
        cwd=project.root,
        env=project.environment({"PACT_BROKER_BASE_URL": broker.url, "PACT_BROKER_TOKEN": TOKEN}),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert published.returncode == 0, published.stderr
    (post,) = broker.requests_to("POST /contracts/publish")
    assert (post.body["pacticipantVersionNumber"], post.body["branch"]) == ("2.7.1", "release")
    assert TOKEN not in published.stdout + published.stderr
