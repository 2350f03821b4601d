"""Provider runs driven by the broker: PACT_URL (the webhook flow), pacts fetched once, rows from any source."""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from behave_project import Project
from broker_support import BROKER_CONTRACTS, PROVIDER_P, BrokerStub, FakeBroker, recorded, verification_broker

from contracts_bdd.provider.verification import free_port

TOKEN = "tok-WEBHOOK-NEVER-SHOWN-5d1"
OUTLINE = """\
Feature: p, one scenario per interaction
  Background:
    Given the provider "p" is started with "{python} provider_p.py {port}"

  Scenario Outline: <consumer>: <interaction>
    Then the interaction passes verification

    Examples: the interactions
      | consumer | interaction | source | pending |
"""


def one_scenario(project: Project, when: str) -> None:
    """A provider feature for p: start it, `when`, every interaction passes."""
    project.write("provider_p.py", PROVIDER_P)
    project.write(
        "features/provider/p.feature",
        "Feature: p\n  Scenario: Verify\n"
        '    Given the provider "p" is started with "{python} provider_p.py {port}"\n'
        f"    {when}\n"
        "    Then every interaction passes verification\n",
    )


def pact(consumer: str, *interactions: tuple[str, int]) -> dict[str, Any]:
    """A V3 pact of GET requests for provider p: (path, status) each, described by the path."""
    return {
        "consumer": {"name": consumer},
        "provider": {"name": "p"},
        "interactions": [
            {
                "description": f"a request for {path}",
                "request": {"method": "GET", "path": path},
                "response": {"status": status},
            }
            for path, status in interactions
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }


def junit_cases(folder: Path) -> list[tuple[str, str]]:
    """(test case name, outcome) of every JUnit case behave wrote."""
    cases = []
    for report in sorted(folder.glob("*.xml")):
        for case in ET.parse(report).getroot().iter("testcase"):
            outcome = "failed" if case.find("failure") is not None else "passed"
            outcome = "skipped" if case.find("skipped") is not None else outcome
            cases.append((case.get("name", ""), outcome))
    return cases


@pytest.mark.skipif(not BROKER_CONTRACTS.is_dir(), reason="../shared/interop/broker is not beside this clone")
def test_the_webhook_flow_publish_verify_the_pact_url_publish_results_can_i_deploy(project: Project) -> None:
    # 1. The consumer publishes: exactly the request the broker's own contract records.
    publish = recorded("a request to publish contracts")
    body = publish["request"]["body"]
    published = project.root / "published" / "Foo-Bar.json"
    published.parent.mkdir()
    published.write_bytes(base64.b64decode(body["contracts"][0]["content"]))
    relation = "the pb:publish-contracts relations exists in the index resource"
    with BrokerStub(project.root, [recorded("a request for the index resource", relation), publish]) as stub:
        done = project.cli(
            *("publish", str(published), "--broker-base-url", stub.url),
            *("--consumer-app-version", body["pacticipantVersionNumber"], "--branch", body["branch"]),
            *("--tag", body["tags"][0], "--build-url", body["buildUrl"]),
            *("--on-conflict", body["contracts"][0]["onConflict"]),
        )
    assert done.returncode == 0, done.stdout + done.stderr

    # 2. The webhook starts the provider's build with only PACT_URL: one JUnit case per interaction.
    project.write("provider_p.py", PROVIDER_P)
    project.write("features/provider/p.feature", OUTLINE)
    files = [BROKER_CONTRACTS / "pact-broker_c1.patched.json", BROKER_CONTRACTS / "aux-c1-pact-content.json"]
    with BrokerStub(project.root, [], port=9876, files=files) as stub:
        run = project.behave(
            "--junit",
            "--junit-directory",
            "reports",
            "features/provider",
            env={
                "PACT_URL": "http://localhost:9876/pacts/provider/p/consumer/c_1",
                "PACT_BROKER_BASE_URL": "http://localhost:9876",
                "CI": "true",
                "CONTRACTS_BDD_PROVIDER_VERSION": "0.0.0",
            },
        )
        log = stub.log.read_text()
    assert run.returncode == 0, run.output + log
    assert junit_cases(project.root / "reports") == [("c_1: a request for /basic", "passed")]
    assert not (project.root / "pacts").exists()  # nothing local was needed

    # 3. The results reached the broker, in the shape its contract records (201 only for that shape).
    assert "path: /pacts/provider/p/consumer/c_1/verification-results" in log
    assert "status: 201" in log

    # 4. The pipeline asks can-i-deploy.
    matrix = recorded(
        "a request for the compatibility matrix where only the version of Foo is specified",
        "the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6 and version 5.6.7",
    )
    with BrokerStub(project.root, [matrix]) as stub:
        done = project.cli("can-i-deploy", "--pacticipant", "Foo", "--version", "1.2.3", "--broker-base-url", stub.url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Computer says yes" in done.stdout


def test_pact_url_switches_the_run_and_a_pact_on_another_host_gets_no_credentials(project: Project) -> None:
    fake = verification_broker(pact("Shop", ("/basic", 200)), "p")
    one_scenario(project, 'When the provider is verified against the pacts in "pacts"')
    try:
        run = project.behave(
            "features/provider",
            env={
                "PACT_URL": f"{fake.url}/pacts/provider/p/consumer/Shop",
                "PACT_BROKER_BASE_URL": f"http://localhost:{free_port()}",  # the broker is elsewhere
                "PACT_BROKER_TOKEN": TOKEN,
                "CI": "true",
                "CONTRACTS_BDD_PROVIDER_VERSION": "1.0.0",
            },
        )
        seen = list(fake.seen)
    finally:
        fake.close()

    assert run.returncode == 0, run.output
    assert [(item.method, item.path) for item in seen] == [
        ("GET", "/pacts/provider/p/consumer/Shop"),
        ("POST", "/pacts/provider/p/consumer/Shop/verification-results"),
    ]
    assert all("authorization" not in {name.lower() for name in item.headers} for item in seen)
    results = seen[1].body
    assert results["success"] is True
    assert results["providerApplicationVersion"] == "1.0.0"
    assert [entry["success"] for entry in results["testResults"]] == [True]
    assert TOKEN not in run.output


def test_pact_url_for_another_provider_skips_the_verification(project: Project) -> None:
    fake = verification_broker(pact("Shop", ("/basic", 200)), "p")
    project.write("provider_p.py", PROVIDER_P)
    project.write(
        "features/provider/q.feature",
        "Feature: q\n  Scenario: Verify q\n"
        '    Given the provider "q" is started with "{python} provider_p.py {port}"\n'
        "    When the provider is verified against its pacts\n"
        "    Then every interaction passes verification\n",
    )
    try:
        run = project.behave(
            "--junit",
            "--junit-directory",
            "reports",
            "features/provider",
            env={"PACT_URL": f"{fake.url}/pacts/provider/p/consumer/Shop"},
        )
    finally:
        fake.close()

    assert run.returncode == 0, run.output
    assert junit_cases(project.root / "reports") == [("Verify q", "skipped")]
    report = next((project.root / "reports").glob("*.xml")).read_text()
    assert "PACT_URL is a pact for another provider, not for 'q'" in report


def broker_of(*pacts: tuple[dict[str, Any], str, dict[str, bool]]) -> FakeBroker:
    """A broker whose pacts-for-verification lists `pacts` (document, shortDescription, properties)."""
    fake = FakeBroker()
    base = fake.url
    template = base + "/pacts/provider/{provider}/for-verification"
    fake.answer("GET /", (200, {"_links": {"pb:provider-pacts-for-verification": {"href": template}}}, 0))
    listed = []
    for number, (document, description, properties) in enumerate(pacts):
        path = f"/pacts/provider/p/consumer/{document['consumer']['name']}/pact-version/{number}"
        results = {"pb:publish-verification-results": {"href": base + path + "/verification-results"}}
        version = {"pb:consumer-version": {"name": f"1.{number}.0", "href": base + f"/versions/{number}"}}
        fake.answer(f"GET {path}", (200, {**document, "_links": {**results, **version}}, 0))
        fake.answer(f"POST {path}/verification-results", (201, {}, 0))
        listed.append(
            {
                "shortDescription": description,
                "verificationProperties": properties,
                "_links": {"self": {"href": base + path}},
            }
        )
    fake.answer("POST /pacts/provider/p/for-verification", (200, {"_embedded": {"pacts": listed}}, 0))
    return fake


def test_an_outline_from_the_broker_fetches_once_and_traces_each_row_to_its_pact(project: Project) -> None:
    main = pact("Shop", ("/basic", 200), ("/gone", 200))
    deployed = pact("Shop", ("/basic", 200), ("/gone", 404))  # the same description, another expectation
    wip = pact("Admin", ("/basic", 500))
    wip["interactions"][0]["providerStates"] = [{"name": "the shop is open"}]  # no `states` column: still complete
    fake = broker_of(
        (main, "latest from branch main", {"pending": False}),
        (deployed, "deployed to production", {"pending": False}),
        (wip, "work in progress", {"pending": True, "wip": True}),
    )
    project.write("provider_p.py", PROVIDER_P)
    project.write(
        "features/provider/p.feature",
        OUTLINE.replace("  Background:\n", "  Background:\n    Given the pacts are taken from the broker\n").replace(
            "<consumer>: <interaction>", "<consumer>: <interaction> (<source>)"
        ),
    )
    project.write("behave.ini", "[behave.userdata]\ninclude_wip_pacts_since = 2024-05-01\n")
    try:
        run = project.behave(
            "--junit",
            "--junit-directory",
            "reports",
            "features/provider",
            env={"PACT_BROKER_BASE_URL": fake.url, "CI": "true", "CONTRACTS_BDD_PROVIDER_VERSION": "2.0.0"},
        )
        asked = fake.requests_to("POST /pacts/provider/p/for-verification")
        fetched = [item.path for item in fake.seen if item.method == "GET" and "pact-version" in item.path]
        results = {
            item.path.split("/")[-2]: item.body
            for item in fake.seen
            if item.method == "POST" and item.path.endswith("verification-results")
        }
    finally:
        fake.close()

    cases = dict(junit_cases(project.root / "reports"))
    assert cases == {
        "Shop: a request for /basic (latest from branch main, version 1.0.0)": "passed",
        "Shop: a request for /gone (latest from branch main, version 1.0.0)": "passed",
        "Shop: a request for /basic (deployed to production, version 1.1.0)": "passed",
        "Shop: a request for /gone (deployed to production, version 1.1.0)": "failed",
        "Admin: a request for /basic (work in progress, version 1.2.0)": "skipped",
    }, run.output
    assert run.returncode == 1
    assert "pending, and failing" in next((project.root / "reports").glob("*.xml")).read_text()
    assert len(asked) == 1  # the outline fill and the verification share one fetch
    assert asked[0].body["includeWipPactsSince"] == "2024-05-01"
    assert sorted(fetched) == [f"/pacts/provider/p/consumer/{name}" for name in ("Admin/pact-version/2",)] + [
        "/pacts/provider/p/consumer/Shop/pact-version/0",
        "/pacts/provider/p/consumer/Shop/pact-version/1",
    ]
    assert [results[str(number)]["success"] for number in range(3)] == [True, False, False]
    assert results["1"]["testResults"][1]["interactionDescription"] == "a request for /gone"
    assert results["1"]["providerApplicationVersion"] == "2.0.0"


def test_tags_that_leave_the_outline_out_fill_and_fetch_nothing(project: Project) -> None:
    fake = verification_broker(pact("Shop", ("/basic", 200)), "p")
    project.write("provider_p.py", PROVIDER_P)
    project.write("features/provider/p.feature", OUTLINE)  # no pacts/ folder: filling it would fail
    project.write(
        "features/provider/broker.feature",
        "Feature: from the broker\n  @broker\n  Scenario: Verify what the broker selects\n"
        '    Given the provider "p" is started with "{python} provider_p.py {port}"\n'
        "    When the provider is verified against the pacts from the broker\n"
        "    Then every interaction passes verification\n",
    )
    try:
        run = project.behave(
            "--tags=@broker", "features/provider", env={"PACT_BROKER_BASE_URL": fake.url, "CI": "false"}
        )
        asked = fake.requests_to("POST /pacts/provider/p/for-verification")
    finally:
        fake.close()

    assert run.returncode == 0, run.output
    assert "1 scenario passed" in run.output
    assert len(asked) == 1


def test_single_pact_files_are_verified_by_step_and_by_setting(project: Project) -> None:
    project.write("provider_p.py", PROVIDER_P)
    project.write("contracts/a.json", json.dumps(pact("Shop", ("/basic", 200))))
    project.write("other/b.json", json.dumps(pact("Admin", ("/basic", 200), ("/x", 200))))
    project.write("other/broken.json", "{ not json")
    project.write(
        "features/provider/p.feature",
        "Feature: p\n  Scenario: Two files\n"
        '    Given the provider "p" is started with "{python} provider_p.py {port}"\n'
        '    When the provider is verified against the pacts in "contracts/a.json, other/b.json"\n'
        "    Then every interaction passes verification\n\n"
        "  Scenario Outline: <consumer>: <interaction>\n"
        '    Given the provider "p" is started with "{python} provider_p.py {port}"\n'
        "    Then the interaction passes verification\n\n"
        "    Examples: the interactions\n"
        "      | consumer | interaction |\n",
    )
    project.write("behave.ini", "[behave.userdata]\npact_source = other/b.json\n")

    run = project.behave("--no-capture", "features/provider")

    assert run.returncode == 0, run.output
    assert "Verified 3 interaction(s) of provider 'p': 3 passed" in run.output  # the step's two files
    assert "3 scenarios passed" in run.output  # the scenario, and the outline's two rows from pact_source


def test_a_missing_pact_source_for_an_outline_names_the_outline(project: Project) -> None:
    project.write("provider_p.py", PROVIDER_P)
    project.write("features/provider/p.feature", OUTLINE)

    run = project.behave("features/provider")

    assert run.returncode != 0
    assert "p.feature:5" in run.output
    assert "the pact source pacts does not exist" in run.output


def test_a_broker_that_points_at_a_pact_on_another_host_is_refused_and_that_host_hears_nothing(
    project: Project,
) -> None:
    elsewhere = FakeBroker()
    fake = broker_of((pact("Shop", ("/basic", 200)), "latest", {"pending": False}))
    listed = {"_embedded": {"pacts": [{"_links": {"self": {"href": elsewhere.url + "/steal"}}}]}}
    fake.answer("POST /pacts/provider/p/for-verification", (200, listed, 0))
    one_scenario(project, "When the provider is verified against the pacts from the broker")
    try:
        run = project.behave("features/provider", env={"PACT_BROKER_BASE_URL": fake.url, "PACT_BROKER_TOKEN": TOKEN})
    finally:
        fake.close()
        elsewhere.close()

    assert run.returncode != 0
    assert "the Pact Broker pointed at a pact on another host" in run.output
    assert elsewhere.seen == []
    assert TOKEN not in run.output


def test_results_without_a_provider_version_are_refused_before_anything_is_verified(project: Project) -> None:
    fake = verification_broker(pact("Shop", ("/basic", 200)), "p")
    one_scenario(project, "When the provider is verified against the pacts from the broker")
    counting = PROVIDER_P.replace(
        "    def do_GET(self):\n", "    def do_GET(self):\n        open('hits.log', 'a').write(self.path + '\\n')\n"
    )
    project.write("provider_p.py", counting)
    try:
        run = project.behave("features/provider", env={"PACT_BROKER_BASE_URL": fake.url, "CI": "true"})
        posted = [item.path for item in fake.seen if item.method == "POST"]
    finally:
        fake.close()

    assert run.returncode != 0
    assert "p.feature:4: verification results cannot be published without a provider version" in run.output
    hits = (project.root / "hits.log").read_text().split()
    assert "/basic" not in hits  # said before the verifier ran: the interaction was never replayed
    assert hits  # the provider did answer (its readiness check), so the log is no dead check
    assert posted == ["/pacts/provider/p/for-verification"]
