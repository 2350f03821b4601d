"""Consumer features run in parallel processes by BehaveX: a shard per process, merged once, published once.

behavex features/consumer --parallel-processes 2 --parallel-scheme feature -D pact_shards=shards
contracts-bdd merge shards/* -o pacts
contracts-bdd publish pacts
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from behave_project import BEHAVE_TIMEOUT, Project
from broker_support import FakeBroker

BEHAVEX = shutil.which("behavex", path=str(Path(sys.executable).parent))
needs_behavex = pytest.mark.skipif(
    BEHAVEX is None, reason="BehaveX is not installed beside this Python (pip install -e '.[test]' installs it)"
)

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n"
SCENARIO = """\
  Scenario: user {i}
    Given the provider is in the state "a user with id {i} exists"
    When the consumer sends a GET request to "/users/{i}"
    Then the provider responds with status 200
    And the response has the JSON body:
      \"\"\"
      {{"id": {{{{ integer({i}) }}}}, "name": {{{{ like("Alice") }}}}}}
      \"\"\"
"""
EVENT = """\
  Scenario: order {i} was placed
    When the provider publishes the message "order {i} was placed"
    And the message has the JSON body:
      \"\"\"
      {{"orderId": {{{{ integer({i}) }}}}}}
      \"\"\"
"""


def group_members(group: int) -> list[str]:
    """The command lines of the processes still in process group `group` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError):
            continue  # not a process, or one that has just ended
        state, _, process_group = stat.rpartition(")")[2].split()[:3]
        if entry.name.isdigit() and int(process_group) == group and state != "Z":  # a zombie has ended
            found.append(command.strip())
    return found


def behavex(project: Project, *arguments: str) -> subprocess.CompletedProcess[str]:
    """BehaveX, as a user runs it in the project (its reports go to the project's output/).

    It runs in a process group of its own. Whatever is still in that group once BehaveX has
    ended (or timed out) is killed, and the test fails naming it: a parallel run leaves no
    process behind.
    """
    assert BEHAVEX is not None
    process = subprocess.Popen(
        [BEHAVEX, *arguments],
        cwd=project.root,
        env=project.environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=BEHAVE_TIMEOUT)
    finally:
        left = group_members(process.pid)
        if left or process.returncode is None:
            with contextlib.suppress(ProcessLookupError):  # the last of them ended meanwhile
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert left == [], f"BehaveX left processes behind: {left}"
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def normalised(folder: Path) -> dict[str, str]:
    """Each pact's text with its interactions in one order (processes and merge may order them differently)."""
    found = {}
    for path in sorted(folder.glob("*.json")):
        document = json.loads(path.read_text())
        for key in ("interactions", "messages"):
            if key in document:
                document[key] = sorted(document[key], key=lambda item: json.dumps(item, sort_keys=True))
        found[path.name] = json.dumps(document, indent=2, sort_keys=True)
    return found


def suite(project: Project) -> None:
    """Six feature files: users for Shop and, in one of them, order events for Shop -> Orders too."""
    project.write("behave.ini", USERDATA)
    for number in range(6):
        scenarios = "".join(SCENARIO.format(i=10 * number + i) for i in range(3))
        if number == 2:
            scenarios += "".join(EVENT.format(i=i) for i in range(2)).replace(
                "Scenario:", "@provider:Orders\n  Scenario:"
            )
        project.write(f"features/consumer/users-{number}.feature", f"Feature: users {number}\n\n{scenarios}")


@needs_behavex
def test_a_parallel_run_merged_from_its_shards_equals_a_single_process_run(project: Project) -> None:
    suite(project)
    single = project.behave("features/consumer")
    assert single.returncode == 0, single.output

    parallel = behavex(
        project,
        "features/consumer",
        "--parallel-processes",
        "2",
        "--parallel-scheme",
        "feature",
        "-D",
        "pact_shards=shards",
    )
    shards = sorted(path for path in (project.root / "shards").iterdir())
    merged = project.cli("merge", *(str(shard.relative_to(project.root)) for shard in shards), "-o", "merged")

    assert parallel.returncode == 0, parallel.stdout + parallel.stderr
    assert len(shards) == 2  # a folder per process; each process ran several features into it
    assert "to the shard shards/" in parallel.stdout
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert normalised(project.root / "merged") == normalised(project.root / "pacts")
    assert sorted(normalised(project.root / "merged")) == ["Shop-Orders.json", "Shop-Users.json"]
    assert len(json.loads((project.root / "merged" / "Shop-Users.json").read_text())["interactions"]) == 18


def test_a_shard_is_never_published_even_when_publishing_is_on(project: Project) -> None:
    broker = FakeBroker()
    try:
        project.write(
            "behave.ini", USERDATA + f"broker_base_url = {broker.url}\npublish = true\nconsumer_version = 1.0.0\n"
        )
        project.write("features/consumer/users.feature", "Feature: users\n\n" + SCENARIO.format(i=1))

        run = project.behave("-D", "pact_shards=shards", "features/consumer")
    finally:
        broker.close()

    assert run.returncode == 0, run.output
    assert "this run wrote a shard of the contract" in run.output
    assert "a shard is never published" in run.output
    assert broker.seen == []
    (shard,) = (project.root / "shards").iterdir()
    assert [path.name for path in shard.iterdir()] == ["Shop-Users.json"]
    assert not (project.root / "pacts").exists()


@needs_behavex
def test_a_failing_scenario_in_one_process_fails_the_parallel_run_and_its_pair_is_in_no_shard(project: Project) -> None:
    suite(project)
    project.write(
        "features/consumer/users-3.feature",
        "Feature: users 3\n\n"
        + SCENARIO.format(i=30)
        + '  Scenario: a user gone\n    When the consumer sends a GET request to "/users/{{ integer(1) }}x"\n'
        + "    Then the provider responds with status 200\n",
    )

    parallel = behavex(
        project,
        "features/consumer",
        "--parallel-processes",
        "2",
        "--parallel-scheme",
        "feature",
        "-D",
        "pact_shards=shards",
    )

    assert parallel.returncode != 0
    written = sorted(path.name for shard in (project.root / "shards").iterdir() for path in shard.glob("*.json"))
    users = [path for shard in (project.root / "shards").iterdir() for path in shard.glob("Shop-Users.json")]
    descriptions = {item["description"] for path in users for item in json.loads(path.read_text())["interactions"]}
    assert "user 30" not in descriptions  # the failing feature's pair wrote nothing from that run
    assert "Shop-Orders.json" in written
