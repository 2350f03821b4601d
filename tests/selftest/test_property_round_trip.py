"""Property: any JSON body, header value and query value goes through render, a consumer run and verification.

For each example, hypothesis makes interactions with random JSON response bodies, request
headers and query values (any text, numbers at the 64-bit edges, deep-ish nesting). They are
written as a pact, rendered as a feature, run by behave (which writes the pact anew), and
verified by behave against a provider that answers what the pact says. The pact that comes
back must hold exactly what went in, and verification must pass.

CI runs a fixed, small profile (derandomized); `HYPOTHESIS_PROFILE=thorough` runs 250 examples.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from behave_project import Project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from round_trip import render_and_run

settings.register_profile(
    "ci", max_examples=12, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.register_profile("thorough", max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
KEYS = TEXT | st.sampled_from(["{{", "a{{b}}", "{{ integer(1) }}"])  # keys holding {{ render with \\u007b
# pact-ffi 0.5 rounds the last digits of doubles outside about 1e-6..1e6 (6.74198e-19 comes back as
# 6.7419800000000015e-19); the write-then-prove check of the fidelity issue owns that. Here floats stay
# where the engine keeps them exactly.
FLOATS = st.builds(
    lambda mantissa, exponent: float(f"{mantissa}e{exponent}"),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.integers(min_value=-6, max_value=-1),
)
SCALARS = st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1) | FLOATS | TEXT
JSON = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(KEYS, children, max_size=3),
    max_leaves=12,
)
HEADER_VALUE = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=16)
QUERY_VALUE = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)


@st.composite
def interactions(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(min_value=1, max_value=3))
    made = []
    for index in range(count):
        made.append(
            {
                "type": "Synchronous/HTTP",
                "description": f"item {index}",
                "request": {
                    "method": "GET",
                    "path": f"/items/{index}",
                    "headers": {"X-Value": [draw(HEADER_VALUE)]},
                    "query": {"q": [draw(QUERY_VALUE)]},
                },
                "response": {
                    "status": 200,
                    "headers": {"Content-Type": ["application/json"]},
                    # A body of just null or "" is no body to Pact's verifier; features refuse it (gherkin.json_body).
                    "body": {
                        "content": draw(JSON.filter(lambda value: value not in (None, ""))),
                        "contentType": "application/json",
                        "encoded": False,
                    },
                },
            }
        )
    return made


REPLAYING_PROVIDER = """\
import json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer

pact = json.load(open(sys.argv[2], encoding="utf-8"))
answers = {item["request"]["path"]: item["response"] for item in pact["interactions"]}

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        answer = answers.get(self.path.split("?")[0])
        if answer is None:
            self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
        body = json.dumps(answer["body"]["content"]).encode()
        self.send_response(answer["status"])
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""

PROVIDER_FEATURE = """\
Feature: the provider replays its pact
  Scenario: Verify
    Given the provider "Users" is started with "{python} provider.py {port} pacts/Shop-Users.json"
    When the provider is verified against its pacts
    Then every interaction passes verification
"""


def fresh_project(root: Path) -> Project:
    for path in sorted(root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    return Project(root)


@given(interactions())
def test_random_bodies_headers_and_queries_round_trip_and_verify(
    tmp_path_factory: Any, made: list[dict[str, Any]]
) -> None:
    project = fresh_project(tmp_path_factory.mktemp("property"))
    _, feature, consumer = render_and_run(project, made)
    assert consumer.returncode == 0, feature + consumer.output

    written = {item["description"]: item for item in consumer.pact("Shop-Users.json")["interactions"]}
    for original in made:
        back = written[original["description"]]
        assert back["request"]["headers"]["X-Value"] == original["request"]["headers"]["X-Value"]
        assert back["request"]["query"] == original["request"]["query"]
        assert back["response"]["body"]["content"] == original["response"]["body"]["content"]

    project.write("provider.py", REPLAYING_PROVIDER)
    project.write("features/provider/replay.feature", PROVIDER_FEATURE)
    provider = project.behave("features/provider")
    assert provider.returncode == 0, provider.output
