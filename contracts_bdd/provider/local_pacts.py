"""The pacts in the pact directory that a provider is verified against, and the interactions they hold.

    for path, document in pacts_for("UserService", Path("pacts")): ...
    rows = interactions_for("UserService", Path("pacts"))   # (consumer, description, states)
    with verification_sources("UserService", Path("pacts"), selection) as paths:
        ...                                                  # what to hand the verifier

pact-ffi's verifier slows down faster than linearly with the number of interactions in
one file (3,000 in one file: 89-106 s; in 6 files: 35 s). So a pact of more than
`CHUNK_INTERACTIONS` is handed over in parts, each a copy of the pact with a slice of its
interactions, in a private temporary folder removed afterwards. Results name consumers and
interactions, not files, so nothing a user sees changes. A selection (the interactions an
outline verifies) is applied the same way, instead of a regex of every description.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
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


CHUNK_INTERACTIONS = 100
"""The most interactions handed to the verifier in one file. Measured on 2 cores: at 1,000
interactions, parts of 50 to 250 verify alike and 500 or one file are slower; at 3,000,
parts of 100 take 28 s and parts of 250 take 39 s."""


@contextmanager
def verification_sources(
    provider: str, pact_dir: Path, selection: Collection[tuple[str, str]] | None = None
) -> Iterator[list[Path]]:
    """The files to give the verifier for `provider`'s pacts in `pact_dir`.

    `selection` keeps only the interactions with those (consumer, description) pairs. When
    nothing is selected away and no pact needs splitting, the pact files are given as they are.
    """
    pacts = pacts_for(provider, pact_dir)
    if selection is None and all(len(_interactions(document)) <= CHUNK_INTERACTIONS for _, document in pacts):
        yield [path for path, _ in pacts]
        return
    folder = Path(tempfile.mkdtemp(prefix="contracts-bdd-pacts-"))  # private (0700), removed below
    try:
        written = []
        for number, (path, document) in enumerate(pacts):
            for part, piece in enumerate(_pieces(document, selection)):
                target = folder / f"{number:04d}-{part:04d}-{path.name}"
                target.write_text(json.dumps(piece))
                written.append(target)
        yield written
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _list_key(document: dict[str, Any]) -> str:
    """Where the pact keeps its interactions: `interactions`, or `messages` in a V3 message pact."""
    return (
        "messages" if "interactions" not in document and isinstance(document.get("messages"), list) else "interactions"
    )


def _interactions(document: dict[str, Any]) -> list[Any]:
    interactions = document.get(_list_key(document))
    return interactions if isinstance(interactions, list) else []


def _consumer(document: dict[str, Any]) -> str:
    return (pair_names(document) or ("", ""))[0]


def _selected(item: Any, consumer: str, selection: Collection[tuple[str, str]]) -> bool:
    """Whether an interaction (HTTP or message) of `consumer` is in `selection`."""
    return isinstance(item, dict) and (consumer, item.get("description")) in selection


def _pieces(document: dict[str, Any], selection: Collection[tuple[str, str]] | None) -> list[dict[str, Any]]:
    """The pact as copies that hold at most `CHUNK_INTERACTIONS` of its (selected) interactions each."""
    key = _list_key(document)
    if not isinstance(document.get(key), list):
        return [document] if selection is None else []
    kept = _interactions(document)
    if selection is not None:
        consumer = _consumer(document)
        kept = [item for item in kept if _selected(item, consumer, selection)]
    return [
        {**document, key: kept[start : start + CHUNK_INTERACTIONS]} for start in range(0, len(kept), CHUNK_INTERACTIONS)
    ]


def interactions_for(provider: str, pact_dir: Path) -> list[tuple[str, str, str]]:
    """(consumer, description, states joined by "; ") of every interaction, HTTP or message, in `provider`'s pacts.

    Raises:
        PactFileError: an interaction is not shaped as a pact's interaction is.
    """
    found = []
    for path, document in pacts_for(provider, pact_dir):
        consumer = _consumer(document)
        interactions = document.get(_list_key(document), [])
        for index, interaction in enumerate(interactions if isinstance(interactions, list) else [None]):
            if not isinstance(interaction, dict) or not isinstance(interaction.get("description"), str):
                msg = f"{path}: interaction {index} is not an object with a description; the pact is malformed"
                raise PactFileError(msg)
            found.append((consumer, interaction["description"], "; ".join(_state_names(interaction))))
    return found


def _state_names(interaction: dict[str, Any]) -> list[str]:
    states = interaction.get("providerStates")
    if isinstance(states, list):
        return [str(state.get("name")) for state in states if isinstance(state, dict)]
    legacy = interaction.get("providerState") or interaction.get("provider_state")
    return [str(legacy)] if legacy else []
