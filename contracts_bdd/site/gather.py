"""What the living documentation is made from, each part fetched from where the project keeps it.

    material = gather(settings, os.environ, Choices(pacts="pacts", results=[Path("reports/junit")]))
    material.pacts, material.scenarios, material.results, material.changes

- Pacts: through the provider's own sources (`contracts_bdd.provider.sources`): a folder,
  files, a pact URL or the broker's selection for each provider named.
- Scenarios: the consumer features as `contracts-bdd check` reads them.
- Results: JUnit files of provider runs, and, for pacts from a broker, the broker's latest
  verification result of each (`pb:latest-verification-results`, on the pact's own origin).
  A JUnit result counts for the interaction as the pacts hold it now only when its report
  names that content (its digest); a broker's result belongs to the pact version it is of.
- Changes: what `contracts-bdd diff` finds against the broker's latest or a folder.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contracts_bdd.config import Settings
from contracts_bdd.errors import SetupError
from contracts_bdd.pact.changes import PairChanges, pact_changes
from contracts_bdd.pact.document import interaction_list_key, pair_names
from contracts_bdd.provider.pact_files import contents_of, state_names
from contracts_bdd.provider.sources import (
    BrokerPacts,
    FetchedPact,
    PactCache,
    chosen_source,
    interaction_id,
    pact_source,
)
from contracts_bdd.site.junit import Known, junit_results
from contracts_bdd.gherkin.written import WrittenScenario
from contracts_bdd.site.model import Result, moment

LATEST_RESULTS = "pb:latest-verification-results"


@dataclass(frozen=True)
class Choices:
    """What the command line asked for (None and empty: the project's defaults)."""

    pacts: str | None = None
    providers: Sequence[str] = ()
    features: Sequence[str] = ()
    results: Sequence[Path] = ()
    against: str | None = None
    branch: str | None = None


@dataclass
class Material:
    """Everything found, ready for `build_site`."""

    pacts: list[FetchedPact]
    scenarios: list[WrittenScenario] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    results_from: list[str] = field(default_factory=list)
    changes: list[PairChanges] = field(default_factory=list)
    against: str = ""


def gather(settings: Settings, environ: Mapping[str, str], choices: Choices) -> Material:
    """Fetch the pacts, read the features and the results, and compare, as `choices` say."""
    cache = PactCache(settings, environ)
    source = chosen_source(pact_source(choices.pacts) if choices.pacts else None, settings, environ)
    providers = list(choices.providers) or ([settings.provider] if settings.provider else [])
    if isinstance(source, BrokerPacts) and not providers:
        msg = "whose pacts? give --provider NAME (or provider = ... in behave.ini) for pacts from the broker"
        raise SetupError(msg)
    pacts = [pact for name in providers for pact in cache.fetched(source, name)] if providers else []
    if not providers:
        pacts = cache.everything(source)
    material = Material(pacts)
    material.scenarios = _scenarios(choices.features)
    known = []
    for pact in pacts:
        contents = contents_of(pact.document)
        for raw in _raw_interactions(pact):
            description, states = str(raw.get("description")), state_names(raw)
            known.append(Known(pact.consumer, pact.provider, description, states, contents[(description, states)]))
    if choices.results:
        material.results += junit_results(list(choices.results), known)
        material.results_from += [str(path) for path in choices.results]
    from_broker = [pact for pact in pacts if pact.path is None]
    for pact in from_broker:
        material.results += broker_results(pact, cache.linked(pact, LATEST_RESULTS))
    if from_broker:
        material.results_from.append("the Pact Broker's latest verification of each pact")
    if choices.against:
        material.changes, material.against = _changes(cache, pacts, choices.against, choices.branch, settings, environ)
    return material


def _scenarios(features: Sequence[str]) -> list[WrittenScenario]:
    from contracts_bdd.behave.written import written_scenarios  # noqa: PLC0415 - only this part loads behave

    chosen = list(features) or (["features"] if Path("features").is_dir() else [])
    for path in chosen:
        if not Path(path.split(":")[0]).exists():
            msg = f"the features {path} do not exist; give --features with the consumer features' folder"
            raise SetupError(msg)
    if not chosen:
        return []
    return [scenario for scenario in written_scenarios(chosen) if scenario.interactions]


def _raw_interactions(pact: FetchedPact) -> list[dict[str, Any]]:
    found = pact.document.get(interaction_list_key(pact.document))
    return [raw for raw in found if isinstance(raw, dict)] if isinstance(found, list) else []


def broker_results(pact: FetchedPact, verification: Mapping[str, Any] | None) -> list[Result]:
    """The results a broker's verification resource holds for `pact`'s interactions.

    Each entry of `testResults` is tied to its interaction by `interactionId` (the broker's
    `_id`, a V4 key) or by description. A verification without entries speaks for every
    interaction of the pact with its overall `success`.
    """
    if not verification or not isinstance(verification.get("success"), bool):
        return []
    when = moment(str(verification.get("verificationDate") or verification.get("executionDate") or ""))
    version = verification.get("providerApplicationVersion")
    by = "the Pact Broker" + (f", provider version {version}" if version else "")
    entries = [entry for entry in verification.get("testResults") or [] if isinstance(entry, dict)]
    by_id = {str(entry.get("interactionId")): entry for entry in entries if entry.get("interactionId")}
    by_description = {
        str(entry.get("interactionDescription")): entry for entry in entries if entry.get("interactionDescription")
    }
    results = []
    for raw in _raw_interactions(pact):
        description = str(raw.get("description"))
        if entries:
            entry = by_id.get(interaction_id(raw)) or by_description.get(description)
            if entry is None:
                continue
            success, details = entry.get("success") is True, _mismatches(entry)
        else:
            success, details = verification["success"], ""
        status = "passed" if success else ("pending-failed" if pact.pending else "failed")
        results.append(Result(pact.consumer, pact.provider, description, state_names(raw), status, when, details, by))
    return results


def _mismatches(entry: Mapping[str, Any]) -> str:
    found = entry.get("mismatches")
    if not isinstance(found, list):
        return ""
    lines = []
    for mismatch in found:
        if isinstance(mismatch, dict):
            said = mismatch.get("description") or mismatch.get("mismatch") or json.dumps(mismatch)
            where = mismatch.get("attribute") or mismatch.get("path") or ""
            lines.append(f"{where}: {said}" if where and where != "interaction" else str(said))
        else:
            lines.append(str(mismatch))
    return "\n".join(lines)


def _changes(  # noqa: PLR0917 - what diff takes, from the command line
    cache: PactCache,
    pacts: Sequence[FetchedPact],
    against: str,
    branch: str | None,
    settings: Settings,
    environ: Mapping[str, str],
) -> tuple[list[PairChanges], str]:
    """What changed in `pacts` since the broker's latest (for the branch, else main) or a folder's."""
    from contracts_bdd.broker.publication import current_branch  # noqa: PLC0415
    from contracts_bdd.pact.document import load_pact  # noqa: PLC0415
    from contracts_bdd.pact.merge import pact_files  # noqa: PLC0415

    new = [(pact.origin, pact.document) for pact in pacts]
    if against == "broker":
        client = cache.broker()
        branch = branch or settings.consumer_branch or current_branch(environ)
        old = []
        for consumer, provider in sorted({(pact.consumer, pact.provider) for pact in pacts}):
            found = client.latest_pact(consumer, provider, branch) or (
                client.latest_pact(consumer, provider, None) if branch else None
            )
            if found is not None:
                old.append((f"the broker's {consumer}-{provider}", found))
        against = "the broker's latest"
    else:
        old = [(str(path), load_pact(path)) for path in pact_files([Path(against)])]
        old = [(source, document) for source, document in old if pair_names(document) is not None]
    names = {(pact.consumer, pact.provider) for pact in pacts}
    return [pair for pair in pact_changes(new, old) if (pair.consumer, pair.provider) in names], against
