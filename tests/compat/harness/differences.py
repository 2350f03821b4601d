"""Where contracts-bdd and the suite part ways, each with its measured reason: one table of each kind.

`PRODUCT_CHOICES`: the product refuses what the suite expects, on purpose. Such a scenario is not
skipped: the engine runs it without that one product check (or with the setting a user opts in
with), and the harness also shows that the check is there (`demonstrate` must see it refuse).

`ENGINE_DIFFERENCES`: what pact-ffi does differently from the suite's expectation, measured. Such
a scenario runs; where the observed text shows up instead of what the suite expects, the scenario
is skipped with the reason. If it ever passes, or fails any other way, the harness fails, so the
table cannot hide an engine failure or outlive the difference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ProductChoice:
    """A check of the product that the suite's scenario would trip, and how the harness runs without it."""

    reason: str
    settings: dict[str, Any] = field(default_factory=dict)
    """contracts-bdd settings the scenario runs with (the opt-in a user would write in behave.ini)."""
    unchecked: bool = False
    """The scenario's contract is run without the consumer run's checks (`ScenarioContract.check`)."""
    demonstrate: Callable[[], str] | None = None
    """Shows the product check refusing the scenario's case; returns what the product says."""


@dataclass(frozen=True)
class EngineDifference:
    """What the engine does instead of what the suite expects, as observed."""

    observed: str
    reason: str


def _regex_example_refused() -> str:
    from contracts_bdd.model.matchers import MATCHERS  # noqa: PLC0415 - only this demonstration needs it

    try:
        MATCHERS["regex"]("a", r"\w{3}\d{3}")
    except ValueError as err:
        return str(err)
    msg = "regex() accepted the example 'a' for \\w{3}\\d{3}; the product check is gone"
    raise AssertionError(msg)


def _second_reply_refused() -> str:
    from contracts_bdd.consumer.checks import check_message  # noqa: PLC0415
    from contracts_bdd.errors import FeatureError, Location  # noqa: PLC0415
    from contracts_bdd.model.contract import TextBody  # noqa: PLC0415
    from contracts_bdd.model.messages import Message, MessageInteraction  # noqa: PLC0415

    replies = [Message(body=TextBody("one")), Message(body=TextBody("two"))]
    try:
        check_message(MessageInteraction("a request", Message(), replies=replies), "V4", Location("suite", 1))
    except FeatureError as err:
        return err.one_line()
    msg = "check_message accepted a second reply; the product check is gone"
    raise AssertionError(msg)


def _no_reply_refused() -> str:
    from contracts_bdd.consumer.checks import check_message  # noqa: PLC0415
    from contracts_bdd.errors import FeatureError, Location  # noqa: PLC0415
    from contracts_bdd.model.messages import Message, MessageInteraction  # noqa: PLC0415

    try:
        check_message(MessageInteraction("a request", Message(), replies=[]), "V4", Location("suite", 1))
    except FeatureError as err:
        return err.one_line()
    msg = "check_message accepted a synchronous message with no reply; the product check is gone"
    raise AssertionError(msg)


NO_REPLY = ProductChoice(
    "contracts-bdd refuses a synchronous message with no reply (nothing of it is for the provider to meet); the "
    "consumer side runs without that check",
    unchecked=True,
    demonstrate=_no_reply_refused,
)
SYNC = "V4/synchronous_message_consumer.feature"

PRODUCT_CHOICES: dict[str, ProductChoice] = {
    **{
        f"{SYNC}: {name}": NO_REPLY
        for name in (
            "Sets the type for the interaction",
            "Supports specifying a key for the interaction",
            "Supports specifying the interaction is pending",
            "Supports adding comments",
            "Supports arbitrary message metadata",
            "Supports specifying provider states",
            "Supports data for provider states",
        )
    },
    "V2/http_consumer.feature: Supports a regex matcher (negative case)": ProductChoice(
        "contracts-bdd's regex() refuses an example its own regex does not match (the suite's rule has the example "
        "'a' for \\w{3}\\d{3}); the rule reaches the engine in pact form, without that check",
        demonstrate=_regex_example_refused,
    ),
    "V1/http_provider.feature: Verifying an interaction where a provider state callback is not configured": ProductChoice(
        "contracts-bdd fails an interaction whose provider state has no handler; the suite expects a warning, which "
        "a project now opts into with provider_state_without_handler = warn",
        settings={"provider_state_without_handler": "warn"},
    ),
    f"{SYNC}: Supports multiple responses to a request message": ProductChoice(
        "contracts-bdd refuses a second reply to a synchronous message (pact-rust's verifier asks a provider for one "
        "reply and compares it with every reply declared); the consumer side runs without that check",
        unchecked=True,
        demonstrate=_second_reply_refused,
    ),
}
"""`<folder>/<feature file>: <scenario>` -> the product check it trips, and how the harness runs without it."""


ENGINE_DIFFERENCES: dict[str, EngineDifference] = {
    "V3/message_provider.feature: Supports messages with body formatted for the Kafka schema registry": (
        EngineDifference(
            "Failed to parse the actual body: 'expected value at line 1 column 1'",
            "pact-ffi 0.5 reads an application/vnd.schemaregistry.v1+json body as JSON without dropping the schema "
            "registry's 5-byte prefix (magic byte and schema id), so it cannot parse the provider's message; the "
            "suite itself tags the scenario @wip",
        )
    ),
    f"{SYNC}: Supports the use of generators with message metadata": EngineDifference(
        "reply 1 metadata: declared",
        "pact-ffi 0.5 writes a synchronous message's reply only once it has contents: a reply of metadata and "
        "generators alone is dropped (contracts-bdd's write-then-prove check refuses the pact that lost it)",
    ),
    "V4/matching_rules.feature: Supports a not empty matcher with binary data (negative case)": EngineDifference(
        "Expected body Present(28058 bytes, image/jpeg) but was empty",
        "pact-ffi 0.5's mock server reports an empty body as missing at '/' ('Expected body Present(28058 bytes, "
        "image/jpeg) but was empty') before the notEmpty rule runs, so the rule's own mismatch at '$' never appears",
    ),
}
"""`<folder>/<feature file>: <scenario>` -> what pact-ffi does instead, as measured."""
