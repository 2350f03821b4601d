"""The `contracts-bdd` command line.

contracts-bdd render pacts/Web-Api.json                 # the feature, on standard output
contracts-bdd render pacts/Web-Api.json -o features/consumer/web-api.feature
contracts-bdd vocabulary -o docs/vocabulary.md          # the step and matcher reference
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from contracts_bdd.errors import ContractsBddError
from contracts_bdd.render import render_file


def main(arguments: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = argparse.ArgumentParser(prog="contracts-bdd", description="Consumer-driven contracts in Gherkin.")
    commands = parser.add_subparsers(dest="command", required=True)
    render = commands.add_parser("render", help="render a pact file (V1 to V4) as a feature file")
    render.add_argument("pact", type=Path, help="the pact file")
    render.add_argument("-o", "--output", type=Path, help="where to write the feature (default: standard output)")
    vocabulary = commands.add_parser("vocabulary", help="write the step, matcher and generator reference")
    vocabulary.add_argument("-o", "--output", type=Path, help="where to write it (default: standard output)")
    chosen = parser.parse_args(arguments)
    try:
        if chosen.command == "render":
            text = render_file(chosen.pact)
        else:
            from contracts_bdd.vocabulary import vocabulary_markdown  # noqa: PLC0415 - imports behave's steps

            text = vocabulary_markdown()
    except (OSError, ValueError, KeyError, ContractsBddError) as err:
        reason = f"{type(err).__name__}: {err}" if not isinstance(err, json.JSONDecodeError) else f"not JSON ({err})"
        print(f"contracts-bdd {chosen.command}: {reason}", file=sys.stderr)
        return 2
    if chosen.output:
        chosen.output.parent.mkdir(parents=True, exist_ok=True)
        chosen.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
