"""A hostile broker: its links and redirects point at another origin, its answers are huge or slow.

The answers come from the broker's own contract (`moved`: the recorded answers, every link moved to
another origin as the contract's matching rules allow). That origin, 127.0.0.2, answers every call as a
real broker would, so a client that went there would take its word; the tests prove it hears nothing.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from behave_project import Project
from broker_support import BROKER_CONTRACTS, PROVIDER_P, Drip, FakeBroker, Huge, Redirect, moved, recorded

pytestmark = pytest.mark.skipif(
    not BROKER_CONTRACTS.is_dir(), reason="../shared/interop/broker (the broker's contract) is not beside this clone"
)

TOKEN = "tok-HOSTILE-BROKER-NEVER-SENT-3a9"
VERSION = "5556b8149bf8bac76bc30f50a8a2dd4c22c85f30"
VERSION_PATH = f"/pacticipants/Foo/versions/{VERSION}"
ENVIRONMENT = "cb632df3-0a0d-4227-aac3-60114dd36479"
DEPLOYABLE = {"summary": {"deployable": True, "reason": "the other host says so"}, "matrix": []}
PACT = {
    "consumer": {"name": "Foo"},
    "provider": {"name": "Bar"},
    "interactions": [],
    "metadata": {"pactSpecification": {"version": "3.0.0"}},
}
INDEX = "a request for the index resource"
VERSION_AND_ENVIRONMENTS = "the pb:pacticipant-version and pb:environments relations exist in the index resource"
FOR_DEPLOYMENT = f"version {VERSION} of pacticipant Foo exists with a test environment available for deployment"
FOR_RELEASE = f"version {VERSION} of pacticipant Foo exists with a test environment available for release"


@pytest.fixture
def home() -> Iterator[FakeBroker]:
    with FakeBroker() as broker:
        yield broker


@pytest.fixture
def elsewhere() -> Iterator[FakeBroker]:
    """Another origin that answers like a broker: whatever reaches it would be taken as the broker's word."""
    with FakeBroker(host="127.0.0.2") as broker:
        environments = {"_embedded": {"environments": [{"name": "test", "uuid": ENVIRONMENT}]}}
        broker.answer("POST /contracts/publish", (200, {"notices": [{"text": "Pact published (elsewhere)"}]}, 0))
        broker.answer("GET /matrix", (200, DEPLOYABLE, 0))
        broker.answer(f"GET {VERSION_PATH}", (200, moved("a request for a pacticipant version", FOR_DEPLOYMENT, ""), 0))
        broker.answer(f"POST {VERSION_PATH}/deployed-versions/environment/{ENVIRONMENT}", (201, {"target": "t"}, 0))
        broker.answer(f"POST {VERSION_PATH}/released-versions/environment/{ENVIRONMENT}", (201, {}, 0))
        broker.answer("GET /environments", (200, environments, 0))
        broker.answer("POST /pacts/provider/p/for-verification", (200, {"_embedded": {"pacts": []}}, 0))
        yield broker


CAN_I_DEPLOY = ("can-i-deploy", "--pacticipant", "Foo", "--version", "1", "--to-environment", "production")
"""A gate that asks the broker one question: the huge answers come back to it."""


def broker_env(home: FakeBroker) -> dict[str, str]:
    return {"PACT_BROKER_BASE_URL": home.url, "PACT_BROKER_TOKEN": TOKEN, "CI": "true"}


def refused(output: str, elsewhere: FakeBroker) -> None:
    """The call was refused, said so, and the other origin heard nothing at all."""
    assert "another origin" in output, output
    assert elsewhere.seen == [], [
        (seen.method, seen.path, seen.headers.get("Authorization")) for seen in elsewhere.seen
    ]
    assert TOKEN not in output


COMMANDS = {
    "publish": ("publish", "pacts", "--consumer-app-version", "1.0.0"),
    "record-deployment": ("record-deployment", "--pacticipant", "Foo", "--version", VERSION, "--environment", "test"),
    "record-release": ("record-release", "--pacticipant", "Foo", "--version", VERSION, "--environment", "test"),
    "record-undeployment": ("record-undeployment", "--pacticipant", "Foo", "--environment", "test"),
}


@pytest.mark.parametrize(
    ("command", "index_state"),
    [
        ("publish", "the pb:publish-contracts relations exists in the index resource"),
        ("record-deployment", VERSION_AND_ENVIRONMENTS),  # the version lookup
        ("record-undeployment", VERSION_AND_ENVIRONMENTS),  # the environment lookup
    ],
)
def test_index_links_to_another_origin_get_no_call_and_no_credentials(
    project: Project, home: FakeBroker, elsewhere: FakeBroker, command: str, index_state: str
) -> None:
    project.write("pacts/Foo-Bar.json", json.dumps(PACT))
    home.answer("GET /", (200, moved(INDEX, index_state, elsewhere.url), 0))

    done = project.cli(*COMMANDS[command], env=broker_env(home))

    assert done.returncode != 0, done.stdout
    refused(done.stdout + done.stderr, elsewhere)


@pytest.mark.parametrize(
    ("command", "version_state"), [("record-deployment", FOR_DEPLOYMENT), ("record-release", FOR_RELEASE)]
)
def test_record_links_to_another_origin_get_no_call_and_no_credentials(
    project: Project, home: FakeBroker, elsewhere: FakeBroker, command: str, version_state: str
) -> None:
    home.answer("GET /", (200, moved(INDEX, VERSION_AND_ENVIRONMENTS, ""), 0))
    home.answer(
        f"GET {VERSION_PATH}", (200, moved("a request for a pacticipant version", version_state, elsewhere.url), 0)
    )

    done = project.cli(*COMMANDS[command], env=broker_env(home))

    assert done.returncode != 0, done.stdout
    refused(done.stdout + done.stderr, elsewhere)


def test_a_provider_run_refuses_a_for_verification_link_to_another_origin(
    project: Project, home: FakeBroker, elsewhere: FakeBroker
) -> None:
    root = moved("a request to the root", None, elsewhere.url, BROKER_CONTRACTS / "pact-broker_c1.json")
    home.answer("GET /", (200, root, 0))
    project.write("provider_p.py", PROVIDER_P)
    project.write(
        "features/provider/p.feature",
        "Feature: p\n  Scenario: Verify\n"
        '    Given the provider "p" is started with "{python} provider_p.py {port}"\n'
        "    When the provider is verified against the pacts from the broker\n"
        "    Then every interaction passes verification\n",
    )

    run = project.behave("features/provider", env={**broker_env(home), "CI": "false"})

    assert run.returncode != 0
    refused(run.output, elsewhere)


@pytest.mark.parametrize("status", [302, 307])
def test_a_publish_redirected_to_another_origin_fails_and_sends_it_nothing(
    project: Project, home: FakeBroker, elsewhere: FakeBroker, status: int
) -> None:
    project.write("pacts/Foo-Bar.json", json.dumps(PACT))
    home.answer("GET /", (200, moved(INDEX, "the pb:publish-contracts relations exists in the index resource", ""), 0))
    home.answer("POST /contracts/publish", (status, Redirect(elsewhere.url + "/contracts/publish"), 0))

    done = project.cli(*COMMANDS["publish"], env=broker_env(home))

    assert done.returncode != 0, done.stdout
    assert "Pact published" not in done.stdout
    refused(done.stdout + done.stderr, elsewhere)
    (sent,) = home.requests_to("POST /contracts/publish")
    assert base64.b64decode(sent.body["contracts"][0]["content"]) == (project.root / "pacts/Foo-Bar.json").read_bytes()


def test_can_i_deploy_trusts_no_answer_from_another_origin(
    project: Project, home: FakeBroker, elsewhere: FakeBroker
) -> None:
    home.answer("GET /matrix", (302, Redirect(elsewhere.url + "/matrix"), 0))

    done = project.cli(
        "can-i-deploy", "--pacticipant", "Foo", "--version", "1", "--to-environment", "production", env=broker_env(home)
    )

    assert done.returncode != 0
    assert "Computer says yes" not in done.stdout
    refused(done.stdout + done.stderr, elsewhere)


def test_a_redirect_within_the_broker_is_followed_with_its_credentials(project: Project, home: FakeBroker) -> None:
    home.answer("GET /matrix", (301, Redirect("/moved/matrix"), 0))
    home.answer("GET /moved/matrix", (200, DEPLOYABLE, 0))

    done = project.cli(
        "can-i-deploy", "--pacticipant", "Foo", "--version", "1", "--to-environment", "production", env=broker_env(home)
    )

    assert done.returncode == 0, done.stderr
    assert "Computer says yes" in done.stdout
    (followed,) = home.requests_to("GET /moved/matrix")
    assert followed.headers["Authorization"] == f"Bearer {TOKEN}"


MEMORY_MIB = 512
"""The address space the client may use: a few times what it needs, a fraction of what 100 MiB of JSON takes."""


def test_a_huge_answer_is_refused_within_a_bounded_address_space(project: Project, home: FakeBroker) -> None:
    home.answer("GET /matrix", (200, Huge(100), 0))

    done = project.cli(
        *CAN_I_DEPLOY,
        env=broker_env(home),
        memory_mib=MEMORY_MIB,
    )

    assert done.returncode != 0
    assert "MemoryError" not in done.stderr
    assert "with more than 32 MiB (max_answer_bytes); nothing was taken from it" in done.stderr, done.stderr


def test_a_huge_answer_that_says_its_size_is_refused_unread(project: Project, home: FakeBroker) -> None:
    home.answer("GET /matrix", (200, Huge(100, declared=True), 0))

    done = project.cli(
        *CAN_I_DEPLOY,
        env=broker_env(home),
        memory_mib=MEMORY_MIB,
    )

    assert done.returncode != 0
    assert "with more than 32 MiB" in done.stderr, done.stderr


def test_a_slow_answer_is_cut_off_at_the_call_deadline(project: Project, home: FakeBroker) -> None:
    # 400 bytes, 0.05 s apart: 20 s without the deadline, each byte well within the socket time-out.
    home.answer("GET /matrix", (200, Drip(json.dumps(DEPLOYABLE).encode().ljust(400), 0.05), 0))

    done = project.cli(
        *CAN_I_DEPLOY,
        env={**broker_env(home), "CONTRACTS_BDD_BROKER_DEADLINE": "1"},
    )

    assert done.returncode != 0
    assert "did not answer GET" in done.stderr and "within 1 s" in done.stderr, done.stderr


def test_the_recorded_publish_answer_still_publishes(project: Project, home: FakeBroker) -> None:
    """The double's home origin answers as the contract records: the refusals above are not refusals of it."""
    project.write("pacts/Foo-Bar.json", json.dumps(PACT))
    home.answer(
        "GET /", (200, moved(INDEX, "the pb:publish-contracts relations exists in the index resource", home.url), 0)
    )
    home.answer("POST /contracts/publish", (200, recorded("a request to publish contracts")["response"]["body"], 0))

    done = project.cli(*COMMANDS["publish"], env=broker_env(home))

    assert done.returncode == 0, done.stderr
    assert "some message" in done.stdout
    assert Path(project.root / "pacts/Foo-Bar.json").exists()


def test_redirects_within_the_broker_are_followed_five_times_at_most(project: Project, home: FakeBroker) -> None:
    home.answer("GET /matrix", (302, Redirect("/matrix"), 0))  # a loop, on the broker's own origin

    done = project.cli(
        "can-i-deploy", "--pacticipant", "Foo", "--version", "1", "--to-environment", "production", env=broker_env(home)
    )

    assert done.returncode != 0
    assert "redirected GET" in done.stderr and "more than 5 times" in done.stderr, done.stderr
    assert len(home.requests_to("GET /matrix")) == 6
