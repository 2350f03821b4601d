"""A Pact Broker (or PactFlow) client: publish pacts, ask can-i-deploy, record deployments and releases.

    broker = BrokerClient(BrokerConnection("https://broker.example", token=Secret("...")))
    broker.publish(Publication("OrderService", "1a2b3c", branch="main", tags=("dev",)), [Path("pacts/x.json")])
    decision = broker.can_i_deploy("OrderService", "1a2b3c", to_environment="production")
    print(decision.table()); decision.deployable

The requests follow the broker's own contract (the pact files the real Pact
Broker verifies in its CI). Each goes through one `HalSession` (`broker.hal`):
the index and its links, URL templates, retries, the deadline of each call,
redirects and the broker's origin are its business; this module says what to ask.

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

import requests

from contracts_bdd.broker.decision import Decision, decision_from
from contracts_bdd.broker.hal import (
    MERGE_PATCH,
    BrokerConnection,
    HalSession,
    embedded_list,
    reason_of,
)
from contracts_bdd.broker.transport import CallDeadline
from contracts_bdd.errors import BrokerError, PactFileError
from contracts_bdd.pact.document import PactBytes, pair_names, parse_pact
from contracts_bdd.redaction import scrubbed


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
        self.hal = HalSession(connection, session, sleep)
        self.sleep = sleep

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
        link = self.hal.link("pb:publish-contracts")
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
        answer = self.hal.request("POST", link, body, scrub=False)  # every pact was checked for secrets
        notices = [
            str(item.get("text") or item.get("message")) for item in answer.get("notices", answer.get("logs", []))
        ]
        return notices or [f"published {len(contracts)} pact(s) for {publication.pacticipant} {publication.version}"]

    def _publish_each(self, publication: Publication, documents: list[tuple[Path, bytes]]) -> list[str]:
        notices = []
        for path, content in documents:
            consumer, provider = _pact_names(path, content)
            url = self.hal.url(
                "/pacts/provider/{provider}/consumer/{consumer}/version/{version}",
                provider=provider,
                consumer=consumer,
                version=publication.version,
            )
            self.hal.request("PUT", url, json.loads(content), scrub=False)  # checked for secrets
            notices.append(f"published {path.name} for {consumer} {publication.version} (the older per-pact API)")
        for tag in publication.tags:
            url = self.hal.url(
                "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}",
                pacticipant=publication.pacticipant,
                version=publication.version,
                tag=tag,
            )
            self.hal.request("PUT", url, {})
        return notices

    # -- verifying -------------------------------------------------------------------------
    def pacts_for_verification(self, query: PactsForVerification) -> list[SelectedPact]:
        """The pacts the broker selects for `query.provider` (`pb:provider-pacts-for-verification`)."""
        url = self.hal.resource(
            "pb:provider-pacts-for-verification", "/pacts/provider/{provider}/for-verification", provider=query.provider
        )
        answer = self.hal.request("POST", url, query.body())
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
                    self.hal.absolute(href),
                    str(entry.get("shortDescription") or ""),
                    properties.get("pending") is True,
                    properties.get("wip") is True,
                )
            )
        return selected

    def provider_states(self, provider: str) -> list[str]:
        """The provider states the broker aggregates for `provider` from its consumers' main-branch pacts."""
        url = self.hal.url("/pacts/provider/{provider}/provider-states", provider=provider)
        states = self.hal.request("GET", url).get("providerStates")
        if not isinstance(states, list):
            msg = f"the Pact Broker answered GET {url} without a list of providerStates"
            raise BrokerError(msg)
        return [str(state["name"]) for state in states if isinstance(state, dict) and "name" in state]

    def latest_pact(self, consumer: str, provider: str, branch: str | None) -> dict[str, Any] | None:
        """The latest pact of the pair on `branch` (None: the consumer's main branch); None when there is none."""
        chosen = branch or self.main_branch(consumer)
        if chosen is None:
            return None
        url = self.hal.url(
            "/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}/latest",
            provider=provider,
            consumer=consumer,
            branch=chosen,
        )
        try:
            return self.hal.request("GET", url)
        except BrokerError as err:
            if err.status == 404:
                return None
            raise

    def latest_pact_or_main(self, consumer: str, provider: str, branch: str | None) -> dict[str, Any] | None:
        """The latest pact of the pair on `branch`, else on the consumer's main branch (what a change is judged
        against: a new branch has no pact of its own yet); None when there is neither."""
        found = self.latest_pact(consumer, provider, branch)
        return found if found is not None or branch is None else self.latest_pact(consumer, provider, None)

    def main_branch(self, pacticipant: str) -> str | None:
        """The pacticipant's main branch as the broker knows it; None for a pacticipant it does not know."""
        try:
            found = self.hal.request("GET", self.hal.url("/pacticipants/{pacticipant}", pacticipant=pacticipant)).get(
                "mainBranch"
            )
        except BrokerError as err:
            if err.status == 404:
                return None
            raise
        return found if isinstance(found, str) and found else None

    def fetch(self, url: str) -> dict[str, Any]:
        """The JSON object at `url` (a pact, a HAL resource)."""
        return self.hal.request("GET", url)

    def publish_verification_results(self, url: str, results: dict[str, Any]) -> None:
        """Send one pact's verification results to its `pb:publish-verification-results` link."""
        self.hal.request("POST", url, results)

    def record_provider_version(self, provider: str, version: str, branch: str | None, tags: Sequence[str]) -> None:
        """Give the provider's version its branch and tags, before results name it."""
        if branch:
            url = self.hal.resource(
                "pb:pacticipant-branch-version",
                "/pacticipants/{pacticipant}/branches/{branch}/versions/{version}",
                pacticipant=provider,
                branch=branch,
                version=version,
            )
            self.hal.request("PUT", url, {})
        for tag in tags:
            url = self.hal.resource(
                "pb:pacticipant-version-tag",
                "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}",
                pacticipant=provider,
                version=version,
                tag=tag,
            )
            self.hal.request("PUT", url, {})

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
            decision = decision_from(self.hal.request("GET", self.hal.url("/matrix"), params=params))
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
        self.hal.request(
            "POST", self._environment_link(pacticipant, version, environment, "pb:record-deployment"), body
        )
        return f"recorded the deployment of {pacticipant} {version} to {environment}"

    def record_release(self, pacticipant: str, version: str, environment: str) -> str:
        """Record that `version` of `pacticipant` is released to `environment`."""
        self.hal.request("POST", self._environment_link(pacticipant, version, environment, "pb:record-release"), {})
        return f"recorded the release of {pacticipant} {version} to {environment}"

    def _environment_link(self, pacticipant: str, version: str, environment: str, relation: str) -> str:
        url = self.hal.resource(
            "pb:pacticipant-version",
            "/pacticipants/{pacticipant}/versions/{version}",
            pacticipant=pacticipant,
            version=version,
        )
        links = self.hal.request("GET", url).get("_links", {}).get(relation, [])
        for link in links if isinstance(links, list) else [links]:
            if link.get("name") == environment:
                return self.hal.absolute(str(link["href"]))
        known = ", ".join(str(link.get("name")) for link in links) or "none"
        msg = f"the broker offers no environment '{environment}' for {pacticipant} {version} (it offers: {known})"
        raise BrokerError(msg)

    def record_undeployment(
        self, pacticipant: str, environment: str, application_instance: str | None = None
    ) -> list[str]:
        """Record that `pacticipant` no longer runs in `environment` (one instance, or every one)."""
        uuid = self._environment_uuid(environment)
        listed = self.hal.request(
            "GET",
            self.hal.url("/environments/{uuid}/deployed-versions/currently-deployed", uuid=uuid),
            params=[("pacticipant", pacticipant)],
        )
        deployed = embedded_list(listed, "deployedVersions")
        if application_instance is not None:
            deployed = [item for item in deployed if item.get("applicationInstance") == application_instance]
        if not deployed:
            instance = f" (instance {application_instance})" if application_instance else ""
            msg = f"{pacticipant}{instance} is not recorded as deployed to {environment}; nothing was changed"
            raise BrokerError(msg)
        done = []
        for item in deployed:
            href = self.hal.absolute(str(item.get("_links", {}).get("self", {}).get("href", "")))
            answer = self.hal.request("PATCH", href, {"currentlyDeployed": False}, content_type=MERGE_PATCH)
            number = answer.get("_embedded", {}).get("version", {}).get("number", "?")
            done.append(f"recorded that {pacticipant} {number} is no longer deployed to {environment}")
        return done

    def record_support_ended(self, pacticipant: str, version: str, environment: str) -> str:
        """Record that the release of `version` in `environment` is no longer supported."""
        uuid = self._environment_uuid(environment)
        listed = self.hal.request(
            "GET",
            self.hal.url("/environments/{uuid}/released-versions/currently-supported", uuid=uuid),
            params=[("pacticipant", pacticipant), ("version", version)],
        )
        released = embedded_list(listed, "releasedVersions")
        if not released:
            msg = f"{pacticipant} {version} is not recorded as released to {environment}; nothing was changed"
            raise BrokerError(msg)
        for item in released:
            href = self.hal.absolute(str(item.get("_links", {}).get("self", {}).get("href", "")))
            self.hal.request("PATCH", href, {"currentlySupported": False}, content_type=MERGE_PATCH)
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
        url = self.hal.url("/pacticipants/{pacticipant}", pacticipant=name)
        try:
            self.hal.request("GET", url)
        except BrokerError as err:
            if err.status != 404:
                raise
            self.hal.request("POST", self.hal.url("/pacticipants"), body)
            return f"created the pacticipant {name}"
        self.hal.request("PATCH", url, body)
        return f"updated the pacticipant {name}"

    def _environment_uuid(self, environment: str) -> str:
        listed = self.hal.request("GET", self.hal.link("pb:environments") or self.hal.url("/environments"))
        environments = embedded_list(listed, "environments")
        for item in environments:
            if item.get("name") == environment and isinstance(item.get("uuid"), str):
                return str(item["uuid"])
        known = ", ".join(str(item.get("name")) for item in environments) or "none"
        msg = f"the broker has no environment '{environment}' (it has: {known})"
        raise BrokerError(msg)

    def check_reachable(self) -> None:
        """Raise `BrokerError` unless the broker's index answers (with the usual retries)."""
        self.hal.link("self")

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
                f"({reason_of(err)}); broker_verify_tls = false reaches the Python client only, and pact-ffi's "
                "verifier cannot skip the check. Set broker_ca_bundle to the CA that signed the certificate"
            )
            raise BrokerError(msg) from err
        except requests.RequestException:
            pass  # reachability is check_reachable's to judge


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
