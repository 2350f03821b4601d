"""Rules and generators given in a pact file's own form, and whether a written pact holds them as given.

A request, response or message may carry matching rules and generators as a pact file writes
them (`Request.matching_rules`): what a pact holds that the vocabulary has no word for. They
reach pact-ffi as they are, so the write-then-prove check compares them as they are, by
category and path, with the written file's own::

    problems = pact_form_differences(interaction, written_interaction_json)
    # ["request rule at body $.one: declared {"match": "include", "value": "a"}, written nothing"]

V2's `{"$.body.one": {...}}` and V3's `{"body": {"$.one": {...}}}` name the same place;
`$.a.b` and `$['a'].b` too; a header's name has no case.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from contracts_bdd.model.contract import Interaction, Request, Response
from contracts_bdd.model.messages import AnyInteraction, Message, MessageInteraction
from contracts_bdd.model.paths import child_path

Place = tuple[str, str]
"""(category, path): where a rule or generator applies ("header" paths are lower-case names)."""

_WHOLE = ("path", "status", "method")
"""Categories whose entry is the rule (or generator) itself, not one per path."""


def has_pact_form(interaction: AnyInteraction) -> bool:
    """Whether any part of `interaction` carries rules or generators in a pact file's own form."""
    return any(part.matching_rules or part.generators for _, part in _declared_parts(interaction))


def pact_form_differences(interaction: AnyInteraction, written: Mapping[str, Any] | None) -> list[str]:
    """Each rule or generator given in pact form that the written interaction does not hold as given."""
    written_parts = dict(_written_parts(interaction, written or {}))
    problems = []
    for name, part in _declared_parts(interaction):
        holds = written_parts.get(name, {})
        rules, generators = rules_by_place(holds.get("matchingRules")), generators_by_place(holds.get("generators"))
        for place, given in rules_by_place(part.matching_rules).items():
            missing = [rule for rule in given if rule not in rules.get(place, [])]
            if missing:
                problems.append(
                    f"{name} rule at {_shown_place(place)}: declared {_json(missing)}, written "
                    f"{_json(rules[place]) if place in rules else 'nothing'}"
                )
        for place, generator in generators_by_place(part.generators).items():
            if generators.get(place) != generator:
                problems.append(
                    f"{name} generator at {_shown_place(place)}: declared {_json(generator)}, written "
                    f"{_json(generators[place]) if place in generators else 'nothing'}"
                )
    return problems


def rules_by_place(rules: Any) -> dict[Place, list[dict[str, Any]]]:
    """Matching rules (V2 or V3/V4 form) as the rule dicts at each place."""
    found: dict[Place, list[dict[str, Any]]] = {}
    for place, entry in _places(rules):
        found.setdefault(place, []).extend(_matchers(entry))
    return found


def generators_by_place(generators: Any) -> dict[Place, dict[str, Any]]:
    """Generators as the generator at each place."""
    return {place: dict(entry) for place, entry in _places(generators) if isinstance(entry, Mapping)}


def _places(table: Any) -> Iterator[tuple[Place, Any]]:
    if not isinstance(table, Mapping):
        return
    for key, entry in table.items():
        if key == "$.body" or key.startswith(("$.body.", "$.body[")):  # V2: "$.body.one"
            yield _place("body", "$" + key[len("$.body") :]), entry
        elif key.startswith("$."):  # V2: "$.header.X-Test", "$.headers.X-Test", "$.query.a", "$.path"
            category, _, rest = key[2:].partition(".")
            category = "header" if category == "headers" else category
            yield ((category, "") if category in _WHOLE else _place(category, rest)), entry
        elif key in _WHOLE:
            yield (key, ""), entry
        elif isinstance(entry, Mapping):
            for path, rule in entry.items():
                yield _place(key, path), rule


def _place(category: str, path: str) -> Place:
    category = "body" if category == "content" else category
    if category == "header":
        return category, path.lower()
    if category in ("body", "metadata") and path.startswith("$"):
        return category, _canonical(path)
    return category, path


def _canonical(path: str) -> str:
    """`$.a['b'].c` and `$['a'].b.c` name the same place; write both one way."""
    canonical = "$"
    for quoted, index, plain in re.findall(r"\['([^']*)'\]|\[(\*|\d+)\]|\.([^.\[]+)", path[1:]):
        canonical = f"{canonical}[{index}]" if index else child_path(canonical, quoted or plain)
    return canonical


def _matchers(entry: Any) -> list[dict[str, Any]]:
    if isinstance(entry, Mapping) and isinstance(entry.get("matchers"), list):
        return [_rule(rule) for rule in entry["matchers"] if isinstance(rule, Mapping)]
    return [_rule(entry)] if isinstance(entry, Mapping) else []


def _rule(rule: Mapping[str, Any]) -> dict[str, Any]:
    shown = dict(rule)
    shown.setdefault("match", "regex" if "regex" in shown else "type")  # V2 leaves `match` out
    if isinstance(shown.get("variants"), list):  # a variant without generators is written without the key
        shown["variants"] = [
            {key: value for key, value in variant.items() if not (key == "generators" and value == {})}
            if isinstance(variant, Mapping)
            else variant
            for variant in shown["variants"]
        ]
    return shown


def _shown_place(place: Place) -> str:
    category, path = place
    return f"{category} {path}".strip()


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


# -- the parts of an interaction, declared and written -----------------------------------------
def _declared_parts(interaction: AnyInteraction) -> list[tuple[str, Request | Response | Message]]:
    if isinstance(interaction, MessageInteraction):
        replies = [(f"reply {number}", reply) for number, reply in enumerate(interaction.replies or [], start=1)]
        return [("message", interaction.message), *replies]
    assert isinstance(interaction, Interaction)
    parts: list[tuple[str, Request | Response | Message]] = [("request", interaction.request)]
    return parts + ([("response", interaction.response)] if interaction.response is not None else [])


def _written_parts(interaction: AnyInteraction, written: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    if not isinstance(interaction, MessageInteraction):
        yield "request", written.get("request") or {}
        yield "response", written.get("response") or {}
    elif interaction.synchronous:
        yield "message", written.get("request") or {}
        for number, reply in enumerate(written.get("response") or [], start=1):
            yield f"reply {number}", reply if isinstance(reply, Mapping) else {}
    else:
        yield "message", written
