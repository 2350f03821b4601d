"""The provider side against every interaction the Pact world wrote (../shared/interop/pacts): HTTP and messages."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from tests_support import REPO

from examples.interop.apps import APPS
from examples.interop.messages import PRODUCERS

INTEROP = REPO / "tests" / "interop"
PACTS = REPO.parent / "shared" / "interop" / "pacts"
BREAKS = {  # provider -> an interaction description to break, and how many interactions carry it
    "messageProvider": ("an alligator named Mary exists", 1),
    "test_provider_combined/message": ("Test Message", 1),
    "GettingStartedOrderApi": ("a request for orders", 1),
    "ProviderStateService": ("a request", 1),
    "myAwesomeService": ("Get data", 1),
    "ProviderStateParametersInjected": ("Hello John", 1),
    "test_provider_combined": ("test http interaction", 1),
    "V4Service": ("a test request, part 2", 1),
    "Animal_Service": ("a request for animals", 1),
    "formUrlEncodedProvider": ("A post request to /users", 1),
    "generatorsProvider": ("A get request to /generators", 1),
    "jsonProvider": ("A get request to /goodbye/{name}", 2),
}

pytestmark = pytest.mark.skipif(not PACTS.is_dir(), reason="../shared/interop is not beside this clone")


def behave(*arguments: str, **environ: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "behave", "--no-color", "-f", "plain", *arguments],
        cwd=INTEROP,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO), **environ},
    )


def cases(folder: Path) -> list[tuple[str, str]]:
    """(interaction, passed|failed|skipped) for every JUnit test case; names repeat where descriptions do."""
    found = []
    for report in folder.glob("*.xml"):
        for case in ElementTree.parse(report).iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                status = "failed"
            else:
                status = "skipped" if case.find("skipped") is not None else "passed"
            found.append((case.get("name", "").split(" -- ")[0], status))
    return found


def test_every_interop_interaction_is_verified_one_junit_case_each(tmp_path: Path) -> None:
    run = behave("features", "--junit", "--junit-directory", str(tmp_path))

    assert run.returncode == 0, run.stdout + run.stderr
    found = cases(tmp_path)
    assert len(found) == 21  # every interaction of the 12 interop pacts: 19 HTTP, 2 messages
    assert {status for _, status in found} == {"passed"}
    assert ("messageConsumer: an alligator named Mary exists", "passed") in found
    assert ("test_consumer: Test Message", "passed") in found
    assert "12 features passed, 0 failed" in run.stdout


@pytest.mark.parametrize("provider", sorted(BREAKS))
def test_breaking_a_provider_fails_exactly_that_interaction(provider: str, tmp_path: Path) -> None:
    description, count = BREAKS[provider]

    feature = provider.split("/", maxsplit=1)[0]
    run = behave(
        f"features/{feature}.feature", "--junit", "--junit-directory", str(tmp_path), INTEROP_BREAK=description
    )

    assert run.returncode != 0
    failed = [name for name, status in cases(tmp_path) if status == "failed"]
    assert len(failed) == count, (failed, run.stdout[-6000:])
    # one description held twice by a pact (other provider states) is named with its states
    assert all(name.endswith(f": {description}") or f": {description} (given " in name for name in failed), failed
    assert f"'{description}' failed verification:" in run.stdout


def test_a_broken_pending_interaction_is_reported_without_failing(tmp_path: Path) -> None:
    run = behave(
        "features/test_provider.feature",
        "--junit",
        "--junit-directory",
        str(tmp_path),
        INTEROP_BREAK="test interaction",
    )

    assert run.returncode == 0, run.stdout
    assert [status for _, status in cases(tmp_path)] == ["skipped"]
    report = next(tmp_path.glob("*.xml")).read_text()
    assert "pending, and failing" in report
    assert "accountId" in report


def test_every_provider_has_an_app_or_producers_and_a_feature() -> None:
    features = sorted(path.stem for path in (INTEROP / "features").glob("*.feature"))
    assert features == sorted([*APPS, "messageProvider"])  # messageProvider publishes messages only
    assert sorted(PRODUCERS) == ["Test Message", "an alligator named Mary exists"]
