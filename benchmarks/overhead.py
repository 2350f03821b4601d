"""How contracts-bdd compares with what a competent user writes by hand, consumer and provider side.

    python benchmarks/overhead.py                      # N = 10 and 200, 5 interleaved runs of each variant
    python benchmarks/overhead.py --sizes 200,1000,3000 --pairs 5
    python benchmarks/overhead.py --sides consumer           # one side only
    python benchmarks/overhead.py --sizes 10,200,1000,3000 --provider-sizes 10,1000   # docs/speed.md's run

Every figure is a whole process, timed from start to exit, on 127.0.0.1. The variants
of a comparison run interleaved (A/B/C, then C/B/A, ...), so drift on a busy machine
hits them alike; each row gives min, median and max, and ratios are of medians.

Consumer baselines (each writes the same pact, asserted before any figure is shown):
- **hand-written behave** (the honest floor, the target's baseline): a behave project whose
  own steps call pact-python 4.2 directly, as a competent user writes them: the steps
  keep the scenario's parts on one object, the last one declares a `Pact`, serves it and
  calls it with one kept-alive `requests.Session`, and declares the interaction again on
  one collector `Pact` that `after_all` writes once; pact-ffi's log forwarding at WARNING;
- **behave alone**: the contracts-bdd feature with steps that do nothing (behave's own cost);
- **plain script, write-once**: no behave; a `Pact` and `serve()` per interaction, the
  same session, the same collector;
- **plain script, per-test merge** (pact-python's docs): `write_file` merging after every
  test. Quadratic, so it runs only up to N = 200.

Provider: `Verifier` with pact-python's **defaults**, and **tuned** (pact-ffi's log
forwarding at WARNING, `SSL_CERT_DIR` pointing at an empty folder). contracts-bdd's provider
side runs twice: one scenario that verifies every interaction, and an outline of one
scenario per interaction (its rows filled from the pact).

Targets (issue 28): consumer <= 0.85x the hand-written behave project at N = 200 and
1,000; consumer peak memory <= 1.1x it at N = 3,000; provider <= 0.5x the plain defaults at
N = 1,000 and no slower than the tuned script at N = 10. Every loop is bounded by N.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contracts_bdd.provider.verification import free_port

REPO = Path(__file__).resolve().parents[1]
MERGE_UP_TO = 200
TIMES = "\N{MULTIPLICATION SIGN}"

OURS = "contracts-bdd"
HAND = "hand-written behave + pact-python"
FLOOR = "behave alone, steps that do nothing"
ONCE = "plain script, write-once"
MERGE = "plain script, per-test merge"
OUTLINE = "contracts-bdd, a scenario per interaction"
DEFAULTS = "plain Verifier, defaults"
TUNED = "plain Verifier, tuned"


@dataclass(frozen=True)
class Target:
    """contracts-bdd's median (or peak memory) over a baseline's, at some sizes, must not exceed `limit`."""

    side: str
    baseline: str
    sizes: tuple[int, ...]
    limit: float
    memory: bool = False
    variants: tuple[str, ...] = (OURS,)

    def label(self) -> str:
        what = "peak memory " if self.memory else ""
        at = " and ".join(f"{size:,}" for size in self.sizes)
        return f"{self.side} {what}<= {self.limit}x {self.baseline} at N = {at}"

    def holds(self, row: Row, variant: str, baseline: str, *, memory: bool) -> bool:
        """Whether this target holds `variant`'s ratio to `baseline` in `row`."""
        same = (self.side, self.baseline, self.memory) == (row.side, baseline, memory)
        return same and variant in self.variants and row.n in self.sizes


TARGETS = (
    Target("consumer", HAND, (200, 1000), 0.85),
    Target("consumer", HAND, (3000,), 1.1, memory=True),
    Target("provider", DEFAULTS, (1000,), 0.5),
    Target("provider", TUNED, (10,), 1.0),
)

QUIET_PACT_FFI = """\
import logging
logging.getLogger("pact").setLevel(logging.WARNING)  # pact-ffi forwards only warnings and errors
logging.getLogger("pact.ffi").setLevel(logging.WARNING)
"""

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
    + QUIET_PACT_FFI
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

HAND_ENVIRONMENT = (
    """\
import logging

import requests
from pact import Pact


class PactRun:
    \"\"\"The run's HTTP client and collector pact, and the parts of the scenario being declared.\"\"\"

    def __init__(self):
        self.http = requests.Session()  # kept alive for the run; no proxies from the environment
        self.http.trust_env = False
        self.collector = Pact("BenchConsumer", "UserService").with_specification("V4")
        self.state = self.path = self.headers = self.status = None


def before_all(context):
"""
    + textwrap.indent(QUIET_PACT_FFI, "    ")
    + """\
    context.pacts = PactRun()


def after_all(context):
    if not context.failed:
        context.pacts.collector.write_file("pacts", overwrite=True)
"""
)

HAND_STEPS = """\
import json

from behave import given, then, when
from pact import Pact, match


@given('the provider is in the state "{state}"')
def state(context, state):
    context.pacts.state = state


@when('the consumer sends a GET request to "{path}"')
def request(context, path):
    context.pacts.path = path


@when("the request has the headers:")
def headers(context):
    context.pacts.headers = dict([context.table.headings])


@then("the provider responds with status {status:d}")
def status(context, status):
    context.pacts.status = status


@then("the response has the user as JSON:")
def user(context):
    run, name = context.pacts, context.scenario.name
    example = json.loads(context.text)
    body = {
        "id": match.int(example["id"]),
        "name": match.like(example["name"]),
        "email": match.regex(example["email"], regex="[^@ ]+@[^@ ]+"),
    }

    def declare(pact):
        interaction = pact.upon_receiving(name).given(run.state).with_request("GET", run.path)
        for header, value in run.headers.items():
            interaction.with_header(header, value)
        interaction.will_respond_with(run.status).with_body(body, "application/json")

    pact = Pact("BenchConsumer", "UserService").with_specification("V4")
    declare(pact)
    with pact.serve(addr="127.0.0.1") as server:
        answer = run.http.get(f"{server.url}{run.path}", headers=run.headers, timeout=5)
        assert answer.status_code == run.status, answer.text
    declare(run.collector)
"""

HAND_SCENARIO = """\
  Scenario: user {i}
    Given the provider is in the state "a user with id {i} exists"
    When the consumer sends a GET request to "/users/{i}"
    And the request has the headers:
      | Accept | application/json |
    Then the provider responds with status 200
    And the response has the user as JSON:
      \"\"\"
      {{"id": {i}, "name": "Alice", "email": "alice@example.com"}}
      \"\"\"
"""

NO_OP_STEPS = """\
from behave import step, use_step_matcher

use_step_matcher("parse")


@step('the provider is in the state "{state}"')
@step('the consumer sends a GET request to "{path}"')
@step("the request has the headers:")
@step("the provider responds with status {status:d}")
@step("the response has the JSON body:")
def nothing(context, **found):
    pass
"""

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

ENVIRONMENT = "from contracts_bdd.hooks import after_all, after_scenario, before_all, before_scenario, before_step\n"
BEHAVE = [sys.executable, "-m", "behave", "-f", "progress", "--no-capture"]


@dataclass(frozen=True)
class Measure:
    seconds: float
    peak_mib: float


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> Measure:
    """Run a whole process; return its wall time and peak resident memory.

    It runs in a process group of its own; anything still in that group once it has ended
    (a provider, a BehaveX worker) is killed and stops the benchmark, as does Ctrl-C: a
    benchmark leaves no process behind.
    """
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        output = process.stdout.read() if process.stdout else b""
        _, status, usage = os.wait4(process.pid, 0)
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: Popen must not wait again
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # the group is empty: nothing was left behind
    else:
        sys.exit(f"benchmark command left processes behind (killed): {' '.join(command)}")
    if process.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{output.decode(errors='replace')[-3000:]}")
    return Measure(elapsed, usage.ru_maxrss / 1024)


def load_average() -> str:
    """The 1-minute load average: on a shared machine, say how busy it was."""
    with open("/proc/loadavg", encoding="ascii") as load:
        return load.read().split()[0]


def project(root: Path, n: int) -> None:
    """contracts-bdd's project at `root`, the hand-written one in `hand/`, behave alone in `floor/`, the scripts."""
    (root / "steps").mkdir(parents=True)
    (root / "features" / "consumer").mkdir(parents=True)
    (root / "features" / "provider").mkdir(parents=True)
    (root / "environment.py").write_text(ENVIRONMENT)
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
    hand = root / "hand"
    (hand / "steps").mkdir(parents=True)
    (hand / "features").mkdir()
    (hand / "environment.py").write_text(HAND_ENVIRONMENT)
    (hand / "steps" / "contract.py").write_text(HAND_STEPS)
    hand_scenarios = "".join(HAND_SCENARIO.format(i=i) for i in range(n))
    (hand / "features" / "bench.feature").write_text("Feature: bench\n" + hand_scenarios)
    floor = root / "floor"
    (floor / "steps").mkdir(parents=True)
    (floor / "features").mkdir()
    (floor / "steps" / "nothing.py").write_text(NO_OP_STEPS)
    (floor / "features" / "bench.feature").write_text("Feature: bench\n" + scenarios)


def comparable(path: Path) -> list[Any]:
    """A pact's interactions (or messages) in a stable order: what two writers of one contract must agree on."""
    document = json.loads(path.read_text())
    found = document.get("interactions") or document.get("messages") or []
    return sorted(found, key=lambda item: json.dumps(item, sort_keys=True))


def same_pacts(paths: dict[str, Path]) -> None:
    """Stop unless every variant wrote the same interactions: a comparison of different work would be unfair."""
    (first, expected_at), *others = paths.items()
    expected = comparable(expected_at)
    for name, path in others:
        if comparable(path) != expected:
            sys.exit(f"the pacts differ: {first} wrote {expected_at}, {name} wrote {path}; the comparison is unfair")


def interleaved(
    variants: dict[str, list[str]],
    root: Path,
    envs: dict[str, dict[str, str]],
    pairs: int,
    cwds: dict[str, Path] | None = None,
) -> dict[str, list[Measure]]:
    """Run every variant once per pair, in an order that alternates from pair to pair."""
    measured: dict[str, list[Measure]] = {name: [] for name in variants}
    order = list(variants)
    for pair in range(pairs):
        for name in order if pair % 2 == 0 else list(reversed(order)):
            measured[name].append(timed(variants[name], (cwds or {}).get(name, root), envs[name]))
    return measured


def summary(measures: list[Measure]) -> tuple[float, float, float, float]:
    seconds = [measure.seconds for measure in measures]
    return min(seconds), statistics.median(seconds), max(seconds), max(measure.peak_mib for measure in measures)


@dataclass
class Row:
    """One side at one N: each variant's median seconds and peak memory."""

    side: str
    n: int
    medians: dict[str, float]
    peaks: dict[str, float]

    @classmethod
    def of(cls, side: str, n: int, measured: dict[str, list[Measure]]) -> Row:
        figures = {name: summary(measures) for name, measures in measured.items()}
        return cls(side, n, {name: f[1] for name, f in figures.items()}, {name: f[3] for name, f in figures.items()})

    def ratio(self, variant: str, baseline: str, *, memory: bool = False) -> float:
        figures = self.peaks if memory else self.medians
        return figures[variant] / figures[baseline]

    def ours(self) -> list[str]:
        """contracts-bdd's variants: the names that start with its name."""
        return [name for name in self.medians if name.startswith(OURS)]

    def baselines(self) -> list[str]:
        return [name for name in self.medians if not name.startswith(OURS)]


def verdict(row: Row, variant: str, baseline: str, targets: Sequence[Target], *, memory: bool = False) -> str:
    """The target the ratio of `variant` to `baseline` is held to at this N and whether it met it ("" for none)."""
    ratio = row.ratio(variant, baseline, memory=memory)
    for target in targets:
        if target.holds(row, variant, baseline, memory=memory):
            return f"target <= {target.limit}{TIMES}: {'met' if ratio <= target.limit else 'MISSED'}"
    return ""


def report(row: Row, measured: dict[str, list[Measure]], targets: Sequence[Target], unit: str) -> None:
    """Print each variant's figures, then each of contracts-bdd's ratios to each baseline, with its target."""
    print(f"\n{row.side}, N = {row.n}: seconds min / median / max, ms per {unit} (median), peak RSS")
    for name, measures in measured.items():
        low, median, high, peak = summary(measures)
        print(f"  {name:<48} {low:7.2f} {median:7.2f} {high:7.2f}  {1000 * median / row.n:8.2f} ms  {peak:5.0f} MiB")
    for variant in row.ours():
        for name in row.baselines():
            mark = verdict(row, variant, name, targets)
            print(f"  ratio {variant} / {name}: {row.ratio(variant, name):.2f}x  {mark}".rstrip())
            if any(target.memory and target.holds(row, variant, name, memory=True) for target in targets):
                mark = verdict(row, variant, name, targets, memory=True)
                print(f"  peak memory {variant} / {name}: {row.ratio(variant, name, memory=True):.2f}x  {mark}")


def side_by_side(rows: Sequence[Row], targets: Sequence[Target]) -> str:
    """The summary (and the README's tables): a column per baseline, each of contracts-bdd's ratios to it in its cell.

    A cell reads "0.93x of 3.10 s": contracts-bdd's median over that baseline's median, and the target
    the ratio is held to, met or MISSED. Peak memory follows in the same shape, for a side with a
    memory target.
    """
    lines: list[str] = []
    for side in dict.fromkeys(row.side for row in rows):
        chosen = [row for row in rows if row.side == side]
        baselines = list(dict.fromkeys(name for row in chosen for name in row.baselines()))
        lines += [
            f"\n{side}: medians of interleaved runs; each baseline's column gives contracts-bdd's median over it\n",
            "| N | variant | median | " + " | ".join(baselines) + " |",
            "|---|---|---|" + "---|" * len(baselines),
        ]
        for row in chosen:
            for variant in row.ours():
                cells = [cell(row, variant, name, targets) for name in baselines]
                lines.append(f"| {row.n:,} | {variant} | {row.medians[variant]:.2f} s | " + " | ".join(cells) + " |")
        if any(target.memory and target.side == side for target in targets):
            lines += [
                f"\n{side}: peak memory (RSS), the largest of the runs\n",
                f"| N | {OURS} | " + " | ".join(baselines) + " |",
                "|---|---|" + "---|" * len(baselines),
            ]
            for row in chosen:
                cells = [cell(row, OURS, name, targets, memory=True) for name in baselines]
                lines.append(f"| {row.n:,} | {row.peaks[OURS]:.0f} MiB | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def cell(row: Row, variant: str, baseline: str, targets: Sequence[Target], *, memory: bool = False) -> str:
    """One ratio with the baseline's own figure, and its target when it has one ("—" where the baseline did not run)."""
    if baseline not in row.medians:
        return "—"
    figure = f"{row.peaks[baseline]:.0f} MiB" if memory else f"{row.medians[baseline]:.2f} s"
    mark = verdict(row, variant, baseline, targets, memory=memory)
    return f"{row.ratio(variant, baseline, memory=memory):.2f}{TIMES} of {figure}" + (f" ({mark})" if mark else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,200", help="comma-separated N (default 10,200)")
    parser.add_argument("--pairs", type=int, default=5, help="interleaved runs of each variant (default 5)")
    parser.add_argument(
        "--sides", default="consumer,provider", help="which sides to compare (default consumer,provider)"
    )
    parser.add_argument(
        "--provider-sizes",
        help="comma-separated N for the provider side only (default: --sizes); its plain "
        "Verifier with defaults takes minutes at 3,000",
    )
    arguments = parser.parse_args()
    print(
        f"{os.cpu_count()} cores; load average {load_average()} at the start; "
        f"{arguments.pairs} interleaved runs of each variant; whole processes"
    )
    print("targets: " + "; ".join(target.label() for target in TARGETS))
    rows: list[Row] = []
    sides = arguments.sides.split(",")
    consumer_sizes = [int(size) for size in arguments.sizes.split(",")] if "consumer" in sides else []
    provider_sizes = [int(size) for size in (arguments.provider_sizes or arguments.sizes).split(",")]
    provider_sizes = provider_sizes if "provider" in sides else []
    for n in sorted(set(consumer_sizes + provider_sizes)):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            project(root, n)
            env = {
                **os.environ,
                "PYTHONPATH": str(REPO),
                "PACT_DO_NOT_TRACK": "true",
                "USER_SERVICE_DB": str(root / "users.sqlite3"),
            }
            if n in consumer_sizes:
                rows.append(consumer_side(root, n, env, arguments.pairs))
            else:
                timed([*BEHAVE, "features/consumer"], root, env)  # the provider side verifies its pacts
            if n in provider_sizes:
                rows.append(provider_side(root, n, env, arguments.pairs))
    print(f"\nload average {load_average()} at the end")
    print(side_by_side(rows, TARGETS))


def consumer_side(root: Path, n: int, env: dict[str, str], pairs: int) -> Row:
    """contracts-bdd's consumer run against the three baselines (and the docs' per-test merge up to 200)."""
    consumer = {
        OURS: [*BEHAVE, "features/consumer"],
        HAND: [*BEHAVE, "features"],
        FLOOR: [*BEHAVE, "features"],
        ONCE: [sys.executable, "plain_write_once.py", str(n), str(root / "plain-once")],
    }
    if n <= MERGE_UP_TO:
        consumer[MERGE] = [sys.executable, "plain_merge.py", str(n), str(root / "plain-merge")]
    cwds = {HAND: root / "hand", FLOOR: root / "floor"}
    measured = interleaved(consumer, root, dict.fromkeys(consumer, env), pairs, cwds)
    name = "BenchConsumer-UserService.json"
    same_pacts({OURS: root / "pacts" / name, HAND: root / "hand" / "pacts" / name, ONCE: root / "plain-once" / name})
    row = Row.of("consumer", n, measured)
    report(row, measured, TARGETS, "scenario")
    return row


def provider_side(root: Path, n: int, env: dict[str, str], pairs: int) -> Row:
    """contracts-bdd's provider run (one scenario, and one per interaction) against plain `Verifier` scripts."""
    no_certs = root / "no-certs"
    no_certs.mkdir(exist_ok=True)
    provider = {
        OURS: [*BEHAVE, "features/provider"],
        OUTLINE: [*BEHAVE, "features/outline"],
        DEFAULTS: [sys.executable, "plain_provider.py", "pacts", str(free_port()), "defaults"],
        TUNED: [sys.executable, "plain_provider.py", "pacts", str(free_port()), "tuned"],
    }
    envs = {**dict.fromkeys(provider, env), TUNED: {**env, "SSL_CERT_DIR": str(no_certs)}}
    measured = interleaved(provider, root, envs, pairs)
    row = Row.of("provider", n, measured)
    report(row, measured, TARGETS, "interaction")
    return row


if __name__ == "__main__":
    main()
