"""The compatibility-suite harness (tests/compat) fails when the engine does.

Each test breaks one behaviour of contracts-bdd's engine for a harness run
(`CONTRACTS_BDD_COMPAT_BREAK`, read by tests/compat/harness/breakages.py) and checks that exactly
the suite's scenarios that check that behaviour fail. Which scenarios those are is read from the
suite's own feature files, not from the harness.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from behave.parser import parse_file
from tests_support import REPO

HARNESS = REPO / "tests" / "compat"
SUITE = REPO.parent / "shared" / "interop" / "compat-suite" / "features"
HARNESS_TIMEOUT = 300

pytestmark = pytest.mark.skipif(
    not SUITE.is_dir(), reason="the Pact compatibility suite (../shared/interop/compat-suite) is not beside this clone"
)


def scenarios_where(features: list[str], chosen: Callable[[list[str]], bool]) -> set[tuple[str, str]]:
    """(feature, scenario) of the suite's scenarios whose own steps `chosen` picks."""
    found = set()
    for feature in features:
        parsed = parse_file(str(SUITE / feature))
        for scenario in parsed.scenarios:
            if chosen([step.name for step in scenario.steps]):
                found.add((feature, scenario.name))
    return found


def failing_scenarios(breakage: str, features: list[str]) -> set[tuple[str, str]]:
    """Run the harness on `features` with one behaviour broken; return the scenarios that failed."""
    run = subprocess.run(
        [str(Path(sys.executable).parent / "behave"), "-f", "progress", *(f"features/{name}" for name in features)],
        cwd=HARNESS,
        env={**os.environ, "CONTRACTS_BDD_COMPAT_BREAK": breakage},
        capture_output=True,
        text=True,
        timeout=HARNESS_TIMEOUT,
        check=False,
    )
    output = run.stdout + run.stderr
    assert f"engine deliberately broken ({breakage})" in output, output
    listed = output.split("Failing scenarios:", 1)[1] if "Failing scenarios:" in output else ""
    failed = {(path, name.strip()) for path, name in re.findall(r"^\s+features/(\S+?):\d+\s+(.+)$", listed, re.M)}
    assert (run.returncode != 0) == bool(failed), output
    return failed


def test_a_reworded_mismatch_fails_every_scenario_that_checks_its_text() -> None:
    features = ["V1/http_consumer.feature", "V2/http_consumer.feature", "V4/matching_rules.feature"]
    # Among them the scenario listed as an engine difference: its observed text is reworded too,
    # so the difference does not show up, and the harness fails it instead of skipping it.
    # The mock server's mismatches, as the consumer sees them (a verifier's are not reworded).
    expected = scenarios_where(
        features,
        lambda steps: any(
            step.startswith("the mismatches will contain") and re.search(r'error ".*Expected', step) for step in steps
        ),
    )

    failed = failing_scenarios("mismatch-text", features)

    assert ("V4/matching_rules.feature", "Supports a not empty matcher with binary data (negative case)") in expected
    assert failed == expected


def test_a_verifier_that_passes_everything_fails_every_scenario_that_expects_a_failure() -> None:
    features = ["V1/http_provider.feature", "V2/http_provider.feature", "V4/message_provider.feature"]
    expected = scenarios_where(
        features,
        lambda steps: any("will NOT be successful" in step or "there will be a pending" in step for step in steps),
    )

    assert failing_scenarios("verifier-passes-all", features) == expected


def test_comments_not_read_fail_the_scenarios_that_look_for_them() -> None:
    features = ["V4/http_provider.feature", "V4/message_provider.feature"]
    expected = scenarios_where(features, lambda steps: any("printed to the console" in step for step in steps))

    assert failing_scenarios("no-comments", features) == expected


def test_rules_that_never_reach_the_engine_fail_the_scenarios_that_rely_on_them() -> None:
    features = ["V2/http_consumer.feature", "V3/matching_rules.feature"]
    # A received request that differs from the example passes only by the rules.
    relying = scenarios_where(
        features,
        lambda steps: any(
            step in ("the comparison should be OK", "a 200 success response is returned") for step in steps
        ),
    )
    # ...except where the request sent is the example itself (the header 1000 of the table).
    equal_to_the_example = {("V2/http_consumer.feature", "Supports matchers for request headers")}

    failed = failing_scenarios("pact-form-rules", features)

    assert relying - equal_to_the_example <= failed
    assert not equal_to_the_example & failed
