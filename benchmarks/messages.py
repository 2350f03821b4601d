"""Messages per second, contracts-bdd against plain pact-python doing the same work, both sides.

    python benchmarks/messages.py                    # N = 10 and 200, 5 interleaved pairs
    python benchmarks/messages.py --sizes 1000 --pairs 3

Every figure is a whole process from start to exit; the variants of a side run interleaved
(A/B, then B/A, ...), and ratios are of medians. Every loop is bounded by N.

Consumer: N asynchronous messages, each with a JSON body holding two rules and a topic in
its metadata, handed to a handler that parses the body and checks it.
- plain pact-python, as a competent user writes it: each message on its own `Pact`,
  `pact.verify(handler, "Async")`, and declared again on one session `Pact` written once;
- contracts-bdd: one scenario per message, the handler registered with `@message_consumer`
  (write-then-prove included);
- behave alone: the same feature with steps that do nothing, the floor any behave-based
  tool starts from (behave's own cost per scenario of five steps).

Provider: the N messages of that pact verified against a producer.
- plain `Verifier` with pact-python's `message_handler` (its relay server), tuned (pact-ffi's
  log forwarding at WARNING, `SSL_CERT_DIR` at an empty folder, as contracts-bdd runs);
- the same plain `Verifier` with contracts-bdd's own `MessageEndpoint` as its message
  transport: the two ways to reach producers, side by side;
- contracts-bdd: a provider that only publishes messages, one scenario verifying all.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import textwrap
from pathlib import Path

from overhead import REPO, interleaved, summary

TARGET = 1.3

PLAIN_CONSUMER = """\
import json, sys
from pact import Pact, match
n, out = int(sys.argv[1]), sys.argv[2]

def declare(pact, i):
    (pact.upon_receiving(f"order {i} was placed", "Async").given(f"an order with id {i} exists")
        .with_body({"orderId": match.int(i), "item": match.like("book")}, "application/json")
        .with_metadata({"topic": "orders"}))

def handle(body, metadata):
    event = json.loads(str(body))
    assert isinstance(event["orderId"], int) and metadata["topic"] == "orders"

session = Pact("BenchConsumer", "OrderService").with_specification("V4")
for i in range(n):
    pact = Pact("BenchConsumer", "OrderService").with_specification("V4")
    declare(pact, i)
    pact.verify(handle, "Async")
    declare(session, i)
session.write_file(out, overwrite=True)
"""

SCENARIO = """\
  Scenario: order {i} was placed
    Given the provider is in the state "an order with id {i} exists"
    When the provider publishes the message "order {i} was placed"
    And the message has the JSON body:
      \"\"\"
      {{"orderId": {{{{ integer({i}) }}}}, "item": {{{{ like("book") }}}}}}
      \"\"\"
    And the message has the metadata:
      | topic | orders |
"""

HANDLERS = """\
from contracts_bdd import message_consumer, message_producer, provider_state


@message_consumer("order {i:d} was placed")
def handle(message, i):
    event = message.json()
    assert isinstance(event["orderId"], int) and message.metadata["topic"] == "orders"


@provider_state("an order with id {i:d} exists")
def order_exists(i):
    pass


@message_producer("order {i:d} was placed")
def placed(i):
    return {"orderId": i, "item": "pen"}, {"topic": "orders"}
"""

NO_OP_STEPS = """\
from behave import step, use_step_matcher

use_step_matcher("parse")


@step('the provider is in the state "{state}"')
@step('the provider publishes the message "{description}"')
@step("the message has the JSON body:")
@step("the message has the metadata:")
def nothing(context, **found):
    pass
"""

PROVIDER_FEATURE = """\
Feature: bench
  Scenario: verify
    Given the provider "OrderService" only publishes messages
    When the provider is verified against the pacts in "pacts"
    Then every interaction passes verification
"""

PLAIN_PROVIDER = """\
import logging, re, sys
from pact import Verifier
pact_dir, transport = sys.argv[1], sys.argv[2]
logging.getLogger("pact").setLevel(logging.WARNING)
logging.getLogger("pact.ffi").setLevel(logging.WARNING)

def produce(name, metadata=None):
    i = int(re.fullmatch(r"order (\\d+) was placed", name).group(1))
    return {"orderId": i, "item": "pen"}, {"topic": "orders"}

if transport == "pact-python":
    import json

    def handler(name, metadata):
        body, meta = produce(name)
        return {"contents": json.dumps(body).encode(), "metadata": meta, "content_type": "application/json"}

    verifier = Verifier("OrderService", host="127.0.0.1").message_handler(handler).add_source(pact_dir)
    verifier.state_handler(lambda state, action, parameters: None, teardown=True)
    verifier.verify()
else:
    from urllib.parse import urlsplit
    from contracts_bdd.pact.message_endpoint import MessageEndpoint
    from contracts_bdd.provider.producers import produced

    with MessageEndpoint(lambda name, params, request: produced(produce(name), "bench")) as endpoint:
        parts = urlsplit(endpoint.url)
        verifier = Verifier("OrderService", host="127.0.0.1")
        verifier.add_transport(protocol="message", port=parts.port, path=parts.path, scheme="http")
        verifier.add_source(pact_dir)
        verifier.state_handler(lambda state, action, parameters: None, teardown=True)
        verifier.verify()
"""


def project(root: Path, n: int) -> None:
    for folder in ("steps", "features/consumer", "features/provider"):
        (root / folder).mkdir(parents=True)
    (root / "environment.py").write_text(
        "from contracts_bdd.hooks import after_all, after_scenario, before_all, before_scenario, before_step\n"
    )
    (root / "steps" / "contracts.py").write_text("from contracts_bdd.steps import consumer, provider  # noqa\n")
    (root / "steps" / "handlers.py").write_text(HANDLERS)
    (root / "behave.ini").write_text("[behave.userdata]\nconsumer = BenchConsumer\nprovider = OrderService\n")
    scenarios = "".join(SCENARIO.format(i=i) for i in range(n))
    (root / "features" / "consumer" / "bench.feature").write_text("Feature: bench\n" + scenarios)
    (root / "features" / "provider" / "bench.feature").write_text(PROVIDER_FEATURE)
    (root / "plain_consumer.py").write_text(PLAIN_CONSUMER)
    floor = root / "floor"
    (floor / "steps").mkdir(parents=True)
    (floor / "features").mkdir()
    (floor / "steps" / "nothing.py").write_text(NO_OP_STEPS)
    (floor / "features" / "bench.feature").write_text("Feature: bench\n" + scenarios)
    (root / "plain_provider.py").write_text(textwrap.dedent(PLAIN_PROVIDER))


def report(side: str, n: int, measured: dict[str, list], baseline: str) -> None:
    print(f"\n{side}, N = {n}: seconds min / median / max, messages per second (median), peak RSS")
    medians = {}
    for name, measures in measured.items():
        low, median, high, peak = summary(measures)
        medians[name] = median
        print(f"  {name:<44} {low:7.2f} {median:7.2f} {high:7.2f}  {n / median:8.0f} /s  {peak:5.0f} MiB")
    for name, median in medians.items():
        if name != baseline:
            ratio = median / medians[baseline]
            mark = f"  target <= {TARGET}x: {'ok' if ratio <= TARGET else 'MISSED'}" if name == "contracts-bdd" else ""
            print(f"  ratio {name} / {baseline}: {ratio:.2f}x{mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,200", help="comma-separated N (default 10,200)")
    parser.add_argument("--pairs", type=int, default=5, help="interleaved runs of each variant (default 5)")
    arguments = parser.parse_args()
    behave = [sys.executable, "-m", "behave", "-f", "progress", "--no-capture"]
    print(f"{os.cpu_count()} cores; {arguments.pairs} interleaved runs of each variant; whole processes")
    for n in (int(size) for size in arguments.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            project(root, n)
            no_certs = root / "no-certs"
            no_certs.mkdir()
            env = {**os.environ, "PYTHONPATH": str(REPO), "PACT_DO_NOT_TRACK": "true"}
            consumer = {
                "plain pact-python": [sys.executable, "plain_consumer.py", str(n), str(root / "plain")],
                "contracts-bdd": [*behave, "features/consumer"],
                "behave alone, steps that do nothing": [*behave, "floor/features"],
            }
            measured = interleaved(consumer, root, dict.fromkeys(consumer, env), arguments.pairs)
            report("consumer", n, measured, "plain pact-python")
            provider = {
                "plain Verifier + pact-python's message_handler": [
                    sys.executable,
                    "plain_provider.py",
                    "pacts",
                    "pact-python",
                ],
                "plain Verifier + contracts-bdd's MessageEndpoint": [
                    sys.executable,
                    "plain_provider.py",
                    "pacts",
                    "ours",
                ],
                "contracts-bdd": [*behave, "features/provider"],
            }
            tuned = {**env, "SSL_CERT_DIR": str(no_certs)}
            measured = interleaved(provider, root, dict.fromkeys(provider, tuned), arguments.pairs)
            report("provider", n, measured, "plain Verifier + pact-python's message_handler")


if __name__ == "__main__":
    main()
