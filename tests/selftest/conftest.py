"""Self-tests: write a small behave project to a temp dir, run real `behave`, inspect the result."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests_support import REPO

BEHAVE_TIMEOUT = 120

ENVIRONMENT = """\
from contracts_bdd.hooks import after_all, after_feature, after_scenario, before_all, before_scenario, before_step
"""
STEPS = """\
from contracts_bdd.steps import consumer, provider  # noqa: F401
"""


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

    def behave(self, *arguments: str, env: dict[str, str] | None = None) -> Run:
        environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        done = subprocess.run(
            [sys.executable, "-m", "behave", "--no-color", "-f", "plain", *arguments],
            cwd=self.root,
            env=environment,
            capture_output=True,
            text=True,
            timeout=BEHAVE_TIMEOUT,
            check=False,
        )
        return Run(done.returncode, done.stdout + done.stderr, self.root)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)
