"""Bodies given as a file or as typed text (JSON, XML, plain text), in a request, a response and a message.

Each is written to the pact and read back equal: pact-ffi writes the text of a JSON or XML
media type as that document, and write-then-prove compares like with like.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from behave_project import Project

from contracts_bdd.pact.reader import read_pact

KINDS = {
    "json": (
        "application/json",
        '{"isbn": "978-3-16", "copies": [1, 2.5, null]}',
        {"isbn": "978-3-16", "copies": [1, 2.5, None]},
    ),
    "vendor json": ("application/vnd.library+json", "[1, 2]", [1, 2]),
    "xml": (
        "application/xml",
        '<book isbn="978-3"><title>Dune</title></book>',
        '<book isbn="978-3"><title>Dune</title></book>',
    ),
    "text": ("text/plain", "three copies left", "three copies left"),
}


def _http(name: str, how: str, content_type: str) -> str:
    body = {
        "file": f'the {{part}} has the file "bodies/{name}" as a body of type "{content_type}"',
        "typed": f'the {{part}} has a body of type "{content_type}":\n      """\n      {{text}}\n      """',
    }[how]
    return body


def _feature(how: str) -> str:
    scenarios = []
    for name, (content_type, text, _) in KINDS.items():
        step = _http(name, how, content_type)
        request = step.format(part="request", text=text)
        response = step.format(part="response", text=text)
        message = step.format(part="message", text=text)
        scenarios.append(
            f"  Scenario: {how} {name} over HTTP\n"
            f'    When the consumer sends a POST request to "/books"\n'
            f"    And {request}\n"
            f"    Then the provider responds with status 200\n"
            f"    And {response}\n\n"
            f"  Scenario: {how} {name} as a message\n"
            f'    When the provider publishes the message "{how} {name} as a message"\n'
            f"    And {message}\n"
            f"    Then the consumer accepts the message\n\n"
        )
    return f"Feature: {how} bodies\n\n" + "".join(scenarios)


def _content(body: Any) -> Any:
    return body["content"] if isinstance(body, dict) and "content" in body else body


@pytest.mark.parametrize("how", ["file", "typed"])
def test_file_and_typed_bodies_are_written_and_read_back_equal(project: Project, how: str) -> None:
    project.write("behave.ini", "[behave.userdata]\nconsumer = LoanDesk\nprovider = Catalogue\n")
    for name, (_, text, _) in KINDS.items():
        project.write(f"bodies/{name}", text + "\n")
    project.write("features/consumer/bodies.feature", _feature(how))

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    document = run.pact("LoanDesk-Catalogue.json")
    by_description = {item["description"]: item for item in document["interactions"]}
    for name, (content_type, _, expected) in KINDS.items():
        http = by_description[f"{how} {name} over HTTP"]
        message = by_description[f"{how} {name} as a message"]
        for body in (http["request"]["body"], http["response"]["body"], message["contents"]):
            written = _content(body)
            if isinstance(expected, str):
                assert written.strip() == expected, (name, body)
            else:
                assert written == expected, (name, body)
            assert body["contentType"] == content_type
    read = read_pact(document)
    assert not read.left_out
    assert len(read.interactions) == 2 * len(KINDS)


def test_an_empty_xml_text_with_a_rule_or_generator_is_written_and_read_back(project: Project) -> None:
    project.write("behave.ini", "[behave.userdata]\nconsumer = LoanDesk\nprovider = Catalogue\n")
    project.write(
        "features/consumer/xml.feature",
        """\
        Feature: XML
          Scenario: A book with no subtitle yet
            When the consumer sends a POST request to "/books"
            And the request has the XML body:
              \"\"\"
              <book><subtitle>{{ like("") }}</subtitle><note>{{ regex("", ".*") }}</note><id>{{ integer(1) }}</id></book>
              \"\"\"
            Then the provider responds with status 201
        """,
    )

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    rules = run.pact("LoanDesk-Catalogue.json")["interactions"][0]["request"]["matchingRules"]["body"]
    assert json.dumps(rules["$.book.subtitle.#text"]) == json.dumps({"combine": "AND", "matchers": [{"match": "type"}]})
    assert rules["$.book.note.#text"]["matchers"] == [{"match": "regex", "regex": ".*"}]
