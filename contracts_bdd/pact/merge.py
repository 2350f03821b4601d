"""Uniting the pacts of sharded consumer runs: one pact per pair, or a refusal that names both sides.

    merged = merge_pacts([Path("pacts/shard-1"), Path("pacts/shard-2")], features=Path("features"))
    written = write_merged(merged, Path("pacts"))        # each file replaced atomically

An interaction is the same interaction in two shards when its description, provider
states (with their parameters) and kind agree. Two shards may both hold it (a Background
scenario run by each); if their content differs, nothing is written and the message names
the shards' files and the feature lines whose scenarios carry that description.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contracts_bdd.errors import PactFileError
from contracts_bdd.model.contract import Pair, party_name_problem
from contracts_bdd.pact.document import interaction_list_key, load_pact, pair_names

_SCENARIO = re.compile(r"^\s*(?:Scenario|Scenario Outline|Example|Scenario Template):\s*(?P<name>.+?)\s*$")


@dataclass
class MergedPact:
    """One pair's pact being merged: the document of its first shard, and every interaction by identity."""

    document: dict[str, Any]
    first: Path
    key: str
    interactions: dict[str, tuple[Any, Path]] = field(default_factory=dict)


def pact_files(paths: Sequence[Path]) -> list[Path]:
    """The pact files named, or in the folders named (in order, each once)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            candidates = sorted(path.glob("*.json"))
        elif path.is_file():
            candidates = [path]
        else:
            msg = f"{path} does not exist; name the shard folders (pacts/shard-*) or their pact files"
            raise PactFileError(msg)
        found += [candidate for candidate in candidates if candidate not in found]
    return found


def merge_pacts(paths: Sequence[Path], features: Path | None = None) -> dict[tuple[str, str], dict[str, Any]]:
    """Each pair's pact, united from the shards' files.

    Raises:
        PactFileError: a file is no pact; shards disagree on an interaction, or on the pact's specification.
    """
    merged: dict[tuple[str, str], MergedPact] = {}
    conflicts: list[str] = []
    for path in pact_files(paths):
        document = load_pact(path)
        names = pair_names(document)
        if names is None:
            msg = f"{path} names no consumer and provider, so it is no pact file; nothing was merged"
            raise PactFileError(msg)
        for role, name in zip(("consumer", "provider"), names, strict=True):
            problem = party_name_problem(name)
            if problem is not None:  # the same check as a consumer run's: the name becomes a file name
                msg = f"{path} names its {role} {name!r}: {problem}; nothing was merged"
                raise PactFileError(msg)
        key = interaction_list_key(document)
        entry = merged.get(names)
        if entry is None:
            entry = merged[names] = MergedPact(document, path, key)
        elif _specification(document) != _specification(entry.document) or key != entry.key:
            msg = (
                f"{path} and {entry.first} hold {names[0]}'s pact with {names[1]} at different pact specifications "
                f"({_specification(document)} and {_specification(entry.document)}); give every shard the same "
                "pact_specification; nothing was merged"
            )
            raise PactFileError(msg)
        for interaction in document.get(key, []):
            identity = _identity(interaction)
            known = entry.interactions.get(identity)
            if known is None:
                entry.interactions[identity] = (interaction, path)
            elif _canonical(known[0]) != _canonical(interaction):
                conflicts.append(_conflict(names, interaction, (known[1], path), features))
    if conflicts:
        msg = (
            f"{len(conflicts)} interaction(s) are declared differently in different shards; nothing was merged. "
            "Give them different scenario names, or make them the same:\n" + "\n".join(conflicts)
        )
        raise PactFileError(msg)
    return {
        names: {
            **entry.document,
            entry.key: sorted((item for item, _ in entry.interactions.values()), key=_order),
        }
        for names, entry in merged.items()
    }


def write_merged(merged: dict[tuple[str, str], dict[str, Any]], folder: Path) -> list[Path]:
    """Write each pair's pact as `Consumer-Provider.json` in `folder`, each replaced atomically."""
    targets = {names: folder / Pair(*names).filename for names in merged}
    for names, target in targets.items():
        if target.resolve().parent != folder.resolve():
            msg = f"the pact of {Pair(*names)} would be written to {target}, outside {folder}; nothing was written"
            raise PactFileError(msg)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for names, document in sorted(merged.items()):
        target = targets[names]
        handle, staged = tempfile.mkstemp(prefix=".merge-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(json.dumps(document, indent=2, ensure_ascii=False))
            os.replace(staged, target)
        except BaseException:
            Path(staged).unlink(missing_ok=True)
            raise
        written.append(target)
    return written


_RENAMED = {"providerState": "providerStates", "provider_state": "providerStates", "messages": "interactions"}
"""Keys pact-ffi writes under another name when it upgrades a pact: renamed, not lost."""
_REWRITTEN = frozenset(
    {"matchingRules", "generators", "body", "contents", "pactSpecification", "pact-specification", "pactRust"}
)
"""Keys whose contents pact-ffi rewrites in its own form (rule paths, a V4 body, versions): compared by presence."""


def merge_losses(before: dict[str, Any], after: dict[str, Any], replaced: set[str]) -> list[str]:
    """What a merge by pact-ffi lost of the pact `before`: an interaction, or a field (by its path).

    `replaced` are the descriptions this run declared again: pact-ffi replaces those. Every other
    interaction of `before` must come through with every field it had (values may be written in
    pact-ffi's own form: a header as a list, a V2 rule path as a V3 one).
    """
    after_by_description = {
        str(item.get("description")): item for item in _interactions_of(after) if isinstance(item, dict)
    }
    losses = [f"the top-level field {path}" for path in _missing(_without(before), _without(after), "")]
    losses += [f"metadata.{path}" for path in _missing(before.get("metadata"), after.get("metadata"), "")]
    for interaction in _interactions_of(before):
        if not isinstance(interaction, dict) or str(interaction.get("description")) in replaced:
            continue
        description = str(interaction.get("description"))
        found = after_by_description.get(description)
        if found is None:
            losses.append(f"the interaction '{description}'")
            continue
        losses += [f"'{description}': {path}" for path in _missing(interaction, found, "")]
    return losses


def _interactions_of(document: dict[str, Any]) -> list[Any]:
    found = document.get(interaction_list_key(document))
    return found if isinstance(found, list) else []


def _without(document: dict[str, Any]) -> dict[str, Any]:
    """The document's own fields, without those `merge_losses` compares one by one."""
    return {key: value for key, value in document.items() if key not in ("interactions", "messages", "metadata")}


def _missing(before: Any, after: Any, prefix: str) -> list[str]:
    """The paths of `before`'s object fields that `after` does not have (descending objects only)."""
    if not isinstance(before, dict):
        return []
    if not isinstance(after, dict):
        return [prefix.rstrip(".") or "(the whole object)"] if before else []
    missing = []
    for key, value in before.items():
        name = _RENAMED.get(key, key) if key not in after else key
        if name not in after:
            missing.append(prefix + key)
        elif key not in _REWRITTEN:
            missing += _missing(value, after[name], f"{prefix}{key}.")
    return missing


def _specification(document: dict[str, Any]) -> str:
    metadata = document.get("metadata", {})
    for key in ("pactSpecification", "pact-specification"):
        found = metadata.get(key) if isinstance(metadata, dict) else None
        if isinstance(found, dict):
            return str(found.get("version", "?"))
    return "?"


def _identity(interaction: Any) -> str:
    if not isinstance(interaction, dict) or not isinstance(interaction.get("description"), str):
        msg = f"an interaction is not an object with a description: {json.dumps(interaction)[:120]}"
        raise PactFileError(msg)
    states = interaction.get("providerStates", interaction.get("providerState"))
    return json.dumps([interaction["description"], states, interaction.get("type")], sort_keys=True)


def _canonical(interaction: Any) -> str:
    return json.dumps(interaction, sort_keys=True)


def _order(interaction: dict[str, Any]) -> tuple[str, str]:
    return str(interaction["description"]), _canonical(interaction)


def _conflict(
    names: tuple[str, str], interaction: dict[str, Any], files: tuple[Path, Path], features: Path | None
) -> str:
    description = interaction["description"]
    lines = [f"  - {names[0]} -> {names[1]}: '{description}' in {files[0]} and in {files[1]}"]
    lines += [f"      declared at {place}" for place in _scenarios_named(description, features)]
    return "\n".join(lines)


def _scenarios_named(description: str, features: Path | None) -> list[str]:
    """The `file:line` of scenarios named `description` in the feature files under `features`."""
    if features is None or not features.is_dir():
        return []
    found = []
    for path in sorted(features.rglob("*.feature")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            match = _SCENARIO.match(line)
            if match and match.group("name") == description:
                found.append(f"{path}:{number}")
    return found
