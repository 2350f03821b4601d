"""contracts-bdd: consumer-driven contracts written in Gherkin, run with behave on pact-python.

A project wires it up in three files::

    # environment.py (next to steps/)
    from contracts_bdd.hooks import after_all, after_scenario, before_all, before_scenario, before_step

    # steps/contracts.py
    from contracts_bdd.steps import consumer, provider  # noqa: F401

    # steps/provider_states.py
    from contracts_bdd import provider_state

    @provider_state("a user with id {id:d} exists")
    def user_exists(id): ...

Messages have their functions too: the consumer's handler of a message, and the
provider's producer of it::

    from contracts_bdd import message_consumer, message_producer

    @message_consumer("an order was placed")
    def notify(message):            # a ReceivedMessage: .json(), .text, .body, .metadata
        notifications.on_order_placed(message.json())

    @message_producer("an order was placed")
    def order_placed(params):
        return orders.placed_event(orders.place(item=7)), {"topic": "orders"}
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from contracts_bdd.errors import (
    BrokerError,
    ConfigurationError,
    ContractNotMet,
    ContractsBddError,
    FeatureError,
    FeatureErrors,
    PactFileError,
    ProviderError,
    SetupError,
    VerificationFailed,
)

if TYPE_CHECKING:
    from contracts_bdd.behave.session import Contracts
    from contracts_bdd.consumer.messages import message_consumer
    from contracts_bdd.model.messages import ReceivedMessage
    from contracts_bdd.provider.producers import message_producer
    from contracts_bdd.provider.request_filter import request_filter
    from contracts_bdd.provider.states import provider_state

__all__ = [
    "BrokerError",
    "ConfigurationError",
    "ContractNotMet",
    "Contracts",
    "ContractsBddError",
    "FeatureError",
    "FeatureErrors",
    "PactFileError",
    "ProviderError",
    "ReceivedMessage",
    "SetupError",
    "VerificationFailed",
    "message_consumer",
    "message_producer",
    "provider_state",
    "request_filter",
]


_LAZY = {
    "Contracts": "contracts_bdd.behave.session",
    "ReceivedMessage": "contracts_bdd.model.messages",
    "message_consumer": "contracts_bdd.consumer.messages",
    "message_producer": "contracts_bdd.provider.producers",
    "provider_state": "contracts_bdd.provider.states",
    "request_filter": "contracts_bdd.provider.request_filter",
}


def _version() -> str:
    """The installed version, read from one place: the package's metadata (pyproject.toml's `version`)."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415 - 30 ms a run need not pay

    try:
        return version("contracts-bdd")
    except PackageNotFoundError:  # a source tree on the path, not installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    """The names whose modules load more (pact-ffi, requests) are imported only when asked for.

    So `import contracts_bdd.model.contract` loads the model alone, as the layering test pins.
    """
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    if name == "__version__":
        return _version()
    msg = f"module 'contracts_bdd' has no attribute {name!r}"
    raise AttributeError(msg)
