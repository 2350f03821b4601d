"""Provider steps: start or reach the real provider, verify it against its pacts.

    Scenario: UserService keeps every promise in its pacts
      Given the provider "UserService" is started with "{python} -m user_service --port {port}"
      When the provider is verified against its pacts
      Then every interaction passes verification

One scenario per interaction (its own JUnit test case; `behave -n` re-runs one)::

    Scenario Outline: <consumer>: <interaction>
      Then the interaction passes verification

      Examples: the interactions in the pacts
        | consumer | interaction | states |

The pacts come from `pact_source` (default: `pact_dir`), or from where a step names them;
`PACT_URL` in the environment (a broker webhook's) switches every verification to that pact::

    Background:
      Given the pacts are taken from the broker
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from behave import step, use_step_matcher

from contracts_bdd.behave.examples import example_of
from contracts_bdd.behave.steps.marks import (
    ONE_INTERACTION_STEP,
    chooses_pacts,
    includes_pending,
    includes_wip,
    names_provider,
    verifies_one_interaction,
)
from contracts_bdd.behave.steps.tables import here, rows_of, step_table
from contracts_bdd.errors import ContractsBddError, FeatureError, Location, VerificationFailed
from contracts_bdd.gherkin import provider_tables
from contracts_bdd.gherkin import values as gherkin
from contracts_bdd.model.reports import InteractionOutcome, SelectedInteraction
from contracts_bdd.redaction import scrubbed

if TYPE_CHECKING:  # a consumer run loads these steps too, but never the broker client they need
    from contracts_bdd.provider.sources import PactSource

use_step_matcher("parse")


def _stop_with_the_feature(context: Any) -> None:
    """End the feature's provider (stop it if started, forget its results) through behave's own cleanup."""
    context.add_cleanup(context.contracts.provider.end_feature, layer="feature")


@step('the provider "{name}" is started with "{command}"')
@names_provider
def provider_started_with(context: Any, name: str, command: str) -> None:
    """Start the provider; `{port}` is a free port, `{python}` this interpreter. It runs until the feature ends."""
    context.contracts.provider.start(name, command, here(context))
    _stop_with_the_feature(context)


@step('the provider "{name}" is started')
@names_provider
def provider_started(context: Any, name: str) -> None:
    """Start the provider with `provider_command` from behave.ini."""
    context.contracts.provider.start(name, None, here(context))
    _stop_with_the_feature(context)


@step('the provider "{name}" is running at "{url}"')
@names_provider
def provider_running_at(context: Any, name: str, url: str) -> None:
    """Verify a provider that is already running; a base path (http://host:port/api) is kept."""
    context.contracts.provider.reach(name, url, here(context))
    _stop_with_the_feature(context)


@step('the provider "{name}" is running')
@names_provider
def provider_running(context: Any, name: str) -> None:
    """Verify the already-running provider at `provider_url` from behave.ini."""
    context.contracts.provider.reach(name, None, here(context))
    _stop_with_the_feature(context)


@step('the provider "{name}" only publishes messages')
@names_provider
def provider_of_messages(context: Any, name: str) -> None:
    """A provider with no HTTP side: its messages come from its `@message_producer` functions."""
    context.contracts.provider.publish_only(name)
    _stop_with_the_feature(context)


@step('the provider sets up its states at "{path}"')
def provider_state_url(context: Any, path: str) -> None:
    """Use the provider's own state-change endpoint instead of Python handlers."""
    context.contracts.provider.use_state_change_url(path, here(context))


@step("the verification requests carry the headers:")
def verification_headers(context: Any) -> None:
    """Real values for headers the interactions declare (a token for `Authorization`); `env:NAME` reads one from
    the environment. A request whose interaction declares no such header is sent without it."""
    rows = step_table(context, "| Authorization | env:PROVIDER_TOKEN |")
    headers = {header.name: str(header.value) for header in gherkin.headers(rows, here(context))}
    context.contracts.provider.add_headers(headers, here(context))


@step("every verification request carries the headers:")
def headers_on_every_request(context: Any) -> None:
    """Headers added to every request replayed against the provider, declared or not; `env:NAME` as above."""
    rows = step_table(context, "| X-Api-Key | env:PROVIDER_API_KEY |")
    headers = {header.name: str(header.value) for header in gherkin.headers(rows, here(context))}
    context.contracts.provider.add_headers(headers, here(context), everywhere=True)


@step("only these interactions are verified:")
def only_these(context: Any) -> None:
    """Limit verification by `consumer`, `description` (regex) and `state` (regex), one `| what | value |` row each."""
    rows = step_table(context, "| consumer | OrderService |\n| description | ^A user who |")
    context.contracts.provider.limit(provider_tables.interaction_filter(rows, here(context)))


def _named(arguments: dict[str, Any], table: Any, location: Location) -> PactSource:
    from contracts_bdd.provider.sources import pact_source  # noqa: PLC0415

    return pact_source(str(arguments["where"]), location)


def _broker(arguments: dict[str, Any], table: Any, location: Location) -> PactSource:
    from contracts_bdd.provider.sources import BrokerPacts  # noqa: PLC0415

    return BrokerPacts()


def _broker_for(arguments: dict[str, Any], table: Any, location: Location) -> PactSource:
    from contracts_bdd.provider.sources import BrokerPacts  # noqa: PLC0415

    rows = rows_of(table, location, "| mainBranch | true |\n| deployedOrReleased | true |")
    return BrokerPacts.selecting(provider_tables.consumer_version_selectors(rows, location))


@step('the pacts are taken from "{where}"')
@chooses_pacts(_named)
def pacts_taken_from(context: Any, where: str) -> None:
    """Verify the pacts there: a folder, files (comma-separated), a pact's URL, or `broker`."""
    context.contracts.provider.take_pacts_from(_named({"where": where}, None, here(context)))


@step("the pacts are taken from the broker")
@chooses_pacts(_broker)
def pacts_taken_from_broker(context: Any) -> None:
    """Verify the pacts the broker selects: main branch, and deployed or released versions."""
    context.contracts.provider.take_pacts_from(_broker({}, None, here(context)))


@step("the pacts are taken from the broker for:")
@chooses_pacts(_broker_for)
def pacts_taken_from_broker_for(context: Any) -> None:
    """Verify the pacts chosen by consumer version selectors, one `| selector | value |` row each."""
    context.contracts.provider.take_pacts_from(_broker_for({}, context.table, here(context)))


@step("the provider is verified against its pacts")
def verify_against_pacts(context: Any) -> None:
    """Replay every interaction of the feature's pacts (`pact_source`, else `pact_dir`) against the provider."""
    context.contracts.provider.verify(None, here(context))


@step('the provider is verified against the pacts in "{where}"')
def verify_against_pacts_in(context: Any, where: str) -> None:
    """Replay every interaction in a folder or files (comma-separated) against the provider."""
    context.contracts.provider.verify(_named({"where": where}, None, here(context)), here(context))


@step('the provider is verified against the pact at "{url}"')
def verify_against_pact_at(context: Any, url: str) -> None:
    """Replay the interactions of the pact at `url` (the broker's credentials go to the broker's host only)."""
    context.contracts.provider.verify(_named({"where": url}, None, here(context)), here(context))


@step("every interaction passes verification")
def every_interaction_passes(context: Any) -> None:
    """Fail with the list of interactions and their mismatches unless all passed."""
    reason = context.contracts.provider.skipped_because(here(context))
    if reason is not None:
        context.scenario.skip(reason=reason)
        return
    _say_what_was_verified(context, None)
    print(context.contracts.provider.require_all_passed(here(context)))


@step(ONE_INTERACTION_STEP)
@verifies_one_interaction
def the_interaction_passes(context: Any) -> None:
    """In a Scenario Outline filled from the pacts: this row's interaction passed (pending ones are skipped)."""
    wanted, selected = outline_interactions(context)
    outcome = context.contracts.provider.verify_one(wanted, selected, here(context))
    if outcome is None:
        context.scenario.skip(reason="not verified: left out by PACT_DESCRIPTION, PACT_PROVIDER_STATE or a filter")
        return
    _say_what_was_verified(context, [outcome])
    if outcome.status == "pending-failed":
        context.scenario.skip(reason=scrubbed(f"pending, and failing:\n{outcome.details}"))
        return
    if outcome.failed:
        raise VerificationFailed(f"{outcome.consumer}: '{outcome.description}' failed verification:\n{outcome.details}")


def _say_what_was_verified(context: Any, outcomes: list[InteractionOutcome] | None) -> None:
    """Print what each result verified, so the JUnit report (behave's captured output) holds it beside the result."""
    said = context.contracts.provider.verified_content(outcomes)
    if said:
        print(said)


def verify_outline_ahead(context: Any) -> None:
    """Verify the running outline's selected interactions together, before its row's step starts.

    Called from `before_step`: behave books a test case's time from its steps, so the one
    verification of every row is booked on none of them, rather than all on the first. A
    problem is left for the step itself to raise, at its line.
    """
    with contextlib.suppress(ContractsBddError):
        wanted, selected = outline_interactions(context)
        context.contracts.provider.verify_one(wanted, selected, here(context))


def outline_interactions(context: Any) -> tuple[SelectedInteraction, list[SelectedInteraction]]:
    """The interaction of the running generated scenario, and those of its outline selected to run.

    `context.active_outline` is behave's documented Examples row of the running scenario, at
    the scenario's own line; each sibling's row is found by its line too. Both lookups are
    made once per feature, not once per scenario.
    """
    example = getattr(context, "active_outline", None)
    if example is None:
        raise FeatureError(
            here(context),
            "'the interaction passes verification' belongs in a Scenario Outline filled from the pacts",
            "Scenario Outline: <consumer>: <interaction> ... Examples: | consumer | interaction | states |",
        )
    side = context.contracts.provider
    origins = side.pacts.row_origins
    scenario = context.scenario
    running = _selected(example, scenario.filename, origins)
    outline = getattr(scenario, "parent", None)
    if outline is None or not hasattr(outline, "examples"):
        return running, [running]
    selected = side.memo(("selected", id(outline)), lambda: _selected_examples(outline, context.config, origins))
    return running, selected or [running]


def _selected_examples(outline: Any, config: Any, origins: dict[Location, str]) -> list[SelectedInteraction]:
    return [
        _selected(example, scenario.filename, origins)
        for scenario in outline.scenarios
        if scenario.should_run(config) and (example := example_of(scenario)) is not None
    ]


def _selected(example: Any, filename: str, origins: dict[Location, str]) -> SelectedInteraction:
    """The interaction an Examples row stands for, with the pact it came from when the fill wrote the row."""
    cells = dict(zip(example.headings, example.cells, strict=True))
    states = tuple(state.strip() for state in cells.get("states", "").split(";") if state.strip())
    origin = origins.get(Location(filename, example.line), "")
    return SelectedInteraction(cells["consumer"], cells["interaction"], states, origin)


@step("the provider is verified against the pacts from the broker")
def verify_from_broker(context: Any) -> None:
    """Verify the pacts the broker selects: main branch, and deployed or released versions."""
    context.contracts.provider.verify_from_broker(None, here(context))


@step("the provider is verified against the pacts from the broker for:")
def verify_from_broker_for(context: Any) -> None:
    """Verify the pacts chosen by consumer version selectors, one `| selector | value |` row each."""
    rows = step_table(context, "| mainBranch | true |\n| deployedOrReleased | true |")
    selectors = provider_tables.consumer_version_selectors(rows, here(context))
    context.contracts.provider.verify_from_broker(selectors, here(context))


@step("the provider is verified against the latest pacts from the broker")
def verify_latest_from_broker(context: Any) -> None:
    """Verify the broker's default choice (the latest pact of each consumer), with no selectors."""
    context.contracts.provider.verify_from_broker([], here(context))


@step("pending pacts are included")
@includes_pending
def pending_included(context: Any) -> None:
    """Verify pending pacts too; their failures are reported without failing the run."""
    context.contracts.provider.include_pending()


@step('work in progress pacts since "{since}" are included')
@includes_wip
def wip_included(context: Any, since: str) -> None:
    """Verify work-in-progress pacts published since a date (YYYY-MM-DD), as pending."""
    context.contracts.provider.include_wip_since(provider_tables.iso_date(since, here(context)))


@step('"{pacticipant}" version "{version}" can be deployed to "{environment}"')
def can_deploy(context: Any, pacticipant: str, version: str, environment: str) -> None:
    """Ask the broker (can-i-deploy); fail with its reason and matrix unless the answer is yes."""
    _require_yes(context.contracts.broker().can_i_deploy(pacticipant, version, to_environment=environment))


@step('"{pacticipant}" version "{version}" can be merged')
def can_merge(context: Any, pacticipant: str, version: str) -> None:
    """Ask the broker (can-i-merge): does this version work with the main branch of everything it talks to?"""
    _require_yes(context.contracts.broker().can_i_deploy(pacticipant, version, to_main_branch=True))


def _require_yes(decision: Any) -> None:
    if decision.deployable is not True:
        raise VerificationFailed(decision.table())
    print(decision.table())


@step('"{pacticipant}" version "{version}" is recorded as deployed to "{environment}"')
def record_deployment(context: Any, pacticipant: str, version: str, environment: str) -> None:
    """Tell the broker this version now runs in the environment."""
    print(context.contracts.broker().record_deployment(pacticipant, version, environment))


@step('"{pacticipant}" version "{version}" is recorded as released to "{environment}"')
def record_release(context: Any, pacticipant: str, version: str, environment: str) -> None:
    """Tell the broker this version is released to the environment."""
    print(context.contracts.broker().record_release(pacticipant, version, environment))


@step('"{pacticipant}" is recorded as no longer deployed to "{environment}"')
def record_undeployment(context: Any, pacticipant: str, environment: str) -> None:
    """Tell the broker the application no longer runs in the environment (every instance of it)."""
    for line in context.contracts.broker().record_undeployment(pacticipant, environment):
        print(line)


@step('"{pacticipant}" version "{version}" is recorded as no longer supported in "{environment}"')
def record_support_ended(context: Any, pacticipant: str, version: str, environment: str) -> None:
    """Tell the broker the release of this version in the environment is no longer supported."""
    print(context.contracts.broker().record_support_ended(pacticipant, version, environment))


@step('"{pacticipant}" is registered with the main branch "{branch}"')
def register_main_branch(context: Any, pacticipant: str, branch: str) -> None:
    """Create or update the pacticipant with its main branch, which `mainBranch` selectors need."""
    print(context.contracts.broker().create_or_update_pacticipant(pacticipant, main_branch=branch, repository_url=None))
