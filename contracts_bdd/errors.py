"""The exceptions contracts-bdd raises, all under one root.

Catch `ContractsBddError` to handle anything the framework reports::

    try:
        settings = Settings.from_sources(userdata, os.environ)
    except ContractsBddError as err:
        print(err)

The tree::

    ContractsBddError
    ├── ConfigurationError     a behave.ini / -D / environment value is not allowed
    ├── FeatureError           a step's text, table or docstring cannot become a contract
    ├── ContractNotMet         the consumer's requests did not match its declared contract
    ├── ProviderError          the provider could not be started, reached, or died
    ├── PactFileError          a pact file cannot be read, or is no pact contracts-bdd can use
    └── VerificationFailed     the provider broke one or more interactions
"""

from __future__ import annotations

from dataclasses import dataclass

from contracts_bdd.redaction import scrubbed


class ContractsBddError(Exception):
    """Root of every error contracts-bdd raises. Its text never shows a secret (see `redaction`)."""

    def __str__(self) -> str:
        return scrubbed(super().__str__())


class ConfigurationError(ContractsBddError, ValueError):
    """A configuration key holds a value the framework cannot use."""

    def __init__(self, key: str, value: object, allowed: str) -> None:
        self.key = key
        self.value = value
        self.allowed = allowed
        super().__init__(f"configuration key '{key}' is {value!r}; {allowed}")


@dataclass(frozen=True)
class Location:
    """A place in a feature file: the file and its 1-based line."""

    filename: str
    line: int

    def __str__(self) -> str:
        return f"{self.filename}:{self.line}"


class FeatureError(ContractsBddError, AssertionError):
    """A step cannot be turned into a contract; says where, what and what to write.

    An `AssertionError` too, so that behave shows the message rather than a traceback.
    """

    def __init__(self, location: Location, problem: str, hint: str = "") -> None:
        self.location = location
        self.problem = problem
        self.hint = hint
        message = f"{location}: {problem}"
        if hint:
            message += f"\n  Write instead: {hint}"
        super().__init__(message)


class ContractNotMet(ContractsBddError, AssertionError):
    """The mock server saw requests that differ from the contract (or none at all)."""


class ProviderError(ContractsBddError, AssertionError):
    """The provider under verification could not be started, reached or kept alive."""


class PactFileError(ContractsBddError, AssertionError):
    """A pact file (ours, another team's or a broker's) cannot be read or used; the message names it."""


class VerificationFailed(ContractsBddError, AssertionError):
    """One or more interactions failed verification against the provider."""
