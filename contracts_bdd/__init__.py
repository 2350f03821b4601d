"""contracts-bdd: consumer-driven contracts written in Gherkin, run with behave on pact-python.

A project wires it up in three files::

    # environment.py (next to steps/)
    from contracts_bdd.hooks import after_all, after_feature, after_scenario, before_all, before_scenario, before_step

    # steps/contracts.py
    from contracts_bdd.steps import consumer, provider  # noqa: F401

    # steps/provider_states.py
    from contracts_bdd import provider_state

    @provider_state("a user with id {id:d} exists")
    def user_exists(id): ...
"""

from __future__ import annotations

from contracts_bdd.errors import (
    ConfigurationError,
    ContractNotMet,
    ContractsBddError,
    FeatureError,
    ProviderError,
    VerificationFailed,
)
from contracts_bdd.requests_filter import request_filter
from contracts_bdd.states import provider_state

__all__ = [
    "ConfigurationError",
    "ContractNotMet",
    "ContractsBddError",
    "FeatureError",
    "ProviderError",
    "VerificationFailed",
    "provider_state",
    "request_filter",
]
