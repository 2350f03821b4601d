"""Run UserService: `python -m examples.user_service --port 5000 [--broken]`."""

from __future__ import annotations

import argparse
import os

from examples.user_service.app import create_app


def main() -> None:
    """Parse the command line and serve on 127.0.0.1."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    parser.add_argument("--broken", action="store_true", help="rename email to mail (breaks the contract)")
    arguments = parser.parse_args()
    create_app(broken=arguments.broken).run(host="127.0.0.1", port=arguments.port)


if __name__ == "__main__":
    main()
