"""The provider side of a scenario, on contracts-bdd's own provider run.

    verification = verify_definitions(world, [definition])     # a pact of one interaction, verified

    test = provider_test(world)                # the scenario's provider verification
    test.answer_with([definition])             # a provider double answering with these responses
    test.add_pact("c_1", [interaction])        # a pact file to verify, written by contracts-bdd's engine
    test.configure_callback(failing=False)     # a state-change URL that records each call
    verification = test.verify()               # ProviderSide.verify: the verifier, states, producers, report
    test.events                                # state changes and provider requests, in order

The pacts are written by `contracts_bdd.pact.declare` (the consumer side's engine) and verified
by `contracts_bdd.provider.side.ProviderSide`, the layer the provider steps use: pact-python's
verifier, the state-change endpoint with its `@provider_state` handlers, the message endpoint
with its `@message_producer`s, the request-filter proxy, and the broker client.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from harness.definitions import Definition

from contracts_bdd.config import Settings
from contracts_bdd.model.contract import Pair
from contracts_bdd.model.messages import AnyInteraction
from contracts_bdd.pact.declare import build_pact, write_pact
from contracts_bdd.pact.loopback import JsonRequest, LoopbackServer
from contracts_bdd.provider.side import ProviderSide
from contracts_bdd.provider.sources import BrokerPacts, LocalPacts
from contracts_bdd.provider.verification import Verification

PROVIDER = "p"


@dataclass(frozen=True)
class Event:
    """One thing that happened during a verification, in order: a state change or a request to the provider."""

    kind: str  # setup | teardown | request
    state: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    request: dict[str, Any] = field(default_factory=dict)


class Events(list[Event]):
    """What happened, in the order it happened (appended from the servers' threads)."""

    def of(self, kind: str) -> list[Event]:
        return [event for event in self if event.kind == kind]

    def index_of_first(self, kind: str) -> int:
        return next((index for index, event in enumerate(self) if event.kind == kind), -1)

    def index_of_last(self, kind: str) -> int:
        return max((index for index, event in enumerate(self) if event.kind == kind), default=-1)


class ProviderDouble:
    """An HTTP provider that answers each request with the response of the definition whose method and path it has."""

    def __init__(self, definitions: Sequence[Definition], events: Events) -> None:
        self.definitions = list(definitions)
        self.events = events
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _provider_handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def answer(self, method: str, path: str) -> Definition | None:
        """The definition for a request: its method, and its path (`*` for any)."""
        return next((d for d in self.definitions if d.method == method and d.path in (path, "*")), None)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


def _provider_handler(double: ProviderDouble) -> type[BaseHTTPRequestHandler]:
    class Answer(BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            path, _, query = self.path.partition("?")
            double.events.append(
                Event(
                    "request",
                    request={
                        "method": self.command,
                        "path": path,
                        "query": query,
                        "headers": dict(self.headers.items()),
                        "body": body,
                    },
                )
            )
            found = double.answer(self.command, path)
            if found is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            payload = found.response_body
            data = payload.data if payload is not None else b""
            self.send_response(found.status)
            for name, value in found.response_headers:
                self.send_header(name, value)
            if payload is not None and payload.content_type:
                self.send_header("Content-Type", payload.content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _any  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    return Answer


class StateCallback(LoopbackServer):
    """A provider's state-change URL that records every call the verifier makes (and fails each when told)."""

    def __init__(self, events: Events, *, failing: bool = False) -> None:
        self.events = events
        self.failing = failing
        super().__init__(_callback_handler(self), name="compat-state-callback")

    @property
    def url(self) -> str:
        return f"{self.base_url}{self.secret_path}/states"


def _callback_handler(callback: StateCallback) -> type[BaseHTTPRequestHandler]:
    class Change(JsonRequest):
        def do_POST(self) -> None:
            payload = self.read_json(callback.secret_path + "/states", 1 << 20, "a state change")
            if payload is None:
                return
            params = payload.get("params") or {}
            callback.events.append(Event(str(payload.get("action", "setup")), str(payload.get("state") or ""), params))
            if callback.failing:  # 400, not 500: pact-rust retries a 5xx state change for about two minutes
                self.answer_json(400, {"error": "the provider state callback was told to fail"})
            else:
                self.answer_json(200, {})

    return Change


class ProviderTest:
    """One scenario's provider verification: the provider, the pacts, the callback, the options."""

    def __init__(self, folder: Path, specification: str, location: Any) -> None:
        self.folder = folder
        self.pacts = folder / "pacts"
        self.specification = specification
        self.location = location
        self.events = Events()
        self.provider: ProviderDouble | None = None
        self.callback: StateCallback | None = None
        self.broker: Any = None
        self.publish = False
        self.settings: dict[str, Any] = {}
        self.verification: Verification | None = None
        self.notes: list[str] = []
        """What contracts-bdd shows beside pass or fail (comments, warnings), as a passing run prints it."""
        self._closers: list[Callable[[], object]] = []

    def answer_with(self, definitions: Sequence[Definition]) -> None:
        """Start a provider double answering with these definitions' responses."""
        self.provider = ProviderDouble(definitions, self.events)
        self._closers.append(self.provider.close)

    def add_pact(self, consumer: str, interactions: Sequence[AnyInteraction]) -> Path:
        """Write the pact `consumer`-p with these interactions, by contracts-bdd's engine; return its path."""
        pair = Pair(consumer, PROVIDER)
        folder = self.folder / "written" / consumer
        folder.mkdir(parents=True, exist_ok=True)
        write_pact(build_pact(pair, self.specification, interactions), folder, merge=False)
        self.pacts.mkdir(exist_ok=True)
        target = self.pacts / pair.filename
        (folder / pair.filename).replace(target)
        return target

    def configure_callback(self, *, failing: bool) -> None:
        self.callback = StateCallback(self.events, failing=failing).__enter__()
        self._closers.append(self.callback.__exit__)

    def verify(self) -> Verification:
        """Verify the pacts (from the folder, or the broker) as a provider feature's step would."""
        publish = "true" if self.publish else "false"
        settings = Settings(
            provider=PROVIDER,
            pact_dir=self.pacts,
            provider_version="0.0.0",
            publish_verification_results=publish,
            broker_base_url=self.broker.url if self.broker is not None else None,
            **self.settings,
        )
        side = ProviderSide(settings, {})
        if self.provider is not None:
            side.reach(PROVIDER, self.provider.url, self.location)
        else:
            side.publish_only(PROVIDER)
        if self.callback is not None:
            side.use_state_change_url(self.callback.url, self.location)
        self.events.clear()  # reaching the provider is no part of verifying it
        source = BrokerPacts.selecting([]) if self.broker is not None else LocalPacts((self.pacts,))
        with _outside_any_checkout(self.folder) if self.broker is not None else contextlib.nullcontext():
            self.verification = side.verify(source, self.location)
        self.notes = list(side.notes)
        return self.verification

    def close(self) -> None:
        for close in reversed(self._closers):
            close()


@contextlib.contextmanager
def _outside_any_checkout(folder: Path) -> Iterator[None]:
    """Run with no git branch to record (the suite's broker contract records none), as a run outside a checkout."""
    saved = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(saved)


def provider_test(world: Any) -> ProviderTest:
    """The scenario's provider verification (made by its first provider step)."""
    if "provider" not in world.parts:
        test = ProviderTest(world.folder, world.specification, world.location)
        world.parts["provider"] = test
        world.on_close(test.close)
    test: ProviderTest = world.parts["provider"]
    return test


def verify_definitions(
    world: Any, expected: Sequence[Definition], *, responding: Sequence[Definition] | None = None
) -> Verification:
    """Verify a pact of the `expected` definitions against a provider answering with `responding` (default: the same)."""
    test = ProviderTest(world.folder, world.specification, world.location)
    world.on_close(test.close)
    test.answer_with(list(responding or expected))
    test.add_pact("c_1", [definition.interaction(f"interaction {n}") for n, definition in enumerate(expected, 1)])
    return test.verify()
