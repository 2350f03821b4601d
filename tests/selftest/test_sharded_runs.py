"""Sharded consumer runs: each shard writes its own folder, `contracts-bdd merge` unites them."""

from __future__ import annotations

import json
from pathlib import Path

from behave_project import Project

SHOP = """\
Feature: {name}
  Scenario: {scenario}
    When the consumer sends a GET request to "/users/1"
    Then the provider responds with status {status}
"""


def normalised(path: Path) -> str:
    """The pact's text with its interactions in one order (merge and pact-ffi may order them differently)."""
    document = json.loads(path.read_text())
    for key in ("interactions", "messages"):
        if key in document:
            document[key] = sorted(document[key], key=lambda item: json.dumps(item, sort_keys=True))
    return json.dumps(document, indent=2, ensure_ascii=False)


def test_merged_shards_equal_an_unsharded_run(project: Project) -> None:
    project.copy_example()
    users, events = "features/consumer/consumer.users.feature", "features/consumer/consumer.order-events.feature"
    assert project.behave("features/consumer").returncode == 0
    whole = {path.name: normalised(path) for path in sorted((project.root / "pacts").glob("*.json"))}
    # Shard 2 runs the users feature too: a scenario in two shards is one interaction.
    for shard, paths in (("shard-1", [users]), ("shard-2", [events, users])):
        run = project.behave("-D", f"pact_dir=merged/{shard}", *paths)
        assert run.returncode == 0, run.output

    done = project.cli("merge", "merged/shard-1", "merged/shard-2", "-o", "merged")

    assert done.returncode == 0, done.stdout + done.stderr
    merged = {path.name: normalised(path) for path in sorted((project.root / "merged").glob("*.json"))}
    assert merged == whole
    assert "wrote merged/OrderService-UserService.json (2 interactions)" in done.stdout


def test_conflicting_duplicates_are_refused_with_their_features_and_nothing_is_written(project: Project) -> None:
    project.write("behave.ini", "[behave.userdata]\nconsumer = Shop\nprovider = Users\n")
    project.write("features/a/ok.feature", SHOP.format(name="a", scenario="Read a user", status=200))
    project.write("features/b/gone.feature", SHOP.format(name="b", scenario="Read a user", status=404))
    for shard, folder in (("1", "features/a"), ("2", "features/b")):
        assert project.behave("-D", f"pact_dir=pacts/shard-{shard}", folder).returncode == 0

    done = project.cli("merge", "pacts/shard-1", "pacts/shard-2", "-o", "pacts")

    assert done.returncode == 2
    assert "1 interaction(s) are declared differently in different shards; nothing was merged" in done.stderr
    assert "Shop -> Users: 'Read a user' in pacts/shard-1/Shop-Users.json and in pacts/shard-2/Shop-Users.json" in (
        done.stderr
    )
    assert "declared at features/a/ok.feature:2" in done.stderr
    assert "declared at features/b/gone.feature:2" in done.stderr
    assert not (project.root / "pacts" / "Shop-Users.json").exists()


def test_shards_at_different_specifications_are_refused(project: Project) -> None:
    project.write("behave.ini", "[behave.userdata]\nconsumer = Shop\nprovider = Users\n")
    project.write("features/a/ok.feature", SHOP.format(name="a", scenario="Read a user", status=200))
    assert project.behave("-D", "pact_dir=pacts/shard-1", "features/a").returncode == 0
    spec = "-D", "pact_specification=V3"
    assert project.behave(*spec, "-D", "pact_dir=pacts/shard-2", "features/a").returncode == 0

    done = project.cli("merge", "pacts/shard-1", "pacts/shard-2", "-o", "pacts")

    assert done.returncode == 2
    assert "at different pact specifications (3.0.0 and 4.0)" in done.stderr
