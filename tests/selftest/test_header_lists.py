"""A rule over all the lines of one header (`array_containing`, `each_value_matches`), decided by measurement.

The vocabulary used to refuse it, saying pact-rust matches a header's rule against each value on
its own. The experiment below asks pact-python 4.2 (pact-ffi 0.5) itself: its mock server and its
verifier apply such a rule to all the header's lines at once, so a header row may carry one, as a
query row may. It is sent as one header line per value, and written as the rule.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from behave_project import Project
from pact import Pact, Verifier


def _list_rule(kind: str) -> dict[str, Any]:
    if kind == "arrayContains":
        root = {"": {"combine": "AND", "matchers": [{"match": "regex", "regex": "b"}]}}
        rule: dict[str, Any] = {"match": "arrayContains", "variants": [{"index": 0, "rules": root}]}
    else:
        rule = {"match": "eachValue", "rules": [{"match": "regex", "regex": "[a-z]"}]}
    return {"combine": "AND", "matchers": [rule]}


@contextmanager
def _provider(lines: list[str]) -> Iterator[str]:
    class Answer(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            for line in lines:
                self.send_header("X-Tag", line)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("kind", "met", "not_met"), [("arrayContains", ["z", "b"], ["z", "y"]), ("eachValue", ["z", "b"], ["z", "1"])]
)
def test_pact_ffi_applies_a_header_list_rule_to_all_its_lines(
    tmp_path: Path, kind: str, met: list[str], not_met: list[str]
) -> None:
    pact = Pact("Experiment", "Provider").with_specification("V4")
    exchange = pact.upon_receiving("a tagged request").with_request("GET", "/")
    exchange.with_header("X-Tag", "a", "Request").with_header("X-Tag", "b", "Request")
    exchange.with_matching_rules({"header": {"X-Tag": _list_rule(kind)}}, "Request")
    exchange.will_respond_with(200)
    exchange.with_header("X-Tag", "a", "Response").with_header("X-Tag", "b", "Response")
    exchange.with_matching_rules({"header": {"X-Tag": _list_rule(kind)}}, "Response")

    answers = []
    for lines in (met, not_met):
        with pact.serve(raises=False, verbose=False) as server:
            connection = http.client.HTTPConnection(server.url.host, server.url.port, timeout=10)
            connection.putrequest("GET", "/")
            for line in lines:
                connection.putheader("X-Tag", line)
            connection.endheaders()
            answers.append(connection.getresponse().status)
            connection.close()
    assert answers == [200, 500]  # the mock server: one of the lines meets it, or none does

    pact.write_file(tmp_path, overwrite=True)
    verdicts = []
    for lines in (met, not_met):
        with _provider(lines) as url:
            verifier = Verifier("Provider", host="127.0.0.1").add_transport(url=url)
            verifier.add_source(tmp_path / "Experiment-Provider.json")
            try:
                verifier.verify()
                verdicts.append(True)
            except RuntimeError:
                verdicts.append(False)
    assert verdicts == [True, False]  # the verifier: the provider's two lines, taken together


@pytest.mark.parametrize("kind", ["arrayContains", "eachValue"])
def test_pact_ffi_meets_no_header_list_rule_with_one_line(tmp_path: Path, kind: str) -> None:
    """With one line the rule is never met, whatever the line: the vocabulary asks for two values or more."""
    pact = Pact("Experiment", "Provider").with_specification("V4")
    exchange = pact.upon_receiving("a tagged request").with_request("GET", "/")
    exchange.with_header("X-Tag", "b", "Request")
    exchange.with_matching_rules({"header": {"X-Tag": _list_rule(kind)}}, "Request")
    exchange.will_respond_with(200)
    exchange.with_header("X-Tag", "b", "Response")
    exchange.with_matching_rules({"header": {"X-Tag": _list_rule(kind)}}, "Response")
    with pact.serve(raises=False, verbose=False) as server:
        connection = http.client.HTTPConnection(server.url.host, server.url.port, timeout=10)
        connection.request("GET", "/", headers={"X-Tag": "b"})
        assert connection.getresponse().status == 500
        connection.close()
    pact.write_file(tmp_path, overwrite=True)
    with _provider(["b"]) as url:
        verifier = Verifier("Provider", host="127.0.0.1").add_transport(url=url)
        verifier.add_source(tmp_path / "Experiment-Provider.json")
        with pytest.raises(RuntimeError):
            verifier.verify()


def test_a_header_list_matcher_of_one_value_is_refused_at_its_row(project: Project) -> None:
    project.write("behave.ini", "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Web\nprovider = Api\n")
    project.write(
        "features/consumer/tag.feature",
        '@pact:V4\nFeature: Tag\n  Scenario: One tag\n    When the consumer sends a GET request to "/"\n'
        '    And the request has the headers:\n      | X-Tag | {{ array_containing(["a"]) }} |\n'
        "    Then the provider responds with status 200\n",
    )

    run = project.behave("features/consumer")

    assert run.returncode == 1
    assert "tag.feature:6: the header 'X-Tag' has a rule over a list of 1 value" in run.output
    assert run.pact_files() == []


FEATURE = """\
@pact:V4
Feature: Tags
  Scenario: A tagged lookup
    When the consumer sends a GET request to "/items"
    And the request has the headers:
      | X-Tag | {{ array_containing(["a", regex("b", "[a-z]")]) }} |
    Then the provider responds with status 200
    And the response has the headers:
      | X-Tag | {{ each_value_matches(["x", "y"], regex("x", "[a-z]")) }} |
"""


def test_a_header_row_takes_a_list_matcher_sent_as_one_line_per_value(project: Project) -> None:
    project.write("behave.ini", "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Web\nprovider = Api\n")
    project.write("features/consumer/tags.feature", FEATURE)

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    (interaction,) = run.pact("Web-Api.json")["interactions"]
    assert interaction["request"]["headers"]["X-Tag"] == ["a", "b"]
    (rule,) = interaction["request"]["matchingRules"]["header"]["X-Tag"]["matchers"]
    assert rule["match"] == "arrayContains"
    assert [variant["rules"] for variant in rule["variants"]] == [
        {},
        {"": {"combine": "AND", "matchers": [{"match": "regex", "regex": "[a-z]"}]}},
    ]
    assert interaction["response"]["headers"]["X-Tag"] == ["x", "y"]
    assert json.dumps(interaction["response"]["matchingRules"]["header"]["X-Tag"]).count("eachValue") == 1
