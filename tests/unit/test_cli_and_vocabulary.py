"""The command line, and the generated vocabulary reference."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests_support import REPO

from contracts_bdd import cli
from contracts_bdd.behave.vocabulary import vocabulary_markdown
from contracts_bdd.cli import main

PACT = {
    "consumer": {"name": "Web"},
    "provider": {"name": "Api"},
    "interactions": [
        {
            "description": "get one",
            "providerState": "it exists",
            "request": {"method": "get", "path": "/things/1"},
            "response": {"status": 200, "body": {"id": 1}, "matchingRules": {"$.body.id": {"match": "type"}}},
        }
    ],
    "metadata": {"pactSpecification": {"version": "2.0.0"}},
}


def test_render_writes_the_feature(tmp_path: Path) -> None:
    source = tmp_path / "Web-Api.json"
    source.write_text(json.dumps(PACT))
    target = tmp_path / "features" / "web.feature"

    assert main(["render", str(source), "-o", str(target)]) == 0

    feature = target.read_text()
    assert "@pact:V2" in feature
    assert 'Given the provider is in the state "it exists"' in feature
    assert 'When the consumer sends a GET request to "/things/1"' in feature
    assert '"id": {{ like(1) }}' in feature


PAIR = '"consumer": {"name": "a"}, "provider": {"name": "b"}'
DEEP = "[" * 10000 + "]" * 10000


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "is not a readable pact file"),
        ('{"interactions": []}', "it names no consumer and provider"),
        ("[1, 2]", "its JSON is a list, not an object"),
        (f'{{{PAIR}, "interactions": "x"}}', "its interactions are a str, not a list"),
        (f'{{{PAIR}, "interactions": [[1]]}}', "interaction 0 is a list, not an object"),
        (
            f'{{{PAIR}, "interactions": [{{"description": "x", "request": [], "response": {{}}}}]}}',
            "interaction 0 ('x') has a part of the wrong shape",
        ),
        (f'{{{PAIR}, "interactions": [{{"description": "x", "response": {{"body": {DEEP}}}}}]}}', "nests deeper"),
        (
            f'{{{PAIR}, "interactions": [{{"description": "x", "response": {{"body": {"[" * 150}{"]" * 150}}}}}]}}',
            "nests deeper",
        ),
        (
            f'{{{PAIR}, "interactions": [{{"description": "x", "response": {{"body": {2**64}}}}}]}}',
            "beyond the 64 bits",
        ),
    ],
)
def test_render_refuses_what_is_not_a_pact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, reason: str
) -> None:
    source = tmp_path / "broken.json"
    source.write_text(content)

    assert main(["render", str(source)]) == 2
    assert reason in capsys.readouterr().err


def test_docs_vocabulary_is_up_to_date() -> None:
    written = (REPO / "docs" / "vocabulary.md").read_text()
    assert written == vocabulary_markdown(), (
        "docs/vocabulary.md is stale: run contracts-bdd vocabulary -o docs/vocabulary.md"
    )


def test_the_reference_lists_every_step_matcher_and_generator() -> None:
    reference = vocabulary_markdown()
    for word in (
        "the consumer sends a {method} request to",
        "every interaction passes verification",
        "`each_like`",
        "`from_state`",
        "client error",
    ):
        assert word in reference


def test_behave_steps_catalog_shows_readable_help(tmp_path: Path) -> None:
    (tmp_path / "steps").mkdir()
    (tmp_path / "features").mkdir()
    (tmp_path / "steps" / "contracts.py").write_text("from contracts_bdd.steps import consumer, provider  # noqa\n")
    (tmp_path / "features" / "empty.feature").write_text("Feature: nothing yet\n")
    done = subprocess.run(
        [sys.executable, "-m", "behave", "--steps-catalog", "--no-color", "features"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
    )
    assert "the consumer sends a {method} request to" in done.stdout
    assert "The request's method and path." in done.stdout


def test_a_bug_in_a_command_is_a_traceback_not_a_one_line_user_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line answers the user's mistakes in one line (a missing file, bad JSON, a refused pact);
    a KeyError or ValueError of its own is a bug, and is left to show where it happened."""

    def buggy(chosen: object) -> int:
        return {}["no such key"]  # type: ignore[no-any-return]

    monkeypatch.setattr(cli, "_vocabulary", buggy)

    with pytest.raises(KeyError, match="no such key"):
        cli.main(["vocabulary"])


def test_a_users_mistake_is_one_line_on_standard_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json")

    assert cli.main(["render", str(broken)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("contracts-bdd render: ") and "broken.json" in line
