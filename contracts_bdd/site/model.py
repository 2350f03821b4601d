"""What the living documentation shows, in plain dataclasses: statuses and results.

    verdict = Verdict(STATUSES["failed"], when="2024-05-01T10:00:00", details="BodyMismatch at $ ...")
    worst([verdict, Verdict(VERIFIED)]).status.name      # "failed"

Nothing here reads a file or renders a page: `contracts_bdd.site.build` fills these from
the pacts, the features and the verification results, and `contracts_bdd.site.pages`
writes them out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Status:
    """A verification status: its name, how bad it is (0 is worst) and how the map draws it.

    A status is never told by colour alone: its name is written beside it, and each has
    its own line pattern on the map.
    """

    name: str
    rank: int
    colour: str
    dash: str
    summary: str

    @property
    def css(self) -> str:
        """The status as a CSS class and data attribute value."""
        return self.name.replace(" ", "-")


STATUSES = {
    status.name: status
    for status in (
        Status("failed", 0, "#b3261e", "", "the provider broke it in its latest verification"),
        Status("pending", 1, "#8a5300", "9 4", "failing, but pending: it does not fail the provider's build yet"),
        Status(
            "not verified since it changed",
            2,
            "#6639ba",
            "10 3 2 3",
            "it changed after its latest verification, which speaks only for what it verified then",
        ),
        Status("never verified", 3, "#5f6368", "3 4", "no verification result speaks for it as it stands"),
        Status("verified", 4, "#1a7f37", "", "the provider kept it in its latest verification"),
    )
}
"""Every status, worst first; a pair takes the worst of its interactions'."""
FAILED, PENDING, CHANGED, UNVERIFIED, VERIFIED = (
    STATUSES[name] for name in ("failed", "pending", "not verified since it changed", "never verified", "verified")
)


@dataclass(frozen=True)
class Verdict:
    """One interaction's latest verification: its status, when, the mismatch in words, and who said so."""

    status: Status = UNVERIFIED
    when: str = ""
    details: str = ""
    by: str = ""


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    """The worst verdict (the latest of equally bad ones); never verified when there is none."""
    found = list(verdicts)
    if not found:
        return Verdict()
    rank = min(verdict.status.rank for verdict in found)
    return max((verdict for verdict in found if verdict.status.rank == rank), key=lambda verdict: verdict.when)


def moment(text: str) -> str:
    """A report's or a broker's time (ISO 8601) as a reader reads it: `2024-05-01 10:00:00 UTC`; else as given."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        return text.strip()
    shown = when.strftime("%Y-%m-%d %H:%M:%S")
    offset = when.utcoffset()
    if offset is None:
        return shown
    return f"{shown} UTC" if offset == timedelta(0) else f"{shown} {when.strftime('%z')}"


@dataclass(frozen=True)
class Result:
    """A verification result for one interaction, as a report or a broker gives it.

    `provider` and `states` are None where the source does not say them; `status` is
    "passed", "failed" or "pending-failed" (a pending interaction that failed). `content` is
    what the result verified (a digest of the interaction as its pact held it), when the
    report says; `vouches` is False where that is not the interaction as the pacts hold it
    now, or the report does not say (a broker's result belongs to the pact version it was
    fetched from, so it vouches for it).
    """

    consumer: str
    provider: str | None
    description: str
    states: tuple[str, ...] | None
    status: str
    when: str = ""
    details: str = ""
    by: str = ""
    content: str = ""
    vouches: bool = True

    @property
    def verdict(self) -> Verdict:
        """The result as a status and its details."""
        status = {"passed": VERIFIED, "failed": FAILED, "pending-failed": PENDING}.get(self.status, UNVERIFIED)
        return Verdict(status, self.when, self.details, self.by)
