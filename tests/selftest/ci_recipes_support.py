"""Run a project's CI recipes the way GitHub Actions and GitLab CI would, on this machine.

Each job runs in a fresh copy of the project (a checkout), with the variables its runner sets, and
its shell steps exactly as the workflow file writes them (`run:` in GitHub Actions, `script:` in
GitLab CI), in bash with `-e -o pipefail`, as both runners use it. What is not shell is played here,
and only what the recipes use: `actions/checkout` (the fresh copy), `actions/setup-python` (the
test's virtual environment comes first on PATH), `actions/upload-artifact` and
`actions/download-artifact`, GitLab's `rules: - if: $VARIABLE`, `needs:`, `parallel:` and
`artifacts: paths:`. Anything else a recipe starts to use fails the test, naming it, until it is
played here too: a recipe cannot grow a part nobody runs.

One shortcut: a step that installs (`pip install`) and already ran, as written, in this
environment is not run again, since pip would find everything installed.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

STEP_SECONDS = 300
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@dataclass
class Ran:
    """One job's run: its name, exit code and output (every step's, in order)."""

    job: str
    returncode: int
    output: str


@dataclass
class Runner:
    """What every job shares: the project as checked out, the environment, the artifacts and installs."""

    project: Path
    work: Path
    environment: dict[str, str]
    artifacts: dict[str, Path] = field(default_factory=dict)
    installed: set[str] = field(default_factory=set)
    jobs: int = 0

    def checkout(self, name: str) -> Path:
        self.jobs += 1
        workspace = self.work / f"{self.jobs:02d}-{re.sub(r'[^A-Za-z0-9-]+', '-', name)}"
        shutil.copytree(self.project, workspace, symlinks=True)
        return workspace

    def shell(self, script: str, workspace: Path, env: Mapping[str, str]) -> tuple[int, str]:
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script],
            cwd=workspace,
            env={**self.environment, **env},
            capture_output=True,
            text=True,
            timeout=STEP_SECONDS,
            check=False,
        )
        return done.returncode, f"$ {script}\n{done.stdout}{done.stderr}"

    def once(self, command: str) -> bool:
        """False for an install command that already ran in this environment."""
        if "pip install" not in command:
            return True
        if command in self.installed:
            return False
        self.installed.add(command)
        return True

    def keep(self, name: str, workspace: Path, path: str, *, required: bool, with_path: bool) -> None:
        """Keep `path` of a job's workspace as the artifact `name`: under its path (GitLab) or as its contents."""
        source = workspace / path
        if not source.exists():
            assert not required, f"the artifact {name}'s path {path} does not exist"
            return
        kept = self.work / "artifacts" / re.sub(r"[^A-Za-z0-9-]+", "-", name)
        assert source.is_dir(), f"the test keeps folders as artifacts, not {path}"
        shutil.copytree(source, kept / path if with_path else kept, dirs_exist_ok=True)
        self.artifacts[name] = kept


# -- GitHub Actions ---------------------------------------------------------------------------
def load_workflow(path: Path) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text())
    if True in document:  # YAML 1.1 reads the key `on` as the boolean true
        document["on"] = document.pop(True)
    return document


def evaluate(text: str, context: Mapping[str, Any]) -> str:
    """Fill `${{ a.b.c }}` (and `${{ x || y }}`) from `context`; a name the context lacks fails."""

    def value(expression: str) -> str:
        for alternative in expression.split("||"):
            found: Any = context
            for part in alternative.strip().split("."):
                assert isinstance(found, Mapping) and part in found, (
                    f"${{{{ {expression} }}}}: the test has no {part!r}"
                )
                found = found[part]
            if found not in (None, ""):
                return str(found)
        return ""

    return EXPRESSION.sub(lambda match: value(match.group(1)), text)


@dataclass
class GitHub:
    """GitHub Actions' part: `context` is what its expressions read (github, vars, secrets, matrix)."""

    runner: Runner
    context: dict[str, Any]
    ran: list[str] = field(default_factory=list)

    def run(self, workflow: Path, job: str) -> list[Ran]:
        """Run one job of `workflow` (each of its matrix's rows); assert the jobs it needs ran first."""
        document = load_workflow(workflow)
        definition = document["jobs"][job]
        needs = definition.get("needs", [])
        for needed in [needs] if isinstance(needs, str) else needs:
            assert f"{workflow.name}:{needed}" in self.ran, f"{job} needs {needed}, which has not run"
        matrix = definition.get("strategy", {}).get("matrix", {})
        rows = [{}] if not matrix else [dict(zip(matrix, values, strict=True)) for values in _product(matrix)]
        runs = [self._job(document, job, definition, row) for row in rows]
        self.ran.append(f"{workflow.name}:{job}")
        return runs

    def _job(self, document: dict[str, Any], job: str, definition: dict[str, Any], row: dict[str, Any]) -> Ran:
        context = {**self.context, "matrix": row}
        github = context["github"]
        workspace = self.runner.checkout(f"{job}-{'-'.join(map(str, row.values()))}")
        env = {
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_SHA": github["sha"],
            "GITHUB_REF": f"refs/heads/{github['ref_name']}",
            "GITHUB_REF_NAME": github["ref_name"],
            "GITHUB_REPOSITORY": github["repository"],
            "GITHUB_RUN_ID": github["run_id"],
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_EVENT_NAME": github["event_name"],
            "GITHUB_WORKSPACE": str(workspace),
        }
        for level in (document.get("env", {}), definition.get("env", {})):
            env.update({name: evaluate(str(value), context) for name, value in level.items()})
        assert set(definition) <= {"runs-on", "needs", "strategy", "env", "steps"}, f"{job}: {set(definition)}"
        output = []
        for step in definition["steps"]:
            assert set(step) <= {"name", "uses", "with", "run", "env"}, f"{job}: the test does not play {set(step)}"
            given = {name: evaluate(str(value), context) for name, value in step.get("with", {}).items()}
            if "uses" in step:
                self._uses(step["uses"], given, workspace)
                continue
            command = step["run"]
            assert "${{" not in command, f"a run: step pastes an expression into the shell: {command}"
            if not self.runner.once(command):
                continue
            step_env = {**env, **{name: evaluate(str(value), context) for name, value in step.get("env", {}).items()}}
            code, text = self.runner.shell(command, workspace, step_env)
            output.append(text)
            if code != 0:
                return Ran(job, code, "\n".join(output))
        return Ran(job, 0, "\n".join(output))

    def _uses(self, action: str, given: dict[str, str], workspace: Path) -> None:
        name = action.split("@", maxsplit=1)[0]
        if name == "actions/checkout":
            assert set(given) <= {"ref"}, given  # the copy is the checkout; a ref must name a commit
        elif name == "actions/setup-python":
            assert re.fullmatch(r"3\.\d+", given["python-version"]), given
        elif name == "actions/upload-artifact":
            required = given.get("if-no-files-found", "warn") == "error"
            self.runner.keep(given["name"], workspace, given["path"], required=required, with_path=False)
        elif name == "actions/download-artifact":
            chosen = [item for item in self.runner.artifacts if fnmatch.fnmatch(item, given["pattern"])]
            for item in chosen:  # several artifacts: each in a folder of its name, as download-artifact@v4 does
                shutil.copytree(self.runner.artifacts[item], workspace / given["path"] / item, dirs_exist_ok=True)
        else:
            raise AssertionError(f"the test does not play the action {action}: add it to ci_recipes_support.py")


def _product(matrix: dict[str, list[Any]]) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = [()]
    for values in matrix.values():
        rows = [(*row, value) for row in rows for value in values]
    return rows


# -- GitLab CI --------------------------------------------------------------------------------
KEYWORDS = {"stages", "variables", "include", "default", "workflow", "image", "services", "cache", "before_script"}
STAGES = [".pre", "build", "test", "deploy", ".post"]


def load_pipeline(project: Path) -> dict[str, Any]:
    """.gitlab-ci.yml with its `include: - local:` files merged in (the including file wins)."""
    main = yaml.safe_load((project / ".gitlab-ci.yml").read_text()) or {}
    merged: dict[str, Any] = {}
    for item in main.pop("include", []):
        assert set(item) == {"local"}, f"the test plays include: local: only, not {item}"
        merged.update(yaml.safe_load((project / item["local"]).read_text()))
    merged.update(main)
    return merged


def expand(text: str, env: Mapping[str, str]) -> str:
    """$NAME and ${NAME} in a GitLab variable's value, as GitLab expands them."""
    return re.sub(r"\$(?:\{(\w+)\}|(\w+))", lambda match: env.get(match.group(1) or match.group(2), ""), text)


@dataclass
class GitLab:
    """GitLab CI's part: `variables` are the project's CI/CD variables and the pipeline's own."""

    runner: Runner
    variables: dict[str, str]

    def pipeline(self) -> list[Ran]:
        """Every job the rules let into the pipeline, stage by stage, each after the jobs it needs."""
        document = load_pipeline(self.runner.project)
        jobs = {name: job for name, job in document.items() if name not in KEYWORDS and not name.startswith(".")}
        stages = document.get("stages", STAGES)
        chosen = [name for name, job in jobs.items() if self._admitted(job)]
        order = sorted(chosen, key=lambda name: stages.index(jobs[name].get("stage", "test")))
        runs: list[Ran] = []
        done: dict[str, list[str]] = {}
        for name in order:
            job = jobs[name]
            for needed in job.get("needs", []):
                assert needed in done, f"{name} needs {needed}, which is not in this pipeline"
            total = int(job.get("parallel", 1))
            done[name] = []
            for index in range(1, total + 1):
                instance = f"{name} {index}/{total}" if total > 1 else name
                ran = self._job(instance, job, index, total, job.get("needs"), done)
                runs.append(ran)
                done[name].append(instance)
                if ran.returncode != 0:
                    return runs
        return runs

    def _admitted(self, job: dict[str, Any]) -> bool:
        for rule in job.get("rules", [{}]):
            condition = rule.get("if")
            if condition is not None:
                assert re.fullmatch(r"\$\w+", condition), f"the test plays `if: $VARIABLE` only, not {condition}"
                if not self.variables.get(condition[1:]):
                    continue
            return rule.get("when", "on_success") != "never"
        return False

    def _job(
        self,
        instance: str,
        job: dict[str, Any],
        index: int,
        total: int,
        needs: list[str] | None,
        done: dict[str, list[str]],
    ) -> Ran:
        known = {"stage", "image", "rules", "variables", "before_script", "script", "artifacts", "needs", "parallel"}
        assert set(job) <= known, f"{instance}: the test does not play {set(job) - known}"
        assert str(job.get("image", "")).startswith("python:"), (
            f"{instance}: a python image stands in for {job.get('image')}"
        )
        workspace = self.runner.checkout(instance)
        sources = (
            [item for needed in needs for item in done[needed]] if needs is not None else list(self.runner.artifacts)
        )
        for source in sources:
            if source in self.runner.artifacts:
                shutil.copytree(self.runner.artifacts[source], workspace, dirs_exist_ok=True)
        env = {
            "CI": "true",
            "GITLAB_CI": "true",
            "CI_PROJECT_DIR": str(workspace),
            "CI_JOB_URL": f"https://gitlab.example.com/shop/jobs/{self.runner.jobs}",
            **self.variables,
        }
        if total > 1:
            env |= {"CI_NODE_INDEX": str(index), "CI_NODE_TOTAL": str(total)}
        env |= {name: expand(str(value), env) for name, value in job.get("variables", {}).items()}
        lines = [line for line in [*job.get("before_script", []), *job["script"]] if self.runner.once(line)]
        code, output = self.runner.shell("\n".join(lines), workspace, env)
        for path in job.get("artifacts", {}).get("paths", []):
            self.runner.keep(instance, workspace, expand(path, env), required=False, with_path=True)
        junit = job.get("artifacts", {}).get("reports", {}).get("junit", [])
        for report in ([junit] if isinstance(junit, str) else junit) if code == 0 else []:
            assert list(workspace.glob(report)), f"{instance}: no JUnit report matches {report}"
        return Ran(instance, code, output)


def environment_for_jobs(venv: Path, home: Path) -> dict[str, str]:
    """A runner's environment: the wheel's virtual environment first on PATH, nothing of this checkout."""
    kept = {name: value for name, value in os.environ.items() if name.startswith(("PIP_", "LANG", "LC_"))}
    return {**kept, "PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "TZ": "UTC"}
