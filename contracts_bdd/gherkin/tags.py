"""What a scenario's tags say about its contract: who it is between, its pact specification, pending, references.

    tags = ScenarioTags.read(["consumer:Web", "pact:V4", "pending", "ref:JIRA-123", "key:abc", "transport:grpc"])
    tags.names["consumer"], tags.specification, tags.pending     # "Web", "V4", True

The tags are a scenario's own, its rule's and its feature's (behave's `effective_tags`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from contracts_bdd.model.specs import SPECIFICATIONS


@dataclass(frozen=True)
class ScenarioTags:
    """What a scenario's tags (its own, its rule's and its feature's) say about its contract."""

    names: dict[str, str] = field(default_factory=dict)
    specification: str | None = None
    pending: bool = False
    references: tuple[tuple[str, str, str], ...] = ()
    key: str | None = None
    transport: str | None = None

    @classmethod
    def read(cls, tags: Iterable[str]) -> ScenarioTags:
        """Read `@consumer:X`, `@provider:Y`, `@pact:V3`, `@pending`, `@ref:JIRA-123`, `@key:abc`, `@transport:x`."""
        names: dict[str, str] = {}
        specification, pending, key, transport = None, False, None, None
        references: list[tuple[str, str, str]] = []
        for tag in tags:
            word, _, value = tag.partition(":")
            if word in ("consumer", "provider") and value:
                names[word] = value
            elif word == "pact" and value.upper() in SPECIFICATIONS:
                specification = value.upper()
            elif tag == "pending":
                pending = True
            elif word == "ref" and value:
                group, _, name = value.rpartition(":") if ":" in value else (value.split("-")[0], "", value)
                references.append((group or "ref", name, name))
            elif word == "key" and value:
                key = value
            elif word == "transport" and value:
                transport = value
        return cls(names, specification, pending, tuple(references), key, transport)
