"""A pact's tables of matching rules and generators, whatever version wrote them: by category, each entry's rules.

    rule_table(part)["body"]["$.id"]              # one entry: {"combine": "AND", "matchers": [...]}
    rules_of({"match": "regex", "regex": "a+"})    # [{"match": "regex", "regex": "a+"}]
    rule_table({"matchingRules": {"$.body.id": {"match": "type"}}})   # {"body": {"$.id": ...}}

V2 keeps one flat table of paths (`$.body.id`, `$.header.X`, `$.query.q`, `$.path`); V3 and V4
keep a table per category, and a message may call its body's `content`. An entry is a bare rule
(V2), `{"matchers": [...]}` with or without `combine`, or either of those under a root key.
"""

from __future__ import annotations

from typing import Any

from contracts_bdd.model.paths import tokens as _tokens


def rule_table(part: dict[str, Any]) -> dict[str, Any]:
    """Matching rules by category (body, header, query, path, status, metadata), V2 paths converted.

    A message's `content` rules are its body's. Body paths are kept as written (a `BodyWalker`
    reads them); header and query keys too: a name, or a path below one (`$.baz[0]`).
    """
    raw = part.get("matchingRules") or {}
    if not isinstance(raw, dict):
        return {}
    if not any(key.startswith("$") for key in raw):
        converted = {("body" if category == "content" else category): entry for category, entry in raw.items()}
        return {category: entry for category, entry in converted.items() if entry}
    converted = {}
    for key, rule in raw.items():
        category, rest = v2_category(key)
        if category in ("path", "status"):
            converted[category] = rule
        elif category is not None:
            converted.setdefault(category, {})[rest] = rule
    return converted


def v2_category(key: str) -> tuple[str | None, str]:
    """A V2 rule key's category and the path below it: `$.body.a` -> body `$.a`, `$.header['X'][0]` -> header
    `$['X'][0]`, `$.query.q` -> query `q`."""
    for prefix, category in (("$.path", "path"), ("$.status", "status")):
        if key == prefix:
            return category, ""
    if key == "$.body" or key.startswith(("$.body.", "$.body[")):
        return "body", "$" + key[len("$.body") :]
    for prefix, category in (("$.headers", "header"), ("$.header", "header"), ("$.query", "query")):
        if key.startswith((prefix + ".", prefix + "[")):
            rest = key[len(prefix) :]
            tokens = _tokens("$" + rest)
            if len(tokens) == 1 and tokens[0][0] == "key":
                return category, tokens[0][1]
            return category, "$" + rest
    return None, key


def generator_table(part: dict[str, Any]) -> dict[str, Any]:
    """Generators by category; a message's `content` generators are its body's."""
    raw = part.get("generators") or {}
    if not isinstance(raw, dict):
        return {}
    return {("body" if category == "content" else category): entry for category, entry in raw.items() if entry}


def rules_of(entry: Any) -> list[dict[str, Any]]:
    """The rule dicts of one rules entry, whatever its shape (V2, V3, V4, under "$" or "" or not)."""
    entry = _unwrapped(entry)
    if not entry:
        return []
    if isinstance(entry, dict) and "matchers" in entry:
        return [dict(rule) for rule in entry["matchers"] or [] if isinstance(rule, dict)]
    if isinstance(entry, dict):
        rule = dict(entry)
        if "match" not in rule:  # V2: pact-rust tells the rule by its keys
            rule["match"] = next((kind for kind, key in _V2_KINDS if key in rule), "type")
        return [rule]
    return []


_V2_KINDS = (
    ("regex", "regex"),
    ("type", "min"),
    ("type", "max"),
    ("timestamp", "timestamp"),
    ("time", "time"),
    ("date", "date"),
)
"""How pact-rust tells a rule that has no `match` (V2): by the first of these keys it has."""


def _unwrapped(entry: Any) -> Any:
    """An entry written under a root key (`{"$": {...}}`, `{"": {...}}`), as a status or path entry may be."""
    if isinstance(entry, dict) and "matchers" not in entry and len(entry) == 1 and ("$" in entry or "" in entry):
        return next(iter(entry.values()))
    return entry


def combine_of(entry: Any) -> str:
    entry = _unwrapped(entry)
    combine = entry.get("combine") if isinstance(entry, dict) and "matchers" in entry else None
    return str(combine).upper() if combine else "AND"


def holds_list_rule(entry: Any) -> bool:
    return any(rule.get("match") in ("eachValue", "arrayContains") for rule in rules_of(entry))
