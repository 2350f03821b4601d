"""pact-python's mock server for one scenario, and what it saw go wrong as `MockMismatch`es.

with MockServer(build_pact(pair, "V4", interactions)) as server:
    requests.get(server.url + "/users/1")
server.mismatches          # [] when the consumer kept to the contract
"""

from __future__ import annotations

import json
from types import TracebackType
from typing import Any

from contracts_bdd.model.reports import MockMismatch
from contracts_bdd.pact.ffi import pact
from contracts_bdd.pact.native import native_stdout_to_log


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
