"""The model → pact-python mapping, checked on the pact JSON pact-ffi writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from contracts_bdd.contract import Interaction, JsonBody, Matcher, Pair, Request, Response
from contracts_bdd.matchers import MATCHERS
from contracts_bdd.pact_engine import build_pact, write_pact


def written_rules(tmp_path: Path, value: Any) -> dict[str, Any]:
    interaction = Interaction("x", Request("GET", "/x"), response=Response(200, body=JsonBody({"v": value})))
    write_pact(build_pact(Pair("C", "P"), "V4", [interaction]), tmp_path, merge=False)
    pact = json.loads((tmp_path / "C-P.json").read_text())
    return pact["interactions"][0]["response"]["matchingRules"]["body"]["$.v"]["matchers"][0]


@pytest.mark.parametrize(
    ("call", "rule"),
    [
        (MATCHERS["like"]("a"), {"match": "type"}),
        (MATCHERS["string"]("a"), {"match": "type"}),
        (MATCHERS["regex"]("ab", "[a-z]+"), {"match": "regex", "regex": "[a-z]+"}),
        (MATCHERS["integer"](1), {"match": "integer"}),
        (MATCHERS["decimal"](1.5), {"match": "decimal"}),
        (MATCHERS["number"](1), {"match": "number"}),
        (MATCHERS["boolean"](True), {"match": "boolean"}),
        (MATCHERS["date"]("2024-05-01"), {"match": "date", "format": "yyyy-MM-dd"}),
        (MATCHERS["time"]("13:45:00"), {"match": "time", "format": "HH:mm:ss"}),
        (MATCHERS["each_like"]("a", min=2, max=4), {"match": "type", "min": 2, "max": 4}),
    ],
)
def test_each_matcher_becomes_its_pact_rule(tmp_path: Path, call: Matcher, rule: dict[str, Any]) -> None:
    assert written_rules(tmp_path, call) == rule


def test_every_registered_matcher_has_a_pact_mapping(tmp_path: Path) -> None:
    for name, spec in MATCHERS.items():
        example = {
            "regex": ("a", "a"),
            "uuid": ("6f1c2d1e-6f6a-4c1e-9f1e-2a6c1b7e0d3a",),
            "integer": (1,),
            "decimal": (1.5,),
            "number": (1,),
            "boolean": (True,),
            "date": ("2024-05-01",),
            "time": ("13:45:00",),
            "datetime": ("2024-05-01T13:45:00+0000",),
        }.get(name, ("a",))
        assert written_rules(tmp_path / name, spec(*example)), name
