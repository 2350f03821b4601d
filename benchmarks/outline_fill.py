"""How the one-scenario-per-interaction outline scales: its fill time, and whole runs against plain pact-python.

    python benchmarks/outline_fill.py                        # N = 100, 1000, 3000; 3 interleaved pairs
    python benchmarks/outline_fill.py --sizes 100,1000 --pairs 5
    python benchmarks/outline_fill.py --fill-only            # the fill alone, in process (seconds, no provider)

**Fill** is what the framework adds before any scenario runs, measured in this process on
the project's own feature: behave parses the outline, `fill_interaction_outlines` reads the
pact and adds a row per interaction, behave builds a scenario per row, and the first
scenario's row lookup (`interaction_rows`, which indexes every row once) runs. Linear growth
shows as a constant time per interaction from N to N.

**Runs** time whole processes, interleaved: `behave` on the outline (the Flask UserService
started by the framework, states set by Python handlers) against pact-python's `Verifier`
on the same pact and provider, tuned as a competent user tunes it (pact-ffi's log forwarding
at WARNING, an empty `SSL_CERT_DIR`). The ratio is of medians. Every loop is bounded by N.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from behave.configuration import Configuration
from behave.parser import parse_feature

sys.path.insert(0, str(Path(__file__).resolve().parent))
from overhead import PLAIN_PROVIDER, interleaved, project, summary

from contracts_bdd.behave.examples import example_of
from contracts_bdd.behave.outlines import fill_interaction_outlines
from contracts_bdd.behave.steps import provider as provider_steps
from contracts_bdd.config import Settings
from contracts_bdd.provider.side import ProviderSide

REPO = Path(__file__).resolve().parents[1]


def pact(n: int) -> dict[str, Any]:
    """A pact of N interactions the example UserService answers (each with its own state)."""
    body = {"id": 1, "name": "Alice", "email": "alice@example.com"}
    rules = {"body": {f"$.{key}": {"matchers": [{"match": "type"}]} for key in body}}
    return {
        "consumer": {"name": "BenchConsumer"},
        "provider": {"name": "UserService"},
        "interactions": [
            {
                "type": "Synchronous/HTTP",
                "description": f"user {i}",
                "providerStates": [{"name": f"a user with id {i} exists"}],
                "request": {"method": "GET", "path": f"/users/{i}", "headers": {"Accept": ["application/json"]}},
                "response": {
                    "status": 200,
                    "headers": {"Content-Type": ["application/json"]},
                    "body": {"content": body, "contentType": "application/json", "encoded": False},
                    "matchingRules": rules,
                },
            }
            for i in range(n)
        ],
        "metadata": {"pactSpecification": {"version": "4.0"}},
    }


def fill_seconds(root: Path) -> float:
    """One fill of the outline of N rows, in this process, as behave's before_all runs it."""
    os.chdir(root)
    feature_file = root / "features" / "outline" / "bench.feature"
    config = Configuration(command_args=[str(feature_file)], load_config=False)
    start = time.perf_counter()
    feature = parse_feature(feature_file.read_text(), filename=str(feature_file))
    cache = fill_interaction_outlines([feature], config, Settings(), {})
    outline = feature.scenarios[0]
    first = outline.scenarios[0]  # behave builds a scenario per row here
    side = ProviderSide(Settings(), {}, cache)
    step_context = SimpleNamespace(
        active_outline=example_of(first),
        scenario=first,
        feature=feature,
        config=config,
        contracts=SimpleNamespace(provider=side),
    )
    provider_steps.outline_interactions(step_context)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,3000", help="comma-separated N (default 100,1000,3000)")
    parser.add_argument("--pairs", type=int, default=3, help="interleaved runs of each variant (default 3)")
    parser.add_argument("--fill-only", action="store_true", help="measure the fill only (no provider, no verifier)")
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    behave = [sys.executable, "-m", "behave", "-f", "progress", "--no-capture", "features/outline"]
    here = Path.cwd()
    print(f"{os.cpu_count()} cores; fill: median of 5 in process; runs: {arguments.pairs} interleaved pairs")
    fills: dict[int, float] = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            project(root, 0)
            (root / "pacts").mkdir()
            (root / "pacts" / "BenchConsumer-UserService.json").write_text(json.dumps(pact(n)))
            fills[n] = statistics.median(fill_seconds(root) for _ in range(5))
            os.chdir(here)
            line = f"N = {n:5d}: fill {1000 * fills[n]:8.1f} ms, {1e6 * fills[n] / n:7.1f} us per interaction"
            if n != sizes[0]:
                growth = (fills[n] / fills[sizes[0]]) / (n / sizes[0])
                line += f"  (per-interaction cost x{growth:.2f} of N = {sizes[0]}: 1.00 is linear)"
            print(line)
            if arguments.fill_only:
                continue
            env = {
                **os.environ,
                "PYTHONPATH": str(REPO),
                "PACT_DO_NOT_TRACK": "true",
                "USER_SERVICE_DB": str(root / "users.sqlite3"),
            }
            no_certs = root / "no-certs"
            no_certs.mkdir()
            (root / "plain_provider.py").write_text(PLAIN_PROVIDER)
            from contracts_bdd.provider.verification import free_port  # noqa: PLC0415

            variants = {
                "contracts-bdd outline": behave,
                "plain Verifier, tuned": [sys.executable, "plain_provider.py", "pacts", str(free_port()), "tuned"],
            }
            envs = {"contracts-bdd outline": env, "plain Verifier, tuned": {**env, "SSL_CERT_DIR": str(no_certs)}}
            measured = interleaved(variants, root, envs, arguments.pairs)
            medians = {}
            for name, measures in measured.items():
                low, median, high, peak = summary(measures)
                medians[name] = median
                print(f"    {name:<24} {low:7.2f} {median:7.2f} {high:7.2f} s  {peak:5.0f} MiB")
            ratio = medians["contracts-bdd outline"] / medians["plain Verifier, tuned"]
            print(f"    ratio outline / plain Verifier, tuned: {ratio:.2f}x")


if __name__ == "__main__":
    main()
