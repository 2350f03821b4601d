"""The self-test harness: write a small behave project to a temp dir, run real `behave`, inspect the result."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests_support import REPO

BEHAVE_TIMEOUT = 120

ENVIRONMENT = """\
from contracts_bdd.hooks import after_all, after_feature, after_scenario, before_all, before_scenario, before_step
"""
STEPS = """\
from contracts_bdd.steps import consumer, provider  # noqa: F401
"""


def address_space(mib: int | None) -> Callable[[], None] | None:
    """A `preexec_fn` that caps the child's address space at `mib` MiB: beyond it, allocations fail
    (Python raises MemoryError), so a test of a memory bound fails fast instead of filling the machine."""
    if mib is None:
        return None

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (mib * 2**20, mib * 2**20))

    return limit


@dataclass
class Run:
    """What one behave run did."""

    returncode: int
    output: str
    project: Path

    def pact(self, name: str) -> dict[str, Any]:
        return json.loads((self.project / "pacts" / name).read_text())

    def pact_files(self) -> list[str]:
        folder = self.project / "pacts"
        return sorted(path.name for path in folder.glob("*.json")) if folder.exists() else []


class Project:
    """A throwaway behave project using contracts-bdd."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.write("environment.py", ENVIRONMENT)
        self.write("steps/contracts.py", STEPS)
        self.write("behave.ini", "[behave]\nshow_timings = false\n")

    def copy_example(self) -> None:
        """The repository's own example: its features, steps, environment.py and behave.ini."""
        for part in ("features", "steps", "environment.py", "behave.ini"):
            source = REPO / part
            if source.is_dir():
                shutil.copytree(source, self.root / part, dirs_exist_ok=True)
            else:
                shutil.copy(source, self.root / part)

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
        return path

    def environment(self, env: dict[str, str] | None = None) -> dict[str, str]:
        return {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }

    def behave(self, *arguments: str, env: dict[str, str] | None = None, memory_mib: int | None = None) -> Run:
        """behave run in the project; `memory_mib` caps its address space (`RLIMIT_AS`)."""
        done = subprocess.run(
            [sys.executable, "-m", "behave", "--no-color", "-f", "plain", *arguments],
            cwd=self.root,
            env=self.environment(env),
            capture_output=True,
            text=True,
            timeout=BEHAVE_TIMEOUT,
            check=False,
            preexec_fn=address_space(memory_mib),
        )
        return Run(done.returncode, done.stdout + done.stderr, self.root)

    def cli(
        self, *arguments: str, env: dict[str, str] | None = None, memory_mib: int | None = None
    ) -> subprocess.CompletedProcess[str]:
        """`contracts-bdd *arguments` run in the project, as a user runs it there; `memory_mib` as for `behave`."""
        return subprocess.run(
            [sys.executable, "-m", "contracts_bdd", *arguments],
            cwd=self.root,
            env=self.environment(env),
            capture_output=True,
            text=True,
            timeout=BEHAVE_TIMEOUT,
            check=False,
            preexec_fn=address_space(memory_mib),
        )

    def start_behave(self, *arguments: str, env: dict[str, str] | None = None) -> RunningBehave:
        """Start behave in the background; its output goes to a file the test can watch."""
        return RunningBehave(self, arguments, self.environment(env))


class RunningBehave:
    """A behave run going on in the background, for tests that signal it."""

    def __init__(self, project: Project, arguments: tuple[str, ...], env: dict[str, str]) -> None:
        self.project = project
        self.log = project.root / f"behave-{len(list(project.root.glob('behave-*.log')))}.log"
        with self.log.open("w") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "behave", "--no-color", "-f", "plain", *arguments],
                cwd=project.root,
                env=env,
                stdout=sink,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
        """Wait (bounded) until `condition` holds while behave still runs."""
        deadline = time.monotonic() + seconds
        while not condition():
            assert self.process.poll() is None, f"behave ended before {what}:\n{self.output()}"
            assert time.monotonic() < deadline, f"no {what} within {seconds} s:\n{self.output()}"
            time.sleep(0.02)

    def finish(self) -> Run:
        self.process.wait(BEHAVE_TIMEOUT)
        return Run(self.process.returncode, self.output(), self.project.root)
