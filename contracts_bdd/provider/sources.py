"""Where a provider's pacts come from, and the pacts fetched from there once for the whole run.

    source = pact_source("pacts/OrderService-UserService.json, pacts/extra", location)   # files, folders
    source = pact_source("https://broker.example/pacts/provider/U/consumer/O/pact-version/1a2b", location)
    source = pact_source("broker", location)                                  # what the broker selects
    pacts = PactCache(settings, environ).fetched(source, "UserService")        # [FetchedPact], fetched once

`PACT_URL` in the environment (the variable a broker's webhook passes) switches every
provider verification of the run to that one pact: `chosen_source` gives it precedence
over what a step or behave.ini names.

A broker's credentials go only to the broker's own origin: a pact URL on another host
(a webhook can carry any URL) and a link in a broker's answer that points elsewhere are
fetched without them, or refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from contracts_bdd.broker.client import (
    BrokerClient,
    BrokerConnection,
    PactsForVerification,
    ResultsPublication,
    origin,
)
from contracts_bdd.broker.publication import broker_connection, current_branch
from contracts_bdd.config import Settings
from contracts_bdd.errors import BrokerError, FeatureError, Location, PactFileError, ProviderError
from contracts_bdd.pact.document import load_pact, pair_names, parse_pact
from contracts_bdd.redaction import basic_credentials

DEFAULT_SELECTORS: tuple[dict[str, Any], ...] = ({"mainBranch": True}, {"deployedOrReleased": True})
PACT_URL_VARIABLE = "PACT_URL"


@dataclass(frozen=True)
class LocalPacts:
    """Pact files on disk: folders (every pact in them) and single files."""

    paths: tuple[Path, ...]

    def __str__(self) -> str:
        return ", ".join(str(path) for path in self.paths)


@dataclass(frozen=True)
class PactUrl:
    """One pact at a URL, as a broker's webhook passes it (`${pactbroker.pactUrl}`)."""

    url: str

    def __str__(self) -> str:
        return self.url


@dataclass(frozen=True)
class BrokerPacts:
    """The pacts a Pact Broker selects for the provider (`pacts-for-verification`)."""

    selectors: tuple[tuple[tuple[str, Any], ...], ...] = tuple(tuple(item.items()) for item in DEFAULT_SELECTORS)
    include_pending: bool = False
    wip_since: str | None = None

    @classmethod
    def selecting(
        cls,
        selectors: Sequence[Mapping[str, Any]] | None,
        *,
        include_pending: bool = False,
        wip_since: str | None = None,
    ) -> BrokerPacts:
        """The broker's choice by `selectors` (None: main branch, deployed or released; []: the broker's default)."""
        chosen = DEFAULT_SELECTORS if selectors is None else selectors
        return cls(tuple(tuple(item.items()) for item in chosen), include_pending, wip_since)

    @property
    def selector_list(self) -> list[dict[str, Any]]:
        """The selectors as the broker takes them."""
        return [dict(item) for item in self.selectors]

    def __str__(self) -> str:
        return "the Pact Broker"


PactSource = LocalPacts | PactUrl | BrokerPacts


def pact_source(text: str, location: Location | None = None) -> PactSource:
    """The source a step or setting names: `broker`, an http(s) URL, or files and folders separated by commas."""
    written = text.strip()
    if written.lower() == "broker":
        return BrokerPacts()
    if written.startswith(("http://", "https://")):
        if "," in written or " " in written:
            problem = f"'{written}' names more than one URL; a run verifies one pact URL at a time"
            if location is None:
                raise ProviderError(problem)
            raise FeatureError(location, problem, '"https://broker.example/pacts/provider/P/consumer/C/version/1"')
        parts = urlsplit(written)
        if parts.password:  # user info in the URL: a secret from here on, hidden wherever the URL is shown
            basic_credentials(unquote(parts.username or ""), unquote(parts.password))
        return PactUrl(written)
    paths = tuple(Path(part.strip()) for part in written.split(",") if part.strip())
    if not paths:
        problem = "no pact source is named"
        if location is None:
            raise ProviderError(problem)
        raise FeatureError(location, problem, '"pacts", "pacts/Web-Api.json, pacts/Shop-Api.json", a URL, or broker')
    return LocalPacts(paths)


def chosen_source(named: PactSource | None, settings: Settings, environ: Mapping[str, str]) -> PactSource:
    """What a verification verifies: `PACT_URL`, else what the step named, else `pact_source`, else `pact_dir`."""
    webhook = environ.get(PACT_URL_VARIABLE, "").strip()
    if webhook:
        return pact_source(webhook)
    if named is not None:
        return named
    if settings.pact_source:
        return pact_source(settings.pact_source)
    return LocalPacts((settings.pact_dir,))


@dataclass(frozen=True)
class FetchedPact:
    """One pact to verify, read once: its document and what the source said about it."""

    document: dict[str, Any] = field(repr=False)
    origin: str
    consumer: str
    provider: str
    label: str = ""
    pending: bool = False
    wip: bool = False
    results_url: str | None = None
    path: Path | None = None

    @property
    def marked(self) -> str:
        """How the broker marked it, in words: "work in progress", "pending", or ""."""
        return "work in progress" if self.wip else ("pending" if self.pending else "")


def interaction_id(interaction: Mapping[str, Any]) -> str:
    """The id a broker gave the interaction (`_id`), its V4 `key`, else a digest of its JSON."""
    for name in ("_id", "key"):
        value = interaction.get(name)
        if isinstance(value, str) and value:
            return value
    return hashlib.sha256(json.dumps(interaction, sort_keys=True).encode()).hexdigest()[:16]


class PactCache:
    """The pacts of each source, fetched once per run; the outline fill and the verification share them."""

    def __init__(self, settings: Settings, environ: Mapping[str, str]) -> None:
        self.settings = settings
        self.environ = environ
        self._fetched: dict[tuple[PactSource, str], list[FetchedPact]] = {}
        self.row_origins: dict[int, str] = {}  # an outline row (by id) -> the origin of the pact it stands for

    def fetched(self, source: PactSource, provider: str) -> list[FetchedPact]:
        """The pacts `source` holds for `provider` (fetched on first use, reused after).

        A pact URL is one pact, whoever its provider is: for another provider, it holds none.
        """
        key = (source, "" if isinstance(source, PactUrl) else provider)
        if key not in self._fetched:
            if isinstance(source, LocalPacts):
                self._fetched[key] = local_pacts(source, provider)
            elif isinstance(source, PactUrl):
                self._fetched[key] = [self._pact_at(source.url)]
            else:
                self._fetched[key] = self._broker_pacts(source, provider)
        return [pact for pact in self._fetched[key] if pact.provider == provider]

    def everything(self, source: PactSource) -> list[FetchedPact]:
        """Every pact of a folder, files or URL, whoever its provider (a broker needs the provider named)."""
        if isinstance(source, LocalPacts):
            return local_pacts(source, None)
        if isinstance(source, PactUrl):
            return self.fetched(source, self._pact_at(source.url).provider)
        msg = "pacts from the broker are chosen for a provider: name it (--provider NAME)"
        raise ProviderError(msg)

    def broker(self) -> BrokerClient:
        """The configured broker's client; `ProviderError` when none is configured."""
        connection = broker_connection(self.settings)
        if connection is None:
            msg = (
                "the pacts come from a Pact Broker, but none is configured: "
                "set PACT_BROKER_BASE_URL (and PACT_BROKER_TOKEN)"
            )
            raise ProviderError(msg)
        return BrokerClient(connection)

    def record_provider_version(self, pact: FetchedPact, provider: str, publication: ResultsPublication) -> None:
        """Give the provider's version its branch and tags on the broker `pact` came from."""
        if publication.branch or publication.tags:
            client = BrokerClient(self._connection_for(pact.origin))
            client.record_provider_version(provider, publication.version, publication.branch, publication.tags)

    def publish_results(self, pact: FetchedPact, link: str, results: dict[str, Any]) -> None:
        """Send one pact's results to `link` (on the pact's own origin)."""
        BrokerClient(self._connection_for(link)).publish_verification_results(link, results)

    def linked(self, pact: FetchedPact, relation: str) -> dict[str, Any] | None:
        """The resource `pact` links to by `relation` (`pb:latest-verification-results`), read on the pact's own
        origin only; None when the pact has no such link, it points elsewhere, or the broker has none (404)."""
        href = _link_href(pact.document, relation)
        if href is None or pact.path is not None or origin(href) != origin(pact.origin):
            return None
        try:
            return BrokerClient(self._connection_for(href)).fetch(href)
        except BrokerError as err:
            if err.status == 404:
                return None
            raise

    def _pact_at(self, url: str) -> FetchedPact:
        client = BrokerClient(self._connection_for(url))
        document = parse_pact(json.dumps(client.fetch(url)), url)
        names = pair_names(document)
        if names is None:
            msg = f"the document at {url} names no consumer and provider, so it is no pact; check PACT_URL"
            raise PactFileError(msg)
        version = _link_name(document, "pb:consumer-version")
        label = f"version {version}" if version else url
        results = _link_href(document, "pb:publish-verification-results")
        return FetchedPact(document, url, names[0], names[1], label, results_url=results)

    def _connection_for(self, url: str) -> BrokerConnection:
        """The broker's connection when `url` is on the broker's origin; else one that carries no credentials."""
        configured = broker_connection(self.settings)
        if configured is not None and origin(configured.base_url) == origin(url):
            return configured
        base = configured or BrokerConnection(origin(url))
        return replace(base, base_url=origin(url), token=None, username=None, password=None)

    def _broker_pacts(self, source: BrokerPacts, provider: str) -> list[FetchedPact]:
        client = self.broker()
        settings = self.settings
        query = PactsForVerification(
            provider,
            source.selector_list,
            include_pending=source.include_pending or settings.include_pending,
            wip_since=source.wip_since or settings.include_wip_pacts_since,
            provider_branch=settings.provider_branch or current_branch(self.environ),
            provider_tags=settings.provider_tags,
        )
        fetched = []
        for entry in client.pacts_for_verification(query):
            href = entry.href
            if origin(href) != origin(client.connection.base_url):
                msg = (
                    f"the Pact Broker pointed at a pact on another host ({origin(href)}); "
                    "its credentials are not sent there and nothing was fetched from it"
                )
                raise BrokerError(msg)
            document = parse_pact(json.dumps(client.fetch(href)), href)
            names = pair_names(document)
            if names is None or names[1] != provider:
                msg = f"the Pact Broker's pact at {href} is not a pact for provider '{provider}'"
                raise PactFileError(msg)
            version = _link_name(document, "pb:consumer-version")
            label = ", ".join(part for part in (entry.description, f"version {version}" if version else "") if part)
            results = _link_href(document, "pb:publish-verification-results")
            fetched.append(FetchedPact(document, href, names[0], names[1], label, entry.pending, entry.wip, results))
        return fetched


def local_pacts(source: LocalPacts, provider: str | None) -> list[FetchedPact]:
    """The pacts for `provider` (None: any) in the folders and files of `source`; a file named must be a pact."""
    chosen: list[FetchedPact] = []
    others: set[str] = set()
    for path in source.paths:
        if path.is_dir():
            for found in sorted(path.glob("*.json")):
                pact = _read(found, provider, others, named=False)
                if pact is not None:
                    chosen.append(pact)
        elif path.is_file():
            pact = _read(path, provider, others, named=True)
            if pact is not None:
                chosen.append(pact)
        else:
            msg = f"the pact source {path} does not exist; run the consumer features first (behave features/consumer)"
            raise ProviderError(msg)
    if not chosen:
        found_for = f"; it has pacts for: {', '.join(sorted(others))}" if others else ""
        whose = f"names '{provider}' as its provider" if provider else "is a pact"
        msg = f"no pact file in {source} {whose}{found_for}"
        raise ProviderError(msg)
    return chosen


def _read(path: Path, provider: str | None, others: set[str], *, named: bool) -> FetchedPact | None:
    try:
        document = load_pact(path)
    except PactFileError as err:
        msg = f"{err}; fix it or move it out of {path.parent}"
        raise PactFileError(msg) from err
    names = pair_names(document)
    if names is None:
        if named:
            msg = f"{path} names no consumer and provider, so it is no pact file"
            raise PactFileError(msg)
        return None  # JSON that is no pact: not ours to judge
    if provider is not None and names[1] != provider:
        others.add(names[1])
        return None
    return FetchedPact(document, str(path), names[0], names[1], path.name, path=path)


def _link(document: Mapping[str, Any], relation: str) -> Mapping[str, Any]:
    links = document.get("_links")
    link = links.get(relation) if isinstance(links, dict) else None
    return link if isinstance(link, dict) else {}


def _link_href(document: Mapping[str, Any], relation: str) -> str | None:
    href = _link(document, relation).get("href")
    return href if isinstance(href, str) and href else None


def _link_name(document: Mapping[str, Any], relation: str) -> str | None:
    name = _link(document, relation).get("name")
    return name if isinstance(name, str) and name else None
