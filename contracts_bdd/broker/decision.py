"""The broker's can-i-deploy answer, read strictly: only the boolean `true` deploys.

    decision = decision_from(answer)     # from GET /matrix
    decision.deployable                  # True, False, or None when the broker cannot say yet
    print(decision.table())

A `deployable` that is no boolean (the text "false", a number) is a `BrokerError`,
never a yes. Matrix rows are shown, not trusted: a row of the wrong shape shows as blanks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from contracts_bdd.errors import BrokerError


@dataclass(frozen=True)
class MatrixRow:
    """One consumer-provider version pair of the can-i-deploy matrix."""

    consumer: str
    consumer_version: str
    provider: str
    provider_version: str
    verified: str


@dataclass(frozen=True)
class Decision:
    """The broker's can-i-deploy answer."""

    deployable: bool | None
    reason: str
    rows: list[MatrixRow] = field(default_factory=list)

    def table(self) -> str:
        """The reason and the matrix rows, readable in a terminal."""
        verdict = {True: "yes", False: "no", None: "unknown"}[self.deployable]
        lines = [f"Computer says {verdict}: {self.reason}"]
        if self.rows:
            header = ("CONSUMER", "C.VERSION", "PROVIDER", "P.VERSION", "SUCCESS?")
            cells = [header] + [
                (row.consumer, row.consumer_version, row.provider, row.provider_version, row.verified)
                for row in self.rows
            ]
            widths = [max(len(line[index]) for line in cells) for index in range(len(header))]
            lines.append("")
            lines += [" | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in cells]
        return "\n".join(lines)


def _object(document: Any, key: str) -> dict[str, Any]:
    """`document[key]` when both are JSON objects, else an empty one (a matrix row is shown, not trusted)."""
    found = document.get(key) if isinstance(document, dict) else None
    return found if isinstance(found, dict) else {}


def _verified(success: Any) -> str:
    if success is True:
        return "true"
    return "false" if success is False else "unknown"


def decision_from(answer: dict[str, Any]) -> Decision:
    summary = answer.get("summary", {})  # the broker's own contract records answers without one: no verdict
    if not isinstance(summary, dict):
        msg = f"the broker's can-i-deploy answer has a summary that is no object ({json.dumps(summary)[:200]})"
        raise BrokerError(msg)
    deployable = summary.get("deployable")
    if deployable is not None and not isinstance(deployable, bool):
        # Strict: only the boolean true deploys. "false" (a string) is no verdict at all.
        msg = f"the broker's can-i-deploy answer says deployable = {json.dumps(deployable)}, not true, false or null"
        raise BrokerError(msg)
    if deployable is None and summary.get("unknown", 0) == 0 and "reason" in summary:
        deployable = False  # a reason and no verdict: the broker could not say yes
    rows = []
    matrix = answer.get("matrix")
    for row in matrix if isinstance(matrix, list) else []:
        consumer, provider = _object(row, "consumer"), _object(row, "provider")
        rows.append(
            MatrixRow(
                str(consumer.get("name", "")),
                str(_object(consumer, "version").get("number", "")),
                str(provider.get("name", "")),
                str(_object(provider, "version").get("number", "")),
                _verified(_object(row, "verificationResult").get("success")),
            )
        )
    return Decision(
        deployable,
        str(summary.get("reason", "no reason given")),
        rows,
    )
