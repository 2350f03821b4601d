"""UserService's provider states, set up directly in its database."""

from __future__ import annotations

from collections.abc import Iterator

from contracts_bdd import provider_state
from examples.user_service import store


@provider_state("a user with id {id:d} exists")
def user_exists(id: int) -> Iterator[dict[str, int]]:  # noqa: A002 - the pact's own word
    store.save_user(id, "Alice", "alice@example.com")
    yield {"id": id}
    store.delete_user(id)


@provider_state("no user with id {id:d} exists")
def no_user(id: int) -> None:  # noqa: A002
    store.delete_user(id)
