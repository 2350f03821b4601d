"""Pact files: collected per pair, written once, replaced atomically, merged only when asked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contracts_bdd.errors import ContractsBddError, FeatureError, Location
from contracts_bdd.model.contract import Interaction, Pair, Request, Response
from contracts_bdd.pact import files as pact_files
from contracts_bdd.pact.files import PactFiles

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

    target = files.write([PAIR])[PAIR]

    assert descriptions(target) == ["a", "b"]
    assert list(tmp_path.iterdir()) == [target]


def test_merge_mode_keeps_interactions_of_features_not_run(tmp_path: Path) -> None:
    first = PactFiles(tmp_path, "overwrite")
    first.collect(PAIR, interactions("from-other-feature"), "V4", HERE)
    first.write([PAIR])

    files = PactFiles(tmp_path, "merge")
    files.collect(PAIR, interactions("this-run"), "V4", HERE)

    assert descriptions(files.write([PAIR])[PAIR]) == ["from-other-feature", "this-run"]


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
