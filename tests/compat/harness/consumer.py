"""The consumer side of a scenario, on contracts-bdd's own consumer run.

    test = ConsumerTest(world, [definition.interaction("interaction 1")])
    answer = test.send(definition)        # a request made to the mock server, as the suite describes it
    test.done()                           # the run judges the scenario, then writes its pact (or none)
    test.mismatches                       # what the mock server saw differ
    test.pact                             # the pact file written, as JSON (None when none was)

The interactions go into a `ScenarioContract` of a `ConsumerRun`, as the vocabulary's steps would
put them: the run starts pact-python's mock server, judges the scenario when it ends (mismatches
raise `ContractNotMet` and no pact is written) and writes the pact through `PactFiles`
(staged, written atomically, read back and proved).
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from harness.definitions import Definition

from contracts_bdd.config import Settings
from contracts_bdd.consumer.run import ConsumerRun
from contracts_bdd.consumer.scenario import ScenarioContract
from contracts_bdd.errors import ContractNotMet, Location
from contracts_bdd.model.contract import Pair
from contracts_bdd.model.messages import AnyInteraction
from contracts_bdd.model.reports import MockMismatch

PAIR = Pair("consumer", "provider")
REQUEST_TIMEOUT = 10.0


@dataclass(frozen=True)
class Answer:
    """What the mock server answered."""

    status: int
    headers: dict[str, str]
    body: bytes


class ConsumerTest:
    """One scenario's consumer test: its contract in a consumer run, the mock server, the pact."""

    def __init__(
        self, folder: Path, specification: str, location: Location, interactions: Sequence[AnyInteraction]
    ) -> None:
        self.settings = Settings(
            consumer=PAIR.consumer,
            provider=PAIR.provider,
            pact_dir=folder / "pacts",
            pact_specification=specification,
        )
        self.run = ConsumerRun(self.settings)
        self.scenario: ScenarioContract = self.run.begin_scenario(location.filename, location, tags=[])
        self.scenario.interactions.extend(interactions)
        assert self.run.served is not None
        self.served = self.run.served
        self.failure: ContractNotMet | None = None
        self.report: list[str] = []
        self._done = False

    # -- HTTP --------------------------------------------------------------------------
    def start(self) -> str:
        """Start the mock server (the run checks the contract first, as for any scenario)."""
        return self.served.mock_url()

    def send(self, definition: Definition) -> Answer:
        """Make the definition's request to the mock server: method, path, query, headers and body as given."""
        url = urlsplit(self.start())
        connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=REQUEST_TIMEOUT)
        try:
            target = definition.path + (f"?{definition.query}" if definition.query else "")
            connection.putrequest(definition.method, target, skip_accept_encoding=True)
            headers = list(definition.headers)
            body = definition.body
            if body is not None and body.content_type and not any(n.lower() == "content-type" for n, _ in headers):
                headers.append(("Content-Type", body.content_type))
            for name, value in headers:
                connection.putheader(name, value)
            data = body.data if body is not None else b""
            if body is not None:
                connection.putheader("Content-Length", str(len(data)))
            connection.endheaders(data if body is not None else None)
            answer = connection.getresponse()
            return Answer(answer.status, dict(answer.getheaders()), answer.read())
        finally:
            connection.close()

    # -- the end of the scenario ----------------------------------------------------------
    def done(self) -> None:
        """End the scenario as the run does: judge it, then write the pact of the pair if it passed (once)."""
        if self._done:
            return
        self._done = True
        try:
            self.run.end_scenario(failed=False)
        except ContractNotMet as err:
            self.failure = err
        self.report = self.run.finish()

    def abandon(self) -> None:
        """Stop whatever still runs, writing nothing (the scenario failed before its end)."""
        if not self._done:
            self._done = True
            self.served.stop()

    @property
    def mismatches(self) -> list[MockMismatch]:
        """What the mock server saw differ from the contract (the scenario ends first)."""
        self.done()
        server = self.served.server
        return list(server.mismatches) if server is not None else []

    @property
    def pact_path(self) -> Path:
        return self.settings.pact_dir / PAIR.filename

    @property
    def pact(self) -> dict[str, Any] | None:
        """The pact file the run wrote, as JSON, or None when it wrote none."""
        self.done()
        return json.loads(self.pact_path.read_text()) if self.pact_path.exists() else None
