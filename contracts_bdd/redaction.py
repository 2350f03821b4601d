"""Secrets (tokens, passwords, header values from the environment) and the one place that hides them.

    token = Secret(os.environ["PACT_BROKER_TOKEN"])   # remembered the moment it is made
    print(scrubbed(f"rejected {token.reveal()}"))     # "rejected ****"

Every text the framework shows that may carry a secret (broker messages, the
verifier's output, the log of native output) goes through `scrubbed`.
"""

from __future__ import annotations

_REMEMBERED: set[str] = set()


class Secret:
    """A token or password: usable where needed, never shown, and scrubbed from whatever is."""

    def __init__(self, value: str) -> None:
        self._value = value
        if value:
            _REMEMBERED.add(value)

    def reveal(self) -> str:
        """The secret itself, for the one place that sends it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('****')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


def scrubbed(text: str) -> str:
    """`text` with every secret made so far replaced by ****."""
    for secret in _REMEMBERED:
        text = text.replace(secret, "****")
    return text
