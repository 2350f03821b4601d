"""Multipart bodies: several parts (a CSV file and an image), each its own step, written, proved and rendered back."""

from __future__ import annotations

import base64
import json

import pytest
from behave_project import Project
from round_trip import run_rendered

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Files\n"

UPLOAD = """\
Feature: Uploads
  Scenario: A report with a logo
    When the consumer sends a POST request to "/reports"
    And the request has the file "report.csv" as the multipart part "report" of type "text/csv"
    And the request has the multipart part "logo" of type "image/png" in base64:
      \"\"\"
      iVBORw0KGgo=
      \"\"\"
    Then the provider responds with status 201
"""


def test_two_parts_are_both_written_and_a_csv_part_replays(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("report.csv", "id,name\n1,Alice\n")
    project.write("features/consumer/upload.feature", UPLOAD)

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    request = run.pact("Shop-Files.json")["interactions"][0]["request"]
    body = base64.b64decode(request["body"]["content"])
    assert b'name="report"; filename="report.csv"' in body and b"id,name\n1,Alice\n" in body
    assert b'name="logo"' in body and b"\x89PNG\r\n\x1a\n" in body
    rules = request["matchingRules"]["body"]
    # pact-rust checks a part's type by sniffing its bytes, and reads CSV as text/plain: a rule of
    # text/csv could never pass. The part's own header still says text/csv.
    assert rules["$.report"]["matchers"] == [{"match": "contentType", "value": "text/plain"}]
    assert b"Content-Type: text/csv" in body
    assert rules["$.logo"]["matchers"] == [{"match": "contentType", "value": "image/png"}]


def test_a_multipart_pact_renders_as_its_recorded_bytes_and_part_rules_that_write_it_again(
    project: Project, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Render keeps a multipart body as the pact recorded it: its bytes, its boundary, its parts' rules.

    Part steps would be read back as other bytes (pact-ffi picks its own boundary and part headers),
    so a pact from elsewhere would not come back exactly.
    """
    project.write("behave.ini", USERDATA)
    project.write("report.csv", "id,name\n1,Alice\n")
    project.write("features/consumer/upload.feature", UPLOAD)
    assert project.behave("features/consumer").returncode == 0
    original = project.root / "pacts" / "Shop-Files.json"

    rendered, run = run_rendered(original, tmp_path_factory.mktemp("rendered"))

    assert run.returncode == 0, rendered + run.output
    assert '| Content-Type | {{ regex("multipart/form-data; boundary=contracts-bdd-' in rendered
    assert 'the request has a binary body of type "multipart/form-data" in base64:' in rendered
    assert '| body | $.report | {{ content_type("text/plain", "") }} |' in rendered
    assert '| body | $.logo   | {{ content_type("image/png", "") }}  |' in rendered

    def request(document: dict) -> dict:
        (interaction,) = document["interactions"]
        return {key: interaction["request"][key] for key in ("body", "matchingRules", "headers")}

    assert request(run.pact("Shop-Files.json")) == request(json.loads(original.read_text()))


def test_a_second_body_step_is_refused_instead_of_replacing_the_first(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/two.feature",
        'Feature: Two\n  Scenario: Two bodies\n    When the consumer sends a POST request to "/a"\n'
        '    And the request has a body of type "text/plain":\n      """\n      one\n      """\n'
        '    And the request has a body of type "text/plain":\n      """\n      two\n      """\n'
        "    Then the provider responds with status 200\n",
    )

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "two.feature:8: the request already has a body (declared at features/consumer/two.feature:6)" in run.output


def test_a_json_part_no_request_could_meet_is_refused_at_its_line(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("order.json", '{"id": 1}')
    project.write(
        "features/consumer/json.feature",
        'Feature: Json part\n  Scenario: An order file\n    When the consumer sends a POST request to "/a"\n'
        '    And the request has the file "order.json" as the multipart part "order" of type "application/json"\n'
        "    Then the provider responds with status 200\n",
    )

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "json.feature:4: the multipart part 'order' is of type application/json" in run.output
    assert 'Write instead: the part as text: of type "text/plain"' in run.output
