"""The example's living documentation, written from a real run, and the hostile pacts a site must show as text."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from behave_project import Project

BROKEN = "{python} -m examples.user_service --broken --port {port}"
MARKUP = '<img src=x onerror="window.__pwned=1">'
SCRIPT = "</script><script>window.__pwned=2</script>"


def example_site(root: Path, *, broken: bool = False) -> Project:
    """The example run end to end (consumer, then provider with JUnit reports), then `contracts-bdd docs -o site`.

    `broken` starts UserService with `--broken`, which renames `email` in the user it returns.
    """
    project = Project(root)
    project.copy_example()
    if broken:
        for feature in (root / "features" / "provider").glob("*.feature"):
            feature.write_text(feature.read_text().replace("{python} -m examples.user_service --port {port}", BROKEN))
    consumer = project.behave("features/consumer")
    assert consumer.returncode == 0, consumer.output
    provider = project.behave("features/provider", "--junit", "--junit-directory", "reports")
    assert (provider.returncode != 0) == broken, provider.output
    done = project.cli("docs", "-o", "site", "--results", "reports")
    assert done.returncode == 0, done.stdout + done.stderr
    return project


def hostile_pact() -> dict[str, Any]:
    """A V4 pact with markup and script in every string a page shows: names, states, headers, bodies, metadata."""
    return {
        "consumer": {"name": f"Shop{MARKUP}"},
        "provider": {"name": f"Users{SCRIPT}"},
        "interactions": [
            {
                "type": "Synchronous/HTTP",
                "description": f"A user {MARKUP}{SCRIPT}",
                "comments": {"text": [f"comment {MARKUP}"]},
                "providerStates": [{"name": f"state {SCRIPT}", "params": {f"key{MARKUP}": f"value{SCRIPT}"}}],
                "request": {
                    "method": "GET",
                    "path": f"/users/{MARKUP}",
                    "headers": {f"X-{MARKUP}": [SCRIPT]},
                    "query": {f"q{MARKUP}": [SCRIPT]},
                },
                "response": {
                    "status": 200,
                    "headers": {"Content-Type": ["application/json"]},
                    "body": {
                        "content": {f"name{MARKUP}": SCRIPT, "html": MARKUP},
                        "contentType": "application/json",
                        "encoded": False,
                    },
                    "matchingRules": {
                        "body": {"$.html": {"combine": "AND", "matchers": [{"match": "regex", "regex": f".*{SCRIPT}"}]}}
                    },
                },
            },
            {
                "type": "Asynchronous/Messages",
                "description": f"an event {SCRIPT}",
                "contents": {"content": {"x": MARKUP}, "contentType": "application/json", "encoded": False},
                "metadata": {f"topic{MARKUP}": SCRIPT, "contentType": "application/json"},
            },
            {
                "type": "Synchronous/HTTP",
                "description": f"a text body {MARKUP}",
                "request": {
                    "method": "POST",
                    "path": "/notes",
                    "headers": {"Content-Type": ["text/html"]},
                    "body": {"content": f"<html>{SCRIPT}{MARKUP}</html>", "contentType": "text/html", "encoded": False},
                },
                "response": {"status": 201},
            },
        ],
        "metadata": {"pactSpecification": {"version": "4.0"}},
    }


class Elements(HTMLParser):
    """Every element and attribute of a page, as a browser's parser would find them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(page: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.tags


def edges(site: Path) -> dict[tuple[str | None, str | None], str | None]:
    """The service map's edges: (consumer, provider) -> status."""
    return {
        (attributes.get("data-consumer"), attributes.get("data-provider")): attributes.get("data-status")
        for tag, attributes in elements(site / "index.html")
        if tag == "a" and "edge" in (attributes.get("class") or "").split()
    }


def interaction_statuses(page: Path) -> dict[str, str | None]:
    """A pair page's interactions: anchor -> status."""
    return {
        str(attributes.get("id")): attributes.get("data-status")
        for tag, attributes in elements(page)
        if tag == "details" and "interaction" in (attributes.get("class") or "").split()
    }


def search_items(site: Path) -> list[list[Any]]:
    text = (site / "assets" / "search.js").read_text(encoding="utf-8")
    return json.loads(text.split("=", 1)[1].strip().rstrip(";"))["items"]
