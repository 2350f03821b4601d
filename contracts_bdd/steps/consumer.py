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

from contracts_bdd import gherkin
from contracts_bdd.steps._behave import docstring, here, table_rows

use_step_matcher("parse")


@with_pattern(r"request|response")
def _part(text: str) -> str:
    return text


register_type(Part=_part)


@step('the consumer is "{name}"')
def name_the_consumer(context: Any, name: str) -> None:
    """Name the consumer for this scenario (put it in a Background to name it for a feature)."""
    context.contracts.scenario.name_party("consumer", name, here(context))


@step('the provider is "{name}"')
def name_the_provider(context: Any, name: str) -> None:
    """Name the provider for this scenario (put it in a Background to name it for a feature)."""
    context.contracts.scenario.name_party("provider", name, here(context))


@step('the provider is in the state "{state}"')
def provider_in_state(context: Any, state: str) -> None:
    """A state the provider must be in for the next request."""
    context.contracts.scenario.add_state(gherkin.provider_state(state, [], here(context)))


@step('the provider is in the state "{state}" with:')
def provider_in_state_with(context: Any, state: str) -> None:
    """A state with parameters, from a `| parameter | value |` table."""
    rows = table_rows(context, "| id | 1 |")
    context.contracts.scenario.add_state(gherkin.provider_state(state, rows, here(context)))


@step('the interaction is described as "{description}"')
def describe_interaction(context: Any, description: str) -> None:
    """Name the interaction in the pact (default: the scenario's name)."""
    context.contracts.scenario.describe(description, here(context))


@step('the consumer sends a {method} request to "{path}"')
def consumer_sends(context: Any, method: str, path: str) -> None:
    """The request's method and path."""
    method, path = gherkin.request_line(method, path, here(context))
    context.contracts.scenario.declare_request(method, path, here(context))


@step("the {part:Part} has the headers:")
def headers(context: Any, part: str) -> None:
    """Headers the request or response carries, from a `| name | value |` table."""
    rows = table_rows(context, "| Accept | application/json |")
    context.contracts.scenario.add_headers(part, gherkin.headers(rows, here(context)), here(context))


@step("the request has the query:")
def request_query(context: Any) -> None:
    """Query parameters, from a `| name | value |` table."""
    rows = table_rows(context, "| status | open |")
    context.contracts.scenario.add_query(gherkin.query(rows, here(context)), here(context))


@step("the {part:Part} has the JSON body:")
def json_body(context: Any, part: str) -> None:
    """A JSON body; values may be matchers."""
    text, where = docstring(context, '"""\n{"id": {{ integer(1) }}}\n"""')
    context.contracts.scenario.set_body(part, gherkin.json_body(text, where), here(context))


@step("the {part:Part} has the text body:")
def text_body(context: Any, part: str) -> None:
    """A plain-text body."""
    text, where = docstring(context, '"""\nhello\n"""')
    context.contracts.scenario.set_body(part, gherkin.text_body(text, "text/plain", where), here(context))


@step("the provider responds with status {status}")
def provider_responds(context: Any, status: str) -> None:
    """The status the consumer needs back."""
    context.contracts.scenario.declare_response(gherkin.status_code(status, here(context)), here(context))
