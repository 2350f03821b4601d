"""Writing the living documentation: static HTML, CSS and a little JavaScript, opened from `file://`.

    written = write_site(site, Path("site"))
    written.index            # site/index.html
    written.pages            # how many HTML pages

Every string from a feature, a pact or a report goes through jinja2's HTML escaping, and
the search data is JSON in a script file with `<`, `>` and `&` escaped too. Each page
forbids inline scripts and styles (a Content-Security-Policy meta tag), so even markup
that slipped through could run nothing. Nothing is fetched: no server, no CDN.

The site is written to a staging folder beside the output and moved into place when
whole. An existing output folder is replaced only when it is empty or a site written
here before (it holds `MARKER`): `-o docs` never wipes someone's documents.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from contracts_bdd.errors import SetupError
from contracts_bdd.site.build import InteractionView, PairView, Site
from contracts_bdd.site.model import STATUSES
from contracts_bdd.site.service_map import ServiceMap, service_map
from contracts_bdd.site.words import mismatch_words

PAGE_SIZE = 150
"""The most interactions on one page; a pair with more gets more pages."""
MARKER = ".contracts-bdd-site"
ASSETS = ("site.css", "site.js")


@dataclass(frozen=True)
class PairPage:
    """One page of a pair: its file, its number, and its interactions grouped by feature."""

    pair: PairView
    filename: str
    number: int
    count: int
    groups: list[tuple[str, str, list[InteractionView]]]


@dataclass(frozen=True)
class Maps:
    """The service map twice: wide for a laptop, narrow (consumers above providers) for a phone."""

    wide: ServiceMap
    narrow: ServiceMap


@dataclass(frozen=True)
class Written:
    """What was written: the index page, and how many pages in all."""

    index: Path
    pages: int


def write_site(site: Site, output: Path) -> Written:
    """Write `site` as static pages into `output` (replaced whole, never half-written).

    Raises:
        SetupError: `output` is a file, or a folder holding other things than a site written here.
    """
    _check_replaceable(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-staging-", dir=output.parent))
    try:
        count = _write_all(site, staging)
        _replace(output, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Written(output / "index.html", count)


def pair_pages(pair: PairView) -> list[PairPage]:
    """A pair's pages: `PAGE_SIZE` interactions each, in order, grouped by feature."""
    chunks = [pair.interactions[start : start + PAGE_SIZE] for start in range(0, len(pair.interactions), PAGE_SIZE)]
    pages = []
    for number, chunk in enumerate(chunks or [[]], start=1):
        groups: list[tuple[str, str, list[InteractionView]]] = []
        for view in chunk:
            if not groups or groups[-1][0] != view.group:
                where = str(view.scenario.feature_location) if view.scenario is not None else ""
                groups.append((view.group, where, []))
            groups[-1][2].append(view)
        filename = f"{pair.slug}.html" if number == 1 else f"{pair.slug}-{number}.html"
        pages.append(PairPage(pair, filename, number, len(chunks) or 1, groups))
    return pages


def search_data(site: Site, pages: dict[str, list[PairPage]]) -> dict[str, Any]:
    """What the index page searches: each interaction by service, status, states, tags and text.

    Services, states and tags are listed once and referred to by number, so the data grows
    with the interactions, not with how often a state repeats.
    """
    services = site.services
    service_number = {name: number for number, name in enumerate(services)}
    statuses = list(STATUSES)
    states: dict[str, int] = {}
    tags: dict[str, int] = {}
    items = []
    for pair in site.pairs:
        for page in pages[pair.slug]:
            for _, _, views in page.groups:
                for view in views:
                    items.append(
                        [
                            f"pairs/{page.filename}#{view.anchor}",
                            service_number[view.consumer],
                            service_number[view.provider],
                            statuses.index(view.verdict.status.name),
                            view.description,
                            view.kind,
                            [states.setdefault(name, len(states)) for name, _ in view.states],
                            [tags.setdefault(tag, len(tags)) for tag in view.tags],
                            " ".join(part for part in (view.group, view.request_line) if part),
                        ]
                    )
    return {"services": services, "statuses": statuses, "states": list(states), "tags": list(tags), "items": items}


def script_json(value: Any) -> str:
    """JSON for a script file, with nothing in it that HTML or a JavaScript parser could read as more."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("contracts_bdd", "templates/site"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["mismatch_words"] = mismatch_words
    return environment


def _write_all(site: Site, folder: Path) -> int:
    environment = _environment()
    written_at = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    pages = {pair.slug: pair_pages(pair) for pair in site.pairs}
    common = {"site": site, "statuses": list(STATUSES.values()), "written_at": written_at}
    (folder / "pairs").mkdir()
    (folder / "assets").mkdir()
    for name in ASSETS:
        (folder / "assets" / name).write_text(
            resources.files("contracts_bdd").joinpath("templates", "site", name).read_text(encoding="utf-8"),
            encoding="utf-8",
        )
    (folder / "assets" / "search.js").write_text(
        f"window.CONTRACTS_SEARCH = {script_json(search_data(site, pages))};\n", encoding="utf-8"
    )
    index = environment.get_template("index.html.j2").render(
        **common, root="", maps=Maps(service_map(site.pairs), service_map(site.pairs, vertical=True)), pages=pages
    )
    (folder / "index.html").write_text(index, encoding="utf-8")
    template = environment.get_template("pair.html.j2")
    count = 1
    for pair in site.pairs:
        for page in pages[pair.slug]:
            html = template.render(**common, root="../", pair=pair, page=page, pages=pages[pair.slug])
            (folder / "pairs" / page.filename).write_text(html, encoding="utf-8")
            count += 1
    (folder / MARKER).write_text("written by contracts-bdd docs; the folder is replaced whole by the next\n")
    return count


def _check_replaceable(output: Path) -> None:
    if output.exists() and not output.is_dir():
        msg = f"{output} is a file; give a folder for the site (-o site)"
        raise SetupError(msg)
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        msg = (
            f"{output} holds files that are not a site contracts-bdd wrote, and writing the site replaces the "
            "whole folder; give an empty or new folder (-o site)"
        )
        raise SetupError(msg)


def _replace(output: Path, staging: Path) -> None:
    """Move the staged site to `output`; the old one goes only once the new one is in place."""
    if not output.exists():
        staging.rename(output)
        return
    _check_replaceable(output)
    old = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
    old.rmdir()
    output.rename(old)
    try:
        staging.rename(output)
    except BaseException:
        old.rename(output)
        raise
    shutil.rmtree(old, ignore_errors=True)
