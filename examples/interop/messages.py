"""The messages of the interop providers, as their producers make them (INTEROP_BREAK breaks one)."""

from __future__ import annotations

from typing import Any

from examples.interop.apps import broken


def alligator_named_mary(params: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """pact-php's messageProvider: an event about Mary, on the queue "wind cries", given the state's `foo`."""
    assert params.get("foo") == "bar", params
    text = "Hello Marty" if broken("an alligator named Mary exists") else "Hello Mary"
    return {"number": 7, "text": text}, {"queue": "wind cries", "routing_key": "mary"}


def test_message() -> tuple[dict[str, Any], dict[str, str]]:
    """pact-jvm's combined pact: a message for the destination a/b/c."""
    destination = "a/b" if broken("Test Message") else "a/b/c"
    return {"a": "1234-1234"}, {"destination": destination}


PRODUCERS = {"an alligator named Mary exists": alligator_named_mary, "Test Message": test_message}
"""The producers, by the description of the message they make."""
