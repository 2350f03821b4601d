"""Provider steps: start or reach the real provider, verify it against its pacts.

Scenario: UserService keeps every promise in its pacts
  Given the provider "UserService" is started with "{python} -m user_service --port {port}"
  When the provider is verified against its pacts
  Then every interaction passes verification
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from behave import step, use_step_matcher

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
