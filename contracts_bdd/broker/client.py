"""A Pact Broker (or PactFlow) client: publish pacts, ask can-i-deploy, record deployments and releases.

    broker = BrokerClient(BrokerConnection("https://broker.example", token=Secret("...")))
    broker.publish(Publication("OrderService", "1a2b3c", branch="main", tags=("dev",)), [Path("pacts/x.json")])
    decision = broker.can_i_deploy("OrderService", "1a2b3c", to_environment="production")
    print(decision.table()); decision.deployable

The requests follow the broker's own contract (the pact files the real Pact
Broker verifies in its CI). Connection failures, time-outs and 502/503/504 are
retried with backoff by urllib3's `Retry`, a bounded number of times;
400/401/403/409 fail at once with the broker's message and what to check.

Every call has an overall deadline, retries included, on top of the socket
time-out: a broker that drips one byte at a time cannot hold a run. The
broker's word is parsed strictly: an answer that is not the JSON object the
call expects (a truncated index, an HTML page, a HAL index without links) is
an error naming the URL and the status, never an empty success.

A token or password is a `Secret`: it goes into the Authorization header and
nowhere else, and every message is scrubbed of it (`contracts_bdd.redaction`).
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import requests
import uritemplate

from contracts_bdd.broker.decision import Decision, decision_from
from contracts_bdd.broker.transport import CallDeadline, retrying_session
from contracts_bdd.errors import BrokerError, PactFileError
from contracts_bdd.pact.document import PactBytes, pair_names, parse_pact
from contracts_bdd.redaction import Secret, scrubbed

TRANSIENT_STATUSES = (502, 503, 504)
MAX_REDIRECTS = 5
MAX_ANSWER_BYTES = 32 * 2**20
"""The most a broker's answer may hold (a pact is rarely 1 MiB); beyond it the answer is refused, not read."""
READ_BYTES = 64 * 1024
DEFAULT_PORTS = {"http": 80, "https": 443}
MERGE_PATCH = "application/merge-patch+json"
HINTS = {
    400: "the broker refused the request as malformed; check the names, version and branch sent",
    401: "the broker did not accept the credentials; check PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and "
    "PACT_BROKER_PASSWORD",
    403: "the credentials are not allowed to do this; check the token's permissions",
    404: "the broker has no such resource; check the broker URL and the pacticipant and version names",
    409: "this version was already published with other content; publish a new version (a new commit), "
    "or set broker_on_conflict = merge",
}


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
    deadline: float = 60.0
    max_answer_bytes: int = MAX_ANSWER_BYTES


@dataclass(frozen=True)
class PactsForVerification:
    """What a provider asks the broker for: its pacts chosen by consumer version selectors."""

    provider: str
    selectors: list[dict[str, Any]]
    include_pending: bool = False
    wip_since: str | None = None
    provider_branch: str | None = None
    provider_tags: tuple[str, ...] = ()

    def body(self) -> dict[str, Any]:
        """The request body, with only the keys that say something (the broker's contract matches it strictly)."""
        body: dict[str, Any] = {"consumerVersionSelectors": self.selectors}
        if self.provider_branch:
            body["providerVersionBranch"] = self.provider_branch
        if self.provider_tags:
            body["providerVersionTags"] = list(self.provider_tags)
        body["includePendingStatus"] = self.include_pending
        if self.wip_since:
            body["includeWipPactsSince"] = self.wip_since
        return body


@dataclass(frozen=True)
class SelectedPact:
    """One pact the broker selected: where it is, why it was chosen, and whether it is pending or WIP."""

    href: str
    description: str = ""
    pending: bool = False
    wip: bool = False


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
class ResultsPublication:
    """Who publishes verification results: the provider's version, branch, tags and build."""

    version: str
    branch: str | None = None
    tags: tuple[str, ...] = ()
    build_url: str | None = None


class BrokerClient:
    """Talks to one broker over HTTP; `session` can be swapped in tests."""

    def __init__(
        self,
        connection: BrokerConnection,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.connection = connection
        self.session = retrying_session(
            session or requests.Session(),
            attempts=connection.attempts,
            backoff=connection.backoff,
            statuses=TRANSIENT_STATUSES,
            sleep=sleep,
        )
        self.sleep = sleep
        self._index: dict[str, Any] | None = None

    # -- publishing ---------------------------------------------------------------------
    def publish(self, publication: Publication, pacts: Sequence[PactBytes]) -> list[str]:
        """Publish pacts (their bytes, exactly) for one consumer version; return the broker's notices.

        Uses `POST /contracts/publish` when the broker's index offers `pb:publish-contracts`,
        else the per-pact `PUT` of older brokers (then tags, one `PUT` each). A pact that holds
        a secret is not published at all (see `_checked`).
        """
        if not publication.version:
            msg = (
                "a pact is never published without a consumer version: set consumer_version (or run in a git checkout)"
            )
            raise BrokerError(msg)
        documents = [(pact.path, _checked(pact)) for pact in pacts]
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
        answer = self._request("POST", link, body, scrub=False)  # every pact was checked for secrets
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
            self._request("PUT", url, json.loads(content), scrub=False)  # checked for secrets
            notices.append(f"published {path.name} for {consumer} {publication.version} (the older per-pact API)")
        for tag in publication.tags:
            url = self._url(
                f"/pacticipants/{_segment(publication.pacticipant)}/versions/{_segment(publication.version)}/tags/{_segment(tag)}"
            )
            self._request("PUT", url, {})
        return notices

    # -- verifying -------------------------------------------------------------------------
    def pacts_for_verification(self, query: PactsForVerification) -> list[SelectedPact]:
        """The pacts the broker selects for `query.provider` (`pb:provider-pacts-for-verification`)."""
        template = self._link("pb:provider-pacts-for-verification") or self._url(
            "/pacts/provider/{provider}/for-verification"
        )
        url = uritemplate.expand(template, provider=query.provider)
        answer = self._request("POST", url, query.body())
        embedded = answer.get("_embedded", {})
        entries = embedded.get("pacts", []) if isinstance(embedded, dict) else None
        if not isinstance(entries, list):
            msg = f"the Pact Broker answered POST {url} without a list of pacts (_embedded.pacts); nothing was verified"
            raise BrokerError(msg)
        selected = []
        for entry in entries:
            link = entry.get("_links", {}).get("self") if isinstance(entry, dict) else None
            href = link.get("href") if isinstance(link, dict) else None
            if not isinstance(href, str) or not href:
                msg = f"the Pact Broker answered POST {url} with a pact without _links.self.href; nothing was verified"
                raise BrokerError(msg)
            properties = entry.get("verificationProperties")
            properties = properties if isinstance(properties, dict) else {}
            selected.append(
                SelectedPact(
                    self._absolute(href),
                    str(entry.get("shortDescription") or ""),
                    properties.get("pending") is True,
                    properties.get("wip") is True,
                )
            )
        return selected

    def provider_states(self, provider: str) -> list[str]:
        """The provider states the broker aggregates for `provider` from its consumers' main-branch pacts."""
        url = self._url(f"/pacts/provider/{_segment(provider)}/provider-states")
        states = self._request("GET", url).get("providerStates")
        if not isinstance(states, list):
            msg = f"the Pact Broker answered GET {url} without a list of providerStates"
            raise BrokerError(msg)
        return [str(state["name"]) for state in states if isinstance(state, dict) and "name" in state]

    def latest_pact(self, consumer: str, provider: str, branch: str | None) -> dict[str, Any] | None:
        """The latest pact of the pair on `branch` (None: the consumer's main branch); None when there is none."""
        chosen = branch or self.main_branch(consumer)
        if chosen is None:
            return None
        url = self._url(
            f"/pacts/provider/{_segment(provider)}/consumer/{_segment(consumer)}/branch/{_segment(chosen)}/latest"
        )
        try:
            return self._request("GET", url)
        except BrokerError as err:
            if err.status == 404:
                return None
            raise

    def main_branch(self, pacticipant: str) -> str | None:
        """The pacticipant's main branch as the broker knows it; None for a pacticipant it does not know."""
        try:
            found = self._request("GET", self._url(f"/pacticipants/{_segment(pacticipant)}")).get("mainBranch")
        except BrokerError as err:
            if err.status == 404:
                return None
            raise
        return found if isinstance(found, str) and found else None

    def fetch(self, url: str) -> dict[str, Any]:
        """The JSON object at `url` (a pact, a HAL resource)."""
        return self._request("GET", url)

    def publish_verification_results(self, url: str, results: dict[str, Any]) -> None:
        """Send one pact's verification results to its `pb:publish-verification-results` link."""
        self._request("POST", url, results)

    def record_provider_version(self, provider: str, version: str, branch: str | None, tags: Sequence[str]) -> None:
        """Give the provider's version its branch and tags, before results name it."""
        if branch:
            template = self._link("pb:pacticipant-branch-version") or self._url(
                "/pacticipants/{pacticipant}/branches/{branch}/versions/{version}"
            )
            self._request("PUT", uritemplate.expand(template, pacticipant=provider, branch=branch, version=version), {})
        for tag in tags:
            template = self._link("pb:pacticipant-version-tag") or self._url(
                "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}"
            )
            self._request("PUT", uritemplate.expand(template, pacticipant=provider, version=version, tag=tag), {})

    # -- deployment gates ---------------------------------------------------------------
    def can_i_deploy(
        self,
        pacticipant: str,
        version: str,
        *,
        to_environment: str | None = None,
        to_tag: str | None = None,
        to_main_branch: bool = False,
        with_versions: Sequence[tuple[str, str]] = (),
        retry_while_unknown: int = 0,
        retry_interval: float = 10.0,
    ) -> Decision:
        """Ask whether `pacticipant` at `version` can be deployed.

        Either to an environment, alongside the latest version with a tag, alongside the
        latest versions of every main branch (`to_main_branch`: can-i-merge), or alongside
        the given versions of other pacticipants (`with_versions`).
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
            elif to_main_branch:
                params.append(("mainBranch", "true"))
            elif to_tag:
                params.append(("tag", to_tag))
        for attempt in range(retry_while_unknown + 1):
            decision = decision_from(self._request("GET", self._url("/matrix"), params=params))
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

    def _environment_link(self, pacticipant: str, version: str, environment: str, relation: str) -> str:
        template = self._link("pb:pacticipant-version") or self._url("/pacticipants/{pacticipant}/versions/{version}")
        url = uritemplate.expand(template, pacticipant=pacticipant, version=version)
        links = self._request("GET", url).get("_links", {}).get(relation, [])
        for link in links if isinstance(links, list) else [links]:
            if link.get("name") == environment:
                return self._absolute(str(link["href"]))
        known = ", ".join(str(link.get("name")) for link in links) or "none"
        msg = f"the broker offers no environment '{environment}' for {pacticipant} {version} (it offers: {known})"
        raise BrokerError(msg)

    def record_undeployment(
        self, pacticipant: str, environment: str, application_instance: str | None = None
    ) -> list[str]:
        """Record that `pacticipant` no longer runs in `environment` (one instance, or every one)."""
        uuid = self._environment_uuid(environment)
        listed = self._request(
            "GET",
            self._url(f"/environments/{_segment(uuid)}/deployed-versions/currently-deployed"),
            params=[("pacticipant", pacticipant)],
        )
        deployed = _embedded_list(listed, "deployedVersions")
        if application_instance is not None:
            deployed = [item for item in deployed if item.get("applicationInstance") == application_instance]
        if not deployed:
            instance = f" (instance {application_instance})" if application_instance else ""
            msg = f"{pacticipant}{instance} is not recorded as deployed to {environment}; nothing was changed"
            raise BrokerError(msg)
        done = []
        for item in deployed:
            href = self._absolute(str(item.get("_links", {}).get("self", {}).get("href", "")))
            answer = self._request("PATCH", href, {"currentlyDeployed": False}, content_type=MERGE_PATCH)
            number = answer.get("_embedded", {}).get("version", {}).get("number", "?")
            done.append(f"recorded that {pacticipant} {number} is no longer deployed to {environment}")
        return done

    def record_support_ended(self, pacticipant: str, version: str, environment: str) -> str:
        """Record that the release of `version` in `environment` is no longer supported."""
        uuid = self._environment_uuid(environment)
        listed = self._request(
            "GET",
            self._url(f"/environments/{_segment(uuid)}/released-versions/currently-supported"),
            params=[("pacticipant", pacticipant), ("version", version)],
        )
        released = _embedded_list(listed, "releasedVersions")
        if not released:
            msg = f"{pacticipant} {version} is not recorded as released to {environment}; nothing was changed"
            raise BrokerError(msg)
        for item in released:
            href = self._absolute(str(item.get("_links", {}).get("self", {}).get("href", "")))
            self._request("PATCH", href, {"currentlySupported": False}, content_type=MERGE_PATCH)
        return f"recorded that support for {pacticipant} {version} in {environment} has ended"

    def create_or_update_pacticipant(
        self, name: str, *, main_branch: str | None, repository_url: str | None, display_name: str | None = None
    ) -> str:
        """Create the pacticipant, or update it: its main branch (`mainBranch` selectors need it), its repository."""
        body: dict[str, Any] = {"name": name}
        for key, value in (
            ("displayName", display_name),
            ("mainBranch", main_branch),
            ("repositoryUrl", repository_url),
        ):
            if value:
                body[key] = value
        url = self._url(f"/pacticipants/{_segment(name)}")
        try:
            self._request("GET", url)
        except BrokerError as err:
            if err.status != 404:
                raise
            self._request("POST", self._url("/pacticipants"), body)
            return f"created the pacticipant {name}"
        self._request("PATCH", url, body)
        return f"updated the pacticipant {name}"

    def _environment_uuid(self, environment: str) -> str:
        listed = self._request("GET", self._link("pb:environments") or self._url("/environments"))
        environments = _embedded_list(listed, "environments")
        for item in environments:
            if item.get("name") == environment and isinstance(item.get("uuid"), str):
                return str(item["uuid"])
        known = ", ".join(str(item.get("name")) for item in environments) or "none"
        msg = f"the broker has no environment '{environment}' (it has: {known})"
        raise BrokerError(msg)

    def check_reachable(self) -> None:
        """Raise `BrokerError` unless the broker's index answers (with the usual retries)."""
        self._link("self")

    def check_verifier_can_trust(self) -> None:
        """Raise `BrokerError` if the Rust verifier could not fetch pacts over this connection's TLS.

        pact-ffi has no switch to skip certificate checks for the broker, so with TLS
        checks off the broker's certificate must still be one the system's CAs trust.
        """
        connection = self.connection
        if connection.verify is not False or not connection.base_url.startswith("https://"):
            return
        try:
            with CallDeadline(connection.deadline):
                requests.get(connection.base_url, timeout=connection.timeout, verify=True, allow_redirects=False)
        except requests.exceptions.SSLError as err:
            msg = (
                f"the Pact Broker at {connection.base_url} has a certificate the system's CAs do not trust "
                f"({_reason(err)}); broker_verify_tls = false reaches the Python client only, and pact-ffi's "
                "verifier cannot skip the check. Set broker_ca_bundle to the CA that signed the certificate"
            )
            raise BrokerError(msg) from err
        except requests.RequestException:
            pass  # reachability is check_reachable's to judge

    # -- plumbing -----------------------------------------------------------------------
    def _link(self, relation: str) -> str | None:
        if self._index is None:
            url = self._url("/")
            index = self._request("GET", url)
            if not isinstance(index.get("_links"), dict):
                msg = (
                    f"the Pact Broker's index at {url} has no _links, so it is no Pact Broker index; "
                    "check broker_base_url (PACT_BROKER_BASE_URL)"
                )
                raise BrokerError(msg)
            self._index = index
        found = self._index["_links"].get(relation)
        return self._absolute(str(found["href"])) if isinstance(found, dict) and "href" in found else None

    def _absolute(self, href: str) -> str:
        """A link as an absolute URL (HAL links may be relative to the broker)."""
        return urljoin(self.connection.base_url.rstrip("/") + "/", href)

    def _url(self, path: str) -> str:
        return self.connection.base_url.rstrip("/") + path

    def _request(
        self,
        method: str,
        url: str,
        body: Any = None,
        params: Sequence[tuple[str, str]] | None = None,
        content_type: str = "application/json",
        *,
        scrub: bool = True,
    ) -> dict[str, Any]:
        """One call, retried as the session's `Retry` says, within the connection's deadline; its JSON object.

        The call goes to the configured broker's origin only, and so does every redirect it follows; its
        answer is read up to `max_answer_bytes`. The body is scrubbed of secrets unless the caller has
        checked it already (`scrub=False`: a pact, which is published as it is or not at all).
        """
        connection = self.connection
        self._refuse_other_origin(method, url, "the link")
        payload = _scrubbed_payload(body) if scrub else body
        attempts = f"after {connection.attempts} attempt{'s' if connection.attempts > 1 else ''}"
        with CallDeadline(connection.deadline) as deadline:
            try:
                for _hop in range(MAX_REDIRECTS + 1):
                    answer = self._send(method, url, payload, params, content_type)
                    location = answer.headers.get("Location") if answer.is_redirect else None
                    if location is None:
                        break
                    answer.close()
                    target = urljoin(answer.url, location)
                    self._refuse_other_origin(method, target, f"the broker's redirect ({answer.status_code}) of {url}")
                    if method != "GET" and answer.status_code not in (307, 308):
                        msg = (
                            f"the Pact Broker answered {method} {url} with {answer.status_code}, a redirect that "
                            f"would turn the {method} into a GET; nothing was taken from it, and the {method} "
                            "did not happen. Check broker_base_url (PACT_BROKER_BASE_URL)"
                        )
                        raise BrokerError(msg, answer.status_code)
                    url, params = target, None
                else:
                    msg = (
                        f"the Pact Broker redirected {method} {url} more than {MAX_REDIRECTS} times; nothing was taken"
                    )
                    raise BrokerError(msg)
                content = _bounded_content(method, url, answer, connection.max_answer_bytes)
                if deadline.expired:  # the socket was shut mid-answer: what was read is cut short
                    raise requests.Timeout(f"cut off after {len(content)} bytes")
            except requests.RequestException as err:
                if deadline.expired:
                    msg = (
                        f"the Pact Broker did not answer {method} {url} within {connection.deadline:g} s "
                        "(the deadline of one call, retries included); nothing was taken from it"
                    )
                    raise BrokerError(msg) from err
                if isinstance(err, (requests.ConnectionError, requests.Timeout)):
                    msg = (
                        f"the Pact Broker at {connection.base_url} could not be reached for {method} {url} "
                        f"{attempts}: {type(err).__name__} ({_reason(err)})"
                    )
                    raise BrokerError(msg) from err
                msg = f"the request {method} {url} to the Pact Broker could not be made: {err}"
                raise BrokerError(msg) from err
        if answer.status_code in TRANSIENT_STATUSES:
            msg = (
                f"the Pact Broker at {connection.base_url} could not be reached for {method} {url} "
                f"{attempts}: HTTP {answer.status_code}: {_message(content, answer.reason)}"
            )
            raise BrokerError(msg, answer.status_code)
        if answer.status_code >= 400:
            hint = HINTS.get(answer.status_code, "see the broker's message")
            msg = (
                f"the Pact Broker answered {method} {url} with {answer.status_code}: "
                f"{_message(content, answer.reason)}\n  What to check: {hint}"
            )
            raise BrokerError(msg, answer.status_code)
        if answer.status_code >= 300:
            msg = (
                f"the Pact Broker answered {method} {url} with {answer.status_code} and no place to go; "
                "nothing was taken from it"
            )
            raise BrokerError(msg, answer.status_code)
        return _json_object(method, url, answer.status_code, content)

    def _send(
        self, method: str, url: str, payload: Any, params: Sequence[tuple[str, str]] | None, content_type: str
    ) -> requests.Response:
        """One request to the broker's origin with its credentials; redirects are not followed here."""
        connection = self.connection
        headers = {"Accept": "application/hal+json"}
        if payload is not None:
            headers["Content-Type"] = content_type
        auth = None
        if connection.token:
            headers["Authorization"] = f"Bearer {connection.token.reveal()}"
        elif connection.username and connection.password:
            auth = (connection.username, connection.password.reveal())
        return self.session.request(
            method,
            url,
            headers=headers,
            json=payload,
            params=params,
            auth=auth,
            verify=connection.verify,
            timeout=connection.timeout,
            allow_redirects=False,
            stream=True,
        )

    def _refuse_other_origin(self, method: str, url: str, what: str) -> None:
        """Raise `BrokerError` unless `url` is on the configured broker's origin (scheme, host and port)."""
        home, there = origin(self.connection.base_url), origin(url)
        if there != home:
            msg = (
                f"{method} {url} was refused: {what} points at another origin ({there}) than the Pact "
                f"Broker's ({home}). The broker's credentials go to its own origin only, so nothing was sent "
                "there and nothing was taken from it; check broker_base_url (PACT_BROKER_BASE_URL) and the "
                "links the broker answers with"
            )
            raise BrokerError(msg)


def origin(url: str) -> str:
    """`url`'s origin as `scheme://host:port` (the default port written out), the unit credentials are bound to."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:  # a port that is no number: no origin is equal to it
        return url
    host = (parts.hostname or "").lower()
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}:{port or DEFAULT_PORTS.get(scheme, 0)}"


def _bounded_content(method: str, url: str, answer: requests.Response, limit: int) -> bytes:
    """The answer's body, read in pieces and refused (unread, or as soon as it passes) beyond `limit` bytes."""
    declared = answer.headers.get("Content-Length", "")
    too_big = (
        f"the Pact Broker answered {method} {url} with more than {limit // 2**20} MiB "
        "(max_answer_bytes); nothing was taken from it"
    )
    try:
        if declared.isdigit() and int(declared) > limit:
            raise BrokerError(too_big, answer.status_code)
        pieces, size = [], 0
        for piece in answer.iter_content(READ_BYTES):
            size += len(piece)
            if size > limit:
                raise BrokerError(too_big, answer.status_code)
            pieces.append(piece)
        return b"".join(pieces)
    finally:
        answer.close()


def _scrubbed_payload(value: Any) -> Any:
    """`value` (a JSON body) with every secret scrubbed from its texts, keys too."""
    if isinstance(value, str):
        return scrubbed(value)
    if isinstance(value, dict):
        return {scrubbed(str(key)): _scrubbed_payload(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrubbed_payload(item) for item in value]
    return value


def _json_object(method: str, url: str, status: int, content: bytes) -> dict[str, Any]:
    """The JSON object a successful answer must be.

    An empty answer to a write stands for an empty object (the broker's own contract
    records `201` with no body for a release); anything else must be a JSON object.
    """
    if not content and (status == 204 or method != "GET"):
        return {}
    try:
        document = json.loads(content)
    except (ValueError, RecursionError):
        document = None
    if not isinstance(document, dict):
        shown = content[:120].decode(errors="replace")
        msg = (
            f"the Pact Broker answered {method} {url} with {status} but not with a JSON object "
            f"({len(content)} bytes: {shown!r}); nothing was taken from it"
        )
        raise BrokerError(msg, status)
    return document


def _embedded_list(document: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """`_embedded.<name>` of a HAL answer, its objects only."""
    embedded = document.get("_embedded")
    found = embedded.get(name) if isinstance(embedded, dict) else None
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


def _checked(pact: PactBytes) -> bytes:
    """The pact's bytes; a `BrokerError` if they hold a secret, since a pact is published as it is or not at all."""
    text = pact.content.decode(errors="replace")
    if scrubbed(text) != text:
        msg = (
            f"{pact.path} holds a secret (a broker token or password, or the value of an env: header), "
            "so it was not published; nothing was published. Keep secrets out of contracts: an env: header "
            "is written with its example, never its value"
        )
        raise BrokerError(msg)
    return pact.content


def _pact_names(path: Path, content: bytes) -> tuple[str, str]:
    try:
        names = pair_names(parse_pact(content, str(path)))
    except PactFileError as err:
        msg = f"{err}; nothing was published"
        raise BrokerError(msg) from err
    if names is None:
        msg = f"{path} names no consumer and provider, so it is no pact file; nothing was published"
        raise BrokerError(msg)
    return names


def _segment(text: str) -> str:
    return quote(text, safe="")


def _message(content: bytes, reason: str | None) -> str:
    try:
        document = json.loads(content)
    except (ValueError, RecursionError):
        return content[:500].decode(errors="replace") or (reason or "")
    if isinstance(document, dict):
        if "errors" in document:
            return json.dumps(document["errors"])[:500]
        for key in ("error", "message", "title"):
            if key in document:
                return str(document[key])[:500]
    return json.dumps(document)[:500]


def _reason(err: Exception) -> str:
    text = str(err)
    return (
        "connection refused"
        if "refused" in text.lower()
        else ("timed out" if "timed out" in text.lower() else text[:200])
    )
