"""Provider states of the interop pacts; what a handler returns fills the pacts' ProviderState generators."""

from __future__ import annotations

from typing import Any

from contracts_bdd import provider_state


@provider_state("a provider state with injectable values")
def injectable_values(params: dict[str, Any]) -> dict[str, Any]:
    """pact-jvm's V3Consumer: the request body's userId comes from here.

    The verifier fills it into the request but checks the response's LOCATION header against the
    pact's example (http://server/users/666), so the value returned is that example's.
    """
    return {"userId": 666, "valueA": params.get("valueA")}


@provider_state("default")
def default_state(params: dict[str, Any]) -> dict[str, Any]:
    """pact-jvm's contract-v3: the query's ticketId comes from here."""
    return {"ticketId": "T-1234", **params}


@provider_state("state 2")
def second_state(params: dict[str, Any]) -> dict[str, Any]:
    return dict(params)


@provider_state("User exists")
def user_exists(params: dict[str, Any]) -> dict[str, Any]:
    """The path /api/hello/${name} is built from the name this returns."""
    return {"name": params["name"]}


@provider_state("Get Generators")
def get_generators() -> dict[str, Any]:
    """pact-php's generators: the request body's id comes from here."""
    return {"id": 77}


@provider_state("a message")
@provider_state("message exists")
@provider_state("there are orders")
@provider_state("Endpoint is protected")
@provider_state("Get Goodbye")
@provider_state("User exist")
def nothing_to_set_up() -> None:
    """States these providers are always in."""
