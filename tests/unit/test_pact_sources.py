"""Pact sources and the files handed to the verifier: pacts as they are, split when large, cut to a selection."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from contracts_bdd.config import Settings
from contracts_bdd.errors import FeatureError, Location, PactFileError, ProviderError
from contracts_bdd.provider.pact_files import CHUNK_INTERACTIONS, Round, rounds_of, verification_rounds
from contracts_bdd.provider.sources import (
    BrokerPacts,
    FetchedPact,
    LocalPacts,
    PactUrl,
    chosen_source,
    local_pacts,
    pact_source,
)


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


@contextmanager
def verification_sources(
    provider: str, folder: Path, selection: set[tuple[str, str]] | None = None
) -> Iterator[list[Path]]:
    """The files of every round, for a folder's pacts and a selection by (consumer, description)."""
    pacts = local_pacts(LocalPacts((folder,)), provider)
    chosen = None if selection is None else {("", consumer, description) for consumer, description in selection}
    with verification_rounds(pacts, chosen) as rounds:
        yield [path for item in rounds for path in item.files]


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


def test_a_source_is_named_as_a_folder_files_a_url_or_the_broker(tmp_path: Path) -> None:
    assert pact_source("pacts") == LocalPacts((Path("pacts"),))
    assert pact_source(" pacts/a.json, pacts/b.json ") == LocalPacts((Path("pacts/a.json"), Path("pacts/b.json")))
    assert pact_source("https://broker.example/pacts/provider/U/consumer/O/latest") == PactUrl(
        "https://broker.example/pacts/provider/U/consumer/O/latest"
    )
    assert pact_source("Broker") == BrokerPacts()
    assert BrokerPacts().selector_list == [{"mainBranch": True}, {"deployedOrReleased": True}]
    with pytest.raises(FeatureError, match="more than one URL") as raised:
        pact_source("https://a.example/1, https://a.example/2", Location("p.feature", 4))
    assert "p.feature:4" in str(raised.value)


def test_pact_url_in_the_environment_wins_over_every_other_source() -> None:
    settings = Settings(pact_source="pacts/extra")
    webhook = {"PACT_URL": "https://broker.example/pacts/x"}

    assert chosen_source(LocalPacts((Path("mine"),)), settings, webhook) == PactUrl("https://broker.example/pacts/x")
    assert chosen_source(LocalPacts((Path("mine"),)), settings, {}) == LocalPacts((Path("mine"),))
    assert chosen_source(None, settings, {}) == LocalPacts((Path("pacts/extra"),))
    assert chosen_source(None, Settings(), {}) == LocalPacts((Path("pacts"),))


def test_single_files_and_folders_are_read_and_a_named_file_must_be_a_pact(tmp_path: Path) -> None:
    one = write(tmp_path, "Shop-Users.json", pact("Shop", ["a"]))
    other = tmp_path / "more"
    other.mkdir()
    write(other, "Admin-Users.json", pact("Admin", ["b"]))
    write(other, "Admin-Orders.json", pact("Admin", ["c"], provider="Orders"))
    notes = write(tmp_path, "notes.json", {"hello": "world"})

    found = local_pacts(LocalPacts((one, other)), "Users")

    assert [(item.consumer, item.label) for item in found] == [
        ("Shop", "Shop-Users.json"),
        ("Admin", "Admin-Users.json"),
    ]
    with pytest.raises(PactFileError, match="names no consumer and provider"):
        local_pacts(LocalPacts((notes,)), "Users")
    with pytest.raises(ProviderError, match="does not exist"):
        local_pacts(LocalPacts((tmp_path / "missing.json",)), "Users")
    with pytest.raises(ProviderError, match="it has pacts for: Orders"):
        local_pacts(LocalPacts((other / "Admin-Orders.json",)), "Users")


def fetched(consumer: str, origin: str, descriptions: list[str], *, pending: bool = False) -> FetchedPact:
    return FetchedPact(pact(consumer, descriptions), origin, consumer, "Users", origin, pending=pending)


def test_two_pacts_of_one_consumer_are_verified_in_separate_rounds() -> None:
    main = fetched("Shop", "https://b/main", ["a"])
    deployed = fetched("Shop", "https://b/prod", ["a"])
    admin = fetched("Admin", "https://b/admin", ["x"])

    assert rounds_of([main, deployed, admin]) == [[main, admin], [deployed]]


def test_fetched_pacts_are_written_to_a_private_folder_and_a_selection_names_their_origin() -> None:
    main = fetched("Shop", "https://b/main", ["a", "b"])
    deployed = fetched("Shop", "https://b/prod", ["a", "b"])

    with verification_rounds([main, deployed], {("https://b/prod", "Shop", "b")}) as rounds:
        kept = [[[item["description"] for item in read([path])[0]["interactions"]] for path in r.files] for r in rounds]
        folder = rounds[0].files[0].parent if rounds[0].files else rounds[1].files[0].parent
        assert folder.stat().st_mode & 0o777 == 0o700

    assert kept == [[], [["b"]]]
    assert all(isinstance(item, Round) for item in rounds)
    assert not folder.exists()
