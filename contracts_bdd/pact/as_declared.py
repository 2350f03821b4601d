"""What pact-ffi 0.5 rewrites on its way to the file, put back as the scenarios declared it.

    changed = put_back(document, declared)    # the written pact's JSON, and the run's interactions
    # a `datetime` rule the feature wrote as `timestamp(...)` is `{"match": "timestamp", "timestamp": format}`
    # again, and an HTTP interaction tagged `@transport:https` says `"transport": "https"`

pact-ffi 0.5 writes every `timestamp` rule as `datetime`, whatever it is given, and no transport but
its mock server's own `http` (`tests/selftest/test_corpus_round_trip.py` measures both). pact-rust reads
the two rules as one, but pact-jvm writes and reads `timestamp` (with its format under `timestamp`), and a
provider verification picks an interaction's transport by the one the pact names. So the consumer run's
write path (`contracts_bdd.pact.files`) puts both back after pact-ffi writes the pact, before it is
proved: the proof then reads the file as it will be published.

A rule is put back by its format: a `datetime` rule whose format the interaction declared with
`timestamp` only. A format one interaction declares both ways is left as pact-ffi writes it. In a
merge, pact-ffi rewrites the interactions already in the file too; those get back what the file held.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from contracts_bdd.model.contract import Interaction, Matcher, ProviderState, identity_of, matchers_in
from contracts_bdd.model.messages import AnyInteraction, at_paths_of, values_of

TEMPORAL_FORMATS = {"timestamp": "timestamp", "datetime": "format"}
"""The two spellings of one rule, and the key each keeps its format under."""


def put_back(
    document: dict[str, Any], declared: Sequence[AnyInteraction], before: Mapping[str, Any] | None = None
) -> bool:
    """Put back in `document` the timestamps and transports of the `declared` interactions; say if it changed.

    In a merge, pact-ffi rewrites the interactions of the file it merged into (`before`) too: those this
    run did not declare get back what `before` held.
    """
    by_identity = {identity_of(interaction): interaction for interaction in declared}
    earlier = {written_identity(raw): raw for raw in _listed(before or {}) if isinstance(raw, Mapping)}
    changed = False
    for listed in (document.get(key) for key in ("interactions", "messages")):
        if not isinstance(listed, list):
            continue
        for index, raw in enumerate(listed):
            if not isinstance(raw, dict):
                continue
            identity = written_identity(raw)
            interaction = by_identity.get(identity)
            if interaction is not None:
                timestamps = _timestamp_formats(interaction)
                transport = interaction.transport if isinstance(interaction, Interaction) else None
            elif identity in earlier:
                timestamps = _written_timestamp_formats(earlier[identity])
                transport = earlier[identity].get("transport")
            else:
                continue
            changed |= any([_put_back_timestamps(part, timestamps) for part in _rule_tables(raw)])
            if transport is not None and raw.get("transport") != transport:
                listed[index] = dict(sorted({**raw, "transport": transport}.items()))  # pact-ffi sorts V4 keys
                changed = True
    return changed


def _listed(document: Mapping[str, Any]) -> list[Any]:
    return [raw for key in ("interactions", "messages") for raw in document.get(key) or []]


def _written_timestamp_formats(raw: Mapping[str, Any]) -> set[str]:
    """The formats a written interaction keeps under `timestamp` rules and never under `datetime` ones."""
    found: dict[str, set[str]] = {kind: set() for kind in TEMPORAL_FORMATS}
    for rule in (rule for table in _rule_tables(dict(raw)) for rule in _rules_in(table)):
        kind = rule.get("match")
        if kind in TEMPORAL_FORMATS:
            found[kind].add(str(rule.get(TEMPORAL_FORMATS[kind], rule.get("format"))))
    return found["timestamp"] - found["datetime"]


def _rules_in(table: Any) -> list[dict[str, Any]]:
    if isinstance(table, dict):
        own = [table] if "match" in table else []
        return own + [rule for item in table.values() for rule in _rules_in(item)]
    if isinstance(table, list):
        return [rule for item in table for rule in _rules_in(item)]
    return []


def _timestamp_formats(interaction: AnyInteraction) -> set[str]:
    """The formats `interaction` declares with `timestamp` and never with `datetime`."""
    found: dict[str, set[str]] = {kind: set() for kind in TEMPORAL_FORMATS}
    values = [value for value, _ in values_of(interaction)] + [rule.value for rule in at_paths_of(interaction)]
    for matcher in (found_matcher for value in values for found_matcher in matchers_in(value)):
        if isinstance(matcher, Matcher) and matcher.rule in found:
            found[matcher.rule].add(str(matcher.option("format")))
    return found["timestamp"] - found["datetime"]


def _rule_tables(raw: dict[str, Any]) -> list[Any]:
    """Every `matchingRules` table of one written interaction, in any of its parts."""
    tables: list[Any] = []
    for name, part in raw.items():
        if name == "matchingRules":
            tables.append(part)
        elif isinstance(part, dict):
            tables += _rule_tables(part)
        elif isinstance(part, list):
            tables += [table for item in part if isinstance(item, dict) for table in _rule_tables(item)]
    return tables


def _put_back_timestamps(table: Any, formats: set[str]) -> bool:
    """Each `datetime` rule in `table` whose format is one of `formats`, written as `timestamp` again."""
    changed = False
    if isinstance(table, list):
        for index, item in enumerate(table):
            if _is_written_timestamp(item, formats):
                table[index] = {"match": "timestamp", "timestamp": item["format"]}
                changed = True
            else:
                changed |= _put_back_timestamps(item, formats)
    elif isinstance(table, dict):
        for name, item in table.items():
            if _is_written_timestamp(item, formats):
                table[name] = {"match": "timestamp", "timestamp": item["format"]}
                changed = True
            else:
                changed |= _put_back_timestamps(item, formats)
    return changed


def _is_written_timestamp(rule: Any, formats: set[str]) -> bool:
    return (
        isinstance(rule, dict)
        and rule.get("match") == "datetime"
        and set(rule) == {"match", "format"}
        and rule["format"] in formats
    )


@dataclass
class _Written:
    description: str
    states: list[ProviderState]


def written_identity(raw: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
    """A written interaction's identity, as `identity_of` gives a declared one's: description and states."""
    listed = raw.get("providerStates") or ([{"name": raw["providerState"]}] if raw.get("providerState") else [])
    states = [
        ProviderState(str(state.get("name")), dict(state.get("params") or {}))
        for state in listed
        if isinstance(state, Mapping)
    ]
    return identity_of(_Written(str(raw.get("description")), states))
