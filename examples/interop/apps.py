"""One Flask app per interop provider, named as in its pact."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable

from flask import Flask, Response, jsonify, request


def broken(description: str) -> bool:
    """Whether this interaction should answer wrongly (INTEROP_BREAK names its description)."""
    return os.environ.get("INTEROP_BREAK") == description


def getting_started_order_api() -> Flask:
    app = Flask("GettingStartedOrderApi")

    @app.get("/orders")
    def orders():  # type: ignore[no-untyped-def]
        items = [] if broken("a request for orders") else [{"name": "burger", "quantity": 2, "value": 100}]
        answer = jsonify([{"id": 1, "items": items}])
        answer.headers["Content-Type"] = "application/json; charset=utf-8"
        return answer

    return app


def provider_state_service() -> Flask:
    app = Flask("ProviderStateService")

    @app.post("/values")
    def values():  # type: ignore[no-untyped-def]
        user_id = request.get_json(force=True)["userId"]
        answer = jsonify(userId=user_id, userName="Wrong" if broken("a request") else "Test")
        answer.headers["LOCATION"] = f"http://server/users/{user_id}"
        return answer

    return app


def my_awesome_service() -> Flask:
    app = Flask("myAwesomeService")

    @app.get("/data")
    def data():  # type: ignore[no-untyped-def]
        if broken("Get data") or not request.args.get("ticketId"):
            return jsonify(error="no ticket"), 400
        return "", 204

    return app


def provider_state_parameters_injected() -> Flask:
    app = Flask("ProviderStateParametersInjected")

    @app.get("/api/hello/<name>")
    def hello(name: str):  # type: ignore[no-untyped-def]
        return jsonify(name=name.upper() if broken("Hello John") else name)

    return app


def test_provider_combined() -> Flask:
    app = Flask("test_provider_combined")

    @app.get("/data")
    def data():  # type: ignore[no-untyped-def]
        return (jsonify(error="down"), 503) if broken("test http interaction") else jsonify({})

    return app


def test_provider() -> Flask:
    app = Flask("test_provider")

    @app.get("/data")
    def data():  # type: ignore[no-untyped-def]
        account = (
            "00000000-0000-0000-0000-000000000000"
            if broken("test interaction")
            else "4beb44f1-53f7-4281-abcd-12c06d682067"
        )
        return jsonify(accountId=account)

    return app


def v4_service() -> Flask:
    app = Flask("V4Service")

    @app.get("/test")
    def ok():  # type: ignore[no-untyped-def]
        return ("", 500) if broken("a test request") else ("", 204)

    @app.get("/test2")
    def refused():  # type: ignore[no-untyped-def]
        return ("", 200) if broken("a test request, part 2") else ("", 404)

    return app


def animal_service() -> Flask:
    """The zoo: it sets up its own states at /_pact/provider_states."""
    app = Flask("Animal_Service")
    zoo: dict[str, object] = {"alligators": ["Bob"], "error": False}

    @app.post("/_pact/provider_states")
    def states():  # type: ignore[no-untyped-def]
        change = request.get_json(force=True)
        state = change.get("state", "")
        if change.get("action", "setup") == "setup":
            zoo.update(
                {
                    "there are alligators": {"alligators": ["Bob"], "error": False},
                    "there is an alligator named Mary": {"alligators": ["Mary"], "error": False},
                    "there is not an alligator named Mary": {"alligators": ["Bob"], "error": False},
                    "an error has occurred": {"alligators": [], "error": True},
                }.get(state, {})
            )
        return jsonify({})

    @app.get("/animals")
    def animals():  # type: ignore[no-untyped-def]
        names = ["Bobby"] if broken("a request for animals") else zoo["alligators"]
        return jsonify(alligators=[{"name": name} for name in names])  # type: ignore[union-attr]

    @app.get("/alligators")
    def alligators():  # type: ignore[no-untyped-def]
        if zoo["error"]:
            return jsonify(error="Argh!!!"), 500
        names = [] if broken("a request for alligators") else zoo["alligators"]
        return jsonify(alligators=[{"name": name} for name in names])  # type: ignore[union-attr]

    @app.get("/alligators/<name>")
    def alligator(name: str):  # type: ignore[no-untyped-def]
        if name in zoo["alligators"] and not broken("a request for alligator Mary"):  # type: ignore[operator]
            return jsonify(alligators=[{"name": name}]), 201
        return jsonify(error="no such alligator"), 404

    return app


def form_url_encoded_provider() -> Flask:
    app = Flask("formUrlEncodedProvider")

    @app.post("/users")
    def users():  # type: ignore[no-untyped-def]
        age = "old" if broken("A post request to /users") else "42"
        body = f"age={age}&id={uuid.uuid4()}&name%5B%5D=Mrs.&name%5B%5D=Ada&name%5B%5D=King&name%5B%5D=Lovelace"
        return Response(body, status=201, content_type="application/x-www-form-urlencoded")

    return app


def generators_provider() -> Flask:
    app = Flask("generatorsProvider")

    @app.get("/generators")
    def generators():  # type: ignore[no-untyped-def]
        # The pact fills the request body's id from the provider state ("${id}"); the state
        # handler in tests/interop/steps/states.py returns 77, so any other id means it was not filled.
        if (request.get_json(force=True, silent=True) or {}).get("id") != EXPECTED_GENERATED_ID:
            return jsonify(error="the id was not filled from the provider state"), 422
        body = {
            "boolean": True,
            "boolean_v3": False,
            "date": "2024-05-01",
            "datetime": "2024-05-01T10:00:00",
            "decimal": 13.01,
            "decimal_v3": 1.5,
            "equality": "Hello World!",
            "hexadecimal": "a1b2c3",
            "integer": 5,
            "integer_v3": 7,
            "like": "6057401b-c539-4948-971a-24b702d79882",
            "notEmpty": "text",
            "number": 13,
            "regex": "5 miles",
            "requestId": 223 if broken("A get request to /generators") else 222,
            "semver": "1.2.3",
            "string": "abc",
            "time": "10:00:00",
            "url": f"{request.host_url.rstrip('/')}/users/1234/posts/latest",
            "uuid": str(uuid.uuid4()),
        }
        return jsonify(body), 418

    return app


EXPECTED_GENERATED_ID = 77


def json_provider() -> Flask:
    app = Flask("jsonProvider")

    @app.get("/hello/<name>")
    def hello(name: str):  # type: ignore[no-untyped-def]
        return jsonify(message=f"Hi, {name}" if broken("A get request to /hello/{name}") else f"Hello, {name}")

    @app.get("/goodbye/<name>")
    def goodbye(name: str):  # type: ignore[no-untyped-def]
        return jsonify(message=f"Bye, {name}" if broken("A get request to /goodbye/{name}") else f"Goodbye, {name}")

    return app


APPS: dict[str, Callable[[], Flask]] = {
    "GettingStartedOrderApi": getting_started_order_api,
    "ProviderStateService": provider_state_service,
    "myAwesomeService": my_awesome_service,
    "ProviderStateParametersInjected": provider_state_parameters_injected,
    "test_provider_combined": test_provider_combined,
    "test_provider": test_provider,
    "V4Service": v4_service,
    "Animal_Service": animal_service,
    "formUrlEncodedProvider": form_url_encoded_provider,
    "generatorsProvider": generators_provider,
    "jsonProvider": json_provider,
}
