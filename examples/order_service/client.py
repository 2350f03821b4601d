"""UserClient: OrderService's HTTP client for UserService's `GET /users/<id>`."""

from __future__ import annotations

from dataclasses import dataclass

import requests

TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class User:
    """A user as UserService describes it."""

    id: int
    name: str
    email: str


class UserClient:
    """Reads users from UserService at `base_url`."""

    def __init__(self, base_url: str, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()

    def get_user(self, user_id: int) -> User | None:
        """The user with `user_id`, or None when UserService has no such user."""
        response = self.session.get(
            f"{self.base_url}/users/{user_id}",
            # The contract asks for JSON explicitly; the old client forgot this header.
            headers={"Accept": "application/json"},
            timeout=TIMEOUT_SECONDS,
        )
        if response.status_code == 404:
            return None
        response.raise_for_status()
        body = response.json()
        return User(id=int(body["id"]), name=str(body["name"]), email=str(body["email"]))
