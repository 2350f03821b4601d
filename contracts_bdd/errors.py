"""The exceptions contracts-bdd raises, all under one root.

Catch `ContractsBddError` to handle anything the framework reports::

    try:
        settings = Settings.load(userdata, defines, os.environ)
    except ContractsBddError as err:
        print(err)          # never shows a secret: the root scrubs every message

The tree (an `AssertionError` too where behave should show a failure, not a traceback)::

    ContractsBddError
    ├── ConfigurationError   (ValueError) a behave.ini, -D or environment value is not allowed
    ├── SetupError           the project is not wired as the framework needs: hooks, handlers, a broker
    ├── FeatureError         (AssertionError) one step cannot become a contract; names file, line and step
    ├── FeatureErrors        (AssertionError) every FeatureError the pre-flight found, before anything ran
    ├── ContractNotMet       (AssertionError) the consumer's requests did not meet its declared contract
    ├── PactFileError        (AssertionError) a pact file cannot be read, written or used
    ├── ProviderError        (AssertionError) the provider could not be started, reached, or died
    ├── VerificationFailed   (AssertionError) the provider broke interactions, or a deployment gate said no
    └── BrokerError          the Pact Broker refused, failed, or could not be reached
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from contracts_bdd.redaction import scrubbed


class ContractsBddError(Exception):
    """Root of every error contracts-bdd raises. Its text never shows a secret (see `redaction`)."""

    def __str__(self) -> str:
        return scrubbed(super().__str__())


SECRET_WORDS = ("token", "password", "pasword", "passwd", "secret", "credential", "auth")
"""Words of a key whose value is never shown, spelt right or not: it may be a secret."""


class ConfigurationError(ContractsBddError, ValueError):
    """A configuration key holds a value the framework cannot use.

    The value is shown only when `shown` and the key names nothing that may be secret
    (`SECRET_WORDS`): a misspelt `-D broker-tokne=...` is still a token.
    """

    def __init__(self, key: str, value: object, allowed: str, *, shown: bool = True) -> None:
        self.key = key
        self.allowed = allowed
        shown = shown and not any(word in key.lower() for word in SECRET_WORDS)
        self.value = value if shown else None
        told = f"is {value!r}" if shown else "is set (its value is not shown)"
        super().__init__(f"configuration key '{key}' {told}; {allowed}")


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a feature file: the file and its 1-based line."""

    filename: str
    line: int

    def __post_init__(self) -> None:
        # One string per feature file, not one per step: a suite of 3,000 scenarios keeps 18,000 of these.
        object.__setattr__(self, "filename", sys.intern(self.filename))

    def __str__(self) -> str:
        return f"{self.filename}:{self.line}"


class SetupError(ContractsBddError):
    """The project is not wired as the framework needs (a hook not called, a handler registered twice)."""


class FeatureError(ContractsBddError, AssertionError):
    """A step cannot be turned into a contract; says where, what and what to write.

    `step` is the step's own text when it is known (the pre-flight fills it in).
    An `AssertionError` too, so that behave shows the message rather than a traceback.
    """

    def __init__(self, location: Location, problem: str, hint: str = "", step: str = "") -> None:
        self.location = location
        self.problem = problem
        self.hint = hint
        self.step = step
        super().__init__(f"{location}: {problem}")

    def one_line(self) -> str:
        """`file:line: problem (write instead: hint)` on one line, as editors and CI annotations read it."""
        message = f"{self.location}: {self.problem}" + (f" (write instead: {self.hint})" if self.hint else "")
        return scrubbed(" ".join(message.split()))

    def __str__(self) -> str:
        message = f"{self.location}: {self.problem}"
        if self.step:
            message += f"\n  The step: {self.step}"
        if self.hint:
            message += f"\n  Write instead: {self.hint}"
        return scrubbed(message)


class FeatureErrors(ContractsBddError, AssertionError):
    """Every problem the pre-flight found in the scenarios selected to run; nothing was run or written."""

    def __init__(self, problems: list[FeatureError]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problems")

    def __str__(self) -> str:
        count = len(self.problems)
        files = len({problem.location.filename for problem in self.problems})
        ordered = sorted(self.problems, key=lambda problem: (problem.location.filename, problem.location.line))
        listing = "\n".join(f"  {problem}".replace("\n", "\n  ") for problem in ordered)
        problems = f"{count} problem{'s' if count > 1 else ''} in {files} feature file{'s' if files > 1 else ''}"
        return scrubbed(f"contracts-bdd found {problems}; nothing was run or written:\n{listing}")


class ContractNotMet(ContractsBddError, AssertionError):
    """The mock server saw requests that differ from the contract (or none at all)."""


class ProviderError(ContractsBddError, AssertionError):
    """The provider under verification could not be started, reached or kept alive."""


class PactFileError(ContractsBddError, AssertionError):
    """A pact file (ours, another team's or a broker's) cannot be read or used; the message names it."""


class VerificationFailed(ContractsBddError, AssertionError):
    """One or more interactions failed verification against the provider, or a deployment gate said no."""


class BrokerError(ContractsBddError):
    """The broker refused, failed, or could not be reached; `status` is its HTTP status when it answered."""

    def __init__(self, message: str, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)
