"""Verification results sent to the broker, one document per pact, in the shape the broker's contract records.

    body = results_document(pact, outcomes, ResultsPublication("1.4.0", branch="main"))
    # {"success": ..., "providerApplicationVersion": "1.4.0", "testResults": [...], "verifiedBy": {...}}

A pact's results go to its own `pb:publish-verification-results` link, and only when the
link is on the origin the pact came from: a hostile pact cannot make the run post to,
or send credentials to, another host.
"""

from __future__ import annotations

import platform
from collections.abc import Sequence
from importlib import metadata
from typing import Any

from contracts_bdd.broker.client import ResultsPublication, origin
from contracts_bdd.model.reports import InteractionOutcome
from contracts_bdd.pact.document import interaction_list_key
from contracts_bdd.provider.pact_files import state_names
from contracts_bdd.provider.sources import FetchedPact, interaction_id


def _version(distribution: str, fallback: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return fallback


VERIFIED_BY = {
    "implementation": "contracts-bdd",
    "version": _version("contracts-bdd", "0.1.0"),
    "clientLanguage": {
        "name": "python",
        "testFramework": "behave",
        "version": platform.python_version(),
    },
}


def results_document(
    pact: FetchedPact, outcomes: Sequence[InteractionOutcome], publication: ResultsPublication
) -> dict[str, Any]:
    """The results of one pact: success, and one entry per interaction verified."""
    ids = _ids_by_interaction(pact)
    entries = []
    for outcome in outcomes:
        identifier = ids.get((outcome.description, outcome.states), ids.get((outcome.description, None), ""))
        if outcome.status == "passed":
            entries.append({"interactionId": identifier, "success": True})
        else:
            entries.append(
                {
                    "interactionId": identifier,
                    "interactionDescription": outcome.description,
                    "mismatches": [{"attribute": "interaction", "description": outcome.details or "failed"}],
                    "success": False,
                }
            )
    body: dict[str, Any] = {
        "providerApplicationVersion": publication.version,
        "success": bool(outcomes) and all(outcome.status == "passed" for outcome in outcomes),
        "testResults": entries,
        "verifiedBy": VERIFIED_BY,
    }
    if publication.build_url:
        body["buildUrl"] = publication.build_url
    return body


def _ids_by_interaction(pact: FetchedPact) -> dict[tuple[str, tuple[str, ...] | None], str]:
    interactions = pact.document.get(interaction_list_key(pact.document), [])
    ids: dict[tuple[str, tuple[str, ...] | None], str] = {}
    for interaction in interactions if isinstance(interactions, list) else []:
        if isinstance(interaction, dict) and isinstance(interaction.get("description"), str):
            identifier = interaction_id(interaction)
            ids.setdefault((interaction["description"], state_names(interaction)), identifier)
            ids.setdefault((interaction["description"], None), identifier)
    return ids


def results_link(pact: FetchedPact) -> str | None:
    """Where the pact's results go: its own link, when it is on the pact's own origin."""
    if pact.results_url is None or pact.path is not None:
        return None
    return pact.results_url if origin(pact.results_url) == origin(pact.origin) else None
