"""The files handed to the verifier for the pacts of a run, and the interactions those pacts hold.

    rows = interactions_of(pacts)                        # [PactInteraction]: consumer, description, states, pact
    with verification_rounds(pacts, selection) as rounds:
        for files, round_pacts in rounds: ...             # each round: one verifier run

pact-ffi's verifier slows down faster than linearly with the number of interactions in
one file (3,000 in one file: 89-106 s; in 6 files: 35 s). So a pact of more than
`CHUNK_INTERACTIONS` is handed over in parts, each a copy of the pact with a slice of its
interactions, in a private temporary folder removed afterwards. A selection (the
interactions an outline verifies) is applied the same way, instead of a regex of every
description. Pacts fetched from a URL or a broker have no file: they are written there too.

The verifier's results name a consumer and a description, not a pact. Two pacts of one
consumer (its main branch and what is deployed, say) can hold the same description, so
each round holds at most one pact per consumer, and every result is traced to its pact.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contracts_bdd.errors import PactFileError
from contracts_bdd.pact.document import interaction_list_key
from contracts_bdd.provider.sources import FetchedPact

CHUNK_INTERACTIONS = 100
"""The most interactions handed to the verifier in one file. Measured on 2 cores: at 1,000
interactions, parts of 50 to 250 verify alike and 500 or one file are slower; at 3,000,
parts of 100 take 28 s and parts of 250 take 39 s."""

Selection = Collection[tuple[str, str, str]]
"""(pact origin, consumer, description) of the interactions to verify."""


@dataclass(frozen=True)
class PactInteraction:
    """One interaction of a fetched pact, as an outline row shows it."""

    consumer: str
    description: str
    states: tuple[str, ...]
    pact: FetchedPact


@dataclass(frozen=True)
class Round:
    """One verifier run: its files, and the pacts they were made from (one per consumer)."""

    files: list[Path]
    pacts: list[FetchedPact]


def interactions_of(pacts: Sequence[FetchedPact]) -> list[PactInteraction]:
    """Every interaction, HTTP or message, of `pacts`, in order.

    Raises:
        PactFileError: an interaction is not shaped as a pact's interaction is.
    """
    found = []
    for pact in pacts:
        interactions = pact.document.get(interaction_list_key(pact.document), [])
        for index, interaction in enumerate(interactions if isinstance(interactions, list) else [None]):
            if not isinstance(interaction, dict) or not isinstance(interaction.get("description"), str):
                msg = f"{pact.origin}: interaction {index} is not an object with a description; the pact is malformed"
                raise PactFileError(msg)
            found.append(PactInteraction(pact.consumer, interaction["description"], state_names(interaction), pact))
    return found


def rounds_of(pacts: Sequence[FetchedPact]) -> list[list[FetchedPact]]:
    """The pacts in as few rounds as can be, with no consumer twice in a round."""
    rounds: list[list[FetchedPact]] = []
    for pact in pacts:
        target = next((chosen for chosen in rounds if all(other.consumer != pact.consumer for other in chosen)), None)
        if target is None:
            rounds.append([pact])
        else:
            target.append(pact)
    return rounds


@contextmanager
def verification_rounds(pacts: Sequence[FetchedPact], selection: Selection | None = None) -> Iterator[list[Round]]:
    """The files to give the verifier, round by round.

    `selection` keeps only those interactions. A pact that has a file, is not selected from
    and needs no splitting is given as it is.
    """
    folder: Path | None = None
    try:
        rounds = []
        for number, chosen in enumerate(rounds_of(pacts)):
            files = []
            for index, pact in enumerate(chosen):
                small = len(_interactions(pact.document)) <= CHUNK_INTERACTIONS
                if pact.path is not None and selection is None and small:
                    files.append(pact.path)
                    continue
                if folder is None:
                    folder = Path(tempfile.mkdtemp(prefix="contracts-bdd-pacts-"))  # private (0700)
                for part, piece in enumerate(_pieces(pact, selection)):
                    target = folder / f"{number:03d}-{index:04d}-{part:04d}.json"
                    target.write_text(json.dumps(piece))
                    files.append(target)
            rounds.append(Round(files, chosen))
        yield rounds
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def _interactions(document: dict[str, Any]) -> list[Any]:
    interactions = document.get(interaction_list_key(document))
    return interactions if isinstance(interactions, list) else []


def _pieces(pact: FetchedPact, selection: Selection | None) -> list[dict[str, Any]]:
    """The pact as copies that hold at most `CHUNK_INTERACTIONS` of its (selected) interactions each."""
    document = pact.document
    key = interaction_list_key(document)
    if not isinstance(document.get(key), list):
        return [document] if selection is None else []
    kept = _interactions(document)
    if selection is not None:
        kept = [item for item in kept if isinstance(item, dict) and selected(pact, item.get("description"), selection)]
    return [
        {**document, key: kept[start : start + CHUNK_INTERACTIONS]} for start in range(0, len(kept), CHUNK_INTERACTIONS)
    ]


def selected(pact: FetchedPact, description: object, selection: Selection) -> bool:
    """Whether the selection names the interaction, with its pact or (a row written by hand) without."""
    return (pact.origin, pact.consumer, description) in selection or ("", pact.consumer, description) in selection


def declared_request_headers(pacts: Sequence[FetchedPact], origin: str, consumer: str, description: str) -> set[str]:
    """The header names (lower case) the request of an interaction declares, found by its pact and description."""
    for pact in pacts:
        if pact.consumer != consumer or (origin and pact.origin != origin):
            continue
        for interaction in _interactions(pact.document):
            if isinstance(interaction, dict) and interaction.get("description") == description:
                request = interaction.get("request")
                headers = request.get("headers") if isinstance(request, dict) else None
                return {str(name).lower() for name in headers} if isinstance(headers, dict) else set()
    return set()


def state_names(interaction: dict[str, Any]) -> tuple[str, ...]:
    """The names of an interaction's provider states (V3/V4 `providerStates`, V1/V2 `providerState`)."""
    states = interaction.get("providerStates")
    if isinstance(states, list):
        return tuple(str(state.get("name")) for state in states if isinstance(state, dict))
    legacy = interaction.get("providerState") or interaction.get("provider_state")
    return (str(legacy),) if legacy else ()


def contents_of(document: dict[str, Any]) -> dict[tuple[str, tuple[str, ...]], str]:
    """What a verification of each interaction of a pact verified: a digest of it as the pact holds it.

    Keyed by description and provider state names, as results name interactions. The digest
    covers the interaction's JSON (keys sorted) and the pact's specification version, which
    says how its rules are read; not the broker's `_id`, which names it, not what it asks.
    Interactions a pact holds twice under one key share one digest of both. A result counts
    only for the content it verified (as the Pact Broker's results belong to a pact's content:
    https://docs.pact.io/getting_started/versioning_in_the_pact_broker).
    """
    metadata = document.get("metadata")
    specification = (
        metadata.get("pactSpecification") or metadata.get("pact-specification") if isinstance(metadata, dict) else None
    )
    interactions = document.get(interaction_list_key(document), [])
    grouped: dict[tuple[str, tuple[str, ...]], list[Any]] = {}
    for interaction in interactions if isinstance(interactions, list) else []:
        if isinstance(interaction, dict):
            content = {name: value for name, value in interaction.items() if name != "_id"}
            grouped.setdefault((str(interaction.get("description")), state_names(interaction)), []).append(content)
    return {
        key: "sha256:"
        + hashlib.sha256(
            json.dumps([specification, found], sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
        ).hexdigest()
        for key, found in grouped.items()
    }


@dataclass(frozen=True)
class Comments:
    """What a V4 pact says about an interaction beside the contract: its text comments and original test."""

    text: tuple[str, ...] = ()
    test_name: str | None = None


def comments_of(pact: FetchedPact) -> dict[tuple[str, tuple[str, ...]], Comments]:
    """The comments of each interaction of `pact` that has any, by description and provider state names."""
    found = {}
    interactions = pact.document.get(interaction_list_key(pact.document), [])
    for interaction in interactions if isinstance(interactions, list) else []:
        comments = interaction.get("comments") if isinstance(interaction, dict) else None
        if not isinstance(comments, dict):
            continue
        text = comments.get("text")
        test_name = comments.get("testname")
        said = Comments(
            tuple(str(line) for line in text) if isinstance(text, list) else (),
            str(test_name) if isinstance(test_name, str) and test_name else None,
        )
        if said != Comments():
            found[(str(interaction.get("description")), state_names(interaction))] = said
    return found
