"""Provider steps: start or reach the real provider, verify it against its pacts.

Scenario: UserService keeps every promise in its pacts
  Given the provider "UserService" is started with "{python} -m user_service --port {port}"
  When the provider is verified against its pacts
  Then every interaction passes verification
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from behave import step, use_step_matcher

from contracts_bdd import gherkin
from contracts_bdd.steps._behave import here, table_rows

use_step_matcher("parse")


@step('the provider "{name}" is started with "{command}"')
def provider_started_with(context: Any, name: str, command: str) -> None:
    """Start the provider; `{port}` is a free port, `{python}` this interpreter."""
    context.contracts.start_provider(name, command)


@step('the provider "{name}" is started')
def provider_started(context: Any, name: str) -> None:
    """Start the provider with `provider_command` from behave.ini."""
    context.contracts.start_provider(name, None)


@step('the provider "{name}" is running at "{url}"')
def provider_running_at(context: Any, name: str, url: str) -> None:
    """Verify a provider that is already running."""
    context.contracts.reach_provider(name, url)


@step('the provider "{name}" is running')
def provider_running(context: Any, name: str) -> None:
    """Verify the already-running provider at `provider_url` from behave.ini."""
    context.contracts.reach_provider(name, None)


@step('the provider sets up its states at "{path}"')
def provider_state_url(context: Any, path: str) -> None:
    """Use the provider's own state-change endpoint instead of Python handlers."""
    context.contracts.use_state_change_url(path)


@step("the provider is verified against its pacts")
def verify_against_pacts(context: Any) -> None:
    """Replay every interaction in the pact directory against the provider."""
    context.contracts.verify()


@step('the provider is verified against the pacts in "{directory}"')
def verify_against_pacts_in(context: Any, directory: str) -> None:
    """Replay every interaction in `directory` against the provider."""
    context.contracts.verify(Path(directory))


@step("every interaction passes verification")
def every_interaction_passes(context: Any) -> None:
    """Fail with the list of interactions and their mismatches unless all passed."""
    print(context.contracts.require_all_passed())


@step("the provider is verified against the pacts from the broker")
def verify_from_broker(context: Any) -> None:
    """Verify the pacts the broker selects: main branch, and deployed or released versions."""
    context.contracts.verify_from_broker(None, os.environ)


@step("the provider is verified against the pacts from the broker for:")
def verify_from_broker_for(context: Any) -> None:
    """Verify the pacts chosen by consumer version selectors, one `| selector | value |` row each."""
    rows = table_rows(context, "| mainBranch | true |\n| deployedOrReleased | true |")
    context.contracts.verify_from_broker(gherkin.consumer_version_selectors(rows, here(context)), os.environ)


@step("the provider is verified against the latest pacts from the broker")
def verify_latest_from_broker(context: Any) -> None:
    """Verify the broker's default choice (the latest pact of each consumer), with no selectors."""
    context.contracts.verify_from_broker([], os.environ)


@step("pending pacts are included")
def pending_included(context: Any) -> None:
    """Verify pending pacts too; their failures are reported without failing the run."""
    context.contracts.include_pending()


@step('work in progress pacts since "{since}" are included')
def wip_included(context: Any, since: str) -> None:
    """Verify work-in-progress pacts published since a date (YYYY-MM-DD), as pending."""
    context.contracts.include_wip_since(gherkin.iso_date(since, here(context)))


@step('"{pacticipant}" version "{version}" can be deployed to "{environment}"')
def can_deploy(context: Any, pacticipant: str, version: str, environment: str) -> None:
    """Ask the broker (can-i-deploy); fail with its reason and matrix unless the answer is yes."""
    decision = context.contracts.broker().can_i_deploy(pacticipant, version, to_environment=environment)
    assert decision.deployable, decision.table()
    print(decision.table())


@step('"{pacticipant}" version "{version}" is recorded as deployed to "{environment}"')
def record_deployment(context: Any, pacticipant: str, version: str, environment: str) -> None:
    """Tell the broker this version now runs in the environment."""
    print(context.contracts.broker().record_deployment(pacticipant, version, environment))


@step('"{pacticipant}" version "{version}" is recorded as released to "{environment}"')
def record_release(context: Any, pacticipant: str, version: str, environment: str) -> None:
    """Tell the broker this version is released to the environment."""
    print(context.contracts.broker().record_release(pacticipant, version, environment))
