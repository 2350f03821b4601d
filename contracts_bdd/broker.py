"""A Pact Broker (or PactFlow) client: publish pacts, ask can-i-deploy, record deployments and releases.

    broker = BrokerClient(BrokerConnection("https://broker.example", token=Secret("...")))
    broker.publish(Publication("OrderService", "1a2b3c", branch="main", tags=("dev",)), [Path("pacts/x.json")])
    decision = broker.can_i_deploy("OrderService", "1a2b3c", to_environment="production")
    print(decision.table()); decision.deployable

The requests follow the broker's own contract (the pact files the real Pact
Broker verifies in its CI). Connection failures, time-outs and 502/503/504 are
retried with backoff, a bounded number of times; 400/401/403/409 fail at once
with the broker's message and what to check. A token or password is a
`Secret`: it goes into the Authorization header and nowhere else, and every
message is scrubbed of it (`contracts_bdd.redaction`) before it is raised.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

import requests

from contracts_bdd.errors import ContractsBddError
from contracts_bdd.redaction import Secret, scrubbed

TRANSIENT_STATUSES = (502, 503, 504)
HINTS = {
    400: "the broker refused the request as malformed; check the names, version and branch sent",
    401: "the broker did not accept the credentials; check PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and "
    "PACT_BROKER_PASSWORD",
    403: "the credentials are not allowed to do this; check the token's permissions",
    404: "the broker has no such resource; check the broker URL and the pacticipant and version names",
    409: "this version was already published with other content; publish a new version (a new commit), "
    "or set broker_on_conflict = merge",
}


class BrokerError(ContractsBddError):
    """The broker refused, failed, or could not be reached."""

    def __init__(self, message: str, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)


@dataclass(frozen=True)
class BrokerConnection:
    """Where the broker is and how to reach it."""

    base_url: str
    token: Secret | None = None
    username: str | None = None
    password: Secret | None = None
    verify: bool | str = True
    timeout: float = 10.0
    attempts: int = 4
    backoff: float = 0.5


@dataclass(frozen=True)
class Publication:
    """Who publishes: the consumer's name, version, branch, tags and build."""

    pacticipant: str
    version: str
    branch: str | None = None
    tags: tuple[str, ...] = ()
    build_url: str | None = None
    on_conflict: str | None = None


@dataclass(frozen=True)
class MatrixRow:
    """One consumer-provider version pair of the can-i-deploy matrix."""

    consumer: str
    consumer_version: str
    provider: str
    provider_version: str
    verified: str


@dataclass(frozen=True)
class Decision:
    """The broker's can-i-deploy answer."""

    deployable: bool | None
    reason: str
    rows: list[MatrixRow] = field(default_factory=list)

    def table(self) -> str:
        """The reason and the matrix rows, readable in a terminal."""
        verdict = {True: "yes", False: "no", None: "unknown"}[self.deployable]
        lines = [f"Computer says {verdict}: {self.reason}"]
        if self.rows:
            header = ("CONSUMER", "C.VERSION", "PROVIDER", "P.VERSION", "SUCCESS?")
            cells = [header] + [
                (row.consumer, row.consumer_version, row.provider, row.provider_version, row.verified)
                for row in self.rows
            ]
            widths = [max(len(line[index]) for line in cells) for index in range(len(header))]
            lines.append("")
            lines += [" | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in cells]
        return "\n".join(lines)


class BrokerClient:
    """Talks to one broker over HTTP; `session` can be swapped in tests."""

    def __init__(
        self,
        connection: BrokerConnection,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.connection = connection
        self.session = session or requests.Session()
        self.sleep = sleep
        self._index: dict[str, Any] | None = None

    # -- publishing ---------------------------------------------------------------------
    def publish(self, publication: Publication, pact_files: Sequence[Path]) -> list[str]:
        """Publish pact files for one consumer version; return the broker's notices.

        Uses `POST /contracts/publish` when the broker's index offers `pb:publish-contracts`,
        else the per-pact `PUT` of older brokers (then tags, one `PUT` each).
        """
        if not publication.version:
            msg = (
                "a pact is never published without a consumer version: set consumer_version (or run in a git checkout)"
            )
            raise BrokerError(msg)
        documents = [(path, path.read_bytes()) for path in pact_files]
        link = self._link("pb:publish-contracts")
        if link is not None:
            return self._publish_contracts(link, publication, documents)
        return self._publish_each(publication, documents)

    def _publish_contracts(self, link: str, publication: Publication, documents: list[tuple[Path, bytes]]) -> list[str]:
        contracts = []
        for path, content in documents:
            pact = _pact_names(path, content)
            contract = {
                "consumerName": pact[0],
                "providerName": pact[1],
                "specification": "pact",
                "contentType": "application/json",
                "content": base64.b64encode(content).decode(),
            }
            if publication.on_conflict:
                contract["onConflict"] = publication.on_conflict
            contracts.append(contract)
        body: dict[str, Any] = {
            "pacticipantName": publication.pacticipant,
            "pacticipantVersionNumber": publication.version,
        }
        if publication.branch:
            body["branch"] = publication.branch
        if publication.tags:
            body["tags"] = list(publication.tags)
        if publication.build_url:
            body["buildUrl"] = publication.build_url
        body["contracts"] = contracts
        answer = self._request("POST", link, body)
        notices = [
            str(item.get("text") or item.get("message")) for item in answer.get("notices", answer.get("logs", []))
        ]
        return notices or [f"published {len(contracts)} pact(s) for {publication.pacticipant} {publication.version}"]

    def _publish_each(self, publication: Publication, documents: list[tuple[Path, bytes]]) -> list[str]:
        notices = []
        for path, content in documents:
            consumer, provider = _pact_names(path, content)
            url = self._url(
                f"/pacts/provider/{_segment(provider)}/consumer/{_segment(consumer)}/version/{_segment(publication.version)}"
            )
            self._request("PUT", url, json.loads(content))
            notices.append(f"published {path.name} for {consumer} {publication.version} (the older per-pact API)")
        for tag in publication.tags:
            url = self._url(
                f"/pacticipants/{_segment(publication.pacticipant)}/versions/{_segment(publication.version)}/tags/{_segment(tag)}"
            )
            self._request("PUT", url, {})
        return notices

    # -- deployment gates ---------------------------------------------------------------
    def can_i_deploy(
        self,
        pacticipant: str,
        version: str,
        *,
        to_environment: str | None = None,
        to_tag: str | None = None,
        with_versions: Sequence[tuple[str, str]] = (),
        retry_while_unknown: int = 0,
        retry_interval: float = 10.0,
    ) -> Decision:
        """Ask whether `pacticipant` at `version` can be deployed.

        Either to an environment or the latest version with a tag (one pacticipant), or
        alongside the given versions of other pacticipants (`with_versions`).
        """
        params: list[tuple[str, str]] = [("q[][pacticipant]", pacticipant), ("q[][version]", version)]
        for other, other_version in with_versions:
            params += [("q[][pacticipant]", other), ("q[][version]", other_version)]
        if with_versions:
            params.append(("latestby", "cvpv"))
        else:
            params += [("latestby", "cvp"), ("latest", "true")]
            if to_environment:
                params.append(("environment", to_environment))
            elif to_tag:
                params.append(("tag", to_tag))
        for attempt in range(retry_while_unknown + 1):
            decision = _decision(self._request("GET", self._url("/matrix"), params=params))
            if decision.deployable is not None or attempt == retry_while_unknown:
                return decision
            self.sleep(retry_interval)
        return decision

    def record_deployment(
        self, pacticipant: str, version: str, environment: str, application_instance: str | None = None
    ) -> str:
        """Record that `version` of `pacticipant` is now deployed to `environment`."""
        body = (
            {"applicationInstance": application_instance, "target": application_instance}
            if application_instance
            else {}
        )
        self._request("POST", self._environment_link(pacticipant, version, environment, "pb:record-deployment"), body)
        return f"recorded the deployment of {pacticipant} {version} to {environment}"

    def record_release(self, pacticipant: str, version: str, environment: str) -> str:
        """Record that `version` of `pacticipant` is released to `environment`."""
        self._request("POST", self._environment_link(pacticipant, version, environment, "pb:record-release"), {})
        return f"recorded the release of {pacticipant} {version} to {environment}"

    def environments(self) -> list[str]:
        """The names of the broker's environments."""
        link = self._link("pb:environments") or self._url("/environments")
        answer = self._request("GET", link)
        entries = answer.get("_links", {}).get("pb:environments", [])
        if not entries:
            entries = answer.get("_embedded", {}).get("environments", [])
        return [str(entry.get("name")) for entry in entries]

    def _environment_link(self, pacticipant: str, version: str, environment: str, relation: str) -> str:
        template = self._link("pb:pacticipant-version") or self._url("/pacticipants/{pacticipant}/versions/{version}")
        url = template.replace("{pacticipant}", _segment(pacticipant)).replace("{version}", _segment(version))
        links = self._request("GET", url).get("_links", {}).get(relation, [])
        for link in links if isinstance(links, list) else [links]:
            if link.get("name") == environment:
                return self._absolute(str(link["href"]))
        known = ", ".join(str(link.get("name")) for link in links) or "none"
        msg = f"the broker offers no environment '{environment}' for {pacticipant} {version} (it offers: {known})"
        raise BrokerError(msg)

    def check_reachable(self) -> None:
        """Raise `BrokerError` unless the broker's index answers (with the usual retries)."""
        self._link("self")

    # -- plumbing -----------------------------------------------------------------------
    def _link(self, relation: str) -> str | None:
        if self._index is None:
            self._index = self._request("GET", self._url("/"))
        found = self._index.get("_links", {}).get(relation)
        return self._absolute(str(found["href"])) if isinstance(found, dict) and "href" in found else None

    def _absolute(self, href: str) -> str:
        """A link as an absolute URL (HAL links may be relative to the broker)."""
        return urljoin(self.connection.base_url.rstrip("/") + "/", href)

    def _url(self, path: str) -> str:
        return self.connection.base_url.rstrip("/") + path

    def _request(
        self, method: str, url: str, body: Any = None, params: Sequence[tuple[str, str]] | None = None
    ) -> dict[str, Any]:
        connection = self.connection
        headers = {"Accept": "application/hal+json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        auth = None
        if connection.token:
            headers["Authorization"] = f"Bearer {connection.token.reveal()}"
        elif connection.username and connection.password:
            auth = (connection.username, connection.password.reveal())
        failure = ""
        for attempt in range(connection.attempts):
            if attempt:
                self.sleep(connection.backoff * 2 ** (attempt - 1))
            try:
                answer = self.session.request(
                    method,
                    url,
                    headers=headers,
                    json=body,
                    params=params,
                    auth=auth,
                    verify=connection.verify,
                    timeout=connection.timeout,
                )
            except (requests.ConnectionError, requests.Timeout) as err:
                failure = f"{type(err).__name__} ({_reason(err)})"
                continue
            except requests.RequestException as err:
                msg = f"the request {method} {url} to the Pact Broker could not be made: {scrubbed(str(err))}"
                raise BrokerError(msg) from err
            if answer.status_code in TRANSIENT_STATUSES:
                failure = f"HTTP {answer.status_code}: {scrubbed(_message(answer))}"
                continue
            if answer.status_code >= 400:
                hint = HINTS.get(answer.status_code, "see the broker's message")
                msg = (
                    f"the Pact Broker answered {method} {url} with {answer.status_code}: "
                    f"{scrubbed(_message(answer))}\n  What to check: {hint}"
                )
                raise BrokerError(msg, answer.status_code)
            try:
                return dict(answer.json()) if answer.content else {}
            except ValueError:
                return {}
        msg = (
            f"the Pact Broker at {connection.base_url} could not be reached for {method} {url} after "
            f"{connection.attempts} attempts: {scrubbed(failure)}"
        )
        raise BrokerError(msg)


def _pact_names(path: Path, content: bytes) -> tuple[str, str]:
    try:
        document = json.loads(content)
        return str(document["consumer"]["name"]), str(document["provider"]["name"])
    except (ValueError, KeyError, TypeError) as err:
        msg = f"{path} is not a pact file ({err}); nothing was published"
        raise BrokerError(msg) from err


def _segment(text: str) -> str:
    return quote(text, safe="")


def _message(answer: requests.Response) -> str:
    try:
        document = answer.json()
    except ValueError:
        return answer.text[:500] or answer.reason
    if isinstance(document, dict):
        if "errors" in document:
            return json.dumps(document["errors"])
        for key in ("error", "message", "title"):
            if key in document:
                return str(document[key])
    return json.dumps(document)[:500]


def _reason(err: Exception) -> str:
    text = str(err)
    return (
        "connection refused"
        if "refused" in text.lower()
        else ("timed out" if "timed out" in text.lower() else text[:200])
    )


def _verified(success: Any) -> str:
    if success is True:
        return "true"
    return "false" if success is False else "unknown"


def _decision(answer: dict[str, Any]) -> Decision:
    summary = answer.get("summary") or {}
    deployable = summary.get("deployable")
    if deployable is None and summary.get("unknown", 0) == 0 and "reason" in summary:
        deployable = False  # a reason and no verdict: the broker could not say yes
    rows = []
    for row in answer.get("matrix", []):
        consumer, provider = row.get("consumer") or {}, row.get("provider") or {}
        result = row.get("verificationResult") or {}
        rows.append(
            MatrixRow(
                str(consumer.get("name", "")),
                str((consumer.get("version") or {}).get("number", "")),
                str(provider.get("name", "")),
                str((provider.get("version") or {}).get("number", "")),
                _verified(result.get("success")),
            )
        )
    return Decision(
        bool(deployable) if deployable is not None else None,
        str(summary.get("reason", "no reason given")),
        rows,
    )
