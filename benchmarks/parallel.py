"""A large consumer suite on one machine: one behave process against BehaveX's parallel processes and a merge.

    python benchmarks/parallel.py                           # N = 3,000 in 20 feature files, 2 processes, 3 runs
    python benchmarks/parallel.py --sizes 1000,3000 --processes 2 --files 20 --pairs 3

Variants, interleaved, each a whole process (or a chain of them) from start to exit:
- **behave, one process**: `behave features/consumer`, the pact written to `pacts/`;
- **BehaveX, P processes, then merge**: `behavex features/consumer --parallel-processes P
  --parallel-scheme feature -D pact_shards=shards`, every process writing its own shard, then
  `contracts-bdd merge shards/* -o merged`: the time until the whole pact is on disk;
- **BehaveX, 1 process, then merge**: what BehaveX itself costs, with no parallelism.

The merged pact must equal the single process's (interactions compared in one order); the
benchmark stops if it does not, or if a run leaves a process behind. Every loop is bounded by N.
Without BehaveX installed it says so and measures nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from overhead import ENVIRONMENT, REPO, SCENARIO, interleaved, load_average, same_pacts, summary

ONE = "behave, one process"


def project(root: Path, n: int, files: int) -> None:
    """N one-interaction scenarios of the consumer benchmark, spread over `files` feature files."""
    (root / "steps").mkdir(parents=True)
    (root / "features" / "consumer").mkdir(parents=True)
    (root / "environment.py").write_text(ENVIRONMENT)
    (root / "steps" / "contracts.py").write_text("from contracts_bdd.steps import consumer  # noqa\n")
    (root / "behave.ini").write_text("[behave.userdata]\nconsumer = BenchConsumer\nprovider = UserService\n")
    per_file = -(-n // files)
    for number in range(files):
        chosen = range(number * per_file, min(n, (number + 1) * per_file))
        if chosen:
            text = f"Feature: bench {number}\n" + "".join(SCENARIO.format(i=i) for i in chosen)
            (root / "features" / "consumer" / f"bench-{number:03d}.feature").write_text(text)


BEHAVEX = shutil.which("behavex", path=str(Path(sys.executable).parent))
CONTRACTS = shutil.which("contracts-bdd", path=str(Path(sys.executable).parent)) or "contracts-bdd"


def chain(behavex: str, processes: int) -> list[str]:
    """BehaveX on the consumer features into fresh shards, then one merge (a shell chain: the time of both)."""
    return [
        "sh",
        "-c",
        f"rm -rf shards merged output && {behavex} features/consumer --parallel-processes {processes} "
        "--parallel-scheme feature --no-capture --no-report -D pact_shards=shards > /dev/null && "
        f"{CONTRACTS} merge shards/* -o merged",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="3000", help="comma-separated N (default 3000)")
    parser.add_argument("--processes", type=int, default=2, help="BehaveX's parallel processes (default 2)")
    parser.add_argument("--files", type=int, default=20, help="feature files the scenarios are spread over")
    parser.add_argument("--pairs", type=int, default=3, help="interleaved runs of each variant (default 3)")
    arguments = parser.parse_args()
    if BEHAVEX is None:
        print(f"skipped: BehaveX is not installed beside {sys.executable} (pip install -e '.[test]' installs it)")
        return
    print(
        f"{os.cpu_count()} cores; load average {load_average()} at the start; "
        f"{arguments.pairs} interleaved runs of each variant; whole processes"
    )
    for n in (int(size) for size in arguments.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            project(root, n, arguments.files)
            env = {**os.environ, "PYTHONPATH": str(REPO), "PACT_DO_NOT_TRACK": "true"}
            many = f"BehaveX, {arguments.processes} processes, then merge"
            variants = {
                ONE: [sys.executable, "-m", "behave", "-f", "progress", "--no-capture", "features/consumer"],
                many: chain(BEHAVEX, arguments.processes),
                "BehaveX, 1 process, then merge": chain(BEHAVEX, 1),
            }
            measured = interleaved(variants, root, dict.fromkeys(variants, env), arguments.pairs)
            name = "BenchConsumer-UserService.json"
            same_pacts({ONE: root / "pacts" / name, many: root / "merged" / name})
            print(f"\nN = {n} in {arguments.files} feature files: seconds min / median / max, peak RSS of one process")
            medians = {}
            for name, measures in measured.items():
                low, median, high, peak = summary(measures)
                medians[name] = median
                print(f"  {name:<36} {low:7.2f} {median:7.2f} {high:7.2f}  {peak:5.0f} MiB")
            for name in variants:
                if name != ONE:
                    print(f"  ratio {name} / {ONE}: {medians[name] / medians[ONE]:.2f}x")
    print(f"\nload average {load_average()} at the end")


if __name__ == "__main__":
    main()
