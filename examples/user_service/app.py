"""The UserService Flask app.

`broken=True` renames `email` to `mail`, a provider that breaks its consumers'
contract, for showing what a failed verification looks like.
"""

from __future__ import annotations

import re

from flask import Flask, jsonify, request

from examples.user_service import store

_USER_EXISTS = re.compile(r"a user with id (\d+) exists")
_NO_USER = re.compile(r"no user with id (\d+) exists")


def create_app(*, broken: bool = False) -> Flask:
    """Build the app."""
    app = Flask("user_service")

    @app.get("/users/<int:user_id>")
    def get_user(user_id: int):  # type: ignore[no-untyped-def]
        user = store.find_user(user_id)
        if user is None:
            return jsonify(error=f"User {user_id} not found"), 404
        if broken:
            user["mail"] = user.pop("email")
        return jsonify(user)

    @app.post("/_pact/provider_states")
    def provider_states():  # type: ignore[no-untyped-def]
        """Pact's state-change endpoint: {"state": ..., "params": ..., "action": "setup"|"teardown"}."""
        change = request.get_json(force=True)
        state, action = change.get("state", ""), change.get("action", "setup")
        if action == "setup" and (found := _USER_EXISTS.fullmatch(state)):
            store.save_user(int(found.group(1)), "Alice", "alice@example.com")
        elif (found := _USER_EXISTS.fullmatch(state)) or (found := _NO_USER.fullmatch(state)):
            store.delete_user(int(found.group(1)))
        elif state:
            return jsonify(error=f"unknown provider state {state!r}"), 400
        return jsonify({})

    return app
