"""Messages per second, contracts-bdd against the same work written by hand, both sides.

    python benchmarks/messages.py                    # N = 10 and 200, 5 interleaved runs of each variant
    python benchmarks/messages.py --sizes 200,1000 --pairs 5

Every figure is a whole process from start to exit; the variants of a side run interleaved
(A/B/C, then C/B/A, ...), and ratios are of medians. Every loop is bounded by N.

Consumer: N asynchronous messages, each with a JSON body holding two rules and a topic in
its metadata.
- **hand-written behave** (the honest floor, the target's baseline): a behave project whose
  own steps call pact-python 4.2 directly: the last step declares the message on a `Pact`,
  hands it to a handler that parses the body and checks it with `pact.verify(handler,
  "Async")`, and declares it again on one collector `Pact` that `after_all` writes once;
- **behave alone**: the contracts-bdd feature with steps that do nothing;
- **plain script**: no behave; the same `Pact`, `verify` and collector per message.
contracts-bdd runs twice: with that handler registered with `@message_consumer`, and
**spec-first** (no handler: each generated message is checked against its declaration's
own rules by pact-rust's verifier). Both write the same pact as the baselines (asserted).

Provider: the N messages of that pact verified against a producer.
- plain `Verifier` with pact-python's `message_handler` (its relay server), tuned (pact-ffi's
  log forwarding at WARNING, `SSL_CERT_DIR` at an empty folder, as contracts-bdd runs);
- the same plain `Verifier` with contracts-bdd's own `MessageEndpoint` as its message
  transport: the two ways to reach producers, side by side;
- contracts-bdd: a provider that only publishes messages, one scenario verifying all.

Targets (issue 28): the message consumer, with a handler and spec-first, <= 1.2x the
hand-written behave project at N = 200 and 1,000; the provider <= 1.0x the plain Verifier.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import textwrap
from pathlib import Path

from overhead import (
    BEHAVE,
    ENVIRONMENT,
    FLOOR,
    HAND,
    OURS,
    QUIET_PACT_FFI,
    REPO,
    Row,
    Target,
    interleaved,
    load_average,
    report,
    same_pacts,
    side_by_side,
)

SPEC_FIRST = "contracts-bdd, spec-first (no handler)"
PLAIN = "plain script"
PLAIN_HANDLER = "plain Verifier + pact-python's message_handler"
OUR_ENDPOINT = "plain Verifier + contracts-bdd's MessageEndpoint"
TARGETS = (
    Target("consumer", HAND, (200, 1000), 1.2, variants=(OURS, SPEC_FIRST)),
    Target("provider", PLAIN_HANDLER, (10, 200, 1000), 1.0),
)

HANDLE = """\
def handle(body, metadata):
    event = json.loads(str(body))
    assert isinstance(event["orderId"], int) and metadata["topic"] == "orders"
"""

PLAIN_CONSUMER = (
    """\
import json, sys
from pact import Pact, match
n, out = int(sys.argv[1]), sys.argv[2]
"""
    + QUIET_PACT_FFI
    + """
def declare(pact, i):
    (pact.upon_receiving(f"order {i} was placed", "Async").given(f"an order with id {i} exists")
        .with_body({"orderId": match.int(i), "item": match.like("book")}, "application/json")
        .with_metadata({"topic": "orders"}))

"""
    + HANDLE
    + """
session = Pact("BenchConsumer", "OrderService").with_specification("V4")
for i in range(n):
    pact = Pact("BenchConsumer", "OrderService").with_specification("V4")
    declare(pact, i)
    pact.verify(handle, "Async")
    declare(session, i)
session.write_file(out, overwrite=True)
"""
)

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

HAND_SCENARIO = """\
  Scenario: order {i} was placed
    Given the provider is in the state "an order with id {i} exists"
    When the provider publishes the message "order {i} was placed"
    And the message has the order as JSON:
      \"\"\"
      {{"orderId": {i}, "item": "book"}}
      \"\"\"
    And the message has the metadata:
      | topic | orders |
"""

HAND_ENVIRONMENT = (
    """\
import logging

from pact import Pact


class PactRun:
    \"\"\"The run's collector pact, and the parts of the message being declared.\"\"\"

    def __init__(self):
        self.collector = Pact("BenchConsumer", "OrderService").with_specification("V4")
        self.state = self.description = self.body = None


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

HAND_STEPS = (
    """\
import json

from behave import given, when
from pact import Pact, match


"""
    + HANDLE
    + """

@given('the provider is in the state "{state}"')
def state(context, state):
    context.pacts.state = state


@when('the provider publishes the message "{description}"')
def message(context, description):
    context.pacts.description = description


@when("the message has the order as JSON:")
def order(context):
    example = json.loads(context.text)
    context.pacts.body = {"orderId": match.int(example["orderId"]), "item": match.like(example["item"])}


@when("the message has the metadata:")
def metadata(context):
    run, metadata = context.pacts, dict([context.table.headings])

    def declare(pact):
        published = pact.upon_receiving(run.description, "Async").given(run.state)
        published.with_body(run.body, "application/json").with_metadata(metadata)

    pact = Pact("BenchConsumer", "OrderService").with_specification("V4")
    declare(pact)
    pact.verify(handle, "Async")
    declare(run.collector)
"""
)

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
    from contracts_bdd.provider.message_endpoint import MessageEndpoint
    from contracts_bdd.provider.producers import produced

    with MessageEndpoint(lambda name, params, request: produced(produce(name), "bench")) as endpoint:
        parts = urlsplit(endpoint.url)
        verifier = Verifier("OrderService", host="127.0.0.1")
        verifier.add_transport(protocol="message", port=parts.port, path=parts.path, scheme="http")
        verifier.add_source(pact_dir)
        verifier.state_handler(lambda state, action, parameters: None, teardown=True)
        verifier.verify()
"""


def contracts_project(root: Path, scenarios: str, *, handlers: bool) -> None:
    for folder in ("steps", "features/consumer", "features/provider"):
        (root / folder).mkdir(parents=True)
    (root / "environment.py").write_text(ENVIRONMENT)
    (root / "steps" / "contracts.py").write_text("from contracts_bdd.steps import consumer, provider  # noqa\n")
    if handlers:
        (root / "steps" / "handlers.py").write_text(HANDLERS)
    (root / "behave.ini").write_text("[behave.userdata]\nconsumer = BenchConsumer\nprovider = OrderService\n")
    (root / "features" / "consumer" / "bench.feature").write_text("Feature: bench\n" + scenarios)
    (root / "features" / "provider" / "bench.feature").write_text(PROVIDER_FEATURE)


def project(root: Path, n: int) -> None:
    """contracts-bdd at `root` (with a handler) and in `spec-first/`; by hand in `hand/`; behave alone in `floor/`."""
    scenarios = "".join(SCENARIO.format(i=i) for i in range(n))
    contracts_project(root, scenarios, handlers=True)
    contracts_project(root / "spec-first", scenarios, handlers=False)
    (root / "plain_consumer.py").write_text(PLAIN_CONSUMER)
    (root / "plain_provider.py").write_text(textwrap.dedent(PLAIN_PROVIDER))
    hand = root / "hand"
    (hand / "steps").mkdir(parents=True)
    (hand / "features").mkdir()
    (hand / "environment.py").write_text(HAND_ENVIRONMENT)
    (hand / "steps" / "contract.py").write_text(HAND_STEPS)
    (hand / "features" / "bench.feature").write_text(
        "Feature: bench\n" + "".join(HAND_SCENARIO.format(i=i) for i in range(n))
    )
    floor = root / "floor"
    (floor / "steps").mkdir(parents=True)
    (floor / "features").mkdir()
    (floor / "steps" / "nothing.py").write_text(NO_OP_STEPS)
    (floor / "features" / "bench.feature").write_text("Feature: bench\n" + scenarios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,200", help="comma-separated N (default 10,200)")
    parser.add_argument("--pairs", type=int, default=5, help="interleaved runs of each variant (default 5)")
    parser.add_argument("--sides", default="consumer,provider", help="which sides (default consumer,provider)")
    arguments = parser.parse_args()
    sides = arguments.sides.split(",")
    print(
        f"{os.cpu_count()} cores; load average {load_average()} at the start; "
        f"{arguments.pairs} interleaved runs of each variant; whole processes"
    )
    print("targets: " + "; ".join(target.label() for target in TARGETS))
    rows = []
    for n in (int(size) for size in arguments.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            project(root, n)
            no_certs = root / "no-certs"
            no_certs.mkdir()
            env = {**os.environ, "PYTHONPATH": str(REPO), "PACT_DO_NOT_TRACK": "true"}
            consumer = {
                OURS: [*BEHAVE, "features/consumer"],
                SPEC_FIRST: [*BEHAVE, "features/consumer"],
                HAND: [*BEHAVE, "features"],
                FLOOR: [*BEHAVE, "features"],
                PLAIN: [sys.executable, "plain_consumer.py", str(n), str(root / "plain")],
            }
            if "consumer" not in sides:
                consumer = {OURS: consumer[OURS]}
            cwds = {SPEC_FIRST: root / "spec-first", HAND: root / "hand", FLOOR: root / "floor"}
            runs = arguments.pairs if len(consumer) > 1 else 1
            measured = interleaved(consumer, root, dict.fromkeys(consumer, env), runs, cwds)
            if "consumer" in sides:
                name = "BenchConsumer-OrderService.json"
                same_pacts(
                    {
                        OURS: root / "pacts" / name,
                        SPEC_FIRST: root / "spec-first" / "pacts" / name,
                        HAND: root / "hand" / "pacts" / name,
                        PLAIN: root / "plain" / name,
                    }
                )
                row = Row.of("consumer", n, measured)
                report(row, measured, TARGETS, "message")
                rows.append(row)
            if "provider" not in sides:
                continue
            provider = {
                PLAIN_HANDLER: [sys.executable, "plain_provider.py", "pacts", "pact-python"],
                OUR_ENDPOINT: [sys.executable, "plain_provider.py", "pacts", "ours"],
                OURS: [*BEHAVE, "features/provider"],
            }
            tuned = {**env, "SSL_CERT_DIR": str(no_certs)}
            measured = interleaved(provider, root, dict.fromkeys(provider, tuned), arguments.pairs)
            row = Row.of("provider", n, measured)
            report(row, measured, TARGETS, "message")
            rows.append(row)
    print(f"\nload average {load_average()} at the end")
    print(side_by_side(rows, TARGETS))


if __name__ == "__main__":
    main()
