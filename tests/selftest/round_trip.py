"""Helpers for round trips: a pact rendered by the real CLI, run by behave, and judged exactly.

    document, feature, run = render_and_run(project, interactions)
    assert_exactly_back(document, run.pact("Shop-Users.json"), feature)

The judge is `pact_equivalence`, written apart from contracts-bdd.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from behave_project import Project, Run
from pact_equivalence import compare

from contracts_bdd.pact.engine_checks import engine_accepts
from contracts_bdd.render.feature import render_file


def assert_exactly_back(original: dict[str, Any], written: dict[str, Any], feature: str = "") -> None:
    """Every interaction of `original` is in `written`, exactly (as `pact_equivalence` judges)."""
    comparison = compare(original, written)
    assert comparison.exact == list(range(comparison.total)), comparison.report() + "\n" + feature


def render_and_run(project: Project, interactions: list[dict[str, Any]]) -> tuple[dict[str, Any], str, Run]:
    """A V4 pact Shop -> Users of `interactions`, rendered by the real CLI into the project and run by behave.

    Returns the pact document, the rendered feature and the consumer run (its exit code unchecked).
    """
    document = {
        "consumer": {"name": "Shop"},
        "provider": {"name": "Users"},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "4.0"}},
    }
    source = project.write("original.json", json.dumps(document))
    target = project.root / "features" / "consumer" / "rendered.feature"
    target.parent.mkdir(parents=True)
    rendered = subprocess.run(
        [sys.executable, "-m", "contracts_bdd", "render", str(source), "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert rendered.returncode == 0, rendered.stderr
    return document, target.read_text(), project.behave("features/consumer")


def run_rendered(pact_file: Path, root: Path) -> tuple[str, Run]:
    """The pact file rendered as a feature, run by behave in a fresh project at `root`."""
    rendered = render_file(pact_file, judge=engine_accepts)
    project = Project(root)
    project.write("features/consumer/rendered.feature", rendered)
    return rendered, project.behave("features/consumer")
