"""Reading a pact file's JSON: the one place that turns a pact's bytes into a document, with limits.

    document = load_pact(Path("pacts/Web-Api.json"))     # a dict, or PactFileError
    pair_names(document)                                   # ("Web", "Api"), or None for JSON that is no pact

A pact may be someone else's text (a broker's, another team's), so it is read
as data: bytes that are not UTF-8, JSON that is not an object, nesting deeper
than a pact can be read and numbers a pact cannot hold are a `PactFileError`
naming the file, never a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contracts_bdd.errors import PactFileError
from contracts_bdd.model.expressions import value_problem


@dataclass(frozen=True)
class PactBytes:
    """A pact file's bytes, kept as they were written (and proved): what is published is exactly this."""

    path: Path
    content: bytes = field(repr=False)

    @classmethod
    def read(cls, path: Path) -> PactBytes:
        """The bytes of the file at `path` as they are now."""
        try:
            return cls(path, path.read_bytes())
        except OSError as err:
            msg = f"{path} cannot be read ({err.strerror or err})"
            raise PactFileError(msg) from err


def parse_pact(content: bytes | str, source: str) -> dict[str, Any]:
    """The pact document in `content`, read from `source` (a path or URL, for messages)."""
    try:
        document = json.loads(content)
    except RecursionError as err:
        msg = f"{source} nests deeper than a pact can be read; it is no pact contracts-bdd can use"
        raise PactFileError(msg) from err
    except ValueError as err:  # not JSON, or not UTF-8
        msg = f"{source} is not a readable pact file ({err})"
        raise PactFileError(msg) from err
    if not isinstance(document, dict):
        msg = f"{source} is not a pact file: its JSON is a {type(document).__name__}, not an object"
        raise PactFileError(msg)
    problem = value_problem(document)
    if problem is not None:
        msg = f"{source} cannot be used: {problem}"
        raise PactFileError(msg)
    return document


def load_pact(path: Path) -> dict[str, Any]:
    """The pact document in the file at `path`."""
    return parse_pact(PactBytes.read(path).content, str(path))


def pair_names(document: dict[str, Any]) -> tuple[str, str] | None:
    """The consumer's and provider's names, or None when the document names no pair (JSON that is no pact)."""
    names = []
    for role in ("consumer", "provider"):
        party = document.get(role)
        name = party.get("name") if isinstance(party, dict) else None
        if not isinstance(name, str) or not name:
            return None
        names.append(name)
    return names[0], names[1]


def interaction_list_key(document: dict[str, Any]) -> str:
    """Where a pact keeps its interactions: `interactions`, or `messages` in a V3 message pact."""
    return (
        "messages" if "interactions" not in document and isinstance(document.get("messages"), list) else "interactions"
    )
