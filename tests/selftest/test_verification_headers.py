"""Verification headers follow Pact's convention: a real value where the interaction declares the header."""

from __future__ import annotations

import json
import sys

from behave_project import Project

TOKEN = "Bearer l1brary-t0ken-9f3a"

PROVIDER = """\
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = os.environ["MEMBERS_EXPECT"]


class Loans(BaseHTTPRequestHandler):
    def do_GET(self):
        given = self.headers.get("Authorization")
        status = 401 if given is None else (200 if given == TOKEN else 403)
        body = b'{"loans": []}' if status == 200 else b'{"error": "no"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Loans).serve_forever()
"""

PACT = {
    "consumer": {"name": "LoanDesk"},
    "provider": {"name": "Members"},
    "interactions": [
        {
            "description": "a signed-in member's loans",
            "request": {"method": "GET", "path": "/loans", "headers": {"Authorization": "Bearer example"}},
            "response": {"status": 200},
        },
        {
            "description": "loans when not signed in",
            "request": {"method": "GET", "path": "/loans"},
            "response": {"status": 401},
        },
    ],
    "metadata": {"pactSpecification": {"version": "3.0.0"}},
}


def _project(project: Project, step: str) -> None:
    project.write("members.py", PROVIDER)
    project.write("pacts/LoanDesk-Members.json", json.dumps(PACT))
    project.write(
        "features/provider/members.feature",
        f"""\
        Feature: Members keeps its promises
          Scenario: Every interaction
            Given the provider "Members" is started with "{sys.executable} members.py {{port}}"
            And {step}
              | Authorization | env:MEMBERS_TOKEN |
            When the provider is verified against its pacts
            Then every interaction passes verification
        """,
    )


def test_a_header_value_goes_where_the_interaction_declares_the_header(project: Project) -> None:
    _project(project, "the verification requests carry the headers:")

    run = project.behave("features/provider", env={"MEMBERS_TOKEN": TOKEN, "MEMBERS_EXPECT": TOKEN})

    assert run.returncode == 0, run.output  # the 401 case is still sent without Authorization
    assert TOKEN not in run.output


def test_a_header_added_everywhere_when_asked_is_named_where_it_breaks_an_interaction(project: Project) -> None:
    _project(project, "every verification request carries the headers:")

    run = project.behave("features/provider", env={"MEMBERS_TOKEN": TOKEN, "MEMBERS_EXPECT": TOKEN})

    assert run.returncode != 0
    assert "loans when not signed in" in run.output
    assert "expected 401 but was 200" in run.output
    assert "The verification added Authorization (from $MEMBERS_TOKEN) to every request, this one too." in run.output
    assert TOKEN not in run.output


def test_a_substituted_header_that_fails_is_named(project: Project) -> None:
    _project(project, "the verification requests carry the headers:")

    run = project.behave("features/provider", env={"MEMBERS_TOKEN": "Bearer expired", "MEMBERS_EXPECT": TOKEN})

    assert run.returncode != 0
    assert (
        "The verification put the value of $MEMBERS_TOKEN into its Authorization header, which the interaction "
        "declares."
    ) in run.output
    assert "Bearer expired" not in run.output
