"""How much contracts-bdd adds on top of plain pact-python, consumer and provider side.

    python benchmarks/overhead.py [--n 200] [--repeat 3]

Prints the best wall time of each side over `--repeat` runs and their ratio.
Everything runs on 127.0.0.1; every loop is bounded by N.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

from contracts_bdd.provider.verification import free_port

REPO = Path(__file__).resolve().parents[1]
TARGETS = {"consumer": 1.3, "provider": 1.1}

PLAIN_CONSUMER = """\
import sys, requests
from pact import Pact, match
n, out = int(sys.argv[1]), sys.argv[2]
for i in range(n):
    pact = Pact("BenchConsumer", "UserService").with_specification("V4")
    (pact.upon_receiving(f"user {i}").given(f"a user with id {i} exists")
        .with_request("GET", f"/users/{i}").with_header("Accept", "application/json")
        .will_respond_with(200)
        .with_body({"id": match.int(i), "name": match.like("Alice"),
                    "email": match.regex("alice@example.com", regex="[^@ ]+@[^@ ]+")}, "application/json"))
    with pact.serve(addr="127.0.0.1") as server:
        answer = requests.get(f"{server.url}/users/{i}", headers={"Accept": "application/json"}, timeout=5)
        assert answer.status_code == 200
    pact.write_file(out, overwrite=False)
"""

PLAIN_PROVIDER = """\
import os, subprocess, sys, time, requests
from pact import Verifier
pact_dir, port = sys.argv[1], int(sys.argv[2])
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
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{output.decode(errors='replace')}")
    return Measure(elapsed, usage.ru_maxrss / 1024)


def best(measures: list[Measure]) -> Measure:
    return Measure(min(m.seconds for m in measures), max(m.peak_mib for m in measures))


def project(root: Path, n: int) -> None:
    (root / "steps").mkdir(parents=True)
    (root / "features" / "consumer").mkdir(parents=True)
    (root / "features" / "provider").mkdir(parents=True)
    (root / "environment.py").write_text(
        "from contracts_bdd.hooks import (\n"
        "    after_all, after_feature, after_scenario, before_all, before_scenario, before_step\n)\n"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    n = arguments.n

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        project(root, n)
        (root / "plain_consumer.py").write_text(PLAIN_CONSUMER)
        (root / "plain_provider.py").write_text(PLAIN_PROVIDER)
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "PACT_DO_NOT_TRACK": "true",
            "USER_SERVICE_DB": str(root / "users.sqlite3"),
        }
        behave = [sys.executable, "-m", "behave", "-f", "progress", "--no-capture"]

        results: dict[str, tuple[Measure, Measure]] = {}
        framework = best([timed([*behave, "features/consumer"], root, env) for _ in range(arguments.repeat)])
        plain = best(
            [
                timed([sys.executable, "plain_consumer.py", str(n), str(root / f"plain-{r}")], root, env)
                for r in range(arguments.repeat)
            ]
        )
        results["consumer"] = (framework, plain)
        framework = best([timed([*behave, "features/provider"], root, env) for _ in range(arguments.repeat)])
        plain = best(
            [
                timed([sys.executable, "plain_provider.py", str(root / "pacts"), str(free_port())], root, env)
                for _ in range(arguments.repeat)
            ]
        )
        results["provider"] = (framework, plain)
        no_certs = root / "no-certs"
        no_certs.mkdir()
        tuned = best(
            [
                timed(
                    [sys.executable, "plain_provider.py", str(root / "pacts"), str(free_port())],
                    root,
                    {**env, "SSL_CERT_DIR": str(no_certs)},
                )
                for _ in range(arguments.repeat)
            ]
        )
        results["provider, direct call also with SSL_CERT_DIR empty"] = (framework, tuned)

    print(f"N = {n} interactions; best wall time and highest peak RSS of {arguments.repeat} runs of whole processes")
    print(f"{'contracts-bdd':>15}{'pact-python':>13}{'ratio':>7}{'target':>8}{'RSS ours':>10}{'RSS plain':>11}  side")
    for side, (framework, plain) in results.items():
        ratio = framework.seconds / plain.seconds
        target = TARGETS[side.split(",")[0]]
        verdict = "ok" if ratio <= target else "MISSED"
        print(
            f"{framework.seconds:>14.2f}s{plain.seconds:>12.2f}s{ratio:>6.2f}x{target:>7.1f}x"
            f"{framework.peak_mib:>8.0f}MiB{plain.peak_mib:>8.0f}MiB  {side} ({verdict})"
        )


if __name__ == "__main__":
    main()
