"""Secrets (tokens, passwords, header values from the environment) and the one place that hides them.

    token = Secret(os.environ["PACT_BROKER_TOKEN"])   # remembered the moment it is made
    print(scrubbed(f"rejected {token.reveal()}"))     # "rejected ****"
    basic_credentials("ci", password)                 # also hides base64("ci:<password>")

A secret is remembered in every form it can take on the way out: as written,
percent-encoded (in a URL), and, for a user name and password, as the base64
of a Basic `Authorization` header. Every text the framework shows or writes
passes through `scrubbed`: the message of every `ContractsBddError` (so
behave's output and JUnit reports), every log record (`scrub_log_records`),
reports, skip reasons, the provider's output and the verifier's.
"""

from __future__ import annotations

import base64
import logging
import re
from urllib.parse import quote, quote_plus

MASK = "****"
SHORT = 4
"""A secret shorter than this is hidden only where it stands alone, not inside other words."""
_REMEMBERED: set[str] = set()
_ORDERED: list[str] = []
_SHORT_PATTERNS: list[re.Pattern[str]] = []


def _remember(*forms: str) -> None:
    fresh = {form for form in forms if form} - _REMEMBERED
    if fresh:
        _REMEMBERED.update(fresh)
        _reindex()


def _reindex() -> None:
    # Longest first, so a secret that contains another is hidden whole.
    _ORDERED[:] = sorted((form for form in _REMEMBERED if len(form) >= SHORT), key=len, reverse=True)
    _SHORT_PATTERNS[:] = [
        re.compile(rf"(?<![\w]){re.escape(form)}(?![\w])") for form in _REMEMBERED if len(form) < SHORT
    ]


class Secret:
    """A token or password: usable where needed, never shown, and scrubbed from whatever is."""

    def __init__(self, value: str) -> None:
        self._value = value
        _remember(value, quote(value, safe=""), quote_plus(value))

    def reveal(self) -> str:
        """The secret itself, for the one place that sends it."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{MASK}')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


def basic_credentials(username: str, password: str) -> Secret:
    """The password as a `Secret`, with the Basic credentials it makes hidden too."""
    secret = Secret(password)
    encoded = base64.b64encode(f"{username}:{password}".encode()).decode()
    _remember(encoded, encoded.rstrip("="))
    return secret


def scrubbed(text: str) -> str:
    """`text` with every secret made so far replaced by ****."""
    for secret in _ORDERED:
        if secret in text:
            text = text.replace(secret, MASK)
    for pattern in _SHORT_PATTERNS:
        text = pattern.sub(MASK, text)
    return text


_make_record = logging.getLogRecordFactory()


def _scrubbed_record(*args: object, **kwargs: object) -> logging.LogRecord:
    record = _make_record(*args, **kwargs)
    if _REMEMBERED:
        message = record.getMessage()
        clean = scrubbed(message)
        if clean != message:
            record.msg, record.args = clean, ()
    return record


def scrub_log_records() -> None:
    """Scrub every log record made from now on, whichever logger makes it (pact-ffi's forwarded ones too)."""
    if logging.getLogRecordFactory() is not _scrubbed_record:
        logging.setLogRecordFactory(_scrubbed_record)
