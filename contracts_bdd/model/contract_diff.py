"""What a contract change does to the provider: interactions added, removed and changed, each classified.

    changes = diff_interactions(old_interactions, new_interactions)
    [change.line() for change in changes]
    # ["BREAKING  added 'A user with an address': a new interaction the provider must answer",
    #  "safe      changed 'A user who exists': response body $.name: looser (any value of its type, was equality)"]

Classified on the contract model, never on JSON text. For the provider:
- *breaking*: a new interaction, a new or stricter expectation of the response (a new
  required field, a rule of a stricter kind, a longer minimum), a new provider state, a
  different request;
- *safe*: a removed interaction, a looser or dropped expectation.

A rule's strictness goes by its kind: equality (a plain value) is strictest, then formats
(regex, dates, times, include, content type, semver), then typed values (integer, decimal,
number, boolean), then `type` and the collection rules. Two rules of one kind that
differ (one regex for another) are a change of expectation: breaking.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from contracts_bdd.model.contract import (
    Interaction,
    JsonBody,
    Matcher,
    Value,
    declaration_of,
    example_of,
)
from contracts_bdd.model.matchers import strictness
from contracts_bdd.model.messages import AnyInteraction, MessageInteraction

BREAKING, SAFE = "breaking", "safe"

_WORDS = {4: "equality", 3: "a format", 2: "a typed value", 1: "any value of its type"}


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a contract, and what it means for the provider."""

    kind: str  # added | removed | changed
    impact: str  # breaking | safe
    interaction: str
    detail: str
    where: str = ""

    def line(self) -> str:
        """The change in words a product owner reads."""
        mark = "BREAKING" if self.impact == BREAKING else "safe    "
        where = f"{self.where}: " if self.where else ""
        return f"{mark}  {self.kind} '{self.interaction}': {where}{self.detail}"

    def as_json(self) -> dict[str, str]:
        """The change for tools."""
        return {
            "kind": self.kind,
            "impact": self.impact,
            "interaction": self.interaction,
            "where": self.where,
            "detail": self.detail,
        }


def diff_interactions(old: Sequence[AnyInteraction], new: Sequence[AnyInteraction]) -> list[Change]:
    """The changes from `old` to `new`, interactions paired by kind and description."""
    before = {(_kind(item), item.description): item for item in old}
    after = {(_kind(item), item.description): item for item in new}
    changes = []
    for key, item in after.items():
        if key not in before:
            changes.append(Change("added", BREAKING, item.description, "a new interaction the provider must answer"))
    for key, item in before.items():
        if key not in after:
            changes.append(Change("removed", SAFE, item.description, "no consumer test needs it any more"))
    for key, item in after.items():
        if key in before and declaration_of(before[key]) != declaration_of(item):
            changes += [
                Change("changed", impact, item.description, detail, where)
                for impact, where, detail in _changed(before[key], item)
            ]
    return changes


def _kind(interaction: AnyInteraction) -> str:
    return interaction.kind if isinstance(interaction, MessageInteraction) else "Synchronous/HTTP"


Found = Iterator[tuple[str, str, str]]
"""(impact, where, detail) of each difference."""


def _changed(old: AnyInteraction, new: AnyInteraction) -> list[tuple[str, str, str]]:
    found = list(_states(old, new))
    if isinstance(old, Interaction) and isinstance(new, Interaction):
        if declaration_of(old.request) != declaration_of(new.request):
            was, now = _request_line(old), _request_line(new)
            detail = f" ({now}, was {was})" if was != now else ""
            found.append((BREAKING, "request", f"the provider is sent a different request{detail}"))
        if old.response is not None and new.response is not None:
            if old.response.status != new.response.status:
                found += _values(old.response.status, new.response.status, "response status")
            found += _headers(old.response.headers, new.response.headers, "response header")
            found += _bodies(old.response.body, new.response.body, "response body")
    elif isinstance(old, MessageInteraction) and isinstance(new, MessageInteraction):
        found += _bodies(old.message.body, new.message.body, "message")
        found += _headers(old.message.metadata, new.message.metadata, "message metadata")
        for number, (before, after) in enumerate(zip(old.replies or [], new.replies or [], strict=False), start=1):
            found += _bodies(before.body, after.body, f"reply {number}")
    return found or [(SAFE, "", "reworded or reordered; no expectation changed")]


def _request_line(interaction: Interaction) -> str:
    path = interaction.request.path
    return f"{interaction.request.method} {example_of(path) if isinstance(path, Matcher) else path}"


def _states(old: AnyInteraction, new: AnyInteraction) -> Found:
    before = {state.name: state.parameters for state in old.states}
    after = {state.name: state.parameters for state in new.states}
    for name, parameters in after.items():
        if name not in before:
            yield BREAKING, "provider state", f"the provider must now be in the state '{name}'"
        elif before[name] != parameters:
            yield BREAKING, "provider state", f"the state '{name}' takes other parameters"
    for name in before:
        if name not in after:
            yield SAFE, "provider state", f"the state '{name}' is no longer needed"


def _headers(old: Sequence[Any], new: Sequence[Any], where: str) -> Found:
    before = {entry.name.lower(): entry.value for entry in old}
    after = {entry.name.lower(): entry.value for entry in new}
    for name, value in after.items():
        if name not in before:
            yield BREAKING, f"{where} {name}", "a new expectation"
        else:
            yield from _values(before[name], value, f"{where} {name}")
    for name in before:
        if name not in after:
            yield SAFE, f"{where} {name}", "no longer expected"


def _bodies(old: Any, new: Any, where: str) -> Found:
    if old is None and new is None:
        return
    if old is None:
        yield BREAKING, where, "a body is now expected"
    elif new is None:
        yield SAFE, where, "no body is expected any more"
    elif isinstance(old, JsonBody) and isinstance(new, JsonBody):
        yield from _values(old.value, new.value, f"{where} $")
    elif declaration_of(old) != declaration_of(new):
        yield BREAKING, where, f"the {type(new).__name__.removesuffix('Body').lower()} body changed"


def _strictness(value: Value) -> int:
    return strictness(value.rule if isinstance(value, Matcher) else None)


def _rule_name(value: Value) -> str:
    if not isinstance(value, Matcher):
        return "equality"
    return value.name or value.rule or "a generated value"


def _values(old: Value, new: Value, where: str, *, exact: bool = True) -> Found:
    """Differences between two expected values; `exact` says whether the enclosing rule compares values."""
    if isinstance(old, Matcher) or isinstance(new, Matcher):
        yield from _rules(old, new, where)
        return
    if isinstance(old, dict) and isinstance(new, dict):
        yield from _objects(old, new, where, exact=exact)
    elif isinstance(old, list) and isinstance(new, list):
        if exact and len(old) != len(new):
            yield BREAKING, where, f"{len(new)} items are expected, not {len(old)}"
        for index, (before, after) in enumerate(zip(old, new, strict=False)):
            yield from _values(before, after, f"{where}[{index}]", exact=exact)
    elif type(old) is not type(new):
        yield BREAKING, where, f"a {type(new).__name__} is expected, not a {type(old).__name__}"
    elif exact and old != new:
        yield BREAKING, where, f"the value {_shown(new)} is expected, not {_shown(old)}"


def _objects(old: dict[str, Value], new: dict[str, Value], where: str, *, exact: bool) -> Found:
    for key, value in new.items():
        if key not in old:
            yield BREAKING, f"{where}.{key}", "a new required field"
        else:
            yield from _values(old[key], value, f"{where}.{key}", exact=exact)
    for key in old:
        if key not in new:
            yield SAFE, f"{where}.{key}", "no longer required"


def _rules(old: Value, new: Value, where: str) -> Found:
    before, after = _strictness(old), _strictness(new)
    if after > before:
        yield BREAKING, where, f"stricter ({_rule_name(new)}, was {_rule_name(old)})"
    elif after < before:
        yield SAFE, where, f"looser ({_rule_name(new)}, was {_rule_name(old)})"
    elif isinstance(old, Matcher) and isinstance(new, Matcher):
        if old.rule != new.rule:
            yield BREAKING, where, f"another rule ({_rule_name(new)}, was {_rule_name(old)})"
        else:
            yield from _options(old, new, where)
    exact = after >= strictness(None)
    old_example = old.example if isinstance(old, Matcher) else old
    new_example = new.example if isinstance(new, Matcher) else new
    if isinstance(old_example, (dict, list)) and isinstance(new_example, (dict, list)):
        yield from _values(old_example, new_example, where, exact=exact)
    elif exact and example_of(old_example) != example_of(new_example):
        yield (
            BREAKING,
            where,
            f"the value {_shown(example_of(new_example))} is expected, not {_shown(example_of(old_example))}",
        )
    elif (was := _json_type(example_of(old_example))) != (now := _json_type(example_of(new_example))) and was and now:
        yield BREAKING, where, f"a {now} is expected, not a {was}"  # a looser rule of another type: null -> like("x")


def _json_type(value: Any) -> str | None:
    """The JSON type of a scalar (None for an object, array or anything else)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "string" if isinstance(value, str) else None


def _options(old: Matcher, new: Matcher, where: str) -> Found:
    before, after = dict(old.options), dict(new.options)
    for bound, tighter in (("min", 1), ("max", -1)):
        if before.get(bound) != after.get(bound):
            was, now = before.get(bound), after.get(bound)
            # a bound added is stricter, one dropped is looser
            numbers = isinstance(was, int) and isinstance(now, int)
            stricter = (now - was) * tighter > 0 if numbers else now is not None  # type: ignore[operator]
            word = "at least" if bound == "min" else "at most"
            yield (BREAKING if stricter else SAFE), where, f"{word} {now} items (was {was})"
    rest_before = {key: value for key, value in before.items() if key not in ("min", "max")}
    rest_after = {key: value for key, value in after.items() if key not in ("min", "max")}
    if rest_before != rest_after:
        now, was = _options_shown(rest_after), _options_shown(rest_before)
        yield BREAKING, where, f"the {_rule_name(new)} rule changed ({now}, was {was})"


def _options_shown(options: dict[str, Value]) -> str:
    """A rule's options as a reader wants them: the value alone when there is one."""
    return _shown(next(iter(options.values()))) if len(options) == 1 else _shown(options)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
