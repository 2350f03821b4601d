"""The files handed to the verifier: pacts as they are, split when large, or cut down to a selection."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from contracts_bdd.provider.local_pacts import CHUNK_INTERACTIONS, verification_sources


def pact(consumer: str, descriptions: list[str], provider: str = "Users") -> dict[str, Any]:
    return {
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        "interactions": [
            {"type": "Synchronous/HTTP", "description": description, "request": {"method": "GET", "path": "/"}}
            for description in descriptions
        ],
        "metadata": {"pactSpecification": {"version": "4.0"}},
    }


def write(folder: Path, name: str, document: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(json.dumps(document))
    return path


def read(paths: list[Path]) -> list[dict[str, Any]]:
    return [json.loads(path.read_text()) for path in paths]


def test_pacts_that_need_no_change_are_given_as_they_are(tmp_path: Path) -> None:
    small = write(tmp_path, "Shop-Users.json", pact("Shop", ["a", "b"]))
    write(tmp_path, "Shop-Orders.json", pact("Shop", ["c"], provider="Orders"))

    with verification_sources("Users", tmp_path) as paths:
        assert paths == [small]


def test_a_large_pact_is_given_in_parts_that_keep_its_names_and_metadata_and_are_removed_after(
    tmp_path: Path,
) -> None:
    descriptions = [f"user {number}" for number in range(2 * CHUNK_INTERACTIONS + 10)]
    write(tmp_path, "Shop-Users.json", pact("Shop", descriptions))

    with verification_sources("Users", tmp_path) as paths:
        parts = read(paths)
        folder = paths[0].parent
        assert folder != tmp_path
        assert folder.stat().st_mode & 0o777 == 0o700

    assert [len(part["interactions"]) for part in parts] == [CHUNK_INTERACTIONS, CHUNK_INTERACTIONS, 10]
    assert [item["description"] for part in parts for item in part["interactions"]] == descriptions
    assert {(part["consumer"]["name"], part["provider"]["name"]) for part in parts} == {("Shop", "Users")}
    assert all(part["metadata"] == {"pactSpecification": {"version": "4.0"}} for part in parts)
    assert not folder.exists()


def test_a_selection_keeps_only_those_interactions_of_those_consumers(tmp_path: Path) -> None:
    write(tmp_path, "Shop-Users.json", pact("Shop", ["a", "b", "c"]))
    write(tmp_path, "Admin-Users.json", pact("Admin", ["a", "d"]))
    write(
        tmp_path,
        "Events-Users.json",
        {"consumer": {"name": "Events"}, "provider": {"name": "Users"}, "messages": [{"description": "a"}]},
    )

    with verification_sources("Users", tmp_path, {("Shop", "a"), ("Shop", "c"), ("Admin", "d")}) as paths:
        kept = {
            part["consumer"]["name"]: [item["description"] for item in part["interactions"]] for part in read(paths)
        }

    assert kept == {"Shop": ["a", "c"], "Admin": ["d"]}


def test_the_parts_are_removed_when_the_verification_is_interrupted(tmp_path: Path) -> None:
    write(tmp_path, "Shop-Users.json", pact("Shop", ["a", "b"]))
    folders = []

    def interrupted_verification() -> None:
        with verification_sources("Users", tmp_path, {("Shop", "a")}) as paths:
            folders.append(paths[0].parent)
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted_verification()

    assert folders
    assert not folders[0].exists()


def test_a_selection_hands_over_messages_as_it_does_http_interactions(tmp_path: Path) -> None:
    document = pact("Shop", ["a", "b"])
    document["interactions"].append({"type": "Asynchronous/Messages", "description": "an event", "contents": {}})
    write(tmp_path, "Shop-Users.json", document)
    write(
        tmp_path,
        "Events-Users.json",
        {
            "consumer": {"name": "Events"},
            "provider": {"name": "Users"},
            "messages": [{"description": "e"}, {"description": "f"}],
        },
    )

    with verification_sources("Users", tmp_path, {("Shop", "a"), ("Shop", "an event"), ("Events", "f")}) as paths:
        parts = read(paths)

    assert [[item["description"] for item in part.get("interactions", part.get("messages"))] for part in parts] == [
        ["f"],
        ["a", "an event"],
    ]
