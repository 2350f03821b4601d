"""`contracts-bdd init` in an empty folder gives a project whose consumer and provider runs are green."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from behave_project import Run
from tests_support import REPO


def _run(folder: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_init_then_both_runs_are_green_and_a_second_init_overwrites_nothing(tmp_path: Path) -> None:
    made = _run(tmp_path, "contracts_bdd", "init", "--consumer", "OrderService", "--provider", "UserService")
    assert made.returncode == 0, made.stderr
    assert "created features/consumer/user-service.feature" in made.stdout

    consumer = _run(tmp_path, "behave", "--no-color", "features/consumer")
    assert consumer.returncode == 0, consumer.stdout + consumer.stderr
    pact = Run(0, "", tmp_path).pact("OrderService-UserService.json")
    assert sorted((item["description"], item["request"]["path"]) for item in pact["interactions"]) == [
        ("A user that does not exist", "/users/2"),  # a UserService serves users (it once wrote /items/1)
        ("A user that exists", "/users/1"),
    ]
    provider = _run(tmp_path, "behave", "--no-color", "features/provider")
    assert provider.returncode == 0, provider.stdout + provider.stderr
    assert json.loads((tmp_path / "provider_data.json").read_text()) == {}  # the handler tore its state down

    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    again = _run(tmp_path, "contracts_bdd", "init", "--consumer", "OrderService", "--provider", "UserService")
    assert again.returncode == 0
    assert "no sample written: behave.ini names the consumer 'OrderService' and the provider 'UserService'" in (
        again.stdout
    )
    assert "created" not in again.stdout
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before


def test_init_example_writes_the_reference_contract_and_both_runs_are_green(tmp_path: Path) -> None:
    assert _run(tmp_path, "contracts_bdd", "init", "--example").returncode == 0

    assert _run(tmp_path, "behave", "--no-color", "features/consumer").returncode == 0
    pact = Run(0, "", tmp_path).pact("OrderService-UserService.json")
    exists = next(item for item in pact["interactions"] if item["description"] == "A user that exists")
    assert exists["request"]["path"] == "/users/1"
    assert exists["response"]["body"]["content"] == {"id": 1, "name": "Alice", "email": "alice@example.com"}
    missing = next(item for item in pact["interactions"] if item["description"] == "A user that does not exist")
    assert missing["response"]["status"] == 404
    provider = _run(tmp_path, "behave", "--no-color", "features/provider")
    assert provider.returncode == 0, provider.stdout + provider.stderr


def test_a_provider_is_verified_on_a_machine_whose_environment_names_no_ca_certificates(tmp_path: Path) -> None:
    # Most machines set neither SSL_CERT_FILE nor SSL_CERT_DIR. The verifier's HTTP client must still build
    # ("builder error" on every interaction, when the run pointed SSL_CERT_DIR at an empty folder).
    plain = {name: value for name, value in os.environ.items() if not name.startswith("SSL_CERT")}
    assert _run(tmp_path, "contracts_bdd", "init", "--consumer", "Shop", "--provider", "CartService").returncode == 0
    assert _run(tmp_path, "behave", "features/consumer").returncode == 0
    provider = subprocess.run(
        [sys.executable, "-m", "behave", "--no-color", "features/provider"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**plain, "PYTHONPATH": str(REPO)},
    )
    assert provider.returncode == 0, provider.stdout + provider.stderr
    assert "2 scenarios passed" in provider.stdout  # one per interaction of the pact


def test_plain_behave_in_an_init_project_verifies_each_interaction_as_a_junit_case_of_its_own(tmp_path: Path) -> None:
    # The README and docs/provider.md recommend one scenario per interaction; init once wrote one scenario
    # ("every interaction passes verification") that booked the whole pact as a single JUnit case.
    assert (
        _run(tmp_path, "contracts_bdd", "init", "--consumer", "OrderService", "--provider", "UserService").returncode
        == 0
    )
    feature = (tmp_path / "features/provider/user-service.feature").read_text()
    assert "Scenario Outline: <consumer>: <interaction>" in feature

    run = _run(tmp_path, "behave", "--no-color", "--junit", "--junit-directory", "reports")

    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 scenarios passed, 0 failed" in run.stdout  # 2 consumer scenarios, then 2 verified interactions
    cases = {
        case.get("name"): case
        for report in (tmp_path / "reports").glob("*.xml")
        for case in ElementTree.parse(report).getroot().iter("testcase")
        if "provider" in (case.get("classname") or "")
    }
    assert sorted(cases) == ["OrderService: A user that does not exist", "OrderService: A user that exists"]
    assert all(list(case) == [] or all(part.tag == "system-out" for part in case) for case in cases.values())
