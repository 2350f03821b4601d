"""The living documentation's pages: statuses, the service map, paging, search data, and a site written whole."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from contracts_bdd.errors import SetupError
from contracts_bdd.provider.sources import FetchedPact
from contracts_bdd.site import build_site, write_site
from contracts_bdd.site.model import Result
from contracts_bdd.site.pages import MARKER, PAGE_SIZE, pair_pages, script_json, search_data
from contracts_bdd.site.service_map import service_map
from contracts_bdd.site.words import MAX_SHOWN


def pact(consumer: str, provider: str, *descriptions: str, pending: bool = False) -> FetchedPact:
    document: dict[str, Any] = {
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        "interactions": [
            {
                "type": "Synchronous/HTTP",
                "description": description,
                "providerStates": [{"name": f"state of {description}"}],
                "request": {"method": "GET", "path": f"/{index}"},
                "response": {"status": 200},
            }
            for index, description in enumerate(descriptions)
        ],
        "metadata": {"pactSpecification": {"version": "4.0"}},
    }
    return FetchedPact(
        document, f"{consumer}-{provider}.json", consumer, provider, f"{consumer}-{provider}.json", pending
    )


def result(consumer: str, description: str, status: str, when: str = "2024-05-01 10:00:00") -> Result:
    return Result(
        consumer, None, description, None, status, when, "BodyMismatch at $: no" if status != "passed" else ""
    )


def test_a_pair_takes_the_worst_status_of_its_interactions_and_counts_each() -> None:
    site = build_site(
        [pact("Web", "Api", "one", "two", "three"), pact("Web", "Auth", "login")],
        [],
        [result("Web", "one", "passed"), result("Web", "two", "failed"), result("Web", "login", "passed")],
    )

    api, auth = site.pairs
    assert api.status.name == "failed"
    assert [(status.name, count) for status, count in api.counts] == [
        ("failed", 1),
        ("never verified", 1),
        ("verified", 1),
    ]
    assert auth.status.name == "verified"
    assert [view.verdict.details for view in api.interactions if view.description == "two"] == ["BodyMismatch at $: no"]


def test_the_worst_and_then_the_latest_result_of_an_interaction_wins() -> None:
    site = build_site(
        [pact("Web", "Api", "one")],
        [],
        [result("Web", "one", "passed", "2024-05-02"), result("Web", "one", "failed", "2024-05-01")],
    )
    assert site.pairs[0].interactions[0].verdict.status.name == "failed"
    latest = build_site(
        [pact("Web", "Api", "one")], [], [result("Web", "one", "passed", w) for w in ("2024-05-01", "2024-05-03")]
    )
    assert latest.pairs[0].interactions[0].verdict.when == "2024-05-03"


def test_a_pending_pacts_failure_is_pending_not_failed() -> None:
    site = build_site([pact("Web", "Api", "one", pending=True)], [], [result("Web", "one", "failed")])

    assert site.pairs[0].status.name == "pending"
    assert site.pairs[0].interactions[0].tags == ["@pending"]


def test_an_interaction_no_feature_declares_is_shown_as_render_writes_it() -> None:
    view = build_site([pact("Web", "Api", "one")], [], []).pairs[0].interactions[0]

    assert view.group.startswith("From the pact")
    assert [f"{step.keyword} {step.text}" for step in view.steps] == [
        'Given the provider is in the state "state of one"',
        'When the consumer sends a GET request to "/0"',
        "Then the provider responds with status 200",
    ]


def test_a_pact_that_cannot_be_read_is_named_on_its_pair() -> None:
    broken = pact("Web", "Api", "one")
    broken.document["interactions"][0]["request"] = "not an object"

    site = build_site([broken], [], [])

    assert "is malformed" in site.pairs[0].problems[0]


def test_the_service_map_puts_consumers_left_of_their_providers_and_survives_cycles() -> None:
    site = build_site(
        [
            pact("Web", "Orders", "a"),
            pact("Orders", "Users", "b"),
            pact("Users", "Orders", "c"),
            pact("Cron", "Cron", "d"),
        ],
        [],
        [],
    )

    drawn = service_map(site.pairs)

    x = {node.name: node.x for node in drawn.nodes}
    assert x["Web"] < x["Orders"] < x["Users"]
    loops = {(edge.consumer, edge.provider) for edge in drawn.edges if edge.loop}
    assert loops == {("Users", "Orders"), ("Cron", "Cron")}
    assert all(edge.href.startswith("pairs/") for edge in drawn.edges)
    narrow = service_map(site.pairs, vertical=True)
    y = {node.name: node.y for node in narrow.nodes}
    assert y["Web"] < y["Orders"] < y["Users"]
    assert {(edge.consumer, edge.provider) for edge in narrow.edges if edge.loop} == loops
    assert narrow.width < drawn.width, "a phone's map is narrower than a laptop's"


def test_a_long_pair_is_split_into_pages_grouped_by_feature_and_search_links_to_each_page() -> None:
    many = [f"interaction {number}" for number in range(PAGE_SIZE * 2 + 1)]
    site = build_site([pact("Web", "Api", *many)], [], [])
    pages = pair_pages(site.pairs[0])

    assert [sum(len(views) for _, _, views in page.groups) for page in pages] == [PAGE_SIZE, PAGE_SIZE, 1]
    assert pages[1].filename.endswith("-2.html")
    data = search_data(site, {site.pairs[0].slug: pages})
    assert len(data["items"]) == len(many)
    assert {item[0].split("#")[0] for item in data["items"]} == {f"pairs/{page.filename}" for page in pages}
    assert len(data["states"]) == len(many)


def test_search_data_cannot_close_a_script_or_start_markup() -> None:
    text = script_json({"description": "</script><script>alert(1)</script> & \u2028"})

    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"description": "</script><script>alert(1)</script> & \u2028"}


def test_the_site_replaces_a_site_written_before_but_never_another_folder(tmp_path: Path) -> None:
    site = build_site([pact("Web", "Api", "one")], [], [])
    output = tmp_path / "site"

    written = write_site(site, output)
    (output / "stale.html").write_text("from an older site")
    write_site(site, output)

    assert written.index.is_file() and (output / MARKER).is_file()
    assert not (output / "stale.html").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"], "no staging folder is left behind"
    documents = tmp_path / "docs"
    documents.mkdir()
    (documents / "guide.md").write_text("mine")
    with pytest.raises(SetupError, match="not a site contracts-bdd wrote"):
        write_site(site, documents)
    assert (documents / "guide.md").read_text() == "mine"
    with pytest.raises(SetupError, match="is a file"):
        write_site(site, documents / "guide.md")


def test_a_failed_write_leaves_the_old_site_and_no_staging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = tmp_path / "site"
    write_site(build_site([pact("Web", "Api", "one")], [], []), output)
    before = (output / "index.html").read_text()

    def broken(*_: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("contracts_bdd.site.pages.script_json", broken)
    with pytest.raises(KeyboardInterrupt):
        write_site(build_site([pact("Web", "Api", "two")], [], []), output)

    assert (output / "index.html").read_text() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_a_long_mismatch_is_cut_and_says_how_much_is_left_out() -> None:
    long = Result("Web", None, "one", None, "failed", "2024-05-01", "x" * (MAX_SHOWN * 3))

    details = build_site([pact("Web", "Api", "one")], [], [long]).pairs[0].interactions[0].verdict.details

    assert details.startswith("x" * MAX_SHOWN) and details.endswith(f"{MAX_SHOWN * 2} more characters are not shown")


def test_results_that_do_not_vouch_for_the_interaction_as_it_stands_are_not_counted() -> None:
    earlier = dataclasses.replace(result("Web", "one", "passed"), content="sha256:" + "1" * 64, vouches=False)
    unsaid = dataclasses.replace(result("Web", "two", "passed"), vouches=False)
    counted = dataclasses.replace(result("Web", "three", "passed", "2024-05-02 10:00:00"), content="sha256:" + "2" * 64)
    stale = dataclasses.replace(result("Web", "three", "failed"), content="sha256:" + "1" * 64, vouches=False)

    site = build_site([pact("Web", "Api", "one", "two", "three")], [], [earlier, unsaid, counted, stale])

    verdicts = {view.description: view.verdict for view in site.pairs[0].interactions}
    assert verdicts["one"].status.name == "not verified since it changed"
    assert "was for an earlier version of this interaction" in verdicts["one"].details
    assert verdicts["two"].status.name == "never verified"
    assert "does not say which version of the interaction it verified" in verdicts["two"].details
    assert verdicts["three"].status.name == "verified"  # the stale failure is not counted beside a current result
    assert site.pairs[0].status.name == "not verified since it changed"
