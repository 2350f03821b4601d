"""The one place that calls pact-python: build pacts, serve mock servers, write files, verify.

The rest of the framework hands this module model objects and gets back plain
report dataclasses::

    pact = build_pact(Pair("OrderService", "UserService"), "V4", [interaction])
    with MockServer(pact) as server:
        requests.get(server.url + "/users/1", headers={"Accept": "application/json"})
    server.mismatches  # [] when the consumer kept to the contract
    write_pact(pact, staging_directory, merge=False)

Native output: the Rust verifier prints its own report straight to file
descriptor 1 (behave's terminal), and pact-ffi complains there and on stderr
about bodies without a content type. Calls made here run inside
`native_stdout_to_log()`, which sends fd 1 output to the `contracts_bdd.ffi`
logger, and every body declared here carries a content type.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

# The Rust core reports usage to a server outside this machine unless told not to.
os.environ.setdefault("PACT_DO_NOT_TRACK", "true")

import pact
import pact_ffi
from pact import xml as pact_xml
from pact.match import AbstractMatcher
from pact.match.matcher import IntegrationJSONEncoder

from contracts_bdd.errors import PactFileError
from contracts_bdd.model.contract import (
    BinaryBody,
    Body,
    FormBody,
    Header,
    Interaction,
    InteractionFilter,
    JsonBody,
    Matcher,
    MultipartBody,
    Pair,
    QueryParameter,
    Request,
    Response,
    XmlBody,
    XmlElement,
    example_of,
)
from contracts_bdd.model.reports import InteractionOutcome, MockMismatch
from contracts_bdd.model.vocabularies import SELECTORS
from contracts_bdd.pact.integration import encode_body, encode_form, encode_value, generator_json, matcher_json
from contracts_bdd.redaction import scrubbed

_ffi_log = logging.getLogger("contracts_bdd.ffi")
VERIFIER_POLL_SECONDS = 0.1
INTERRUPTED_VERIFIER_WAIT_SECONDS = 15.0
PUBLISH_FAILED = "Publishing of verification results failed"
_libc = ctypes.CDLL(None)


class _PublishFailures(logging.Handler):
    """Collects pact-ffi's report that verification results did not reach the broker.

    pact-ffi logs that failure (through pact-python's bridge to `logging`) and carries on;
    without this the run would look green while the broker never heard of it.
    """

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if PUBLISH_FAILED in message:
            self.messages.append(message)


@contextmanager
def native_stdout_to_log() -> Iterator[None]:
    """Send what native code writes to file descriptor 1 to the log while the block runs."""
    sys.stdout.flush()
    _libc.fflush(None)
    with tempfile.TemporaryFile() as sink:
        saved = os.dup(1)
        os.dup2(sink.fileno(), 1)
        try:
            yield
        finally:
            _libc.fflush(None)
            os.dup2(saved, 1)
            os.close(saved)
            sink.seek(0)
            stray = scrubbed(sink.read().decode(errors="replace").strip())
            if stray:
                _ffi_log.debug("pact-ffi wrote to stdout:\n%s", stray)


class _Integration(AbstractMatcher[Any]):
    """Hands pact-python's XML builder a matcher we already encoded as integration JSON."""

    def __init__(self, matcher: Matcher) -> None:
        self._json = matcher_json(matcher)
        self.value = example_of(matcher.example)

    def has_value(self) -> bool:
        return True

    def to_integration_json(self) -> dict[str, Any]:
        return self._json

    def to_matching_rule(self) -> dict[str, Any]:
        rule = {key: value for key, value in self._json.items() if key not in ("pact:matcher:type", "value")}
        return {"match": self._json["pact:matcher:type"], **rule}


def _xml_content(value: Any) -> Any:
    if isinstance(value, XmlElement):
        attributes = {key: _xml_content(item) for key, item in value.attributes.items()}
        return pact_xml.element(value.tag, *(_xml_content(child) for child in value.children), attrs=attributes or None)
    if isinstance(value, Matcher):
        if value.rule is None or value.generator is not None:
            msg = f"generators cannot be used in XML bodies ({value.name})"
            raise PactFileError(msg)
        return _Integration(value)
    return value


def _declare_body(interaction: Any, body: Body | None, part: str) -> dict[str, Any]:
    """Declare the body; return its generators by JSON path."""
    if body is None:
        return {}
    if isinstance(body, JsonBody):
        encoded = encode_body(body.value)
        interaction.with_body(json.dumps(encoded.document), body.content_type, part)
        return encoded.generators
    if isinstance(body, FormBody):
        form = encode_form(body.fields)
        interaction.with_body(form.text, body.content_type, part)
        if form.rules:
            interaction.with_matching_rules({"body": form.rules}, part)
        return form.generators
    if isinstance(body, XmlBody):
        document = pact_xml.body(_xml_content(body.root))
        interaction.with_body(json.dumps(document, cls=IntegrationJSONEncoder), body.content_type, part)
    elif isinstance(body, BinaryBody):
        interaction.with_binary_body(body.data, body.content_type, part)
    elif isinstance(body, MultipartBody):
        interaction.with_multipart_file(body.part_name, Path(body.path), body.content_type, part)
    else:
        interaction.with_body(body.text, body.content_type, part)
    return {}


def build_pact(pair: Pair, specification: str, interactions: Sequence[Interaction]) -> pact.Pact:
    """Declare `interactions` on a new `Pact` between the pair, ready to serve."""
    with native_stdout_to_log():
        contract = pact.Pact(pair.consumer, pair.provider).with_specification(specification)
    declare(contract, interactions)
    return contract


def declare(contract: pact.Pact, interactions: Sequence[Interaction]) -> None:
    """Declare `interactions` on `contract` (one that has not been served)."""
    with native_stdout_to_log():
        for interaction in interactions:
            _declare_one(contract.upon_receiving(interaction.description), interaction)


def _declare_one(declared: Any, interaction: Interaction) -> None:
    for state in interaction.states:
        if state.parameters:
            declared.given(state.name, state.parameters)
        else:
            declared.given(state.name)
    _declare_request(declared, interaction.request)
    _declare_extras(declared, interaction)
    if interaction.response is not None:
        _declare_response(declared, interaction.response)


def _declare_request(declared: Any, request: Request) -> None:
    generators: dict[str, Any] = {}
    path = encode_value(request.path)
    declared.with_request(request.method, path.text)
    if path.generator:
        generators["path"] = path.generator
    _declare_pairs(declared, "Request", request.headers, request.query, generators)
    body = _declare_body(declared, request.body, "Request")
    if body:
        generators["body"] = body
    if generators:
        declared.with_generators(generators, "Request")


def _declare_response(declared: Any, response: Response) -> None:
    generators: dict[str, Any] = {}
    status = response.status
    if isinstance(status, Matcher):
        declared.will_respond_with(int(status.example))
        if status.rule is not None:
            # pact-python 4.2 has no public call for a status matcher; this is pact-ffi's own.
            pact_ffi.response_status_v2(declared._handle, json.dumps(matcher_json(status)))
        if status.generator is not None:
            generators["status"] = generator_json(status.generator)
    else:
        declared.will_respond_with(status)
    _declare_pairs(declared, "Response", response.headers, [], generators)
    body = _declare_body(declared, response.body, "Response")
    if body:
        generators["body"] = body
    if generators:
        declared.with_generators(generators, "Response")


def _declare_pairs(
    declared: Any, part: str, headers: Sequence[Header], query: Sequence[QueryParameter], generators: dict[str, Any]
) -> None:
    for header in headers:
        encoded = encode_value(header.value)
        declared.with_header(header.name, encoded.text, part)
        if encoded.generator:
            generators.setdefault("header", {})[header.name] = encoded.generator
    for parameter in query:
        encoded = encode_value(parameter.value)
        declared.with_query_parameter(parameter.name, encoded.text)
        if encoded.generator:
            generators.setdefault("query", {})[parameter.name] = encoded.generator


def _declare_extras(declared: Any, interaction: Interaction) -> None:
    if interaction.pending:
        declared.set_pending(pending=True)
    for comment in interaction.comments:
        declared.add_text_comment(comment)
    for group, name, value in interaction.references:
        declared.add_external_reference(group, name, value)
    if interaction.key:
        declared.set_key(interaction.key)


class MockServer:
    """pact-python's mock server for one scenario, on a free loopback port."""

    def __init__(self, contract: pact.Pact) -> None:
        self._server = contract.serve(addr="127.0.0.1", port=0, raises=False, verbose=False)
        self.mismatches: list[MockMismatch] = []

    @property
    def url(self) -> str:
        """The base URL consumer code should call."""
        return str(self._server.url)

    def __enter__(self) -> MockServer:
        with native_stdout_to_log():
            self._server.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        with native_stdout_to_log():
            found = [] if self._server.matched else list(self._server.mismatches)
            self._server.__exit__(exc_type, exc, traceback)
        self.mismatches = [item for raw in found for item in _mock_mismatches(raw)]


_SUB_KINDS = {
    "QueryMismatch": ("query", "parameter"),
    "HeaderMismatch": ("header", "key"),
    "BodyMismatch": ("body", "path"),
    "BodyTypeMismatch": ("body-type", ""),
    "MethodMismatch": ("method", ""),
    "PathMismatch": ("path", ""),
    "StatusMismatch": ("status", ""),
}


def _mock_mismatches(raw: Any) -> list[MockMismatch]:
    """Flatten one of pact-python's mismatch objects into `MockMismatch`es."""
    kind = type(raw).__name__
    method = str(getattr(raw, "method", ""))
    path = str(getattr(raw, "path", ""))
    if kind == "MissingRequest":
        return [MockMismatch("missing-request", method, path, text=str(raw), request=dict(raw.request or {}))]
    if kind == "RequestNotFound":
        return [MockMismatch("unexpected-request", method, path, text=str(raw), request=dict(raw.request or {}))]
    if kind == "RequestMismatch":
        found = []
        for sub in raw.mismatches:
            sub_kind, subject_attribute = _SUB_KINDS.get(type(sub).__name__, ("other", ""))
            found.append(
                MockMismatch(
                    sub_kind,
                    method,
                    path,
                    subject=str(getattr(sub, subject_attribute, "")) if subject_attribute else "",
                    expected=_text(getattr(sub, "expected", "")),
                    actual=_text(getattr(sub, "actual", "")),
                    text=str(getattr(sub, "mismatch", sub)),
                )
            )
        return found
    return [MockMismatch("other", method, path, text=str(raw))]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def write_pact(contract: pact.Pact, directory: Path, *, merge: bool) -> None:
    """Write `<consumer>-<provider>.json` under `directory`, merging into a file there if `merge`."""
    with native_stdout_to_log():
        contract.write_file(directory, overwrite=not merge)


@contextmanager
def _certificates(*, plain_http: bool, ca_bundle: str | None) -> Iterator[None]:
    """The CA certificates the Rust verifier reads while it runs, through the variables it honours.

    Plain HTTP to loopback needs none: `SSL_CERT_DIR` points at an empty folder, because
    the verifier builds an HTTP client per request and reads every CA certificate each
    time (about 5 ms a request). A broker behind a private CA gets its bundle as
    `SSL_CERT_FILE`, the file the verifier's platform roots are read from on Linux.
    """
    if plain_http:
        with (
            tempfile.TemporaryDirectory(prefix="contracts-bdd-no-certs-") as empty,
            _environment("SSL_CERT_DIR", empty),
        ):
            yield
    elif ca_bundle:
        with _environment("SSL_CERT_FILE", ca_bundle):
            yield
    else:
        yield


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
class BrokerSource:
    """Pacts to verify fetched from a broker, chosen by consumer version selectors."""

    url: str
    selectors: list[dict[str, Any]]
    token: str | None = field(default=None, repr=False)
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    include_pending: bool = False
    wip_since: str | None = None
    provider_branch: str | None = None
    provider_tags: tuple[str, ...] = ()
    verify_tls: bool = True
    ca_bundle: str | None = None


@dataclass(frozen=True)
class ResultsPublication:
    """Where verification results go: the provider's version, branch, tags and build."""

    version: str
    branch: str | None = None
    tags: tuple[str, ...] = ()
    build_url: str | None = None


def _broker_verifier(verifier: pact.Verifier, broker: BrokerSource) -> pact.Verifier:
    if broker.token:
        builder = verifier.broker_source(broker.url, token=broker.token, selector=True, use_env=False)
    else:
        builder = verifier.broker_source(
            broker.url, username=broker.username, password=broker.password, selector=True, use_env=False
        )
    for selector in broker.selectors:
        builder.consumer_version(**{SELECTORS[key].keyword: value for key, value in selector.items()})
    if broker.include_pending:
        builder.include_pending()
    if broker.wip_since:
        builder.include_wip_since(broker.wip_since)
    if broker.provider_branch:
        builder.provider_branch(broker.provider_branch)
    if broker.provider_tags:
        builder.provider_tags(*broker.provider_tags)
    built: pact.Verifier = builder.build()
    if not broker.verify_tls:
        built.disable_ssl_verification()
    return built


@dataclass(frozen=True)
class VerifierRun:
    """What one run of pact-python's `Verifier` produced."""

    outcomes: list[InteractionOutcome]
    output: str
    publish_error: str | None = None


def run_verifier(
    provider: str,
    base_url: str,
    sources: Sequence[Path],
    state_change_url: str | None,
    *,
    broker: BrokerSource | None = None,
    publication: ResultsPublication | None = None,
    only: InteractionFilter | None = None,
    headers: Mapping[str, str] | None = None,
    on_interrupt: Callable[[], object] = lambda: None,
) -> VerifierRun:
    """Replay every interaction in `sources` (or from `broker`) against the provider at `base_url`.

    The verifier runs on a thread of its own, so the main thread stays free to take a
    signal. On an interrupt, `on_interrupt` is called (stopping the provider makes the
    verifier finish fast), the verifier gets a moment to end, and the interrupt goes on.
    """
    verifier = pact.Verifier(provider, host="127.0.0.1").add_transport(url=base_url)
    for source in sources:
        verifier.add_source(source)
    if broker is not None:
        verifier = _broker_verifier(verifier, broker)
    if state_change_url:
        verifier.state_handler(state_change_url, teardown=True, body=True)
    if only is not None:
        if only.description or only.state or only.no_state:
            verifier.filter(only.description, state=only.state, no_state=only.no_state)
        if only.consumers:
            verifier.filter_consumers(*only.consumers)
    if headers:
        verifier.add_custom_headers(dict(headers))
    if publication is not None:
        verifier.set_publish_options(
            publication.version, publication.build_url, publication.branch, list(publication.tags)
        )
    urls = [base_url, state_change_url or "http://", broker.url if broker else "http://"]
    plain_http = all(url.startswith("http://") for url in urls)
    failures = _PublishFailures()
    ffi_log = logging.getLogger("pact.ffi")
    ffi_log.addHandler(failures)
    try:
        ca_bundle = broker.ca_bundle if broker is not None else None
        with native_stdout_to_log(), _certificates(plain_http=plain_http, ca_bundle=ca_bundle):
            _verify_on_a_thread(verifier, on_interrupt)
    finally:
        ffi_log.removeHandler(failures)
    outcomes = [_outcome(entry) for entry in verifier.results.get("interactionResults", [])]
    failed = failures.messages[0] if failures.messages else None
    return VerifierRun(outcomes, scrubbed(verifier.output(strip_ansi=True)), scrubbed(failed) if failed else None)


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
