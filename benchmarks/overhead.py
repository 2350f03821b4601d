"""How contracts-bdd compares with the best plain pact-python script, consumer and provider side.

    python benchmarks/overhead.py                      # N = 10 and 200, 5 interleaved pairs
    python benchmarks/overhead.py --sizes 200,1000,3000 --pairs 5
    python benchmarks/overhead.py --sides consumer           # one side only

Every figure is a whole process, timed from start to exit, on 127.0.0.1. The sides
of a comparison run interleaved (A/B, then B/A, ...), so drift on a busy machine
hits both alike; each row gives min, median and max, and ratios are of medians.

Baselines, as a competent pact-python 4.2 user writes them:
- consumer, **write-once** (the fair one): each interaction on its own `Pact`, served
  and called with one kept-alive `requests.Session`, and declared again on one unserved
  session `Pact` that is written once at the end;
- consumer, **per-test merge** (pact-python's docs): `write_file` merging after every
  test. Quadratic, so it runs only up to N = 200;
- provider, `Verifier` with pact-python's **defaults**, and **tuned** (pact-ffi's log
  forwarding at WARNING, `SSL_CERT_DIR` pointing at an empty folder).

contracts-bdd's provider side runs twice: one scenario that verifies every interaction,
and an outline of one scenario per interaction (its rows filled from the pact).

The consumer pacts of contracts-bdd and of the write-once script are compared, and must
be the same JSON (metadata aside); the benchmark stops if they differ. Every loop is
bounded by N.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contracts_bdd.provider.verification import free_port

REPO = Path(__file__).resolve().parents[1]
TARGETS = {"consumer": 1.3, "provider": 0.6}
MERGE_UP_TO = 200

DECLARE = """\
def declare(pact, i):
    (pact.upon_receiving(f"user {i}").given(f"a user with id {i} exists")
        .with_request("GET", f"/users/{i}").with_header("Accept", "application/json")
        .will_respond_with(200)
        .with_body({"id": match.int(i), "name": match.like("Alice"),
                    "email": match.regex("alice@example.com", regex="[^@ ]+@[^@ ]+")}, "application/json"))
"""

PLAIN_CONSUMER_WRITE_ONCE = (
    """\
import sys, requests
from pact import Pact, match
n, out = int(sys.argv[1]), sys.argv[2]
"""
    + DECLARE
    + """
http = requests.Session()
http.trust_env = False
session = Pact("BenchConsumer", "UserService").with_specification("V4")
for i in range(n):
    pact = Pact("BenchConsumer", "UserService").with_specification("V4")
    declare(pact, i)
    with pact.serve(addr="127.0.0.1") as server:
        answer = http.get(f"{server.url}/users/{i}", headers={"Accept": "application/json"}, timeout=5)
        assert answer.status_code == 200
    declare(session, i)
session.write_file(out, overwrite=True)
"""
)

PLAIN_CONSUMER_MERGE = (
    """\
import shutil, sys, requests
from pact import Pact, match
n, out = int(sys.argv[1]), sys.argv[2]
shutil.rmtree(out, ignore_errors=True)  # each run starts with no pact, as a fresh test session does
"""
    + DECLARE
    + """
for i in range(n):
    pact = Pact("BenchConsumer", "UserService").with_specification("V4")
    declare(pact, i)
    with pact.serve(addr="127.0.0.1") as server:
        answer = requests.get(f"{server.url}/users/{i}", headers={"Accept": "application/json"}, timeout=5)
        assert answer.status_code == 200
    pact.write_file(out, overwrite=False)
"""
)

PLAIN_PROVIDER = """\
import logging, os, subprocess, sys, time, requests
from pact import Verifier
pact_dir, port, tuned = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "tuned"
if tuned:
    logging.getLogger("pact").setLevel(logging.WARNING)
    logging.getLogger("pact.ffi").setLevel(logging.WARNING)
provider = subprocess.Popen([sys.executable, "-m", "examples.user_service", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(600):
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=1); break
        except requests.RequestException:
            time.sleep(0.05)
    verifier = (Verifier("UserService", host="127.0.0.1").add_transport(url=f"http://127.0.0.1:{port}")
                .add_source(pact_dir)
                .state_handler(f"http://127.0.0.1:{port}/_pact/provider_states", teardown=True, body=True))
    verifier.verify()
finally:
    provider.terminate(); provider.wait(10)
"""

SCENARIO = """\
  Scenario: user {i}
    Given the provider is in the state "a user with id {i} exists"
    When the consumer sends a GET request to "/users/{i}"
    And the request has the headers:
      | Accept | application/json |
    Then the provider responds with status 200
    And the response has the JSON body:
      \"\"\"
      {{"id": {{{{ integer({i}) }}}}, "name": {{{{ like("Alice") }}}},
       "email": {{{{ regex("alice@example.com", "[^@ ]+@[^@ ]+") }}}}}}
      \"\"\"
"""

PROVIDER_FEATURE = """\
Feature: bench
  Scenario: verify
    Given the provider "UserService" is started with "{python} -m examples.user_service --port {port}"
    When the provider is verified against the pacts in "pacts"
    Then every interaction passes verification
"""

OUTLINE_FEATURE = """\
Feature: bench, one scenario per interaction
  Background:
    Given the provider "UserService" is started with "{python} -m examples.user_service --port {port}"

  Scenario Outline: <consumer>: <interaction>
    Then the interaction passes verification

    Examples: the interactions
      | consumer | interaction | states |
"""


@dataclass(frozen=True)
class Measure:
    seconds: float
    peak_mib: float


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> Measure:
    """Run a whole process; return its wall time and peak resident memory."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{output.decode(errors='replace')[-3000:]}")
    return Measure(elapsed, usage.ru_maxrss / 1024)


def project(root: Path, n: int) -> None:
    (root / "steps").mkdir(parents=True)
    (root / "features" / "consumer").mkdir(parents=True)
    (root / "features" / "provider").mkdir(parents=True)
    (root / "environment.py").write_text(
        "from contracts_bdd.hooks import after_all, after_scenario, before_all, before_scenario, before_step\n"
    )
    (root / "steps" / "contracts.py").write_text("from contracts_bdd.steps import consumer, provider  # noqa\n")
    (root / "steps" / "states.py").write_text(
        textwrap.dedent("""\
        from contracts_bdd import provider_state
        from examples.user_service import store

        @provider_state("a user with id {id:d} exists")
        def user_exists(id):
            store.save_user(id, "Alice", "alice@example.com")
            yield
            store.delete_user(id)
        """)
    )
    (root / "behave.ini").write_text("[behave.userdata]\nconsumer = BenchConsumer\nprovider = UserService\n")
    scenarios = "".join(SCENARIO.format(i=i) for i in range(n))
    (root / "features" / "consumer" / "bench.feature").write_text("Feature: bench\n" + scenarios)
    (root / "features" / "provider" / "bench.feature").write_text(PROVIDER_FEATURE)
    (root / "features" / "outline").mkdir(parents=True)
    (root / "features" / "outline" / "bench.feature").write_text(OUTLINE_FEATURE)
    (root / "plain_write_once.py").write_text(PLAIN_CONSUMER_WRITE_ONCE)
    (root / "plain_merge.py").write_text(PLAIN_CONSUMER_MERGE)
    (root / "plain_provider.py").write_text(PLAIN_PROVIDER)


def comparable(path: Path) -> list[Any]:
    """A pact's interactions in a stable order: what two writers of the same contract must agree on."""
    document = json.loads(path.read_text())
    return sorted(document["interactions"], key=lambda item: json.dumps(item, sort_keys=True))


def interleaved(
    variants: dict[str, list[str]], root: Path, envs: dict[str, dict[str, str]], pairs: int
) -> dict[str, list[Measure]]:
    """Run every variant once per pair, in an order that alternates from pair to pair."""
    measured: dict[str, list[Measure]] = {name: [] for name in variants}
    order = list(variants)
    for pair in range(pairs):
        for name in order if pair % 2 == 0 else list(reversed(order)):
            measured[name].append(timed(variants[name], root, envs[name]))
    return measured


def summary(measures: list[Measure]) -> tuple[float, float, float, float]:
    seconds = [measure.seconds for measure in measures]
    return min(seconds), statistics.median(seconds), max(seconds), max(measure.peak_mib for measure in measures)


def report(side: str, n: int, measured: dict[str, list[Measure]], ours: str, fair: str) -> None:
    print(f"\n{side}, N = {n}: seconds min / median / max, ms per interaction (median), peak RSS")
    medians = {}
    for name, measures in measured.items():
        low, median, high, peak = summary(measures)
        medians[name] = median
        print(f"  {name:<38} {low:7.2f} {median:7.2f} {high:7.2f}  {1000 * median / n:8.2f} ms  {peak:5.0f} MiB")
    target = TARGETS[side]
    for name, median in medians.items():
        if name != ours:
            ratio = medians[ours] / median
            mark = f"  target <= {target}x: {'ok' if ratio <= target else 'MISSED'}" if name == fair else ""
            print(f"  ratio contracts-bdd / {name}: {ratio:.2f}x{mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,200", help="comma-separated N (default 10,200)")
    parser.add_argument("--pairs", type=int, default=5, help="interleaved runs of each variant (default 5)")
    parser.add_argument(
        "--sides", default="consumer,provider", help="which sides to compare (default consumer,provider)"
    )
    arguments = parser.parse_args()
    behave = [sys.executable, "-m", "behave", "-f", "progress", "--no-capture"]
    print(f"{os.cpu_count()} cores; {arguments.pairs} interleaved runs of each variant; whole processes")

    for n in (int(size) for size in arguments.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            project(root, n)
            env = {
                **os.environ,
                "PYTHONPATH": str(REPO),
                "PACT_DO_NOT_TRACK": "true",
                "USER_SERVICE_DB": str(root / "users.sqlite3"),
            }
            no_certs = root / "no-certs"
            no_certs.mkdir()
            consumer = {
                "contracts-bdd": [*behave, "features/consumer"],
                "plain, write-once": [sys.executable, "plain_write_once.py", str(n), str(root / "plain-once")],
            }
            if n <= MERGE_UP_TO:
                consumer["plain, per-test merge"] = [
                    sys.executable,
                    "plain_merge.py",
                    str(n),
                    str(root / "plain-merge"),
                ]
            sides = arguments.sides.split(",")
            if "consumer" not in sides:
                consumer = {"contracts-bdd": consumer["contracts-bdd"]}  # run once: the provider needs its pacts
            runs = arguments.pairs if len(consumer) > 1 else 1
            measured = interleaved(consumer, root, dict.fromkeys(consumer, env), runs)
            if "consumer" in sides:
                ours, plain = (
                    root / "pacts" / "BenchConsumer-UserService.json",
                    root / "plain-once" / "BenchConsumer-UserService.json",
                )
                if comparable(ours) != comparable(plain):
                    sys.exit(f"the pacts differ: {ours} and {plain}; the comparison would be unfair")
                report("consumer", n, measured, "contracts-bdd", "plain, write-once")
            if "provider" not in sides:
                continue

            provider = {
                "contracts-bdd": [*behave, "features/provider"],
                "contracts-bdd, a scenario per interaction": [*behave, "features/outline"],
                "plain Verifier, defaults": [
                    sys.executable,
                    "plain_provider.py",
                    "pacts",
                    str(free_port()),
                    "defaults",
                ],
                "plain Verifier, tuned": [sys.executable, "plain_provider.py", "pacts", str(free_port()), "tuned"],
            }
            envs = {**dict.fromkeys(provider, env), "plain Verifier, tuned": {**env, "SSL_CERT_DIR": str(no_certs)}}
            measured = interleaved(provider, root, envs, arguments.pairs)
            report("provider", n, measured, "contracts-bdd", "plain Verifier, defaults")


if __name__ == "__main__":
    main()
