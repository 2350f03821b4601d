"""Who is publishing: versions, branches and build URLs from settings, CI variables and git.

    publication = consumer_publication(settings, os.environ, "OrderService")
    # Publication(pacticipant="OrderService", version=<git sha>, branch="main", build_url=<CI run>)
    for published in publish_pacts(client, pacts, lambda consumer: consumer_publication(settings, environ, consumer)):
        print(published.notices)

Explicit settings win; then the CI system's variables (GitHub Actions, GitLab,
Jenkins); then git itself. `switched_on("auto", environ)` is Pact's advice:
publish from CI (CI=true), not from a developer's machine.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from contracts_bdd.broker.client import BrokerClient, Publication
from contracts_bdd.broker.hal import BrokerConnection
from contracts_bdd.config import Settings
from contracts_bdd.errors import FeatureError, Location, PactFileError
from contracts_bdd.pact.document import PactBytes, pair_names, parse_pact

GIT_TIMEOUT_SECONDS = 5


def git(*arguments: str) -> str | None:
    """The output of a git command in the working directory, or None outside a checkout."""
    try:
        done = subprocess.run(
            ["git", *arguments], capture_output=True, text=True, timeout=GIT_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    output = done.stdout.strip()
    return output if done.returncode == 0 and output else None


def build_url(environ: Mapping[str, str]) -> str | None:
    """The URL of the CI run, from the variables GitHub Actions, GitLab and Jenkins set."""
    if environ.get("GITHUB_RUN_ID") and environ.get("GITHUB_REPOSITORY"):
        server = environ.get("GITHUB_SERVER_URL", "https://github.com")
        return f"{server}/{environ['GITHUB_REPOSITORY']}/actions/runs/{environ['GITHUB_RUN_ID']}"
    return environ.get("CI_JOB_URL") or environ.get("BUILD_URL") or None


def ci_branch(environ: Mapping[str, str]) -> str | None:
    """The branch the CI system says it builds."""
    for name in ("GITHUB_HEAD_REF", "GITHUB_REF_NAME", "CI_COMMIT_REF_NAME", "BRANCH_NAME", "GIT_BRANCH"):
        value = environ.get(name)
        if value:
            return value.removeprefix("origin/")
    return None


def current_branch(environ: Mapping[str, str]) -> str | None:
    """The CI branch, else git's (None on a detached HEAD)."""
    branch = ci_branch(environ) or git("rev-parse", "--abbrev-ref", "HEAD")
    return None if branch == "HEAD" else branch


def switched_on(switch: str, environ: Mapping[str, str]) -> bool:
    """An auto/true/false setting: auto is on only in CI (CI=true)."""
    return switch == "true" or (switch == "auto" and environ.get("CI", "").lower() == "true")


def consumer_publication(settings: Settings, environ: Mapping[str, str], consumer: str) -> Publication:
    """How `consumer`'s pacts are published: its version (else the git commit), branch, tags, build."""
    return Publication(
        pacticipant=consumer,
        version=settings.consumer_version or git("rev-parse", "HEAD") or "",
        branch=settings.consumer_branch or current_branch(environ),
        tags=settings.consumer_tags,
        build_url=settings.build_url or build_url(environ),
        on_conflict=settings.broker_on_conflict,
    )


def required_broker(settings: Settings, location: Location) -> BrokerConnection:
    """The configured broker; a `FeatureError` at `location` when a step needs one and none is set."""
    connection = broker_connection(settings)
    if connection is None:
        raise FeatureError(
            location,
            "no Pact Broker is configured",
            "set PACT_BROKER_BASE_URL (and PACT_BROKER_TOKEN), or broker_base_url under [behave.userdata]",
        )
    return connection


def broker_connection(settings: Settings) -> BrokerConnection | None:
    """The broker from the settings, or None when none is configured."""
    if not settings.broker_base_url:
        return None
    verify: bool | str = settings.broker_ca_bundle or settings.broker_verify_tls
    return BrokerConnection(
        settings.broker_base_url,
        token=settings.broker_token,
        username=settings.broker_username,
        password=settings.broker_password,
        verify=verify,
        attempts=settings.broker_attempts,
        deadline=settings.broker_deadline,
    )


@dataclass(frozen=True)
class Published:
    """One consumer's pacts, published under one publication, with what the broker said."""

    publication: Publication
    pacts: tuple[PactBytes, ...]
    notices: tuple[str, ...]


def publish_pacts(
    client: BrokerClient, pacts: Sequence[PactBytes], publication_of: Callable[[str], Publication]
) -> Iterator[Published]:
    """Publish `pacts` (their bytes, as read) grouped by consumer, each under `publication_of(consumer)`.

    Every pact is read for its consumer before anything is sent, so a file that is no pact
    publishes nothing at all. The one publishing flow of the command line and of a run.

    Raises:
        PactFileError: a file names no consumer and provider.
        BrokerError: the broker refused or could not be reached.
    """
    by_consumer: dict[str, list[PactBytes]] = {}
    for pact in pacts:
        names = pair_names(parse_pact(pact.content, str(pact.path)))
        if names is None:
            msg = f"{pact.path} names no consumer and provider, so it is no pact file; nothing was published"
            raise PactFileError(msg)
        by_consumer.setdefault(names[0], []).append(pact)
    for consumer, group in by_consumer.items():
        publication = publication_of(consumer)
        yield Published(publication, tuple(group), tuple(client.publish(publication, group)))
