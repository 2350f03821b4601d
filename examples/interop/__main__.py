"""Run one interop provider: `python -m examples.interop <ProviderName> --port 5000`."""

from __future__ import annotations

import argparse

from examples.interop.apps import APPS


def main() -> None:
    """Parse the command line and serve the named provider on 127.0.0.1."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("provider", choices=sorted(APPS))
    parser.add_argument("--port", type=int, required=True)
    arguments = parser.parse_args()
    APPS[arguments.provider]().run(host="127.0.0.1", port=arguments.port)


if __name__ == "__main__":
    main()
