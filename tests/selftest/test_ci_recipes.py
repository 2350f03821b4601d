"""The package as a user gets it: built, installed into an empty environment, and its CI recipes run.

One wheel is built (`python -m build`, from a copy of this checkout, as on a fresh clone) and installed
into one new virtual environment, shared by every test here. Then, as a user's repository would:
`contracts-bdd init --ci github|gitlab` in a temporary folder, contracts-bdd pinned in
requirements-contracts.txt to the built wheel kept in the repository, and the generated workflows'
shell steps run as written (ci_recipes_support.py plays the runners) against a broker double made
of the broker's own contracts (contract_broker.py).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from broker_support import BROKER_CONTRACTS
from ci_recipes_support import GitHub, GitLab, Ran, Runner, environment_for_jobs
from contract_broker import ContractBroker, Result
from tests_support import REPO

NEEDS_BROKER = pytest.mark.skipif(
    not BROKER_CONTRACTS.is_dir(), reason="the broker double is made of ../shared/interop/broker, not beside this clone"
)
TOKEN = "tok-RECIPE-NEVER-SHOWN-7c2"
NOT_A_CHECKOUT = ("*.egg-info", "__pycache__", ".git", ".venv", ".mypy_cache", ".ruff_cache", "build", "dist")


@dataclass
class Built:
    wheel: Path
    sdist: Path
    output: str


@dataclass
class Installed:
    venv: Path
    wheel: Path
    home: Path

    def run(self, *command: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command,
            cwd=cwd,
            env={**environment_for_jobs(self.venv, self.home), **(env or {})},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The sdist and the wheel, built by PyPA's `build` in an isolated environment, as on a fresh clone."""
    source = tmp_path_factory.mktemp("checkout") / "contracts-bdd"
    shutil.copytree(REPO, source, symlinks=True, ignore=shutil.ignore_patterns(*NOT_A_CHECKOUT))
    done = subprocess.run(  # in this environment as it is: PYTHONDONTWRITEBYTECODE, set here, made setuptools warn
        [sys.executable, "-m", "build", "--outdir", str(source / "dist"), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = (source / "dist").glob("*.whl")
    (sdist,) = (source / "dist").glob("*.tar.gz")
    return Built(wheel, sdist, done.stdout + done.stderr)


@pytest.fixture(scope="module")
def installed(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """A new virtual environment with nothing but the wheel and what it depends on."""
    root = tmp_path_factory.mktemp("user")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    home = root / "home"
    home.mkdir()
    user = Installed(venv, built.wheel, home)
    done = user.run(str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(built.wheel), cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    return user


def _version() -> str:
    found = re.search(r'^version = "([^"]+)"$', (REPO / "pyproject.toml").read_text(), re.MULTILINE)
    assert found, "pyproject.toml gives no version"
    return found.group(1)


def test_the_package_builds_with_no_warnings_and_carries_its_templates_license_and_changelog(built: Built) -> None:
    warnings = [line for line in built.output.splitlines() if "warn" in line.lower()]
    assert warnings == [], "\n".join(warnings)

    names = set(zipfile.ZipFile(built.wheel).namelist())
    templates = {
        path.relative_to(REPO).as_posix()
        for path in (REPO / "contracts_bdd" / "templates").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert len(templates) >= 15  # the feature, the site's and the CI recipes' templates
    assert templates <= names, templates - names
    assert "contracts_bdd/py.typed" in names
    dist_info = f"contracts_bdd-{_version()}.dist-info"
    assert f"{dist_info}/licenses/LICENSE" in names
    metadata = zipfile.ZipFile(built.wheel).read(f"{dist_info}/METADATA").decode()
    assert "License-Expression: MIT" in metadata
    assert f"Version: {_version()}" in metadata

    with tarfile.open(built.sdist) as sdist:
        carried = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml"} <= carried
    assert not any(name.startswith((".venv", "dist/", "pacts/", "site/", "reports/")) for name in carried)


def _quick_start() -> list[str]:
    """The README's 60-second start: its lines after the install, as written."""
    readme = (REPO / "README.md").read_text()
    block = readme.split("<!-- The 60-second start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    lines = [line for line in block.splitlines() if line.startswith(("contracts-bdd ", "behave "))]
    assert len(lines) == 3, block
    return lines


def test_the_installed_wheel_says_its_version_and_runs_the_readmes_60_second_start(
    installed: Installed, tmp_path: Path
) -> None:
    bin_ = installed.venv / "bin"
    said = installed.run(str(bin_ / "contracts-bdd"), "--version", cwd=tmp_path)
    assert said.stdout.strip() == f"contracts-bdd {_version()}"
    imported = installed.run(
        str(bin_ / "python"),
        "-c",
        "import contracts_bdd; print(contracts_bdd.__version__, contracts_bdd.__file__)",
        cwd=tmp_path,
    )
    version, location = imported.stdout.split()
    assert version == _version()
    assert Path(location).is_relative_to(installed.venv)  # the wheel's copy, not this checkout's

    for line in _quick_start():  # with the virtual environment activated: its bin/ first on PATH
        done = installed.run("bash", "-e", "-c", line, cwd=tmp_path)
        assert done.returncode == 0, f"$ {line}\n{done.stdout}{done.stderr}"
        assert "1 feature passed" in done.stdout or line.startswith("contracts-bdd")
    pact = json.loads((tmp_path / "pacts" / "OrderService-UserService.json").read_text())
    assert sorted(item["request"]["path"] for item in pact["interactions"]) == ["/users/1", "/users/2"]


def _broker_block() -> list[str]:
    """The README's "With a Pact Broker, in CI" commands, as written."""
    readme = (REPO / "README.md").read_text()
    block = readme.split("<!-- With a Pact Broker:", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return block.splitlines()


@NEEDS_BROKER
def test_the_readmes_broker_commands_publish_verify_and_gate_as_written(
    installed: Installed, tmp_path: Path, broker: ContractBroker
) -> None:
    """In a git checkout of the 60-second start's project: the README's commands, against the broker double."""
    made = installed.run(
        "bash",
        "-e",
        "-c",
        f"{_quick_start()[0]} && git init -q && git add -A && git commit -qm init",
        cwd=tmp_path,
        env={
            "GIT_AUTHOR_NAME": "A",
            "GIT_AUTHOR_EMAIL": "a@example.com",
            "GIT_COMMITTER_NAME": "A",
            "GIT_COMMITTER_EMAIL": "a@example.com",
        },
    )
    assert made.returncode == 0, made.stdout + made.stderr
    sha = installed.run("git", "rev-parse", "HEAD", cwd=tmp_path).stdout.strip()

    export, *commands = _broker_block()
    # The one line a user fills in: the broker's address and token, which the test sets instead.
    assert export.split()[:3] == ["export", "PACT_BROKER_BASE_URL=https://broker.example.com", "PACT_BROKER_TOKEN=..."]
    assert len(commands) == 3, commands
    broker_env = {"PACT_BROKER_BASE_URL": broker.url, "PACT_BROKER_TOKEN": TOKEN}
    outputs = []
    for line in commands:
        done = installed.run("bash", "-e", "-c", line, cwd=tmp_path, env=broker_env)
        assert done.returncode == 0, f"$ {line}\n{done.stdout}{done.stderr}"
        outputs.append(done.stdout + done.stderr)
    assert TOKEN not in "".join(outputs)

    (pact,) = broker.published
    assert (pact.consumer, pact.provider, pact.version) == ("OrderService", "UserService", sha)
    assert [(result.consumer_version, result.provider_version, result.success) for result in broker.results] == [
        (sha, sha, True)
    ]
    assert "Computer says yes" in outputs[2]
    assert broker.problems == []


# -- the recipes ---------------------------------------------------------------------------------
@dataclass
class Repository:
    """A user's repository after `init --ci`: contracts-bdd pinned to the built wheel, kept in vendor/."""

    root: Path
    runner: Runner


@pytest.fixture
def broker() -> Iterator[ContractBroker]:
    with ContractBroker() as double:
        yield double


def _repository(installed: Installed, tmp_path: Path, system: str, shards: int = 1) -> Repository:
    """`contracts-bdd init --ci SYSTEM [--shards N]` for OrderService and UserService, in a new repository."""
    root = tmp_path / "repository"
    root.mkdir()
    init = ("init", "--consumer", "OrderService", "--provider", "UserService", "--ci", system, "--shards", str(shards))
    made = installed.run(str(installed.venv / "bin" / "contracts-bdd"), *init, cwd=root)
    assert made.returncode == 0, made.stdout + made.stderr
    requirements = root / "requirements-contracts.txt"
    assert requirements.read_text().splitlines()[-1] == f"contracts-bdd=={_version()}"
    (root / "vendor").mkdir()
    shutil.copy(installed.wheel, root / "vendor")
    pinned = requirements.read_text().replace(f"contracts-bdd=={_version()}\n", f"./vendor/{installed.wheel.name}\n")
    requirements.write_text(pinned)  # what the file's own comment tells a team without a package index to do
    runner = Runner(root, tmp_path / "jobs", environment_for_jobs(installed.venv, installed.home))
    runner.work.mkdir()
    return Repository(root, runner)


def _green(runs: list[Ran]) -> str:
    for ran in runs:
        assert ran.returncode == 0, f"{ran.job} failed:\n{ran.output}"
    output = "\n".join(ran.output for ran in runs)
    assert TOKEN not in output
    return output


def _second_feature(root: Path) -> None:
    """A second consumer feature of the same pair, so that two shards each have one."""
    (root / "features" / "consumer" / "user-names.feature").write_text(
        "@consumer:OrderService @provider:UserService\n"
        "Feature: OrderService shows user names\n"
        "  Scenario: The name of a user that exists\n"
        '    Given the provider is in the state "a user with id 1 exists"\n'
        '    When the consumer sends a GET request to "/users/1"\n'
        "    Then the provider responds with status 200\n"
        "    And the response has the JSON body:\n"
        '      """\n'
        '      {"name": {{ like("Alice") }}}\n'
        '      """\n'
    )


def _github(repository: Repository, broker: ContractBroker, sha: str, payload: dict[str, str] | None = None) -> GitHub:
    """GitHub's context for a push at `sha`, or for the broker's repository_dispatch with `payload`."""
    context = {
        "github": {
            "sha": sha,
            "ref_name": "main",
            "repository": "shop/order-service",
            "run_id": "4242",
            "event_name": "repository_dispatch" if payload else "push",
            "event": {"client_payload": payload or {}},
        },
        "vars": {"PACT_BROKER_BASE_URL": broker.url},
        "secrets": {"PACT_BROKER_TOKEN": TOKEN},
    }
    return GitHub(repository.runner, context)


@NEEDS_BROKER
def test_github_recipes_publish_verify_by_webhook_and_by_push_and_gate_both_sides(
    installed: Installed, tmp_path: Path, broker: ContractBroker
) -> None:
    repository = _repository(installed, tmp_path, "github")
    workflows = repository.root / ".github" / "workflows"

    # The consumer's push: the features write the pact and publish it.
    consumer = _github(repository, broker, "c0ffee1")
    _green(consumer.run(workflows / "contracts-consumer.yml", "contracts"))
    (pact,) = broker.published
    assert (pact.consumer, pact.provider, pact.version, pact.branch) == (
        "OrderService",
        "UserService",
        "c0ffee1",
        "main",
    )
    assert sorted(item["description"] for item in pact.pact["interactions"]) == [
        "A user that does not exist",
        "A user that exists",
    ]

    # The broker's webhook starts the provider's verification of that one pact.
    webhook = _github(
        repository, broker, "f00d001", {"pact_url": broker.pact_url(pact), "sha": "f00d001", "branch": "main"}
    )
    runs = webhook.run(workflows / "contracts-verify-changed-pact.yml", "verify-changed-pact")
    _green(runs)
    assert [(result.consumer_version, result.provider_version, result.success) for result in broker.results] == [
        ("c0ffee1", "f00d001", True)
    ]

    # The consumer's can-i-deploy now has its answer.
    assert "Computer says yes" in _green(consumer.run(workflows / "contracts-consumer.yml", "can-i-deploy"))

    # The provider's own push verifies what the broker selects, then asks can-i-deploy for itself.
    provider = _github(repository, broker, "f00d002")
    _green(provider.run(workflows / "contracts-provider.yml", "verify"))
    assert broker.results[-1].provider_version == "f00d002"
    assert broker.results[-1].success
    assert "Computer says yes" in _green(provider.run(workflows / "contracts-provider.yml", "can-i-deploy"))
    assert broker.problems == []


@NEEDS_BROKER
def test_github_sharded_recipe_runs_shards_merges_publishes_and_gates(
    installed: Installed, tmp_path: Path, broker: ContractBroker
) -> None:
    repository = _repository(installed, tmp_path, "github", shards=2)
    _second_feature(repository.root)
    workflow = repository.root / ".github" / "workflows" / "contracts-consumer.yml"
    github = _github(repository, broker, "5ha4d01")

    shards = github.run(workflow, "shard")
    _green(shards)
    assert len(shards) == 2
    assert broker.published == []  # a shard publishes nothing
    _green(github.run(workflow, "publish"))
    (pact,) = broker.published
    assert sorted(item["description"] for item in pact.pact["interactions"]) == [
        "A user that does not exist",
        "A user that exists",
        "The name of a user that exists",
    ]

    # The provider's verification of the merged pact (its recipes run in the test above).
    broker.results.append(Result("OrderService", "UserService", "5ha4d01", "f00d003", success=True))
    assert "Computer says yes" in _green(github.run(workflow, "can-i-deploy"))
    assert broker.problems == []


def _gitlab(repository: Repository, broker: ContractBroker, sha: str, **pipeline: str) -> GitLab:
    variables = {
        "PACT_BROKER_BASE_URL": broker.url,
        "PACT_BROKER_TOKEN": TOKEN,
        "CI_COMMIT_SHA": sha,
        "CI_COMMIT_REF_NAME": "main",
        "CI_PIPELINE_SOURCE": "trigger" if pipeline else "push",
        **pipeline,
    }
    return GitLab(repository.runner, variables)


@NEEDS_BROKER
def test_gitlab_recipes_run_a_pipeline_of_both_sides_then_the_webhooks_pipeline(
    installed: Installed, tmp_path: Path, broker: ContractBroker
) -> None:
    repository = _repository(installed, tmp_path, "gitlab")

    runs = _gitlab(repository, broker, "9a1b001").pipeline()
    _green(runs)
    assert [ran.job for ran in runs] == [
        "contracts-consumer",
        "contracts-provider",
        "contracts-consumer-can-i-deploy",
        "contracts-provider-can-i-deploy",
    ]
    assert [(item.consumer, item.version) for item in broker.published] == [("OrderService", "9a1b001")]
    assert [(result.provider_version, result.success) for result in broker.results] == [("9a1b001", True)]
    assert all("Computer says yes" in ran.output for ran in runs[2:])

    # The broker's webhook triggers a pipeline with PACT_URL: the one pact alone is verified.
    triggered = _gitlab(repository, broker, "9a1b002", PACT_URL=broker.pact_url(broker.published[0])).pipeline()
    _green(triggered)
    assert [ran.job for ran in triggered] == ["contracts-verify-changed-pact"]
    assert broker.results[-1].provider_version == "9a1b002"
    assert broker.problems == []


@NEEDS_BROKER
def test_gitlab_sharded_recipe_runs_parallel_shards_merges_publishes_and_gates(
    installed: Installed, tmp_path: Path, broker: ContractBroker
) -> None:
    repository = _repository(installed, tmp_path, "gitlab", shards=2)
    _second_feature(repository.root)

    runs = _gitlab(repository, broker, "9a1b003").pipeline()
    _green(runs)
    assert [ran.job for ran in runs] == [
        "contracts-consumer-shard 1/2",
        "contracts-consumer-shard 2/2",
        "contracts-consumer-publish",
        "contracts-provider",
        "contracts-consumer-can-i-deploy",
        "contracts-provider-can-i-deploy",
    ]
    (pact,) = broker.published
    assert len(pact.pact["interactions"]) == 3
    assert broker.problems == []
