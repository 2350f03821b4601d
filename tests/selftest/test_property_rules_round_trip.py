"""Property: any pact of rules, generators, states, several values and body kinds comes back the same.

hypothesis makes pacts: JSON bodies whose values carry rules and generators, XML bodies (prefixes,
attributes, mixed text, rules on texts and attributes), form and text bodies, provider states with
parameters, repeated query values and headers, a query parameter with no value. Each is rendered
as a feature and run by behave; the run's own write-then-prove check holds the written pact to the
feature, and this test holds it to the original, on the contract model (`interaction_view`): the
same examples, rules at the same paths, the same generators.

CI runs a fixed, small profile (derandomized); `HYPOTHESIS_PROFILE=thorough` runs 200 examples.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from round_trip import render_and_run
from test_property_round_trip import fresh_project

from contracts_bdd.pact.proof import interaction_view
from contracts_bdd.pact.reader import read_pact

settings.register_profile(
    "rules-ci", max_examples=10, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.register_profile("rules-thorough", max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile("rules-thorough" if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else "rules-ci")

WORD = st.text(st.characters(min_codepoint=0x61, max_codepoint=0x7A), min_size=1, max_size=8)
TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=10)
HEADER_VALUE = st.text(
    st.characters(min_codepoint=0x21, max_codepoint=0x7E).filter(lambda c: c != ","), min_size=1, max_size=10
)


def _rule(match: str, **options: Any) -> dict[str, Any]:
    return {"combine": "AND", "matchers": [{"match": match, **options}]}


@st.composite
def json_leaf(draw: st.DrawFn, path: str, rules: dict[str, Any], generators: dict[str, Any]) -> Any:
    kind = draw(st.sampled_from(["int", "float", "text", "bool", "null", "date"]))
    if kind == "int":
        value = draw(st.integers(min_value=-(2**53), max_value=2**53))
        match = draw(st.sampled_from([None, "integer", "number", "type", "equality"]))
        if match == "integer" and draw(st.booleans()):
            generators[path] = {"type": "RandomInt", "min": 1, "max": 99}
    elif kind == "float":
        value = draw(st.integers(min_value=-(10**6), max_value=10**6)) / 100 + 0.5
        match = draw(st.sampled_from([None, "decimal", "number", "type"]))
    elif kind == "text":
        value = draw(TEXT)
        match = draw(st.sampled_from([None, "type", "regex", "include"]))
        if match == "regex":
            rules[path] = _rule("regex", regex="^[\\s\\S]*$")
            return value
        if match == "include":
            rules[path] = _rule("include", value=value[:3])
            return value
    elif kind == "bool":
        value = draw(st.booleans())
        match = draw(st.sampled_from([None, "boolean", "type"]))
    elif kind == "null":
        value, match = None, draw(st.sampled_from([None, "null"]))
    else:
        value, match = "2024-05-01", "date"
        rules[path] = _rule("date", format="yyyy-MM-dd")
        if draw(st.booleans()):
            generators[path] = {"type": "Date", "format": "yyyy-MM-dd"}
        return value
    if match is not None:
        rules[path] = _rule(match)
    return value


@st.composite
def json_body(draw: st.DrawFn) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    rules: dict[str, Any] = {}
    generators: dict[str, Any] = {}
    document: dict[str, Any] = {}
    for index in range(draw(st.integers(min_value=1, max_value=4))):
        key = f"k{index}"
        if draw(st.integers(min_value=0, max_value=4)) == 0:
            items = [draw(json_leaf(f"$.{key}[*]", rules, generators))]
            rules[f"$.{key}"] = _rule("type", min=1)
            document[key] = items
        else:
            document[key] = draw(json_leaf(f"$.{key}", rules, generators))
    return document, rules, generators


@st.composite
def xml_body(draw: st.DrawFn) -> tuple[str, dict[str, Any], dict[str, Any]]:
    rules: dict[str, Any] = {}
    root = "$['urn:x:doc']" if (prefixed := draw(st.booleans())) else "$.doc"
    tag = "x:doc" if prefixed else "doc"
    declaration = ' xmlns:x="urn:x"' if prefixed else ""
    code = draw(WORD)
    if draw(st.booleans()):
        rules[f"{root}['@code']"] = _rule("type")
    children = []
    for index in range(draw(st.integers(min_value=1, max_value=3))):
        text = draw(WORD)
        if draw(st.booleans()):
            rules[f"{root}.e{index}.#text"] = _rule("regex", regex="[a-z]+")
        children.append(f"<e{index}>{text}</e{index}>")
        if draw(st.booleans()):
            children.append(draw(WORD))  # text between elements
    return f'<{tag}{declaration} code="{code}">{"".join(children)}</{tag}>', rules, {}


@st.composite
def interactions(draw: st.DrawFn) -> list[dict[str, Any]]:
    made = []
    for index in range(draw(st.integers(min_value=1, max_value=3))):
        states = [
            {"name": f"state {draw(WORD)}", "params": draw(st.dictionaries(WORD, st.integers(0, 9) | WORD, max_size=2))}
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        ]
        query: dict[str, Any] = {"q": draw(st.lists(TEXT.filter(bool), min_size=1, max_size=3))}
        request_rules: dict[str, Any] = {}
        if draw(st.booleans()):
            query["flag"] = [None]
        if draw(st.booleans()):
            request_rules["query"] = {"q": _rule("regex", regex="[\\s\\S]*")}
        headers = {"X-Value": draw(st.lists(HEADER_VALUE, min_size=1, max_size=2))}
        kind = draw(st.sampled_from(["json", "xml", "form", "text"]))
        if kind == "json":
            content, body_rules, body_generators = draw(json_body())
            body: dict[str, Any] = {"content": content, "contentType": "application/json", "encoded": False}
            content_type = "application/json"
        elif kind == "xml":
            text, body_rules, body_generators = draw(xml_body())
            body = {"content": text, "contentType": "application/xml", "encoded": False}
            content_type = "application/xml"
        elif kind == "form":
            fields = draw(st.dictionaries(WORD, TEXT, min_size=1, max_size=3))
            body_rules = {f"$.{name}": _rule("type") for name in fields if draw(st.booleans())}
            body_generators = {}
            body = {"content": urlencode(fields), "contentType": "application/x-www-form-urlencoded", "encoded": False}
            content_type = "application/x-www-form-urlencoded"
        else:
            body = {
                "content": draw(TEXT.filter(lambda text: text.strip() != "")),
                "contentType": "text/plain",
                "encoded": False,
            }
            content_type, body_rules, body_generators = "text/plain", {}, {}
        response: dict[str, Any] = {"status": 200, "headers": {"Content-Type": [content_type]}, "body": body}
        if body_rules:
            response["matchingRules"] = {"body": body_rules}
        if body_generators:
            response["generators"] = {"body": body_generators}
        request: dict[str, Any] = {"method": "GET", "path": f"/items/{index}", "query": query, "headers": headers}
        if request_rules:
            request["matchingRules"] = request_rules
        made.append(
            {
                "type": "Synchronous/HTTP",
                "description": f"item {index}",
                "providerStates": states,
                "request": request,
                "response": response,
            }
        )
    return made


@given(interactions())
def test_pacts_of_rules_generators_and_body_kinds_come_back_the_same(
    tmp_path_factory: Any, made: list[dict[str, Any]]
) -> None:
    project = fresh_project(tmp_path_factory.mktemp("rules"))
    document, feature, run = render_and_run(project, made)
    assert "# Not rendered" not in feature, feature
    assert run.returncode == 0, feature + run.output

    original = {item.description: interaction_view(item) for item in read_pact(document).interactions}
    written = {item.description: interaction_view(item) for item in read_pact(run.pact("Shop-Users.json")).interactions}
    for view in written.values():
        view.pop("key", None)  # pact-ffi keys every V4 interaction; the originals have none
    assert written == original, feature
