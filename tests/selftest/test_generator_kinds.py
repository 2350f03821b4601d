"""A rule and its generator must agree on the kind of value: refused when the feature is read, never in a pact.

The mock server sends a generated response value to the consumer, and the verifier sends a
generated request value to the provider: a value the rule itself refuses means a contract no
provider and no consumer can keep. The vocabulary compares each generator's `makes` with the
rule's `takes` when a feature is read; the pact engine checks the values a generator certainly
makes against a rule's pattern or format. A pact written elsewhere is data: it is read as recorded.
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

USERDATA = "[behave.userdata]\nconsumer = ClinicApp\nprovider = PetRecords\n"


def _feature(project: Project, value: str) -> str:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/pets.feature",
        "Feature: Pets\n  Scenario: A pet\n"
        '    Given the provider is in the state "a pet exists"\n'
        '    When the consumer sends a GET request to "/pets/1"\n'
        "    Then the provider responds with status 200\n    And the response has the JSON body:\n"
        '      """\n'
        f'      {{"age": {value}}}\n'
        '      """\n',
    )
    return "features/consumer/pets.feature"


def test_a_text_rule_with_a_number_generator_is_refused_at_its_line_before_anything_runs(project: Project) -> None:
    feature = _feature(project, '{{ string("ten", generate=random_integer(1, 1000)) }}')

    checked = project.cli("check", "features/consumer")
    run = project.behave("features/consumer")

    assert checked.returncode == 1, checked.stdout + checked.stderr
    said = checked.stdout
    assert f"{feature}:8:" in said, said
    assert "string() holds text, but its generator random_integer() makes whole numbers" in said
    assert "integer(1, generate=random_integer(1, 1000))" in said.split("write instead:")[1]
    assert "Traceback" not in said + checked.stderr
    assert run.returncode != 0
    assert "string() holds text, but its generator random_integer() makes whole numbers" in run.output
    assert run.pact_files() == []


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("{{ like(10, generate=random_string(5)) }}", "like() holds any value of its example's type (whole number)"),
        ("{{ integer(10, generate=random_decimal()) }}", "random_decimal() makes decimal numbers"),
        ('{{ equality("a", generate=random_string()) }}', "equality() holds exactly its example"),
        ('{{ regex("ten", "[a-z]+", generate=random_integer(1, 1000)) }}', "can make '1', which the pact engine"),
        (
            '{{ date("2024-05-01", generate=date_from_now("+ 1 day", format="dd/MM/yyyy")) }}',
            "which the pact engine (pact-rust) does not read in the rule's format 'yyyy-MM-dd'",
        ),
    ],
)
def test_a_generator_its_rule_refuses_is_named_by_check(project: Project, value: str, said: str) -> None:
    _feature(project, value)

    checked = project.cli("check", "features/consumer")

    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "features/consumer/pets.feature:" in checked.stdout
    assert said in checked.stdout, checked.stdout


def test_each_hint_for_a_disagreeing_generator_runs_green(project: Project) -> None:
    feature = _feature(project, '{{ string("ten", generate=random_integer(1, 1000)) }}')
    hint = project.cli("check", "features/consumer").stdout.split("write instead: ")[1].splitlines()[0]
    hint = hint.removesuffix(")")  # the line reads: problem (write instead: ...)
    for fix in hint.split("; or "):
        text = (project.root / feature).read_text()
        start = text.index("{{ ") + 3
        project.write(feature, text[:start] + fix + text[text.index(" }}") :])

        run = project.behave("features/consumer")

        assert run.returncode == 0, fix + "\n" + run.output


def test_a_generator_whose_values_its_rule_holds_runs_green(project: Project) -> None:
    """Digits made by a number generator meet a pattern of digits: pact-rust judges a regex on the value's text."""
    _feature(
        project,
        '{"id": {{ regex("10", "\\\\d{1,4}", generate=random_integer(1, 1000)) }}, '
        '"seen": {{ date("2024-05-01", generate=date_from_now("+ 1 day")) }}, '
        '"ref": {{ like("x", generate=from_state("${ref}", "x")) }}, '
        '"n": {{ number(1, generate=random_decimal()) }}}',
    )

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output


def test_integer_given_text_is_told_to_write_a_number_never_a_looser_matcher(project: Project) -> None:
    _feature(project, '{{ integer("ten", generate=random_integer(1, 1000)) }}')

    checked = project.cli("check", "features/consumer")

    assert checked.returncode == 1
    hint = checked.stdout.split("write instead:")[1]
    assert "integer(42)" in hint
    assert "string(" not in hint and "like(" not in hint, hint


def test_a_pact_from_elsewhere_with_a_disagreeing_generator_is_read_not_refused(project: Project) -> None:
    pact = {
        "consumer": {"name": "ClinicApp"},
        "provider": {"name": "PetRecords"},
        "interactions": [
            {
                "description": "a pet",
                "request": {"method": "GET", "path": "/pets/1"},
                "response": {
                    "status": 200,
                    "headers": {"Content-Type": "application/json"},
                    "body": {"age": "ten"},
                    "matchingRules": {"body": {"$.age": {"matchers": [{"match": "type"}]}}},
                    "generators": {"body": {"$.age": {"type": "RandomInt", "min": 1, "max": 1000}}},
                },
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }
    (project.root / "elsewhere.json").write_text(json.dumps(pact))

    rendered = project.cli("render", "elsewhere.json")

    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    assert 'as_recorded(like("ten", generate=random_integer(1, 1000)))' in rendered.stdout, rendered.stdout


def test_pact_ffi_generates_values_of_the_generators_kind_whatever_the_example(tmp_path: Path) -> None:
    """The measurement behind the check: pact-ffi 0.5's mock server makes text with a text generator on a number
    example (so a number rule is broken), a decimal with random_decimal on an integer example, and a number
    generator's value as text only on a text example (pact-ruby's RandomInt makes a number there, as the Pact
    specification says: "a random integer"), so a rule must hold the generator's own kind."""
    body = {
        "text_on_number": {"pact:matcher:type": "type", "value": 10, "pact:generator:type": "RandomString", "size": 5},
        "decimal_on_integer": {"pact:matcher:type": "integer", "value": 10, "pact:generator:type": "RandomDecimal"},
        "int_on_text": {"pact:matcher:type": "type", "value": "ten", "pact:generator:type": "RandomInt", "min": 1},
    }
    pact = Pact("Experiment", "Provider").with_specification("V4")
    exchange = pact.upon_receiving("a generated body").with_request("GET", "/")
    exchange.will_respond_with(200).with_body(json.dumps(body), "application/json")
    with pact.serve(raises=False, verbose=False) as server:
        connection = http.client.HTTPConnection(server.url.host, server.url.port, timeout=10)
        connection.request("GET", "/")
        made = json.loads(connection.getresponse().read())
        connection.close()
    assert isinstance(made["text_on_number"], str)  # the rule holds a number: its own consumer gets text
    assert isinstance(made["decimal_on_integer"], float)  # the rule holds whole numbers
    assert isinstance(made["int_on_text"], str) and made["int_on_text"].isdigit()  # pact-rust's own choice

    pact.write_file(tmp_path, overwrite=True)
    verdicts = []
    for answer in (made, {**made, "text_on_number": 7, "decimal_on_integer": 7}):
        with _provider(answer) as url:
            verifier = Verifier("Provider", host="127.0.0.1").add_transport(url=url)
            verifier.add_source(tmp_path / "Experiment-Provider.json")
            try:
                verifier.verify()
                verdicts.append(True)
            except RuntimeError:
                verdicts.append(False)
    assert verdicts == [False, True]  # pact-ffi's own verifier refuses what its own mock server made


@contextmanager
def _provider(answer: dict[str, Any]) -> Iterator[str]:
    class Answer(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            content = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

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
