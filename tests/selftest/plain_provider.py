"""A small provider for the self-tests: GET <base>/users/<id>, states at <base>/_pact/provider_states.

python plain_provider.py PORT [--base /api] [--require "Authorization: Bearer x"] [--broken]
"""

import argparse
import json
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

USERS: dict[int, dict[str, object]] = {}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--base", default="")
    parser.add_argument("--require", action="append", default=[])
    parser.add_argument("--broken", action="store_true")
    options = parser.parse_args()
    required = dict(item.split(": ", 1) for item in options.require)
    if os.environ.get("REQUIRE_HEADER"):
        name, _, value = os.environ["REQUIRE_HEADER"].partition(": ")
        required[name] = value

    class Handler(BaseHTTPRequestHandler):
        def reply(self, status: int, body: object) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            for name, value in required.items():
                if self.headers.get(name) != value:
                    return self.reply(401, {"error": f"missing {name}"})
            prefix = options.base + "/users/"
            if not self.path.startswith(prefix):
                return self.reply(404, {"error": "no such path"})
            user_id = int(self.path[len(prefix) :])
            user = USERS.get(user_id)
            if user is None:
                return self.reply(404, {"error": f"User {user_id} not found"})
            return self.reply(200, {**user, "email": None} if options.broken else user)

        def do_POST(self) -> None:
            change = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            state, action = change.get("state", ""), change.get("action", "setup")
            if state.startswith("a user with id ") and action == "setup":
                user_id = int(state.split()[4])
                USERS[user_id] = {"id": user_id, "name": "Alice", "email": "alice@example.com"}
            elif state.startswith("a user with id "):
                USERS.pop(int(state.split()[4]), None)
            return self.reply(200, {})

        def log_message(self, *args: object) -> None:
            pass

    HTTPServer(("127.0.0.1", options.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
