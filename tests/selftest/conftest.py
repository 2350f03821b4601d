"""Self-test fixtures: a throwaway behave project in a temp dir (see behave_project.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from behave_project import Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)
