"""Running pact-python's `Verifier` against a provider, on pact files.

    run = run_verifier("UserService", "http://127.0.0.1:8000", [Path("pacts/Web-UserService.json")], state_url)
    run.outcomes        # one InteractionOutcome per interaction
    run.output          # the verifier's own report, scrubbed of secrets

The verifier runs on a thread of its own so that the main thread stays free to
take a signal; its native output goes to the log; the CA certificates it reads
are chosen for the run (one for plain HTTP). Pacts from a URL or a broker are fetched
by the run itself (`contracts_bdd.provider.sources`) and reach the verifier as files, so
the verifier never talks to a broker, and the run publishes the results itself.
"""

from __future__ import annotations

import functools
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from contracts_bdd.model.contract import InteractionFilter
from contracts_bdd.model.reports import InteractionOutcome
from contracts_bdd.pact.ffi import pact
from contracts_bdd.pact.native import native_stdout_to_log
from contracts_bdd.redaction import scrubbed

_ffi_log = logging.getLogger("contracts_bdd.ffi")
VERIFIER_POLL_SECONDS = 0.1
REQUEST_TIMEOUT_SECONDS = 30.0
"""How long the verifier waits for one request or state change, unless the project says (pact-rust: 5 s)."""
INTERRUPTED_VERIFIER_WAIT_SECONDS = 15.0


@contextmanager
def _certificates(*, plain_http: bool) -> Iterator[None]:
    """The CA certificates the Rust verifier reads while it runs, through the variables it honours.

    The verifier builds an HTTP client per request and reads every CA certificate each time
    (about 5 ms a request). Plain HTTP needs none, but the client is not built when none is
    found at all ("builder error" for every interaction, on a machine that sets no
    `SSL_CERT_FILE`). So plain HTTP gets one: `SSL_CERT_FILE` names a file holding the first
    certificate of certifi's bundle, and `SSL_CERT_DIR` an empty folder.
    """
    if not plain_http:
        yield
        return
    with tempfile.TemporaryDirectory(prefix="contracts-bdd-one-cert-") as folder:
        one, empty = Path(folder) / "one.pem", Path(folder) / "none"
        one.write_text(_one_certificate(), encoding="ascii")
        empty.mkdir()
        with _environment("SSL_CERT_FILE", str(one)), _environment("SSL_CERT_DIR", str(empty)):
            yield


@functools.cache
def _one_certificate() -> str:
    """The first PEM certificate of certifi's bundle (installed with requests)."""
    import certifi  # noqa: PLC0415 - only a verification needs it

    bundle = Path(certifi.where()).read_text(encoding="ascii")
    end = "-----END CERTIFICATE-----"
    return bundle[bundle.index("-----BEGIN CERTIFICATE-----") : bundle.index(end) + len(end)] + "\n"


@contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    saved = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = saved


@dataclass(frozen=True)
class VerifierRun:
    """What one run of pact-python's `Verifier` produced."""

    outcomes: list[InteractionOutcome]
    output: str


def run_verifier(
    provider: str,
    base_url: str | None,
    sources: Sequence[Path],
    state_change_url: str | None,
    *,
    message_url: str | None = None,
    only: InteractionFilter | None = None,
    headers: Mapping[str, str] | None = None,
    request_timeout: float = REQUEST_TIMEOUT_SECONDS,
    on_interrupt: Callable[[], object] = lambda: None,
) -> VerifierRun:
    """Replay every interaction in `sources` against the provider at `base_url`.

    Messages are asked for at `message_url` (a provider with messages only needs no `base_url`).
    The verifier runs on a thread of its own, so the main thread stays free to take a
    signal. `request_timeout` bounds each request to the provider and each state change, in
    seconds (pact-rust's own default, 5 s, fails a busy CI machine's provider). On an interrupt,
    `on_interrupt` is called (stopping the provider makes the verifier finish fast), the
    verifier gets a moment to end, and the interrupt goes on.
    """
    verifier = pact.Verifier(provider, host="127.0.0.1")
    verifier.set_request_timeout(round(request_timeout * 1000))
    if base_url is not None:
        verifier.add_transport(url=base_url)
    if message_url is not None:
        parts = urlsplit(message_url)
        verifier.add_transport(protocol="message", port=parts.port, path=parts.path, scheme=parts.scheme)
    for source in sources:
        verifier.add_source(source)
    if state_change_url:
        verifier.state_handler(state_change_url, teardown=True, body=True)
    if only is not None:
        if only.description or only.state or only.no_state:
            verifier.filter(only.description, state=only.state, no_state=only.no_state)
        if only.consumers:
            verifier.filter_consumers(*only.consumers)
    if headers:
        verifier.add_custom_headers(dict(headers))
    urls = [base_url or "http://", message_url or "http://", state_change_url or "http://"]
    with native_stdout_to_log(), _certificates(plain_http=all(url.startswith("http://") for url in urls)):
        _verify_on_a_thread(verifier, on_interrupt)
    outcomes = [_outcome(entry) for entry in verifier.results.get("interactionResults", [])]
    return VerifierRun(outcomes, scrubbed(verifier.output(strip_ansi=True)))


def _verify_on_a_thread(verifier: pact.Verifier, on_interrupt: Callable[[], object]) -> None:
    raised: list[BaseException] = []

    def verify() -> None:
        try:
            verifier.verify()
        except RuntimeError as err:
            # pact-python raises a bare RuntimeError when any interaction fails;
            # the per-interaction truth is in `results`, read afterwards.
            _ffi_log.debug("verifier reported failure: %s", err)
        except BaseException as err:
            raised.append(err)

    worker = threading.Thread(target=verify, name="contracts-bdd-verifier", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(VERIFIER_POLL_SECONDS)
    except KeyboardInterrupt:
        on_interrupt()
        worker.join(INTERRUPTED_VERIFIER_WAIT_SECONDS)
        raise
    if raised:
        raise raised[0]


def _outcome(entry: dict[str, Any]) -> InteractionOutcome:
    ok = entry.get("result") == "OK"
    pending = bool(entry.get("pending"))
    status = "passed" if ok else ("pending-failed" if pending else "failed")
    return InteractionOutcome(
        consumer=str(entry.get("consumer", "")),
        description=str(entry.get("description", "")),
        states=tuple(str(state) for state in entry.get("providerStates", [])),
        status=status,
        details="" if ok else scrubbed(_mismatch_details(entry.get("mismatch") or {})),
    )


def _mismatch_details(mismatch: dict[str, Any]) -> str:
    if mismatch.get("type") == "error":
        return str(mismatch.get("message", "verification error"))
    lines = []
    for item in mismatch.get("mismatches", []):
        where = item.get("path") or item.get("key") or ""
        kind = item.get("type", "Mismatch")
        label = f"{kind} at {where}" if where else kind
        lines.append(f"{label}: {item.get('mismatch', '')}")
        if "expected" in item or "actual" in item:
            lines.append(f"  expected: {item.get('expected')}")
            lines.append(f"  actual:   {item.get('actual')}")
    return "\n".join(lines) or "failed"
