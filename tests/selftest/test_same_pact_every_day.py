"""The same features give a byte-identical pact on any day, at any hour, in any time zone.

The clock is moved by a `sitecustomize` module on the behave process's path, which shifts
`time.time` and `datetime`'s `now`/`today` by whole days and hours, and the time zone by `TZ`.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
import time
from pathlib import Path

import pytest
from behave_project import Project
from tests_support import REPO

CLOCK = """\
import datetime as _dt
import os
import time as _time

_SHIFT = float(os.environ["MOVED_CLOCK_SECONDS"])
_real_time, _real_time_ns = _time.time, _time.time_ns
_time.time = lambda: _real_time() + _SHIFT
_time.time_ns = lambda: _real_time_ns() + int(_SHIFT * 1e9)
_RealDateTime, _RealDate = _dt.datetime, _dt.date


class _MovedDateTime(_RealDateTime):
    @classmethod
    def now(cls, tz=None):
        return _RealDateTime.fromtimestamp(_time.time(), tz)

    @classmethod
    def utcnow(cls):
        return _RealDateTime.fromtimestamp(_time.time(), _dt.timezone.utc).replace(tzinfo=None)

    @classmethod
    def today(cls):
        return cls.now()


class _MovedDate(_RealDate):
    @classmethod
    def today(cls):
        return _RealDate.fromtimestamp(_time.time())


_dt.datetime, _dt.date = _MovedDateTime, _MovedDate
"""

FEATURE = """\
Feature: Loans
  Scenario: A loan with its due date
    When the consumer sends a POST request to "/loans"
    And the request has the JSON body:
      \"\"\"
      {"book": {{ integer(7) }}, "from": {{ date_from_now() }}}
      \"\"\"
    Then the provider responds with status 201
    And the response has the JSON body:
      \"\"\"
      {
        "id": {{ integer(1, generate=random_integer(1, 99)) }},
        "due": {{ date_from_now("+ 3 weeks") }},
        "remindAt": {{ time_from_now("+ 2 hours", format="HH:mm") }},
        "created": {{ datetime_from_now() }},
        "stamp": {{ datetime_from_now("- 1 day", format="yyyy-MM-dd'T'HH:mm:ssXXX") }},
        "code": {{ random_string(size=6) }},
        "token": {{ random_uuid() }}
      }
      \"\"\"

  Scenario: A book was returned
    When the provider publishes the message "a book was returned"
    And the message has the JSON body:
      \"\"\"
      {"book": 7, "returnedOn": {{ date_from_now() }}, "at": {{ datetime_from_now("+ 1 hour") }}}
      \"\"\"
    Then the consumer accepts the message
"""

DAY = 86400


@pytest.mark.parametrize(
    ("shift", "zone"),
    [(0, "UTC"), (400 * DAY + 13 * 3600, "Pacific/Kiritimati"), (-(3 * 365) * DAY + 5 * 3600, "America/Adak")],
    ids=["today-utc", "next-year-plus-14h", "three-years-ago-minus-10h"],
)
def test_the_pact_is_byte_identical_whatever_the_clock_and_zone_say(
    project: Project, tmp_path_factory: pytest.TempPathFactory, shift: int, zone: str
) -> None:
    clock = tmp_path_factory.mktemp("clock")
    (clock / "sitecustomize.py").write_text(CLOCK)
    project.write("behave.ini", "[behave.userdata]\nconsumer = LoanDesk\nprovider = Catalogue\n")
    project.write("features/consumer/loans.feature", FEATURE)
    reference = project.behave("features/consumer", env={"TZ": "UTC"})
    assert reference.returncode == 0, reference.output
    first = (project.root / "pacts" / "LoanDesk-Catalogue.json").read_bytes()
    moved = project.behave(
        "features/consumer",
        env={
            "TZ": zone,
            "MOVED_CLOCK_SECONDS": str(shift),
            "PYTHONPATH": f"{clock}{':'}{REPO}",
        },
    )
    assert moved.returncode == 0, moved.output
    assert (project.root / "pacts" / "LoanDesk-Catalogue.json").read_bytes() == first


def test_the_moved_clock_really_moves_the_clock(tmp_path: Path) -> None:
    """The check above could not fail if the clock module moved nothing: see it move."""
    (tmp_path / "sitecustomize.py").write_text(CLOCK)
    said = subprocess.run(
        [sys.executable, "-c", "import datetime, time; print(datetime.date.today().year, int(time.time()))"],
        env={"PYTHONPATH": str(tmp_path), "MOVED_CLOCK_SECONDS": str(800 * DAY), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.split()
    assert int(said[0]) >= datetime.date.today().year + 2
    assert int(said[1]) > time.time() + 799 * DAY
