"""Consumer steps: the provider's states, the consumer's request, the response it needs.

Scenario: Get a user who exists
  Given the provider is in the state "a user with id 1 exists"
  When the consumer sends a GET request to "/users/1"
  And the request has the headers:
    | Accept | application/json |
  Then the provider responds with status 200
  And the response has the JSON body:
    \"\"\"
    {"id": {{ integer(1) }}, "name": {{ like("Alice") }}}
    \"\"\"
"""

from __future__ import annotations

from typing import Any

from behave import register_type, step, use_step_matcher
from parse import with_pattern

from contracts_bdd.behave.steps.marks import declares_contract
from contracts_bdd.behave.steps.tables import docstring, docstring_indent, here, step_table
from contracts_bdd.gherkin import bodies
from contracts_bdd.gherkin import values as gherkin
from contracts_bdd.gherkin.expressions import literal_text
from contracts_bdd.gherkin.step_texts import STEPS

use_step_matcher("parse")


PARTS = {
    "Part": "request|response|message|reply",
    "HttpPart": "request|response",
    "MessagePart": "message|reply",
}
"""The parts a step may name: bodies belong to all four, headers and multipart to HTTP, metadata to messages."""


def _part_type(words: str) -> Any:
    @with_pattern(words)
    def part(text: str) -> str:
        return text

    return part


register_type(**{name: _part_type(words) for name, words in PARTS.items()})


@step(STEPS["consumer"])
@declares_contract
def name_the_consumer(context: Any, name: str) -> None:
    """Name the consumer for this scenario (put it in a Background to name it for a feature)."""
    context.contracts.scenario.name_party("consumer", name, here(context))


@step(STEPS["provider"])
@declares_contract
def name_the_provider(context: Any, name: str) -> None:
    """Name the provider for this scenario (put it in a Background to name it for a feature)."""
    context.contracts.scenario.name_party("provider", name, here(context))


@step(STEPS["state"])
@declares_contract
def provider_in_state(context: Any, state: str) -> None:
    """A state the provider must be in for the next request."""
    context.contracts.scenario.add_state(gherkin.provider_state(state, [], here(context)))


@step(STEPS["state with"])
@declares_contract
def provider_in_state_with(context: Any, state: str) -> None:
    """A state with parameters, from a `| parameter | value |` table."""
    rows = step_table(context, "| id | 1 |")
    context.contracts.scenario.add_state(gherkin.provider_state(state, rows, here(context)))


@step(STEPS["described as"])
@declares_contract
def describe_interaction(context: Any, description: str) -> None:
    """Name the interaction in the pact (default: the scenario's name); `{{ "..." }}` spells any text."""
    context.contracts.scenario.describe(literal_text(description, here(context)), here(context))


@step(STEPS["comment"])
@declares_contract
def comment_interaction(context: Any, comment: str) -> None:
    """A comment written into the pact (V4), as a description line is; `{{ "..." }}` spells any text."""
    context.contracts.scenario.add_comment(literal_text(comment, here(context)), here(context))


@step(STEPS["test name"])
@declares_contract
def name_the_test(context: Any, name: str) -> None:
    """The test that wrote the interaction, as a pact keeps it (V4 `testname` comment); `{{ "..." }}` spells any."""
    context.contracts.scenario.name_test(literal_text(name, here(context)), here(context))


@step(STEPS["request"])
@declares_contract
def consumer_sends(context: Any, method: str, path: str) -> None:
    """The request's method and path."""
    method, path = gherkin.request_line(method, path, here(context))
    context.contracts.scenario.declare_request(method, path, here(context))


@step(STEPS["publishes"])
@declares_contract
def provider_publishes(context: Any, description: str) -> None:
    """A message the provider publishes (Kafka, a queue, a webhook...); its description names it in the pact."""
    text = literal_text(description, here(context))
    context.contracts.scenario.declare_message(text, here(context), synchronous=False)


@step(STEPS["sends message"])
@declares_contract
def consumer_sends_message(context: Any, description: str) -> None:
    """A message the consumer sends and the provider replies to (a synchronous message, pact V4)."""
    text = literal_text(description, here(context))
    context.contracts.scenario.declare_message(text, here(context), synchronous=True)


@step(STEPS["replies"])
@declares_contract
def provider_replies(context: Any) -> None:
    """A reply the consumer needs to the message it sends; the reply's steps follow ("the reply has ...")."""
    context.contracts.scenario.declare_reply(here(context))


@step(STEPS["metadata"])
@declares_contract
def message_metadata(context: Any, part: str) -> None:
    """Metadata of the message or reply, from a `| name | value |` table; values may be matchers."""
    rows = step_table(context, "| topic | orders |")
    context.contracts.scenario.add_metadata(part, gherkin.metadata(rows, here(context)), here(context))


@step(STEPS["headers"])
@declares_contract
def headers(context: Any, part: str) -> None:
    """Headers the request or response carries, from a `| name | value |` table."""
    rows = step_table(context, "| Accept | application/json |")
    context.contracts.scenario.add_headers(part, gherkin.headers(rows, here(context)), here(context))


@step(STEPS["query"])
@declares_contract
def request_query(context: Any) -> None:
    """Query parameters, from a `| name | value |` table."""
    rows = step_table(context, "| status | open |")
    context.contracts.scenario.add_query(gherkin.query(rows, here(context)), here(context))


@step(STEPS["rules at paths"])
@declares_contract
def rules_at_paths(context: Any, part: str) -> None:
    """Rules and generators at paths of their own, from a `| in | path | rule |` table, as a pact may keep them.

    `in` is body, header, query, path, status (HTTP) or metadata (messages); the rule is written at that path
    as it is, with nothing implied. Render writes this table for rules no one value of the example stands for.
    """
    rows = step_table(context, "| in | path | rule |\n| body | $.items[*].* | {{ like(1) }} |")
    context.contracts.scenario.add_path_rules(part, gherkin.path_rules(rows, here(context)), here(context))


@step(STEPS["json body"])
@declares_contract
def json_body(context: Any, part: str) -> None:
    """A JSON body; values may be matchers."""
    text, where = docstring(context, '"""\n{"id": {{ integer(1) }}}\n"""')
    body = gherkin.json_body(text, where, indent=docstring_indent(context))
    context.contracts.scenario.set_body(part, body, here(context))


@step(STEPS["json body of type"])
@declares_contract
def typed_json_body(context: Any, part: str, content_type: str) -> None:
    """A JSON body of another JSON type (`application/hal+json`); values may be matchers."""
    text, where = docstring(context, '"""\n{"id": {{ integer(1) }}}\n"""')
    body = gherkin.json_body(text, where, content_type, indent=docstring_indent(context))
    context.contracts.scenario.set_body(part, body, here(context))


@step(STEPS["text body"])
@declares_contract
def text_body(context: Any, part: str) -> None:
    """A plain-text body."""
    text, where = docstring(context, '"""\nhello\n"""')
    context.contracts.scenario.set_body(part, gherkin.text_body(text, "text/plain", where), here(context))


@step(STEPS["status"])
@declares_contract
def provider_responds(context: Any, status: str) -> None:
    """The status the consumer needs back."""
    context.contracts.scenario.declare_response(gherkin.status_code(status, here(context)), here(context))


@step(STEPS["fields"])
@declares_contract
def fields(context: Any, part: str) -> None:
    """A JSON body from a `| field | example | rule |` table; `items[].id` reaches into list elements."""
    rows = step_table(context, "| field | example | rule |\n| id | 1 | integer |")
    context.contracts.scenario.set_body(part, bodies.fields_body(rows, here(context)), here(context))


@step(STEPS["form body"])
@declares_contract
def form_body(context: Any, part: str) -> None:
    """An application/x-www-form-urlencoded body from a `| field | value |` table."""
    rows = step_table(context, "| name | Alice |")
    context.contracts.scenario.set_body(part, bodies.form_body(rows, here(context)), here(context))


@step(STEPS["xml body"])
@declares_contract
def xml_body(context: Any, part: str) -> None:
    """An XML body; attribute values and texts may be matchers."""
    text, where = docstring(context, '"""\n<user id="{{ integer(1) }}"><name>Alice</name></user>\n"""')
    context.contracts.scenario.set_body(part, bodies.xml_body(text, where), here(context))


@step(STEPS["body of type"])
@declares_contract
def typed_text_body(context: Any, part: str, content_type: str) -> None:
    """A body taken literally, with its content type."""
    text, where = docstring(context, '"""\nid,name\n1,Alice\n"""')
    context.contracts.scenario.set_body(part, gherkin.text_body(text, content_type, where), here(context))


@step(STEPS["binary body"])
@declares_contract
def base64_body(context: Any, part: str, content_type: str) -> None:
    """Bytes with a content type, written in base64."""
    text, where = docstring(context, '"""\nAAEC\n"""')
    context.contracts.scenario.set_body(part, bodies.base64_body(text, content_type, where), here(context))


@step(STEPS["file body"])
@declares_contract
def file_body(context: Any, part: str, path: str, content_type: str) -> None:
    """A body read from a file, with its content type."""
    context.contracts.scenario.set_body(part, bodies.file_body(path, content_type, here(context)), here(context))


@step(STEPS["file part"])
@declares_contract
def multipart_file(context: Any, part: str, path: str, name: str, content_type: str) -> None:
    """A file part of a multipart/form-data body; each such step adds one part."""
    found = bodies.multipart_file_part(name, path, content_type, here(context))
    context.contracts.scenario.add_multipart_part(part, found, here(context))


@step(STEPS["part in base64"])
@declares_contract
def multipart_base64(context: Any, part: str, name: str, content_type: str) -> None:
    """A part of a multipart/form-data body, its bytes written in base64; each such step adds one part."""
    text, where = docstring(context, '"""\niVBORw0KGgo=\n"""')
    found = bodies.multipart_base64_part(name, text, content_type, where)
    context.contracts.scenario.add_multipart_part(part, found, here(context))


@step(STEPS["requests met"])
def requests_meet_the_contract(context: Any) -> None:
    """Added as the last step of each consumer scenario: fails, with the mismatch report, unless it was met.

    Met means the mock server saw exactly the declared requests (sent by the framework when no
    consumer code did). Write it yourself to place it; it is then not added again.
    """
    context.contracts.judge_scenario()


@step(STEPS["message accepted"])
@step(STEPS["messages accepted"])
def consumer_accepts_the_message(context: Any) -> None:
    """Added as the last step of a scenario of messages: fails unless each message was accepted.

    Accepted means the consumer's `@message_consumer` handler took it without raising, or (with no
    handler, and no step of the project taking `context.contracts.message`) that the message
    generated from the declaration meets its own rules.
    """
    context.contracts.judge_scenario()
