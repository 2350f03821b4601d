"""`contracts-bdd init` against a hostile folder: symlinks out of it, config files it cannot read, names CI would run.

Found by an attacker's try of init (issue 22, "Attacked again"): a `.github` symlinked out of the project
got the workflows written through it while init printed "created .github/workflows/...", a pyproject.toml
of nested `[` was a RecursionError traceback, a behave.ini symlinked to /etc/passwd had its first line
printed, and a name holding `${{ github.token }}` reached a workflow's `env:`, which GitHub evaluates.
Each test runs the real command in a temp dir and checks both what it says and that nothing was written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests_support import REPO


def _init(folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "contracts_bdd", "init", *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def _tree(root: Path) -> dict[str, bytes | str]:
    """Every entry under `root`, without following symlinks: a file's bytes, a symlink's target."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[name] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[name] = path.read_bytes()
        else:
            found[name] = "dir"
    return found


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    """An empty project folder, and a folder outside it."""
    project, outside = tmp_path / "project", tmp_path / "outside"
    project.mkdir()
    outside.mkdir()
    return project, outside


def _one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stdout == ""  # no "created ..." for a file that was not
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_a_github_folder_symlinked_out_of_the_project_is_refused_and_nothing_is_written(
    places: tuple[Path, Path],
) -> None:
    project, outside = places
    (project / ".github").symlink_to(outside)
    (project / "behave.ini").write_text("[behave.userdata]\nconsumer = A\nprovider = B\n")
    before = _tree(project)

    done = _init(project, "--ci", "github")

    line = _one_error_line(done)
    assert ".github/workflows/contracts-consumer.yml" in line
    assert str(outside.resolve() / "workflows/contracts-consumer.yml") in line
    assert "outside the project" in line
    assert list(outside.iterdir()) == []
    assert _tree(project) == before


def test_a_features_folder_symlinked_out_of_the_project_gets_no_sample_written_through_it(
    places: tuple[Path, Path],
) -> None:
    project, outside = places
    (project / "features").symlink_to(outside)

    done = _init(project)

    line = _one_error_line(done)
    assert "features/consumer/my-provider.feature" in line
    assert str(outside.resolve()) in line
    assert list(outside.iterdir()) == []
    assert [path.name for path in project.iterdir()] == ["features"]  # not even behave.ini: all or nothing


def test_a_symlink_inside_the_project_to_a_folder_inside_it_is_written_through(places: tuple[Path, Path]) -> None:
    project, _ = places
    (project / "shared-ci").mkdir()
    (project / ".github").symlink_to("shared-ci")

    done = _init(project, "--ci", "github")

    assert done.returncode == 0, done.stderr
    assert (project / "shared-ci/workflows/contracts-consumer.yml").is_file()


@pytest.mark.parametrize("target", ["outside", "inside"])
def test_a_dangling_symlink_where_init_writes_a_file_is_named_not_errno_17(
    places: tuple[Path, Path], target: str
) -> None:
    project, outside = places
    (project / "behave.ini").write_text("[behave.userdata]\nconsumer = A\nprovider = B\n")
    pointed = outside / "EVIL" if target == "outside" else project / "nowhere.txt"
    (project / "requirements-contracts.txt").symlink_to(pointed)
    before = _tree(project)

    done = _init(project, "--ci", "github")

    line = _one_error_line(done)
    assert "Errno" not in line
    assert "FileExistsError" not in line
    assert "requirements-contracts.txt" in line
    assert str(pointed) in line
    assert _tree(project) == before
    assert not pointed.exists()


def test_a_pyproject_nested_past_any_reader_is_a_clear_error_not_a_recursion_traceback(
    places: tuple[Path, Path],
) -> None:
    project, _ = places
    (project / "pyproject.toml").write_text("[tool.behave.userdata]\nconsumer = " + "[" * 100_000 + "\n")

    done = _init(project, "--ci", "github")

    line = _one_error_line(done)
    assert "pyproject.toml" in line
    assert "RecursionError" not in line
    assert "nest" in line
    assert [path.name for path in project.iterdir()] == ["pyproject.toml"]


def test_a_behave_ini_symlinked_to_another_file_is_named_without_echoing_its_content(
    places: tuple[Path, Path],
) -> None:
    project, outside = places
    secret = outside / "passwd"
    secret.write_text("root:x:0:0:SECRET-FIRST-LINE:/root:/bin/bash\nsecond:line\n")
    (project / "behave.ini").symlink_to(secret)

    done = _init(project, "--ci", "github")

    line = _one_error_line(done)
    assert "behave.ini" in line
    assert "SECRET" not in done.stderr
    assert "root:x" not in done.stderr
    assert "line 1" in line
    assert [path.name for path in project.iterdir()] == ["behave.ini"]


def test_a_behave_ini_line_behave_cannot_parse_is_named_by_number_not_quoted(places: tuple[Path, Path]) -> None:
    project, _ = places
    (project / "behave.ini").write_text("[behave.userdata]\nconsumer = A\nQUOTED-NOWHERE\n")

    done = _init(project, "--ci", "github")

    line = _one_error_line(done)
    assert "behave.ini" in line
    assert "line 3" in line
    assert "QUOTED-NOWHERE" not in done.stderr


@pytest.mark.parametrize(
    ("config", "text", "name", "characters"),
    [
        ("behave.ini", "[behave.userdata]\nconsumer = A\nprovider = B}} ${{ github.token }}\n", "provider", "$ { }"),
        ("behave.ini", "[behave.userdata]\nconsumer = A$CI_JOB_TOKEN\nprovider = B\n", "consumer", "$"),
        ("behave.ini", "[behave.userdata]\nconsumer = A`id`\nprovider = B\n", "consumer", "`"),
        ("pyproject.toml", '[tool.behave.userdata]\nconsumer = "A"\nprovider = "${B}"\n', "provider", "$ { }"),
    ],
)
@pytest.mark.parametrize("system", ["github", "gitlab"])
def test_a_configured_name_ci_would_expand_is_refused_for_the_recipes(
    places: tuple[Path, Path], config: str, text: str, name: str, characters: str, system: str
) -> None:
    project, _ = places
    (project / config).write_text(text)

    done = _init(project, "--ci", system)

    line = _one_error_line(done)
    assert f"the {name} name" in line
    assert config in line
    assert f"({characters})" in line
    assert "write" in line  # what to write instead
    assert [path.name for path in project.iterdir()] == [config]


def test_a_name_given_on_the_command_line_that_ci_would_expand_is_refused_for_the_recipes(
    places: tuple[Path, Path],
) -> None:
    project, _ = places

    done = _init(project, "--consumer", "A", "--provider", "B${{ github.token }}", "--ci", "github")

    line = _one_error_line(done)
    assert "the provider name" in line
    assert "--provider" in line
    assert list(project.iterdir()) == []


def test_a_name_with_a_dollar_still_gets_a_sample_without_ci(places: tuple[Path, Path]) -> None:
    """Only CI expands `$` and `${{ }}`: a pact file's name and behave's userdata take them as written."""
    project, _ = places

    done = _init(project, "--consumer", "Shop$", "--provider", "B")

    assert done.returncode == 0, done.stderr
    assert "consumer = Shop$" in (project / "behave.ini").read_text()


@pytest.mark.parametrize(("value", "kind"), [('["A","B"]', "an array"), ("{x=1}", "a table")])
def test_a_toml_name_that_is_not_a_string_is_refused_not_written_as_its_repr(
    places: tuple[Path, Path], value: str, kind: str
) -> None:
    project, _ = places
    (project / "pyproject.toml").write_text(f'[tool.behave.userdata]\nconsumer = {value}\nprovider = "B"\n')

    done = _init(project, "--ci", "github")

    line = _one_error_line(done)
    assert "pyproject.toml" in line
    assert "consumer" in line
    assert kind in line
    assert 'consumer = "' in line  # what to write instead
    assert "['A', 'B']" not in line
    assert [path.name for path in project.iterdir()] == ["pyproject.toml"]
