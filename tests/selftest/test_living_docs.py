"""`contracts-bdd docs`: the example's site from a real run, a broken provider, pacts alone, the broker, hostile pacts,
changes, and a size budget for 3,000 interactions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from behave_project import Project
from broker_support import FakeBroker
from living_docs_support import (
    MARKUP,
    SCRIPT,
    edges,
    elements,
    example_site,
    hostile_pact,
    interaction_statuses,
    search_items,
)
from tests_support import REPO

from contracts_bdd.model.reports import InteractionOutcome, content_report, verification_report
from contracts_bdd.provider.pact_files import contents_of

INTEROP = REPO.parent / "shared" / "interop" / "pacts"
TOKEN = "tok-DOCS-NEVER-SHOWN-77e"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return example_site(tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return example_site(tmp_path_factory.mktemp("broken"), broken=True)


def pair_page(project: Project, consumer: str) -> Path:
    (page,) = (project.root / "site" / "pairs").glob(f"{consumer}--*.html")
    return page


def by_description(page: Path) -> dict[str, str | None]:
    """A pair page's interactions: description -> status."""
    text = page.read_text()
    statuses = interaction_statuses(page)
    found = {}
    for anchor, status in statuses.items():
        start = text.index(f'id="{anchor}"')
        description = text[text.index('<span class="description">', start) :].split(">", 1)[1].split("</span>", 1)[0]
        found[description] = status
    return found


def test_the_examples_site_shows_both_pairs_with_the_statuses_of_that_run(example: Project) -> None:
    site = example.root / "site"

    assert edges(site) == {
        ("NotificationService", "OrderService"): "verified",
        ("OrderService", "UserService"): "verified",
    }
    users = pair_page(example, "OrderService")
    assert by_description(users) == {"A user who exists": "verified", "A user who does not exist": "verified"}
    text = users.read_text()
    assert "features/consumer/consumer.users.feature:7" in text
    assert "Verified on " in text and "TESTS-provider.users" in text
    assert "<code>body $.id</code>: any integer, for example 1" in text
    event = pair_page(example, "NotificationService").read_text()
    assert "an order was placed" in event and "<code>orders</code>" in event  # the message and its metadata
    assert "a date and time like &#34;2024-05-01T10:00:00&#34;" in event
    assert {item[4] for item in search_items(site)} == {
        "A user who exists",
        "A user who does not exist",
        "an order was placed",
    }


def test_breaking_the_provider_turns_exactly_that_interaction_and_edge_red(broken: Project) -> None:
    site = broken.root / "site"

    assert edges(site) == {
        ("NotificationService", "OrderService"): "verified",
        ("OrderService", "UserService"): "failed",
    }
    users = pair_page(broken, "OrderService")
    assert by_description(users) == {"A user who exists": "failed", "A user who does not exist": "verified"}
    text = users.read_text()
    assert "In the body: the field(s) email are missing" in text
    assert "BodyMismatch at $: Actual map is missing the following keys: email" in text


def test_a_site_from_pacts_alone_renders_them_in_the_vocabulary(project: Project) -> None:
    project.write("pacts/Web-Api.json", json.dumps(hostile_free_pact()))

    done = project.cli("docs", "-o", "site")

    assert done.returncode == 0, done.stderr
    assert "1 pacts, 1 never verified" in done.stdout
    assert edges(project.root / "site") == {("Web", "Api"): "never verified"}
    page = next((project.root / "site" / "pairs").glob("*.html")).read_text()
    assert "The scenario, as contracts-bdd render writes it" in page
    assert "the consumer sends a GET request to &#34;/orders/7&#34;" in page
    assert "No verification result says anything about it." in page


def hostile_free_pact() -> dict[str, Any]:
    return {
        "consumer": {"name": "Web"},
        "provider": {"name": "Api"},
        "interactions": [
            {
                "description": "An order",
                "providerState": "an order exists",
                "request": {"method": "GET", "path": "/orders/7"},
                "response": {"status": 200, "body": {"id": 7}, "matchingRules": {"$.body.id": {"match": "type"}}},
            }
        ],
        "metadata": {"pactSpecification": {"version": "2.0.0"}},
    }


def test_a_hostile_pact_is_shown_as_text_never_as_markup_or_script(project: Project, example: Project) -> None:
    project.write("pacts/hostile.json", json.dumps(hostile_pact()))

    done = project.cli("docs", "-o", "site")

    assert done.returncode == 0, done.stderr
    site = project.root / "site"
    ours = {tag for page in (example.root / "site").rglob("*.html") for tag, _ in elements(page)}
    pages = list(site.rglob("*.html"))
    assert len(pages) == 2
    for page in pages:
        found = elements(page)
        assert {tag for tag, _ in found} <= ours, f"{page.name} has elements no template writes"
        for tag, attributes in found:
            assert not any(name.startswith("on") for name in attributes), (tag, attributes)
            assert tag != "script" or str(attributes.get("src", "")).startswith(("assets/", "../assets/"))
            assert not str(attributes.get("href", "")).lower().startswith("javascript:")
        text = page.read_text()
        assert MARKUP not in text and SCRIPT not in text
    pair = next((site / "pairs").glob("*.html")).read_text()
    assert "&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;" in pair  # shown, as text
    assert "<" not in (site / "assets" / "search.js").read_text().split("=", 1)[1]


def test_the_brokers_pacts_and_latest_verifications_give_the_statuses(project: Project) -> None:
    fake, elsewhere = FakeBroker(), FakeBroker()
    base = fake.url
    pacts = [
        ("Web", [("An order", True), ("A refund", False)], base),
        ("Admin", [("A report", True)], elsewhere.url),  # its results link points at another host
    ]
    listed = []
    for consumer, interactions, results_host in pacts:
        path = f"/pacts/provider/Api/consumer/{consumer}/pact-version/1"
        document = {
            "consumer": {"name": consumer},
            "provider": {"name": "Api"},
            "interactions": [
                {
                    "_id": f"id-{number}",
                    "description": description,
                    "request": {"method": "GET", "path": "/"},
                    "response": {"status": 200},
                }
                for number, (description, _) in enumerate(interactions)
            ],
            "metadata": {"pactSpecification": {"version": "3.0.0"}},
            "_links": {
                "pb:latest-verification-results": {"href": results_host + path + "/verification-results/latest"}
            },
        }
        fake.answer(f"GET {path}", (200, document, 0))
        verification = {
            "success": all(ok for _, ok in interactions),
            "providerApplicationVersion": "2.0.1",
            "verificationDate": "2024-05-01T10:00:00+00:00",
            "testResults": [{"interactionId": f"id-{n}", "success": ok} for n, (_, ok) in enumerate(interactions)],
        }
        for broker in (fake, elsewhere):
            broker.answer(f"GET {path}/verification-results/latest", (200, verification, 0))
        listed.append(
            {
                "shortDescription": "latest from main",
                "verificationProperties": {},
                "_links": {"self": {"href": base + path}},
            }
        )
    fake.answer(
        "GET /",
        (
            200,
            {
                "_links": {
                    "pb:provider-pacts-for-verification": {"href": base + "/pacts/provider/{provider}/for-verification"}
                }
            },
            0,
        ),
    )
    fake.answer("POST /pacts/provider/Api/for-verification", (200, {"_embedded": {"pacts": listed}}, 0))
    try:
        done = project.cli(
            "docs",
            "-o",
            "site",
            "--pacts",
            "broker",
            "--provider",
            "Api",
            env={"PACT_BROKER_BASE_URL": fake.url, "PACT_BROKER_TOKEN": TOKEN},
        )
    finally:
        fake.close()
        elsewhere.close()

    assert done.returncode == 0, done.stderr
    assert edges(project.root / "site") == {("Web", "Api"): "failed", ("Admin", "Api"): "never verified"}
    web = by_description(pair_page(project, "Web"))
    assert web == {"An order": "verified", "A refund": "failed"}
    assert "the Pact Broker, provider version 2.0.1" in pair_page(project, "Web").read_text()
    assert elsewhere.seen == [], "a link to another host is never followed"
    assert all(seen.headers.get("Authorization") == f"Bearer {TOKEN}" for seen in fake.seen)
    assert TOKEN not in done.stdout + done.stderr
    assert not any(TOKEN in page.read_text() for page in (project.root / "site").rglob("*") if page.is_file())


def test_changes_since_a_folder_are_marked_on_the_interaction_and_the_pair(project: Project) -> None:
    old = hostile_free_pact()
    old["interactions"].append(
        {"description": "A gone one", "request": {"method": "GET", "path": "/x"}, "response": {"status": 200}}
    )
    new = hostile_free_pact()
    new["interactions"][0]["response"]["body"] = {"id": 7, "total": 3}
    project.write("released/Web-Api.json", json.dumps(old))
    project.write("pacts/Web-Api.json", json.dumps(new))

    done = project.cli("docs", "-o", "site", "--against", "released")

    assert done.returncode == 0, done.stderr
    page = pair_page(project, "Web").read_text()
    assert "Since released: changed: 1 breaking, 1 safe" in page
    assert '<span class="changed">changed</span>' in page
    assert "response body $.total: a new required field" in page
    assert "Removed since released" in page and "A gone one" in page


def test_features_with_problems_stop_it_with_the_checks_messages(project: Project) -> None:
    project.write("pacts/Web-Api.json", json.dumps(hostile_free_pact()))
    project.write(
        "features/consumer/web.feature",
        'Feature: x\n  Scenario: y\n    Given the consumer sends a GET request to "/a"\n'
        "    Then the provider responds with status 200\n    And the response has the JSON body:\n"
        '      """\n      {"id": 1,}\n      """\n',
    )

    done = project.cli("docs", "-o", "site")

    assert done.returncode == 2
    assert "features/consumer/web.feature:7" in done.stderr and "malformed" in done.stderr
    assert not (project.root / "site").exists()


def test_an_output_folder_that_holds_other_files_is_never_replaced(project: Project) -> None:
    project.write("pacts/Web-Api.json", json.dumps(hostile_free_pact()))
    project.write("docs/guide.md", "mine")

    done = project.cli("docs", "-o", "docs")

    assert done.returncode == 2
    assert "holds files that are not a site contracts-bdd wrote" in done.stderr
    assert (project.root / "docs" / "guide.md").read_text() == "mine"


PAGE_BUDGET = 600_000
"""The most bytes one HTML page may take: `PAGE_SIZE` interactions of this size fit well inside."""
SEARCH_BUDGET_PER_INTERACTION = 250
"""The search data's bytes per interaction."""


def big_project(root: Path, count: int) -> Project:
    """`count` interactions: half in one pair, the rest over 20 pairs of 30 services, with JUnit results for all."""
    project = Project(root)
    cases = []
    outcomes: list[InteractionOutcome] = []
    pairs = [("Shop", "Catalogue")] + [(f"Service{n % 30}", f"Service{(n * 7 + 1) % 30}") for n in range(20)]
    shares = [count // 2] + [count // 2 // 20] * 19
    shares.append(count - sum(shares))
    for (consumer, provider), share in zip(pairs, shares, strict=True):
        interactions = []
        for number in range(share):
            description = f"{consumer} asks {provider} for thing {number}"
            interactions.append(
                {
                    "type": "Synchronous/HTTP",
                    "description": description,
                    "providerStates": [{"name": f"thing {number} exists", "params": {"id": number}}],
                    "request": {
                        "method": "GET",
                        "path": f"/things/{number}",
                        "headers": {"Accept": ["application/json"]},
                    },
                    "response": {
                        "status": 200,
                        "headers": {"Content-Type": ["application/json"]},
                        "body": {
                            "content": {"id": number, "name": "A thing", "tags": ["a", "b"]},
                            "contentType": "application/json",
                            "encoded": False,
                        },
                        "matchingRules": {
                            "body": {
                                "$.id": {"combine": "AND", "matchers": [{"match": "integer"}]},
                                "$.name": {"combine": "AND", "matchers": [{"match": "type"}]},
                            }
                        },
                    },
                }
            )
        document = {
            "consumer": {"name": consumer},
            "provider": {"name": provider},
            "interactions": interactions,
            "metadata": {"pactSpecification": {"version": "4.0"}},
        }
        contents = contents_of(document)  # what each result verified, as a provider run prints it beside the result
        for number, interaction in enumerate(interactions):
            description, states = interaction["description"], (f"thing {number} exists",)
            verdict = "failed" if number % 50 == 0 else "passed"
            outcome = InteractionOutcome(
                consumer, description, states, verdict, "x", content=contents[(description, states)]
            )
            status = '<failure message="failed">x</failure>' if verdict == "failed" else ""
            said = escape(_as_behave_reports(f"{consumer}: {description}", content_report(provider, [outcome])))
            cases.append(
                f'<testcase name="{consumer}: {description}">{status}<system-out>{said}</system-out></testcase>'
            )
            if provider == "Catalogue":  # and the whole pair in one verification report, as a scenario prints it
                outcomes.append(outcome)
        project.write(f"pacts/{consumer}-{provider}.json", json.dumps(document))
    printed = verification_report("Catalogue", outcomes) + "\n" + content_report("Catalogue", outcomes)
    report = escape(_as_behave_reports("All", printed, step="every interaction passes verification"))
    cases.append(f"<testcase name='All'><system-out>{report}</system-out></testcase>")
    project.write(
        "reports/TESTS-provider.xml", f'<testsuite timestamp="2024-05-01T10:00:00">{"".join(cases)}</testsuite>'
    )
    return project


def site_sizes(project: Project) -> tuple[int, list[int], int]:
    done = project.cli("docs", "-o", "site", "--results", "reports")
    assert done.returncode == 0, done.stderr
    site = project.root / "site"
    pages = [path.stat().st_size for path in site.rglob("*.html")]
    return (
        sum(path.stat().st_size for path in site.rglob("*") if path.is_file()),
        pages,
        (site / "assets" / "search.js").stat().st_size,
    )


def test_3000_interactions_keep_every_page_in_budget_and_grow_in_proportion(tmp_path: Path) -> None:
    small_total, _, _ = site_sizes(big_project(tmp_path / "small", 300))
    large = big_project(tmp_path / "large", 3000)

    large_total, pages, search = site_sizes(large)

    assert max(pages) <= PAGE_BUDGET, f"the largest page is {max(pages)} bytes"
    assert search <= SEARCH_BUDGET_PER_INTERACTION * 3000
    assert large_total / 3000 <= 1.1 * small_total / 300, "the site grows faster than its interactions"
    catalogue = list((large.root / "site" / "pairs").glob("Shop--Catalogue-*.html"))
    assert len(catalogue) == 10  # 1,500 interactions, 150 a page
    assert len(search_items(large.root / "site")) == 3000
    assert edges(large.root / "site")[("Shop", "Catalogue")] == "failed"
    assert {status for _, status in edges(large.root / "site").items()} == {"failed"}  # every result counted


@pytest.mark.skipif(
    not INTEROP.is_dir(), reason="needs ../shared/interop/pacts (the real pacts of other implementations)"
)
def test_a_site_of_every_real_pact_of_other_implementations(project: Project) -> None:
    for path in [*INTEROP.glob("*.json"), *(INTEROP / "corpus").rglob("*.json")]:
        shutil.copy(path, project.root / f"{path.parent.name}-{path.name}")
    (project.root / "pacts").mkdir()
    for path in project.root.glob("*.json"):
        path.rename(project.root / "pacts" / path.name)

    done = project.cli("docs", "-o", "site")

    assert done.returncode in (0, 1), done.stderr
    site = project.root / "site"
    assert len(list((site / "pairs").glob("*.html"))) >= 10
    assert all(status in {"never verified"} for status in edges(site).values())


def test_changes_since_the_brokers_latest_for_the_branch(project: Project) -> None:
    old = hostile_free_pact()
    old["interactions"][0]["response"]["status"] = 201
    fake = FakeBroker()
    fake.answer("GET /pacts/provider/Api/consumer/Web/branch/main/latest", (200, old, 0))
    project.write("pacts/Web-Api.json", json.dumps(hostile_free_pact()))
    try:
        done = project.cli(
            "docs", "-o", "site", "--against", "broker", "--branch", "main", env={"PACT_BROKER_BASE_URL": fake.url}
        )
    finally:
        fake.close()

    assert done.returncode == 0, done.stderr
    page = pair_page(project, "Web").read_text()
    assert "Since the broker&#39;s latest: changed: 1 breaking" in page
    assert "response status: the value 200 is expected, not 201" in page


def test_markup_in_a_feature_is_shown_as_text(project: Project) -> None:
    project.write("behave.ini", "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Web\nprovider = Api\n")
    project.write(
        "features/consumer/web.feature",
        f"""\
        Feature: Web {MARKUP}
          Scenario: An order {MARKUP}
            Given the provider is in the state "an order {SCRIPT} exists"
            When the consumer sends a GET request to "/orders/1"
            And the request has the headers:
              | X-Note | {MARKUP} |
            Then the provider responds with status 200
            And the response has the JSON body:
              \"\"\"
              {{"note": {{{{ like("{SCRIPT.replace('"', "'")}") }}}}}}
              \"\"\"
        """,
    )
    run = project.behave("features/consumer")
    assert run.returncode == 0, run.output

    done = project.cli("docs", "-o", "site")

    assert done.returncode == 0, done.stderr
    page = pair_page(project, "Web")
    assert "features/consumer/web.feature:2" in page.read_text()
    for tag, attributes in elements(page):
        assert tag not in {"img", "script"} or attributes.get("src") == "../assets/site.js"
        assert not any(name.startswith("on") for name in attributes)
    assert MARKUP not in page.read_text() and "<script>window" not in page.read_text()


def test_features_behave_cannot_read_as_a_project_are_named(project: Project) -> None:
    (project.root / "steps" / "contracts.py").unlink()
    (project.root / "steps").rmdir()
    (project.root / "environment.py").unlink()
    project.write("pacts/Web-Api.json", json.dumps(hostile_free_pact()))
    project.write("features/web.feature", "Feature: x\n  Scenario: y\n    Given z\n")

    done = project.cli("docs", "-o", "site")

    assert done.returncode == 2
    assert "behave cannot read the features in features" in done.stderr and "Traceback" not in done.stderr


def _as_behave_reports(name: str, printed: str, step: str = "the interaction passes verification") -> str:
    """A provider case's system-out as behave's JUnit reporter writes it: its scenario and steps, then what they printed."""
    described = f"\n@scenario.begin\n  Scenario: {name}\n    Then {step} ... passed in 0.002s\n\n@scenario.end\n"
    return f"{described}{'-' * 80}\n\nCaptured stdout:\n{printed}\n"
