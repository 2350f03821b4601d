"""Comparing two pacts the way the round trip promises: same requests, responses, states and rules.

Metadata, key order and values a generator replaces are left out of the comparison.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from behave_project import Project, Run

from contracts_bdd.model.contract import Generator, Matcher
from contracts_bdd.model.matchers import with_implied_rules
from contracts_bdd.pact.integration import child_path, rule_json
from contracts_bdd.pact.reader import _canonical, _matchers, _rules, specification_of
from contracts_bdd.render.feature import render_file

GENERATED = "<generated>"


def comparable(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Each HTTP interaction of a pact, reduced to what the round trip must keep."""
    found = []
    for raw in document.get("interactions", []):
        if raw.get("type", "Synchronous/HTTP") != "Synchronous/HTTP":
            continue
        found.append(
            {
                "description": raw.get("description"),
                "states": sorted(_states(raw)),
                "request": _part(raw["request"], request=True),
                "response": _part(raw.get("response") or {}, request=False),
                "pending": bool(raw.get("pending", False)) if specification_of(document) == "V4" else False,
            }
        )
    unique = {json.dumps(item, sort_keys=True): item for item in found}  # pact-ffi keeps one of two identical
    return [unique[key] for key in sorted(unique)]


def comparable_messages(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Each message of a pact (V3 `messages`, V4 asynchronous and synchronous), reduced as `comparable` does.

    A generator alone in a body the provider makes gains the rule it implies when contracts-bdd
    writes it (the provider's message is checked against that rule, not against the example),
    so the source is compared with that rule added.
    """
    found = []
    listed = [(raw, "Asynchronous/Messages") for raw in document.get("messages", [])]
    listed += [(raw, "Synchronous/HTTP") for raw in document.get("interactions", [])]
    for raw, default in listed:
        kind = raw.get("type", default)
        if kind == "Synchronous/HTTP":
            continue
        if kind == "Synchronous/Messages":
            parts = [_message(raw.get("request") or {}, provider_made=False)]
            parts += [_message(reply, provider_made=True) for reply in raw.get("response") or []]
        else:
            parts = [_message(raw, provider_made=True)]
        found.append(
            {"description": raw.get("description"), "kind": kind, "states": sorted(_states(raw)), "parts": parts}
        )
    return sorted(found, key=lambda item: json.dumps(item, sort_keys=True))


def _message(part: dict[str, Any], *, provider_made: bool) -> dict[str, Any]:
    contents = part.get("contents")
    metadata = dict(part.get("metadata") or {})
    v4 = isinstance(contents, dict) and "content" in contents and set(contents) <= {"content", "contentType", "encoded"}
    content_type = (contents.get("contentType") if v4 else None) or metadata.get("contentType") or "application/json"
    if metadata.get("contentType") == content_type:
        metadata.pop("contentType")
    generators = {
        "body" if category == "content" else category: _paths(entry or {})
        for category, entry in (part.get("generators") or {}).items()
    }
    body_generators = generators.get("body") or {}
    rules = _normal_rules({key if key != "content" else "body": _paths(entry) for key, entry in _rules(part).items()})
    if provider_made:
        for path, generator in body_generators.items():
            if path not in rules.get("body", {}):
                options = tuple((key, value) for key, value in generator.items() if key != "type")
                implied = with_implied_rules(Matcher(None, None, (), Generator(generator["type"], options)))
                if isinstance(implied, Matcher) and implied.rule is not None:
                    rules.setdefault("body", {})[path] = [rule_json(implied)]
    body = contents.get("content") if v4 else contents
    return {
        "body": _without_generated(body, "$", set(body_generators)),
        "content_type": content_type,
        "metadata": {
            key: GENERATED if key in generators.get("metadata", {}) else value for key, value in metadata.items()
        },
        "rules": rules,
        "generators": {category: sorted(entry) for category, entry in generators.items() if entry},
    }


def _paths(table: dict[str, Any]) -> dict[str, Any]:
    return {_canonical(path if path.startswith("$") else child_path("$", path)): entry for path, entry in table.items()}


def _states(raw: dict[str, Any]) -> list[str]:
    if "providerStates" in raw:
        return [
            json.dumps([state["name"], state.get("params") or {}], sort_keys=True) for state in raw["providerStates"]
        ]
    name = raw.get("providerState") or raw.get("provider_state")
    return [json.dumps([name, {}])] if name else []


def _part(part: dict[str, Any], *, request: bool) -> dict[str, Any]:
    rules = _rules(part)
    generators = part.get("generators") or {}
    result: dict[str, Any] = {}
    if request:
        result["method"] = str(part.get("method", "GET")).upper()
        result["path"] = GENERATED if generators.get("path") else part.get("path")
        result["query"] = _query(part.get("query"), generators.get("query") or {})
    else:
        result["status"] = GENERATED if generators.get("status") else part.get("status", 200)
    result["headers"] = _headers(part.get("headers") or {}, generators.get("header") or {})
    result["body"] = _body(part, generators.get("body") or {})
    # The content type once, wherever the pact keeps it (a V4 body, a header, or implied by JSON).
    header = result["headers"].pop("content-type", None)
    result["content_type"] = header[0] if header else _implied_content_type(part)
    result["rules"] = _normal_rules(rules)
    return result


def _query(query: Any, generated: dict[str, Any]) -> list[tuple[str, str]]:
    if not query:
        return []
    pairs = (
        parse_qsl(query, keep_blank_values=True)
        if isinstance(query, str)
        else [
            (name, value)
            for name, values in query.items()
            for value in (values if isinstance(values, list) else [values])
        ]
    )
    return sorted((name, GENERATED if name in generated else str(value)) for name, value in pairs)


def _headers(headers: dict[str, Any], generated: dict[str, Any]) -> dict[str, list[str]]:
    lowered = {name.lower() for name in generated}
    result = {}
    for name, value in headers.items():
        values = value if isinstance(value, list) else [value]
        if name.lower() in lowered:
            result[name.lower()] = [GENERATED]
        elif name.lower() == "content-type":
            result[name.lower()] = [re.sub(r";\s*boundary=.*", "", str(item)) for item in values]
        else:
            result[name.lower()] = [item.strip() for text in values for item in str(text).split(",")]
    return result


def _implied_content_type(part: dict[str, Any]) -> str | None:
    raw = part.get("body")
    if isinstance(raw, dict) and "contentType" in raw and "content" in raw:
        return str(raw["contentType"])
    return "application/json" if isinstance(raw, (dict, list)) else None


def _body(part: dict[str, Any], generated: dict[str, Any]) -> Any:
    raw = part.get("body")
    if (
        isinstance(raw, dict)
        and "content" in raw
        and set(raw) <= {"content", "contentType", "encoded", "contentTypeHint"}
    ):
        if raw.get("encoded") not in (False, None, "false"):
            return base64.b64decode(raw["content"]).decode("latin-1")
        raw = raw["content"]
    content_type = next(
        (
            str(v[0] if isinstance(v, list) else v)
            for k, v in (part.get("headers") or {}).items()
            if k.lower() == "content-type"
        ),
        "",
    )
    if isinstance(raw, str) and "x-www-form-urlencoded" in content_type:
        generated_fields = {_canonical(path) for path in generated}
        pairs = parse_qsl(raw, keep_blank_values=True)
        return sorted((name, GENERATED if _is_generated(name, generated_fields) else value) for name, value in pairs)
    return _without_generated(raw, "$", {_canonical(path) for path in generated})


def _is_generated(name: str, generated: set[str]) -> bool:
    plain = _canonical(f"$['{name}']")
    return any(path == plain or path.startswith(plain + "[") for path in generated)


def _without_generated(value: Any, path: str, generated: set[str]) -> Any:
    if path in generated or re.sub(r"\[\d+\]", "[*]", path) in generated:
        return GENERATED
    if isinstance(value, dict):
        return {key: _without_generated(item, _canonical(f"{path}['{key}']"), generated) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_generated(item, f"{path}[{index}]", generated) for index, item in enumerate(value)]
    return value


def _normal_rules(rules: dict[str, Any]) -> dict[str, Any]:
    normal: dict[str, Any] = {}
    for category, entries in rules.items():
        if category in ("path", "status"):
            found = _normal_matchers(entries)
            if found:
                normal[category] = found
            continue
        for name, entry in (entries or {}).items():
            found = _normal_matchers(entry)
            if not found:
                continue
            key = name.lower() if category == "header" else (_canonical(name) if category == "body" else name)
            normal.setdefault(category, {})[key] = found
    return normal


def _normal_matchers(entry: Any) -> list[dict[str, Any]]:
    found = []
    for rule in _matchers(entry):
        rule = {key: value for key, value in rule.items() if key != "combine"}
        if rule.get("match") == "timestamp":
            rule["match"] = "datetime"
        if rule.get("match") == "eachValue" and isinstance(rule.get("value"), str):
            rule.pop("value")
        found.append(rule)
    return found


def render_and_run(project: Project, interactions: list[dict[str, Any]]) -> tuple[dict[str, Any], str, Run]:
    """A V4 pact Shop -> Users of `interactions`, rendered by the real CLI into the project and run by behave.

    Returns the pact document, the rendered feature and the consumer run (its exit code unchecked).
    """
    document = {
        "consumer": {"name": "Shop"},
        "provider": {"name": "Users"},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "4.0"}},
    }
    source = project.write("original.json", json.dumps(document))
    target = project.root / "features" / "consumer" / "rendered.feature"
    target.parent.mkdir(parents=True)
    rendered = subprocess.run(
        [sys.executable, "-m", "contracts_bdd", "render", str(source), "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert rendered.returncode == 0, rendered.stderr
    return document, target.read_text(), project.behave("features/consumer")


def run_rendered(pact_file: Path, root: Path) -> tuple[str, Run]:
    """The pact file rendered as a feature, run by behave in a fresh project at `root`."""
    rendered = render_file(pact_file)
    project = Project(root)
    project.write("features/consumer/rendered.feature", rendered)
    return rendered, project.behave("features/consumer")
