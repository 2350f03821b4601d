"""The run's messages, generated for every scenario at once, and the spec-first ones checked in one verifier round.

The pre-flight reads every scenario before any runs, so the messages of the whole run are
known before the first is needed. The first scenario that needs its messages has them
generated for every scenario still to run: one pact per group of at most `GROUP` messages
(pact-ffi generates each message from its declaration, generators applied), instead of a
pact per scenario. The first scenario that checks a message against its own rules
(spec-first: no `@message_consumer` handler takes it) has every such message still to run
checked by pact-rust's verifier in one round per provider, instead of one round per scenario
(about 8 ms each). Each scenario still reports its own result, at its own lines, when it ends::

    ahead = MessagesAhead(settings, waiting)      # waiting(): the contracts of scenarios not begun yet
    ahead.received(contract)                      # its messages by description, or None (not read ahead)
    ahead.problems(contract, interactions)        # what the check found for them, or None (not checked)
    ahead.forget(contract)                        # once the scenario has ended

A scenario the pre-flight did not build (a project step declared it at run time) is left to
`ScenarioMessages`, which generates and checks its messages itself.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contracts_bdd.config import Settings
from contracts_bdd.consumer.messages import CONSUMERS, own_rules_problem, unchecked_problem
from contracts_bdd.errors import Location
from contracts_bdd.model.contract import Pair
from contracts_bdd.model.messages import MessageInteraction, ReceivedMessage, needs_checkable
from contracts_bdd.pact.declare import build_pact, write_pact
from contracts_bdd.pact.messages import generated_messages
from contracts_bdd.provider.producers import ProducedMessage, ProducerProblem

if TYPE_CHECKING:
    from contracts_bdd.consumer.scenario import ScenarioContract
    from contracts_bdd.pact.ffi import pact

_log = logging.getLogger("contracts_bdd.consumer")

GROUP = 100
"""The most messages in one pact: the verifier slows down faster than linearly with the interactions
in one file (`contracts_bdd.provider.pact_files.CHUNK_INTERACTIONS`)."""

_Key = tuple[Location, str]
"""A message of the run: its scenario's location and its description (unique in a scenario)."""


@dataclass
class _Group:
    """Messages of one pair and specification with distinct descriptions, declared on one pact."""

    pair: Pair
    specification: str
    checked: bool
    """No handler takes these messages: they are checked against their own rules."""
    members: dict[str, tuple[Location, MessageInteraction]] = field(default_factory=dict)
    contract: pact.Pact | None = None

    def takes(self, interaction: MessageInteraction) -> bool:
        return len(self.members) < GROUP and interaction.description not in self.members


class MessagesAhead:
    """The messages of the scenarios still to run, generated and checked in one pass each."""

    def __init__(self, settings: Settings, waiting: Callable[[], Iterable[ScenarioContract]]) -> None:
        self.settings = settings
        self.waiting = waiting
        self._unchecked: list[_Group] = []
        self._received: dict[Location, dict[str, list[ReceivedMessage]]] = {}
        self._problems: dict[_Key, list[str]] = {}
        self._checked: set[Location] = set()
        self._alone: set[Location] = set()

    def received(self, contract: ScenarioContract) -> dict[str, list[ReceivedMessage]] | None:
        """The scenario's messages as the consumer receives them, by description; None if not read ahead."""
        if not contract.declared_ahead or contract.location in self._alone:
            return None
        if contract.location not in self._received:
            self._generate([contract, *self.waiting()])
        return self._received.get(contract.location)

    def problems(self, contract: ScenarioContract, interactions: Sequence[MessageInteraction]) -> list[str] | None:
        """What checking `interactions` against their own rules found ([] when they meet them); None if not checked."""
        if self.received(contract) is None:
            return None
        if contract.location not in self._checked:
            self._check()
        keys = [(contract.location, interaction.description) for interaction in interactions]
        if any(key not in self._problems for key in keys):
            return None
        return [problem for key in keys for problem in self._problems[key]]

    def forget(self, contract: ScenarioContract) -> None:
        """Let go of what was kept for a scenario that has ended."""
        found = self._received.pop(contract.location, None)
        for description in found or {}:
            self._problems.pop((contract.location, description), None)

    def _generate(self, contracts: Iterable[ScenarioContract]) -> None:
        """Declare the messages of `contracts` in groups, and generate them."""
        groups: list[_Group] = []
        for contract in contracts:
            if not contract.declared_ahead or contract.location in self._received or contract.location in self._alone:
                continue
            if not contract.message_interactions:
                continue
            self._received[contract.location] = {}
            pair, specification = contract.pair(self.settings), contract.specification(self.settings)
            for interaction in contract.message_interactions:
                # a message with values taken as recorded is checked by its scenario, as `checkable` says
                checked = CONSUMERS.find(interaction.description, {}) is None and not needs_checkable(interaction)
                wanted = (pair, specification, checked)
                group = next(
                    (
                        group
                        for group in groups
                        if (group.pair, group.specification, group.checked) == wanted and group.takes(interaction)
                    ),
                    None,
                )
                if group is None:
                    group = _Group(pair, specification, checked)
                    groups.append(group)
                group.members[interaction.description] = (contract.location, interaction)
        failed: list[_Group] = []
        for group in groups:
            interactions = [interaction for _, interaction in group.members.values()]
            try:
                group.contract = build_pact(group.pair, group.specification, interactions)
                generated = generated_messages(group.contract, interactions)
            except Exception:  # each of its scenarios generates alone, and meets the error at its own line
                _log.debug("a group of %d message(s) could not be generated together", len(interactions), exc_info=True)
                failed.append(group)
                continue
            for description, found in generated.items():
                self._received[group.members[description][0]][description] = found
        alone = {location for group in failed for location, _ in group.members.values()}
        for location in alone:
            self._received.pop(location, None)
        self._alone |= alone
        self._unchecked += [group for group in groups if group.checked and group not in failed]

    def _check(self) -> None:
        """Check every generated message no handler takes, in one verifier round per provider (more only when
        two messages to one provider share a description)."""
        chosen, self._unchecked = self._unchecked, []
        self._checked |= {location for group in chosen for location, _ in group.members.values()}
        rounds: list[tuple[str, list[_Group]]] = []
        for group in chosen:
            found = next(
                (
                    taken
                    for provider, taken in rounds
                    if provider == group.pair.provider
                    and not any(set(group.members) & set(other.members) for other in taken)
                ),
                None,
            )
            if found is None:
                rounds.append((group.pair.provider, [group]))
            else:
                found.append(group)
        for provider, taken in rounds:
            self._problems.update(self._verified(provider, taken))
        _log.info(
            "checked %d message(s) of %d scenario(s) against their own rules in %d verifier round(s)",
            sum(len(group.members) for group in chosen),
            len({location for group in chosen for location, _ in group.members.values()}),
            len(rounds),
        )

    def _verified(self, provider: str, groups: list[_Group]) -> dict[_Key, list[str]]:
        """One verifier round over the groups' pacts, each message produced as it was generated."""
        # Loaded here: a run whose messages all go to handlers needs no HTTP server.
        from contracts_bdd.pact.verifier import run_verifier  # noqa: PLC0415
        from contracts_bdd.provider.message_endpoint import MessageEndpoint  # noqa: PLC0415

        members = {description: member for group in groups for description, member in group.members.items()}

        def produce(description: str, params: dict[str, Any], request: ReceivedMessage | None) -> ProducedMessage:
            location = members[description][0] if description in members else None
            found = self._received.get(location, {}).get(description) if location is not None else None
            if not found:
                msg = f"contracts-bdd generated no message for '{description}'"
                raise ProducerProblem(msg)
            return ProducedMessage(found[0].body, dict(found[0].metadata), found[0].content_type)

        with tempfile.TemporaryDirectory(prefix="contracts-bdd-messages-") as folder:
            files = []
            for number, group in enumerate(groups):
                assert group.contract is not None
                write_pact(group.contract, Path(folder) / str(number), merge=False)
                files.append(Path(folder) / str(number) / group.pair.filename)
            with MessageEndpoint(produce) as endpoint:
                run = run_verifier(provider, None, files, None, message_url=endpoint.url)
        outcomes = {outcome.description: outcome for outcome in run.outcomes}
        problems: dict[_Key, list[str]] = {}
        for description, (location, interaction) in members.items():
            outcome = outcomes.get(description)
            if outcome is None:
                problems[(location, description)] = [unchecked_problem(run.output)]
            elif outcome.status == "passed":
                problems[(location, description)] = []
            else:
                problems[(location, description)] = [own_rules_problem(description, interaction, outcome.details)]
        return problems
