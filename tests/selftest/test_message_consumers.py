"""Message contracts on the consumer side: spec-first, a handler, a step of the project; V3 and V4 files."""

from __future__ import annotations

import pytest
from behave_project import Project

CONFIG = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Notifier\nprovider = Orders\n"
PLACED = """\
Feature: Order events

  Scenario: An order was placed
    Given the provider is in the state "an order with id 1 exists" with:
      | parameter | value |
      | id        | 1     |
    When the provider publishes the message "an order was placed"
    And the message has the JSON body:
      \"\"\"
      {"orderId": {{ integer(1, generate=random_integer(5, 9)) }}, "item": {{ like("book") }}}
      \"\"\"
    And the message has the metadata:
      | topic | {{ regex("orders", "^orders$") }} |
      | retry | {{ 3 }}                            |
"""
PRICE = """\
  Scenario: A price
    When the consumer sends the message "a price request"
    And the message has the JSON body:
      \"\"\"
      {"item": 7}
      \"\"\"
    Then the provider replies with a message
    And the reply has the JSON body:
      \"\"\"
      {"price": {{ decimal(9.5) }}}
      \"\"\"
    And the reply has the metadata:
      | queue | prices |
"""


@pytest.fixture
def events(project: Project) -> Project:
    project.write("behave.ini", CONFIG)
    return project


def test_a_published_message_is_checked_against_its_own_rules_and_written(events: Project) -> None:
    events.write("features/consumer/events.feature", PLACED + "\n" + PRICE)

    run = events.behave("features/consumer")

    assert run.returncode == 0, run.output
    assert "Then the consumer accepts the message ... passed" in run.output
    pact = run.pact("Notifier-Orders.json")
    assert pact["metadata"]["pactSpecification"]["version"] == "4.0"
    by_description = {item["description"]: item for item in pact["interactions"]}
    placed = by_description["an order was placed"]
    assert placed["type"] == "Asynchronous/Messages"
    assert placed["contents"]["content"] == {"orderId": 1, "item": "book"}
    assert placed["providerStates"] == [{"name": "an order with id 1 exists", "params": {"id": 1}}]
    assert placed["metadata"] == {"contentType": "application/json", "topic": "orders", "retry": 3}
    assert placed["matchingRules"]["metadata"]["topic"]["matchers"] == [{"match": "regex", "regex": "^orders$"}]
    assert placed["matchingRules"]["body"]["$.orderId"]["matchers"] == [{"match": "integer"}]
    assert placed["generators"]["body"]["$.orderId"] == {"type": "RandomInt", "min": 5, "max": 9}
    price = by_description["a price request"]
    assert price["type"] == "Synchronous/Messages"
    assert price["request"]["contents"]["content"] == {"item": 7}
    (reply,) = price["response"]
    assert reply["contents"]["content"] == {"price": 9.5}
    assert reply["metadata"]["queue"] == "prices"
    assert reply["matchingRules"]["body"]["$.price"]["matchers"] == [{"match": "decimal"}]


def test_a_generated_message_that_breaks_its_own_rules_fails_at_its_line_and_writes_nothing(events: Project) -> None:
    events.write(
        "features/consumer/events.feature",
        """\
        Feature: Order events

          Scenario: A code
            When the provider publishes the message "a code was issued"
            And the message has the JSON body:
              \"\"\"
              {"code": {{ includes("abc", generate=random_string(size=10)) }}}
              \"\"\"
        """,
    )

    run = events.behave("features/consumer")

    assert run.returncode == 1
    assert "Then the consumer accepts the message ... failed" in run.output
    assert "the message 'a code was issued' (declared at features/consumer/events.feature:4)" in run.output
    assert "does not meet its own rules" in run.output
    assert "BodyMismatch at $.code" in run.output
    assert run.pact_files() == []


HANDLERS = """\
from contracts_bdd import message_consumer

SEEN = []


@message_consumer("an order was placed")
def on_placed(message):
    event = message.json()
    assert 5 <= event["orderId"] <= 9, event      # the generator's value, not the example
    assert message.metadata["topic"] == "orders" and message.metadata["retry"] == 3, message.metadata
    assert message.content_type == "application/json"
    BREAK


@message_consumer("a price {what}")
def on_price(message, what):
    assert what == "request"
    assert message.request.json() == {"item": 7}
    assert message.json() == {"price": 9.5} and message.metadata["queue"] == "prices", message
"""


def test_a_handler_receives_the_generated_message_and_its_metadata(events: Project) -> None:
    events.write("features/consumer/events.feature", PLACED + "\n" + PRICE)
    events.write("steps/handlers.py", HANDLERS.replace("    BREAK\n", ""))

    run = events.behave("features/consumer")

    assert run.returncode == 0, run.output
    assert run.pact_files() == ["Notifier-Orders.json"]


def test_a_handler_that_raises_fails_its_scenario_with_its_traceback_and_the_line(events: Project) -> None:
    events.write("features/consumer/events.feature", PLACED + "\n" + PRICE)
    events.write("steps/handlers.py", HANDLERS.replace("    BREAK\n", '    raise LookupError("no such customer")\n'))

    run = events.behave("features/consumer")

    assert run.returncode == 1
    assert "1 scenario passed, 1 failed" in run.output
    assert "the consumer's handler 'an order was placed' raised on the message 'an order was placed'" in run.output
    assert "(declared at features/consumer/events.feature:7)" in run.output
    assert 'steps/handlers.py", line 12, in on_placed' in run.output
    assert "contracts_bdd" not in run.output.split("Traceback")[1].split("LookupError")[0]  # the handler's frames only
    assert "LookupError: no such customer" in run.output
    assert run.pact_files() == []


def test_a_step_of_the_project_takes_the_message_and_its_failure_fails_the_scenario(events: Project) -> None:
    feature = PLACED + "    When the notifier handles the message\n"
    events.write("features/consumer/events.feature", feature)
    events.write(
        "steps/notifier.py",
        """\
        from behave import when

        @when("the notifier handles the message")
        def handles(context):
            message = context.contracts.message
            assert message.metadata["topic"] == "payments", f"wrong topic: {message.metadata['topic']}"
        """,
    )

    failed = events.behave("features/consumer")
    events.write(
        "steps/notifier.py", events.root.joinpath("steps/notifier.py").read_text().replace("payments", "orders")
    )
    passed = events.behave("features/consumer")

    assert failed.returncode == 1
    assert "When the notifier handles the message ... failed" in failed.output
    assert "wrong topic: orders" in failed.output
    assert passed.returncode == 0, passed.output
    assert "Then the consumer accepts the message ... passed" in passed.output


def test_messages_alone_make_a_v3_message_pact_and_v3_refuses_what_it_cannot_hold(events: Project) -> None:
    events.write("features/consumer/events.feature", "@pact:V3\n" + PLACED)
    v3 = events.behave("features/consumer")
    written = v3.pact("Notifier-Orders.json")

    events.write("features/consumer/events.feature", "@pact:V3\n" + PLACED + "\n" + PRICE)
    sync = events.behave("features/consumer")
    events.write(
        "features/consumer/events.feature",
        "@pact:V3\n"
        + PLACED
        + '\n  Scenario: An order\n    When the consumer sends a GET request to "/orders/1"\n'
        + "    Then the provider responds with status 200\n",
    )
    mixed = events.behave("features/consumer")

    assert v3.returncode == 0, v3.output
    assert written["metadata"]["pactSpecification"]["version"] == "3.0.0"
    assert [message["description"] for message in written["messages"]] == ["an order was placed"]
    assert "interactions" not in written
    assert sync.returncode == 1
    assert "features/consumer/events.feature:18" in sync.output, sync.output
    assert "needs pact specification V4; this scenario's pact is V3" in sync.output
    assert mixed.returncode == 1
    assert "a V3 pact holds either HTTP interactions or messages" in mixed.output
    assert "nothing was run or written" in mixed.output


@pytest.mark.parametrize(
    ("steps", "line", "problem"),
    [
        ("    Then the provider replies with a message\n", 9, "is one the provider publishes, so nothing replies"),
        ("    And the request has the query:\n      | a | 1 |\n", 9, "belongs to an HTTP request"),
        ("    And the message has the metadata:\n      | topic | a |\n      | topic | b |\n", 11, "declared twice"),
    ],
)
def test_a_message_declared_wrongly_is_refused_at_its_line_before_anything_runs(
    events: Project, steps: str, line: int, problem: str
) -> None:
    feature = (
        'Feature: F\n\n  Scenario: S\n    When the provider publishes the message "m"\n'
        '    And the message has the JSON body:\n      """\n      {"a": 1}\n      """\n'
    )
    events.write("features/consumer/events.feature", feature + steps)

    run = events.behave("features/consumer")

    assert run.returncode == 1
    assert f"features/consumer/events.feature:{line}: " in run.output, run.output
    assert problem in run.output, run.output
    assert run.pact_files() == []


def test_xml_text_and_binary_messages_are_written_with_their_content_types(events: Project) -> None:
    events.write(
        "features/consumer/events.feature",
        """\
        Feature: Kinds of body
          Scenario: XML
            When the provider publishes the message "an xml event"
            And the message has the XML body:
              \"\"\"
              <order id="{{ integer(1) }}"><item {{ each_like() }}>{{ like("pen") }}</item></order>
              \"\"\"
          Scenario: Text
            When the provider publishes the message "a text event"
            And the message has a body of type "text/csv":
              \"\"\"
              id,item
              1,pen
              \"\"\"
          Scenario: Binary
            When the provider publishes the message "a binary event"
            And the message has a binary body of type "application/octet-stream" in base64:
              \"\"\"
              AAEC/w==
              \"\"\"
        """,
    )

    run = events.behave("features/consumer")

    assert run.returncode == 0, run.output
    contents = {item["description"]: item["contents"] for item in run.pact("Notifier-Orders.json")["interactions"]}
    assert contents["an xml event"]["contentType"] == "application/xml"
    assert contents["an xml event"]["content"] == '<order id="1"><item>pen</item></order>'
    assert contents["a text event"] == {"content": "id,item\n1,pen", "contentType": "text/csv", "encoded": False}
    assert contents["a binary event"] == {
        "content": "AAEC/w==",
        "contentType": "application/octet-stream",
        "encoded": "base64",
    }


@pytest.mark.parametrize(
    ("body", "line", "problem"),
    [
        (
            '    When the provider publishes the message "m"\n'
            '    And the message has the XML body:\n      """\n      <o><i {{ each_like(min=2) }}>a</i></o>\n      """\n',
            7,
            "counts a message element's own children",
        ),
        (
            '    When the consumer sends the message "m"\n'
            "    Then the provider replies with a message\n    Then the provider replies with a message\n",
            6,
            "has a second reply",
        ),
    ],
)
def test_what_the_verifier_could_never_accept_of_a_message_is_refused_at_its_line(
    events: Project, body: str, line: int, problem: str
) -> None:
    events.write(
        "features/consumer/events.feature",
        "Feature: F\n\n  Scenario: S\n" + body,
    )

    run = events.behave("features/consumer")

    assert run.returncode == 1
    assert f"features/consumer/events.feature:{line}: " in run.output, run.output
    assert problem in run.output
