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
"""

from __future__ import annotations

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
from contracts_bdd.provider.request_filter import request_filter
from contracts_bdd.provider.states import provider_state

if TYPE_CHECKING:
    from contracts_bdd.behave.session import Contracts

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
    "SetupError",
    "VerificationFailed",
    "provider_state",
    "request_filter",
]


def __getattr__(name: str) -> Any:
    """`Contracts` (what `context.contracts` is) loads pact-ffi, so it is imported only when asked for."""
    if name == "Contracts":
        from contracts_bdd.behave.session import Contracts  # noqa: PLC0415 - lazy on purpose

        return Contracts
    msg = f"module 'contracts_bdd' has no attribute {name!r}"
    raise AttributeError(msg)
