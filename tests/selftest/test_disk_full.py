"""A pact file that cannot be written (a full disk): a readable message, and nothing lost.

The disk is made full for the run alone: a file size limit (`RLIMIT_FSIZE`) makes the system refuse
the write as a full disk does, and pact-ffi fails the same way (a bare `RuntimeError` naming a
`PactHandle`).
"""

from __future__ import annotations

import resource
import subprocess
import sys

from behave_project import BEHAVE_TIMEOUT, Project

PREVIOUS = b'{"consumer": {"name": "Shop"}, "provider": {"name": "Users"}, "interactions": []}'


def no_room() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))  # Python ignores SIGXFSZ: the write fails with EFBIG


def test_a_pact_that_cannot_be_written_says_why_and_leaves_the_old_file(project: Project) -> None:
    project.write(
        "behave.ini", "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n"
    )
    project.write(
        "features/consumer/users.feature",
        'Feature: users\n  Scenario: Read users\n    When the consumer sends a GET request to "/users"\n'
        "    Then the provider responds with status 200\n",
    )
    (project.root / "pacts").mkdir()
    (project.root / "pacts" / "Shop-Users.json").write_bytes(PREVIOUS)

    done = subprocess.run(
        [sys.executable, "-m", "behave", "--no-color", "-f", "plain", "features/consumer"],
        cwd=project.root,
        env=project.environment(),
        capture_output=True,
        text=True,
        timeout=BEHAVE_TIMEOUT,
        check=False,
        preexec_fn=no_room,
    )
    output = done.stdout + done.stderr

    assert done.returncode != 0
    assert "PactHandle(" not in output, output
    assert "the pact for Shop -> Users was not written to pacts/Shop-Users.json, which was left as it was" in output
    assert "File too large (EFBIG)" in output
    assert (project.root / "pacts" / "Shop-Users.json").read_bytes() == PREVIOUS
    assert sorted(path.name for path in (project.root / "pacts").iterdir()) == ["Shop-Users.json"]
