"""Two checkouts, one pact folder, CI=true: each run publishes the contract it wrote and proved, never the other's."""

from __future__ import annotations

import base64
import json
import os
import sys
from pathlib import Path

from behave_project import Project
from broker_support import FakeBroker, index

TOKEN = "tok-RACE-71aa"
FEATURE = (
    "Feature: {name}\n  Scenario: {name} reads\n"
    '    When the consumer sends a GET request to "/{path}"\n    Then the provider responds with status 200\n'
)
# The other checkout's run lands its pact as its own run does (under the folder's flock, with os.replace), at the
# moment this run is between writing its pact and publishing it: when it asks git for the version to publish as.
GIT = """\
#!{python}
import fcntl, os, shutil, sys
if sys.argv[1:] != ["rev-parse", "HEAD"]:
    sys.exit(1)
shared = {shared!r}
handle = os.open(shared, os.O_RDONLY)
fcntl.flock(handle, fcntl.LOCK_EX)
shutil.copyfile({other!r}, os.path.join(shared, ".other-staged"))
os.replace(os.path.join(shared, ".other-staged"), os.path.join(shared, "Shop-Users.json"))
os.close(handle)
print("a" * 40)
"""


def descriptions(content: bytes) -> list[str]:
    return [interaction["description"] for interaction in json.loads(content)["interactions"]]


def test_a_run_publishes_its_own_pact_when_another_checkout_replaces_the_file_before_it_publishes(
    tmp_path: Path,
) -> None:
    shared = tmp_path / "shared-pacts"
    shared.mkdir()
    other = Project(tmp_path / "other-checkout")
    other.write("behave.ini", "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n")
    other.write("features/consumer/b.feature", FEATURE.format(name="B", path="b"))
    assert other.behave("features/consumer").returncode == 0
    this = Project(tmp_path / "this-checkout")
    this.write(
        "behave.ini",
        f"[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\npact_dir = {shared}\n",
    )
    this.write("features/consumer/a.feature", FEATURE.format(name="A", path="a"))
    git = this.write(
        "bin/git",
        GIT.format(python=sys.executable, shared=str(shared), other=str(other.root / "pacts" / "Shop-Users.json")),
    )
    git.chmod(0o755)
    broker = FakeBroker()
    broker.answer("GET /", (200, index("pb:publish-contracts=/contracts/publish"), 0))
    broker.answer("POST /contracts/publish", (200, {"notices": [{"text": "Pact published"}]}, 0))
    env = {
        "PATH": f"{git.parent}{os.pathsep}{os.environ['PATH']}",
        "CI": "true",
        "GITHUB_REF_NAME": "main",
        "PACT_BROKER_BASE_URL": broker.url,
        "PACT_BROKER_TOKEN": TOKEN,
    }
    try:
        run = this.behave("features/consumer", env=env)
    finally:
        broker.close()

    assert run.returncode == 0, run.output
    assert descriptions((shared / "Shop-Users.json").read_bytes()) == ["B reads"]  # the other run landed after this one
    (published,) = broker.requests_to("POST /contracts/publish")
    assert published.body["pacticipantVersionNumber"] == "a" * 40
    content = base64.b64decode(published.body["contracts"][0]["content"])
    assert descriptions(content) == ["A reads"]
