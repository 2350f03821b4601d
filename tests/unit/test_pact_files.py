"""Pact files: collected per pair, written once, replaced atomically, merged only when asked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contracts_bdd.errors import ContractsBddError, FeatureError, Location
from contracts_bdd.model.contract import BinaryBody, Header, Interaction, JsonBody, Pair, Request, Response, TextBody
from contracts_bdd.pact import files as pact_files
from contracts_bdd.pact.files import PactFiles
from contracts_bdd.pact.pact_form import pact_form_differences

PAIR = Pair("Web", "Api")
HERE = Location("orders.feature", 3)


def interactions(description: str) -> list[Interaction]:
    return [Interaction(description, Request("GET", f"/{description}"), response=Response(200))]


def descriptions(path: Path) -> list[str]:
    return sorted(item["description"] for item in json.loads(path.read_text())["interactions"])


def test_collected_interactions_replace_the_old_file(tmp_path: Path) -> None:
    (tmp_path / PAIR.filename).write_text(json.dumps({"interactions": [{"description": "old"}]}))
    files = PactFiles(tmp_path, "overwrite")
    files.collect(PAIR, interactions("a"), "V4", HERE)
    files.collect(PAIR, interactions("b"), "V4", HERE)

    written = files.write([PAIR])[PAIR]

    assert descriptions(written.path) == ["a", "b"]
    assert list(tmp_path.iterdir()) == [written.path]
    assert written.content == written.path.read_bytes()


def test_merge_mode_keeps_interactions_of_features_not_run(tmp_path: Path) -> None:
    first = PactFiles(tmp_path, "overwrite")
    first.collect(PAIR, interactions("from-other-feature"), "V4", HERE)
    first.write([PAIR])

    files = PactFiles(tmp_path, "merge")
    files.collect(PAIR, interactions("this-run"), "V4", HERE)

    assert descriptions(files.write([PAIR])[PAIR].path) == ["from-other-feature", "this-run"]


def test_a_write_cut_short_leaves_the_published_file_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / PAIR.filename).write_text('{"interactions": []}')

    def cut_short(contract: object, directory: Path, *, merge: bool) -> None:
        (directory / PAIR.filename).write_text('{"interactions": [')

    monkeypatch.setattr(pact_files, "write_pact", cut_short)
    files = PactFiles(tmp_path, "overwrite")
    files.collect(PAIR, interactions("a"), "V4", HERE)

    with pytest.raises(ContractsBddError, match="unreadable"):
        files.write([PAIR])

    assert (tmp_path / PAIR.filename).read_text() == '{"interactions": []}'


def test_one_pair_keeps_one_specification(tmp_path: Path) -> None:
    files = PactFiles(tmp_path, "overwrite")
    files.collect(PAIR, interactions("a"), "V4", HERE)

    with pytest.raises(FeatureError, match="made it V4") as raised:
        files.collect(PAIR, interactions("b"), "V3", Location("old.feature", 7))
    assert raised.value.location == Location("old.feature", 7)


def test_a_v3_pact_with_a_binary_body_is_written(tmp_path: Path) -> None:
    # A V3 pact keeps a binary body as base64 text; read back, it is the same bytes.
    data = bytes(range(256))
    body = BinaryBody(data, None, "image/jpeg")
    files = PactFiles(tmp_path, "overwrite")
    files.collect(PAIR, [Interaction("a", Request("PUT", "/a", body=body), response=Response(200))], "V3", HERE)

    target = files.write([PAIR])[PAIR].path

    assert json.loads(target.read_text())["metadata"]["pactSpecification"]["version"] == "3.0.0"


def test_rules_and_generators_in_pact_form_are_written_as_given_and_proved(tmp_path: Path) -> None:
    rules = {
        "body": {
            "$.one": {"combine": "AND", "matchers": [{"match": "null"}]},
            "$.two[*].ids": {"combine": "AND", "matchers": [{"match": "type", "min": 1}]},
        },
        "header": {"X-Test": {"combine": "AND", "matchers": [{"match": "regex", "regex": "\\d+"}]}},
    }
    generators = {"body": {"$.three": {"type": "RandomInt", "min": 1, "max": 9}}}
    request = Request(
        "POST",
        "/a",
        headers=[Header("X-Test", "a")],  # examples the vocabulary would refuse: pact form takes them as they are
        body=JsonBody({"one": "a", "two": [{"ids": [1]}], "three": 5}),
        matching_rules=rules,
        generators=generators,
    )
    files = PactFiles(tmp_path, "overwrite")
    files.collect(PAIR, [Interaction("a", request, response=Response(200))], "V4", HERE)

    written = json.loads(files.write([PAIR])[PAIR].path.read_text())["interactions"][0]["request"]

    assert written["body"]["content"] == {"one": "a", "two": [{"ids": [1]}], "three": 5}
    assert written["matchingRules"]["body"]["$.two[*].ids"] == rules["body"]["$.two[*].ids"]
    assert written["generators"]["body"] == generators["body"]


def test_a_rule_given_in_pact_form_that_the_file_lacks_is_a_difference() -> None:
    given = Interaction(
        "a",
        Request("GET", "/a", matching_rules={"$.body.one": {"match": "regex", "regex": "\\w+"}}),
        response=Response(200, generators={"status": {"type": "RandomInt", "min": 200, "max": 299}}),
    )
    written = {
        "request": {"matchingRules": {"body": {"$['one']": {"matchers": [{"match": "regex", "regex": "\\w+"}]}}}}
    }

    assert pact_form_differences(given, written) == [
        'response generator at status: declared {"max": 299, "min": 200, "type": "RandomInt"}, written nothing'
    ]


def test_xml_given_as_text_is_written_and_proved_as_the_xml_it_holds(tmp_path: Path) -> None:
    text = '<?xml version="1.0" encoding="UTF-8" ?>\n<values><one>A</one><two>B</two></values>\n  '
    files = PactFiles(tmp_path, "overwrite")
    body = TextBody(text, None, "application/xml")
    files.collect(PAIR, [Interaction("a", Request("PUT", "/a", body=body), response=Response(200))], "V4", HERE)

    written = json.loads(files.write([PAIR])[PAIR].path.read_text())["interactions"][0]["request"]

    assert written["body"]["content"] == text
