"""Whether two pact files hold the same contract: an independent judge for the round trip.

    differences = compare(original_document, round_tripped_document)
    differences.exact          # interactions that came back exactly, by index in the original
    differences.by_interaction # what differs in each of the others, field by field

This module is test code written apart from contracts-bdd: it imports nothing of
`contracts_bdd` (neither its pact reader nor its contract model), so that a fault shared
by render and the reader cannot hide here. It reads both files as raw JSON and brings
each interaction into one canonical form. The canonical form keeps every rule, generator,
example, provider state (with its parameters), comment, key, `pending` flag, header,
query value and message metadata entry, in the order the file gives them where order
means something (interactions, values of one query parameter or header, rules on one path).

What it treats as the same, and why (each a difference of spelling, never of contract):

- **The file's format.** V1/V2 `$.body.x`, `$.header.X`, `$.headers.X`, `$.header['X']`,
  `$.query.x`, `$.path` rule keys and V3/V4 categories (`body`, `header`, `query`, `path`,
  `status`, `metadata`; `content` is a message body's) are one table. A rule entry written as
  one bare rule (V2), as `{"matchers": [...]}` (no `combine`: AND is the default) or wrapped in
  `{"$": ...}` is the same entry. A header or query key `x`, `$.x` and `$['x']` name the same
  value; `x[0]` and `$.x[0]` the same first value. Empty categories say nothing.
- **A V2 rule with no `match` key** is read as pact-rust reads it: `regex` when it has a
  regex, `type` with a `min` or `max`, `timestamp`/`time`/`date` when it has that format key,
  otherwise `type`.
- **JSON paths** `$.a['b'].c`, `$['a'].b.c` and `$.a.b.c` are one path. A path written without
  `$` (pact-jvm writes some generator paths so) is compared as written, and an arrayContains
  variant's root keeps its spelling: `$` in a body, "" in a header or query.
- **Provider states**: V2 `providerState` / `provider_state` is one state without parameters;
  `params: null`, `{}` and no params are the same.
- **Header names** are compared without case (HTTP says so); a header's values written as
  `"a, b"` (V2/V3) or `["a", "b"]` (V4) are one list joined by `", "`.
- **Query strings**: a V2 query string and the V3/V4 map hold the same names and values once
  percent-decoded (a leading `?` is not part of the first name).
- **The method** is compared in upper case (pact-rust upper-cases it when it reads a pact).
- **Bodies**: JSON bodies as JSON values (1 and 1.0 differ); a V4 body's
  `{"content", "contentType", "encoded"}` is its content (base64 decoded when encoded);
  an XML body as its parsed document (the XML declaration and white space between
  elements left out, as pact-rust's XML matcher leaves them); a form body as its
  percent-decoded name/value pairs, in order.
- **What pact-ffi 0.5 always writes** (each measured in `test_corpus_round_trip.py`):
  a `Content-Type` header for a body that had none (dropped from the round-tripped side when
  the original had no such header and it says the body's own type); a message's
  `contentType` metadata entry likewise; the V4 `transport` of an HTTP interaction
  (`http` when the original names none); a V4 interaction `key` when the original has none;
  `pending: false`.

Everything else counts: a rule more or less, `timestamp` for `datetime`, an `eachValue`
without its `value`, a generator's `dataType`, an arrayContains variant's index, rules
and generators, the order of several rules on one path.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl
from xml.etree import ElementTree

JSON_TYPES = ("json",)
_PATH_TOKEN = re.compile(r"""\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[(\*|\d+)\]|\.([^.\[]+)""")


# -- the document ------------------------------------------------------------------------------
@dataclass
class Comparison:
    """How a round-tripped pact compares with its original, interaction by interaction."""

    total: int
    exact: list[int] = field(default_factory=list)
    by_interaction: dict[int, list[str]] = field(default_factory=dict)
    descriptions: dict[int, str] = field(default_factory=dict)

    def report(self) -> str:
        lines = [f"{len(self.exact)} of {self.total} interactions exact"]
        for index, problems in self.by_interaction.items():
            lines.append(f"  [{index}] {self.descriptions.get(index)!r}:")
            lines.extend(f"      {problem}" for problem in problems)
        return "\n".join(lines)


def raw_interactions(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Each interaction of the file with its kind: http, async (a message) or sync (messages), or plugin."""
    found: list[tuple[str, dict[str, Any]]] = []
    for key in ("interactions", "messages"):
        for raw in document.get(key) or []:
            kind = raw.get("type") or ("Asynchronous/Messages" if key == "messages" else "Synchronous/HTTP")
            if kind == "Synchronous/HTTP" and "contents" in raw and "request" not in raw:
                kind = "Asynchronous/Messages"  # a V3 message pact that names its list `interactions`
            short = {"Synchronous/HTTP": "http", "Asynchronous/Messages": "async", "Synchronous/Messages": "sync"}
            found.append(("plugin" if raw.get("pluginConfiguration") else short.get(kind, kind), raw))
    return found


def specification(document: dict[str, Any]) -> str:
    """The major version of the pact specification the file says it follows ("1" to "4")."""
    metadata = document.get("metadata") or {}
    for key in ("pactSpecification", "pact-specification"):
        found = metadata.get(key)
        if isinstance(found, dict) and found.get("version"):
            return str(found["version"]).split(".")[0]
    version = metadata.get("pactSpecificationVersion")
    return str(version).split(".")[0] if version else "2"


def canonical_interactions(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every interaction of the file in canonical form, in file order."""
    version = specification(document)
    return [_interaction(kind, raw, version) for kind, raw in raw_interactions(document)]


def compare(original: dict[str, Any], round_tripped: dict[str, Any]) -> Comparison:
    """Match each original interaction with one of the round trip (by kind, description and states, in order)."""
    mine = canonical_interactions(original)
    theirs = canonical_interactions(round_tripped)
    _forgive_pact_ffi_additions(mine, theirs)
    comparison = Comparison(len(mine))
    taken: set[int] = set()
    for index, expected in enumerate(mine):
        comparison.descriptions[index] = expected["description"]
        candidates = [
            position
            for position, found in enumerate(theirs)
            if position not in taken and _identity(found) == _identity(expected)
        ]
        exact = next((position for position in candidates if theirs[position] == expected), None)
        if exact is not None:
            taken.add(exact)
            comparison.exact.append(index)
            continue
        if not candidates:
            comparison.by_interaction[index] = ["missing from the round trip"]
            continue
        taken.add(candidates[0])
        comparison.by_interaction[index] = differences(expected, theirs[candidates[0]])
    return comparison


def _identity(interaction: dict[str, Any]) -> Any:
    return interaction["kind"], interaction["description"], json.dumps(interaction["states"], sort_keys=True)


def differences(expected: Any, found: Any, where: str = "") -> list[str]:
    """Each place where two canonical values differ, as `where: expected ... found ...`."""
    if isinstance(expected, dict) and isinstance(found, dict):
        problems: list[str] = []
        for key in list(expected) + [key for key in found if key not in expected]:
            if key not in found:
                problems.append(f"{where}.{key}: missing (expected {_short(expected[key])})")
            elif key not in expected:
                problems.append(f"{where}.{key}: unexpected {_short(found[key])}")
            else:
                problems += differences(expected[key], found[key], f"{where}.{key}")
        return problems
    if isinstance(expected, list) and isinstance(found, list) and len(expected) == len(found):
        return [
            problem
            for index, pair in enumerate(zip(expected, found, strict=True))
            for problem in differences(*pair, f"{where}[{index}]")
        ]
    return [] if expected == found else [f"{where}: expected {_short(expected)}, found {_short(found)}"]


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 300 else text[:300] + "..."


# -- one interaction ---------------------------------------------------------------------------
def _interaction(kind: str, raw: dict[str, Any], version: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "kind": kind,
        "description": raw.get("description"),
        "states": _states(raw),
        "pending": bool(raw.get("pending", False)),
        "comments": _comments(raw.get("comments")),
        "key": raw.get("key") or None,  # pact-ffi 0.5 writes no empty key (measured): "" names no key
    }
    if kind == "http" or kind == "plugin":
        result["transport"] = raw.get("transport")
        result["request"] = _http_part(raw.get("request") or {}, request=True, version=version)
        result["response"] = _http_part(raw.get("response") or {}, request=False, version=version)
    elif kind == "sync":
        result["request"] = _message(raw.get("request") or {}, version)
        result["replies"] = [_message(reply, version) for reply in raw.get("response") or []]
    else:
        result["message"] = _message(raw, version)
    return result


def _states(raw: dict[str, Any]) -> list[list[Any]]:
    if isinstance(raw.get("providerStates"), list):
        return [[state.get("name"), state.get("params") or {}] for state in raw["providerStates"]]
    name = raw.get("providerState") or raw.get("provider_state")
    return [[name, {}]] if name else []


def _comments(comments: Any) -> dict[str, Any]:
    if not isinstance(comments, dict):
        return {}
    return {key: value for key, value in comments.items() if value not in (None, [], {})}


def _http_part(part: dict[str, Any], *, request: bool, version: str) -> dict[str, Any]:
    rules = canonical_rules(part.get("matchingRules"))
    generators = canonical_generators(part.get("generators"))
    headers = _headers(part.get("headers"))
    result: dict[str, Any] = {}
    if request:
        result["method"] = str(part.get("method", "GET")).upper()
        result["path"] = part.get("path", "/")
        result["query"] = _query(part.get("query"))
    else:
        result["status"] = part.get("status", 200)
    result["headers"] = headers
    content_type = _header_value(headers, "content-type")
    result["body"] = canonical_body(part, "body", content_type, version)
    result["rules"] = rules
    result["generators"] = generators
    return result


def _message(part: dict[str, Any], version: str) -> dict[str, Any]:
    metadata = dict(part.get("metadata") or part.get("metaData") or {})
    content_type = next(
        (str(value) for name, value in metadata.items() if name.lower() in ("contenttype", "content-type")), None
    )
    return {
        "body": canonical_body(part, "contents", content_type, version),
        "metadata": metadata,
        "rules": canonical_rules(part.get("matchingRules")),
        "generators": canonical_generators(part.get("generators")),
    }


# -- headers and query -----------------------------------------------------------------------------
def _headers(headers: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in (headers or {}).items():
        values = value if isinstance(value, list) else [value]
        joined = ", ".join(str(item).strip() for item in values)
        found[name.lower()] = joined if name.lower() not in found else found[name.lower()] + ", " + joined
    return {name: re.sub(r"\s*,\s*", ", ", value) for name, value in found.items()}


def _header_value(headers: dict[str, str], name: str) -> str | None:
    return headers.get(name)


def _query(query: Any) -> dict[str, list[Any]]:
    if not query:
        return {}
    found: dict[str, list[Any]] = {}
    if isinstance(query, str):
        for name, value in parse_qsl(query.removeprefix("?"), keep_blank_values=True):
            found.setdefault(name, []).append(value)
        return found
    for name, values in query.items():
        found[name] = list(values) if isinstance(values, list) else [values]
    return found


# -- bodies ------------------------------------------------------------------------------------------
def _media(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _is_json(content_type: str | None) -> bool:
    media = _media(content_type)
    return media.endswith(("/json", "+json")) or media == "application/json"


def _is_xml(content_type: str | None) -> bool:
    return _media(content_type).endswith(("/xml", "+xml"))


def _is_v4_body(body: Any) -> bool:
    return (
        isinstance(body, dict)
        and "content" in body
        and set(body) <= {"content", "contentType", "encoded", "contentTypeHint"}
    )


def canonical_body(part: dict[str, Any], field_name: str, content_type: str | None, version: str) -> Any:
    """A body as what it holds, with the media type pact-rust takes it as: {"type": ..., "kind": ..., "value": ...}.

    kind is json, text, xml (the parsed document), form (the pairs) or bytes (base64). The type is the V4
    body's own, else the Content-Type header's, else what the bytes look like (JSON, XML, or text/plain),
    as pact-rust tells it. A V2/V3 body of a type that is no text is base64 in a string, as pact-rust reads it.
    """
    if field_name not in part or part[field_name] is None:
        return None
    body = part[field_name]
    if version == "4" and _is_v4_body(body):
        content_type = body.get("contentType") or content_type
        encoded = body.get("encoded")
        content = body["content"]
        if encoded not in (False, None, "false") and isinstance(content, str):
            if str(encoded).lower() == "json":
                return _text_or_document(content, content_type)
            data = base64.b64decode(content)
            return {
                "type": _media(content_type) or "application/octet-stream",
                "kind": "bytes",
                "value": _bytes_text(data),
            }
        if not isinstance(content, str) or (_is_json(content_type) and _parses(content)):
            return {"type": _media(content_type) or "application/json", "kind": "json", "value": _typed(content)}
        return _text_or_document(content, content_type)
    if isinstance(body, str):
        media = _media(content_type) or _detected(body)
        if not _is_text(media):
            try:
                data = base64.b64decode(body, validate=True)
            except (ValueError, binascii.Error):
                data = body.encode()
            return {"type": media, "kind": "bytes", "value": _bytes_text(data)}
        return _text_or_document(body, content_type or media)
    return {"type": _media(content_type) or "application/json", "kind": "json", "value": _typed(body)}


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _detected(text: str) -> str:
    """What pact-rust takes a body of no stated type as: JSON, XML, else text."""
    if _parses(text):
        return "application/json"
    try:
        ElementTree.fromstring(text.encode())
    except ElementTree.ParseError:
        return "text/plain"
    return "application/xml"


def _is_text(media: str) -> bool:
    return (
        media.startswith("text/")
        or _is_json(media)
        or _is_xml(media)
        or media in ("application/x-www-form-urlencoded", "application/javascript", "")
    )


def _bytes_text(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _text_or_document(text: str, content_type: str | None) -> Any:
    media = _media(content_type) or _detected(text)
    if _is_xml(media):
        try:
            return {"type": media, "kind": "xml", "value": _xml(ElementTree.fromstring(text.encode()))}
        except ElementTree.ParseError:
            return {"type": media, "kind": "text", "value": text}
    if media == "application/x-www-form-urlencoded":
        return {"type": media, "kind": "form", "value": parse_qsl(text, keep_blank_values=True)}
    if _is_json(media) and _parses(text):
        return {"type": media, "kind": "json", "value": _typed(json.loads(text))}
    return {"type": media, "kind": "text", "value": text}


def _xml(element: ElementTree.Element) -> list[Any]:
    text = (element.text or "").strip()
    children = []
    for child in element:
        children.append(_xml(child))
        if (child.tail or "").strip():
            children.append(child.tail.strip())
    return [element.tag, dict(element.attrib), text, children]


def _typed(value: Any) -> Any:
    """A JSON value in which a float is tagged, so that 1 and 1.0 differ (JSON writes them differently)."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return {"<float>": repr(value)}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return {key: _typed(item) for key, item in value.items()}


# -- rules and generators ------------------------------------------------------------------------------
def canonical_path(path: str) -> str:
    """A JSON path written one way: `$.a['b c'][0].*` (a path without `$` is compared as written)."""
    text = path.strip()
    if not text.startswith("$"):
        return path
    written = "$"
    rest = text[1:]
    position = 0
    while position < len(rest):
        match = _PATH_TOKEN.match(rest, position)
        if match is None:
            return path  # not a path this judge can read: compare it as written
        single, double, index, plain = match.groups()
        if index is not None:
            written += f"[{index}]"
        elif plain == "*":
            written += ".*"
        else:
            name = single if single is not None else double if double is not None else plain
            written += f"['{name}']"
        position = match.end()
    return written


def _category_key(category: str, key: str) -> str:
    if category in ("body", "content"):
        return canonical_path(key)
    # header, query, metadata: a name, maybe with an index after it (`x[0]`, `$.x[0]`, `$['x']`)
    path = (
        canonical_path(key)
        if key.startswith("$")
        else canonical_path("$['" + key + "']")
        if "[" not in key
        else canonical_path("$." + key)
    )
    if category == "header":
        path = re.sub(r"^\$\['([^']*)'\]", lambda m: "$['" + m.group(1).lower() + "']", path)
    return path


def canonical_rules(rules: Any) -> dict[str, Any]:
    """Matching rules by category and canonical key, each entry {"combine", "matchers"}."""
    if not isinstance(rules, dict):
        return {}
    found: dict[str, dict[str, Any]] = {}
    if any(key.startswith("$") for key in rules):  # V2: one flat table of paths
        for key, entry in rules.items():
            category, name = _v2_category(key)
            if category is None:
                found.setdefault("unknown", {})[key] = _entry(entry)
            else:
                _add(found, category, name, _entry(entry))
    else:
        for category, entries in rules.items():
            category_name = "body" if category == "content" else category
            if category_name in ("path", "status") or (isinstance(entries, dict) and "matchers" in entries):
                entry = _root_entry(entries)
                if entry:
                    _add(found, category_name, "", _entry(entry))
                continue
            for key, entry in (entries or {}).items():
                _add(found, category_name, _category_key(category_name, key), _entry(entry))
    return {category: entries for category, entries in found.items() if entries}


def _root_entry(entries: Any) -> Any:
    """A path or status entry, written bare or under a root key: `$` (pact-php), "" (pact-ffi 0.5)."""
    if isinstance(entries, dict) and "matchers" not in entries and len(entries) == 1:
        key = next(iter(entries))
        if key in ("$", ""):
            return entries[key]
    return entries


def _add(found: dict[str, dict[str, Any]], category: str, key: str, entry: dict[str, Any] | None) -> None:
    if entry is None:
        return
    table = found.setdefault(category, {})
    table[key] = entry


def _v2_category(key: str) -> tuple[str | None, str]:
    if key == "$.path":
        return "path", ""
    if key == "$.status":
        return "status", ""
    if key == "$.body" or key.startswith(("$.body.", "$.body[")):
        return "body", canonical_path("$" + key[len("$.body") :])
    for prefix, category in (("$.headers", "header"), ("$.header", "header"), ("$.query", "query")):
        if key.startswith(prefix + ".") or key.startswith(prefix + "["):
            return category, _category_key(category, "$" + key[len(prefix) :])
    return None, key


def _entry(entry: Any) -> dict[str, Any] | None:
    if not isinstance(entry, dict) or not entry:
        return None
    if "matchers" not in entry and "$" in entry and isinstance(entry["$"], dict):
        entry = entry["$"]
    if "matchers" in entry:
        matchers = [_rule(rule) for rule in entry["matchers"] or []]
        combine = entry.get("combine") or "AND"
    else:
        matchers, combine = [_rule(entry)], "AND"
    return {"combine": combine, "matchers": matchers} if matchers else None


def _rule(rule: Any) -> dict[str, Any]:
    if not isinstance(rule, dict):
        return {"<not a rule>": rule}
    found = {key: _typed(value) for key, value in rule.items() if key not in ("rules", "variants")}
    if "match" not in rule:
        if "regex" in rule:
            found["match"] = "regex"
        elif "min" in rule or "max" in rule:
            found["match"] = "type"
        else:
            found["match"] = next((key for key in ("timestamp", "time", "date") if key in rule), "type")
    if isinstance(rule.get("rules"), list):
        found["rules"] = [_rule(item) for item in rule["rules"]]
    if isinstance(rule.get("variants"), list):
        found["variants"] = [
            {
                "index": variant.get("index"),
                "rules": {
                    (canonical_path(path) if path else ""): _entry(entry)
                    for path, entry in (variant.get("rules") or {}).items()
                },
                "generators": {
                    (canonical_path(path) if path else ""): _generator(generator)
                    for path, generator in (variant.get("generators") or {}).items()
                },
            }
            for variant in rule["variants"]
        ]
    return found


def canonical_generators(generators: Any) -> dict[str, Any]:
    """Generators by category and canonical key."""
    if not isinstance(generators, dict):
        return {}
    found: dict[str, Any] = {}
    for category, entries in generators.items():
        category_name = "body" if category == "content" else category
        if category_name in ("path", "status") or (isinstance(entries, dict) and "type" in entries):
            found[category_name] = {"": _generator(entries)}
            continue
        table = {_category_key(category_name, key): _generator(entry) for key, entry in (entries or {}).items()}
        if table:
            found[category_name] = table
    return found


def _generator(generator: Any) -> Any:
    return _typed(generator) if isinstance(generator, dict) else {"<not a generator>": generator}


# -- what pact-ffi 0.5 always adds ------------------------------------------------------------------------
def _forgive_pact_ffi_additions(originals: list[dict[str, Any]], round_tripped: list[dict[str, Any]]) -> None:
    """Drop from the round trip what pact-ffi writes on its own, where the original did not have it."""
    by_identity: dict[Any, list[dict[str, Any]]] = {}
    for interaction in originals:
        by_identity.setdefault(_identity(interaction), []).append(interaction)
    for found in round_tripped:
        candidates = by_identity.get(_identity(found)) or []
        original = (
            candidates[0]
            if len(candidates) == 1
            else next(
                (item for item in candidates if item.get("key") == found.get("key")),
                candidates[0] if candidates else None,
            )
        )
        if original is None:
            continue
        if original.get("key") is None:
            found["key"] = None
        if found["kind"] in ("http", "plugin"):
            if original.get("transport") is None and found.get("transport") == "http":
                found["transport"] = None
            for part in ("request", "response"):
                _forgive_content_type(original[part], found[part])
        elif found["kind"] == "sync":
            _forgive_metadata(original["request"], found["request"])
            for mine, theirs in zip(original["replies"], found["replies"], strict=False):
                _forgive_metadata(mine, theirs)
        else:
            _forgive_metadata(original["message"], found["message"])


def _forgive_content_type(original: dict[str, Any], found: dict[str, Any]) -> None:
    """pact-ffi writes a body's type as a Content-Type header too: forgiven where the original had no such header
    and the two bodies are of the same type (`test_pact_ffi_adds_a_content_type_header_to_a_body...`)."""
    if "content-type" in original["headers"] or "content-type" not in found["headers"]:
        return
    if original["body"] is None or found["body"] is None or original["body"]["type"] != found["body"]["type"]:
        return
    if _media(found["headers"]["content-type"]) == found["body"]["type"]:
        found["headers"].pop("content-type")


def _forgive_metadata(original: dict[str, Any], found: dict[str, Any]) -> None:
    """pact-ffi writes a message body's type into its metadata as `contentType`: forgiven where the original had
    no such entry and the two bodies are of the same type (`test_pact_ffi_writes_a_message_s_content_type...`)."""
    if "contentType" in original["metadata"] or "contentType" not in found["metadata"]:
        return
    if original["body"] is None or found["body"] is None or original["body"]["type"] != found["body"]["type"]:
        return
    if _media(str(found["metadata"]["contentType"])) == found["body"]["type"]:
        found["metadata"].pop("contentType")
