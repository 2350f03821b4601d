"""The public surface is drawn: `contracts_bdd.__all__` is pinned, and importing it loads no pact-ffi."""

from __future__ import annotations

import subprocess
import sys

import contracts_bdd
from contracts_bdd import errors


def test_the_public_names_are_pinned() -> None:
    assert contracts_bdd.__all__ == [
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
    for name in contracts_bdd.__all__:
        assert getattr(contracts_bdd, name) is not None


def test_every_error_is_under_the_one_root_and_drawn_in_the_tree() -> None:
    classes = [value for value in vars(errors).values() if isinstance(value, type) and issubclass(value, Exception)]
    for error in classes:
        assert issubclass(error, errors.ContractsBddError), error
        if error is not errors.ContractsBddError:
            assert f"── {error.__name__} " in (errors.__doc__ or ""), f"{error.__name__} is not drawn in the tree"
            assert error.__name__ in contracts_bdd.__all__


def test_importing_the_package_loads_neither_pact_nor_behave() -> None:
    code = "import sys, contracts_bdd; print(sorted(m for m in sys.modules if m.split('.')[0] in ('pact', 'pact_ffi', 'behave')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
