"""The consumer scenarios as written, each with the interactions it declares, read without running them.

    scenarios = written_scenarios(["features"])
    scenarios[0].location            # features/consumer/users.feature:7
    scenarios[0].steps[0].text       # 'the provider is in the state "a user with id 1 exists"'
    scenarios[0].interactions        # (("OrderService", "UserService", "HTTP", "A user who exists", (...)),)

The features are read as `contracts-bdd check` reads them (behave's parser, the project's
step definitions and the pre-flight), so a scenario is tied to exactly the interactions a
run would write to its pact. For the living documentation (`contracts-bdd docs`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from behave.exception import ConfigError

from contracts_bdd.behave.check import read_features
from contracts_bdd.behave.preflight import check_every_contract, scenario_name
from contracts_bdd.errors import FeatureErrors, Location, SetupError
from contracts_bdd.gherkin.written import WrittenScenario, WrittenStep
from contracts_bdd.model.contract import identity_of
from contracts_bdd.model.messages import MessageInteraction


def written_scenarios(arguments: Sequence[str]) -> list[WrittenScenario]:
    """Every scenario `behave *arguments` would run, as written, with the interactions it declares.

    Raises:
        FeatureErrors: the pre-flight found problems (`contracts-bdd check` lists the same).
        SetupError: behave cannot read them as a project (no steps folder, say).
    """
    try:
        read = read_features(arguments)
    except ConfigError as err:
        msg = (
            f"behave cannot read the features in {', '.join(arguments)} ({err}); run this in the consumer's behave "
            "project, or give --features with its features folder"
        )
        raise SetupError(msg) from err
    if read.unreadable:
        raise FeatureErrors(read.unreadable)
    declared = check_every_contract(read.features, read.config, read.settings)
    found = []
    for feature in read.features:
        background = {id(step) for step in (feature.background.steps if feature.background else [])}
        for scenario in feature.walk_scenarios():
            if not scenario.should_run(read.config):
                continue
            location = Location(scenario.filename, scenario.line)
            contract = declared.get(location)
            interactions = []
            if contract is not None and contract.interactions:
                pair = contract.pair(read.settings)
                for interaction in contract.interactions:
                    description, states = identity_of(interaction)
                    kind = interaction.kind if isinstance(interaction, MessageInteraction) else "HTTP"
                    interactions.append((pair.consumer, pair.provider, kind, description, states))
            found.append(
                WrittenScenario(
                    str(feature.name),
                    Location(feature.filename, feature.line),
                    scenario_name(scenario),
                    location,
                    tuple(f"@{tag}" for tag in scenario.effective_tags),
                    tuple(_step(step, id(step) in background) for step in scenario.all_steps),
                    tuple(interactions),
                )
            )
    return found


def _step(step: Any, background: bool) -> WrittenStep:
    table = step.table
    rows: tuple[tuple[str, ...], ...] = ()
    if table is not None:
        rows = (tuple(table.headings), *(tuple(row.cells) for row in table.rows))
    text = step.text
    return WrittenStep(str(step.keyword), str(step.name), rows, None if text is None else str(text), background)
