"""The pacts in the pact directory that a provider is verified against, and the interactions they hold.

for path, document in pacts_for("UserService", Path("pacts")): ...
rows = interactions_for("UserService", Path("pacts"))   # (consumer, description, states)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from contracts_bdd.errors import PactFileError, ProviderError
from contracts_bdd.pact.document import load_pact, pair_names


def pacts_for(provider: str, pact_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    """The pact files in `pact_dir` whose provider is `provider`, each with its document (read once)."""
    if not pact_dir.is_dir():
        msg = (
            f"the pact directory {pact_dir} does not exist; run the consumer features first (behave features/consumer)"
        )
        raise ProviderError(msg)
    chosen, others = [], set()
    for path in sorted(pact_dir.glob("*.json")):
        try:
            document = load_pact(path)
        except PactFileError as err:
            msg = f"{err}; fix it or move it out of {pact_dir}"
            raise PactFileError(msg) from err
        names = pair_names(document)
        if names is None:
            continue  # JSON that is no pact: not ours to judge
        (chosen.append((path, document)) if names[1] == provider else others.add(names[1]))
    if not chosen:
        found = f"; it has pacts for: {', '.join(sorted(others))}" if others else ""
        msg = f"no pact file in {pact_dir} names '{provider}' as its provider{found}"
        raise ProviderError(msg)
    return chosen


def pact_files_for(provider: str, pact_dir: Path) -> list[Path]:
    """The pact files in `pact_dir` whose provider is `provider`."""
    return [path for path, _ in pacts_for(provider, pact_dir)]


def interactions_for(provider: str, pact_dir: Path) -> list[tuple[str, str, str]]:
    """(consumer, description, states joined by "; ") of every HTTP interaction in `provider`'s pact files.

    Raises:
        PactFileError: an interaction is not shaped as a pact's interaction is.
    """
    found = []
    for path, document in pacts_for(provider, pact_dir):
        consumer = (pair_names(document) or ("", ""))[0]
        interactions = document.get("interactions", [])
        for index, interaction in enumerate(interactions if isinstance(interactions, list) else [None]):
            if not isinstance(interaction, dict) or not isinstance(interaction.get("description"), str):
                msg = f"{path}: interaction {index} is not an object with a description; the pact is malformed"
                raise PactFileError(msg)
            if interaction.get("type", "Synchronous/HTTP") != "Synchronous/HTTP":
                continue
            found.append((consumer, interaction["description"], "; ".join(_state_names(interaction))))
    return found


def _state_names(interaction: dict[str, Any]) -> list[str]:
    states = interaction.get("providerStates")
    if isinstance(states, list):
        return [str(state.get("name")) for state in states if isinstance(state, dict)]
    legacy = interaction.get("providerState") or interaction.get("provider_state")
    return [str(legacy)] if legacy else []
