"""`contracts-bdd check` given hostile text or stopped: nothing printed raw, one clear line, never a traceback.

Found by an attacker's try (issue 22, "Attacked again"): a tag, a scenario name or a feature line
holding escape sequences reached the terminal raw (`\\x1b[2J` clears it, `\\x1b]0;...\\x07` retitles
it, U+202E turns the rest of the line around), and a tag expression or name behave cannot read, or
Ctrl-C, ended in a traceback. behave's own runs say one line and exit 130 on Ctrl-C.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest
from behave_project import BEHAVE_TIMEOUT, Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Carts\n"
RAW = ("\x1b", "\x07", "\x00", "\x08", "\u202e")
"""Characters that must never reach a terminal as they are."""


def _feature(
    tags: str = "", name: str = "Fine", line: str = 'When the consumer sends a GET request to "/carts/1"'
) -> str:
    return (
        "Feature: Carts\n"
        + (f"  {tags}\n" if tags else "")
        + f"  Scenario: {name}\n    {line}\n    Then the provider responds with status 200\n"
    )


def _nothing_raw(text: str) -> None:
    assert not any(char in text for char in RAW), ascii(text)


def test_the_tags_the_features_use_are_listed_with_escape_sequences_shown(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/carts.feature", _feature(tags="@evil\x1b]0;T\x07\x1b[2J\u202eX"))

    checked = project.cli("check", "--tags", "@nope", "features/consumer")

    assert checked.returncode == 1, checked.stderr
    assert "the tags the features use" in checked.stderr, checked.stderr
    assert "@evil\\u001b]0;T\\u0007\\u001b[2J\\u202eX" in checked.stderr, ascii(checked.stderr)
    _nothing_raw(checked.stdout + checked.stderr)


def test_the_closest_scenario_names_are_listed_with_escape_sequences_shown(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/carts.feature", _feature(name="zz\x1b[2J\x1b]0;T\x07top\u202eX"))

    checked = project.cli("check", "-n", "zzz", "features/consumer")

    assert checked.returncode == 1, checked.stderr
    assert "the closest scenario names: 'zz\\u001b[2J\\u001b]0;T\\u0007top\\u202eX'" in checked.stderr, ascii(
        checked.stderr
    )
    _nothing_raw(checked.stdout + checked.stderr)


def test_a_line_no_step_reads_is_quoted_with_escape_sequences_shown(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/carts.feature", _feature(line="When red \x1b[31mtext\x00 back\x08 turned\u202eX"))

    checked = project.cli("check", "features/consumer")

    assert checked.returncode == 1, checked.stderr
    assert "features/consumer/carts.feature:3: 'When red \\u001b[31mtext\\u0000 back\\u0008 turned\\u202eX'" in (
        checked.stdout
    ), ascii(checked.stdout)
    _nothing_raw(checked.stdout + checked.stderr)


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--tags", "not and or (", "--tags 'not and or (' is not a tag expression behave can read"),
        ("-n", "(", "-n '(' is not a regular expression behave can read"),
    ],
)
def test_a_selection_behave_cannot_read_is_one_clear_line_and_exit_2(
    project: Project, option: str, value: str, said: str
) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/carts.feature", _feature())

    checked = project.cli("check", option, value, "features/consumer")

    assert checked.returncode == 2, checked.stderr
    assert "Traceback" not in checked.stderr
    lines = checked.stderr.splitlines()
    assert len(lines) == 1, checked.stderr
    assert lines[0].startswith("contracts-bdd check: ") and said in lines[0], checked.stderr
    assert "write instead" in lines[0] or "e.g." in lines[0], checked.stderr


def test_a_selection_behave_cannot_read_is_shown_with_escape_sequences_shown(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/carts.feature", _feature())

    checked = project.cli("check", "-n", "(\x1b[2J", "features/consumer")

    assert checked.returncode == 2, checked.stderr
    assert "\\u001b[2J" in checked.stderr, ascii(checked.stderr)
    _nothing_raw(checked.stderr)


def test_ctrl_c_during_a_check_is_one_line_and_exit_130(project: Project) -> None:
    """The steps module waits while it is imported, so the check is surely under way when Ctrl-C comes."""
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/carts.feature", _feature())
    started = project.root / "importing"
    project.write(
        "steps/slow.py",
        "import pathlib, time\n"
        f"pathlib.Path({str(started)!r}).write_text('yes')\n"
        "for _ in range(6000):\n    time.sleep(0.01)\n",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "contracts_bdd", "check", "features/consumer"],
        cwd=project.root,
        env=project.environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        while not started.exists():
            assert process.poll() is None, process.communicate()
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=BEHAVE_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    assert process.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("contracts-bdd check: stopped by Ctrl-C (SIGINT)"), err
    assert out == ""
