"""The changes between two sets of pacts, pair by pair, read into the contract model first.

pairs = pact_changes(new_documents, old_documents)
print(changes_text(pairs)); changes_json(pairs)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from contracts_bdd.model.contract_diff import BREAKING, Change, diff_interactions
from contracts_bdd.pact.reader import PactDocument, read_pact


@dataclass(frozen=True)
class PairChanges:
    """What changed in one consumer-provider pact."""

    consumer: str
    provider: str
    status: str  # new | changed | unchanged | gone
    changes: list[Change] = field(default_factory=list)

    @property
    def breaking(self) -> list[Change]:
        """The changes that break the provider."""
        return [change for change in self.changes if change.impact == BREAKING]


def pact_changes(
    new: Sequence[tuple[str, dict[str, Any]]], old: Sequence[tuple[str, dict[str, Any]]]
) -> list[PairChanges]:
    """The changes from the `old` pacts to the `new`, each given as (where it came from, document)."""
    before = _by_pair(old)
    after = _by_pair(new)
    pairs = []
    for key in sorted(set(before) | set(after)):
        was, now = before.get(key), after.get(key)
        changes = diff_interactions(was.interactions if was else [], now.interactions if now else [])
        status = "new" if was is None else ("gone" if now is None else ("changed" if changes else "unchanged"))
        pairs.append(PairChanges(key[0], key[1], status, changes))
    return pairs


def _by_pair(documents: Sequence[tuple[str, dict[str, Any]]]) -> dict[tuple[str, str], PactDocument]:
    found: dict[tuple[str, str], PactDocument] = {}
    for source, document in documents:
        pact = read_pact(document, source)
        found[(pact.consumer, pact.provider)] = pact
    return found


def changes_text(pairs: Sequence[PairChanges], against: str) -> str:
    """The changes in words, pair by pair, breaking ones first."""
    lines = []
    for pair in pairs:
        breaking = len(pair.breaking)
        counts = f"{breaking} breaking, {len(pair.changes) - breaking} safe"
        headline = {
            "new": f"a new pact, not in {against}",
            "gone": f"no longer in these pacts (still in {against})",
            "changed": counts,
            "unchanged": "no change",
        }[pair.status]
        lines.append(f"{pair.consumer} -> {pair.provider}: {headline}")
        ordered = sorted(pair.changes, key=lambda change: change.impact != BREAKING)
        lines += [f"  {change.line()}" for change in ordered]
    total = sum(len(pair.breaking) for pair in pairs)
    lines.append(f"{total} breaking change(s) for the provider" if total else "no breaking change for the provider")
    return "\n".join(lines)


def changes_json(pairs: Sequence[PairChanges], against: str) -> dict[str, Any]:
    """The changes for tools."""
    return {
        "against": against,
        "breaking": sum(len(pair.breaking) for pair in pairs),
        "pairs": [
            {
                "consumer": pair.consumer,
                "provider": pair.provider,
                "status": pair.status,
                "changes": [change.as_json() for change in pair.changes],
            }
            for pair in pairs
        ],
    }
