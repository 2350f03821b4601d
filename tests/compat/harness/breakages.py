"""Deliberately broken engine behaviours, to prove the harness fails when the engine does.

    CONTRACTS_BDD_COMPAT_BREAK=mismatch-text behave features/V1/http_consumer.feature

Only `tests/selftest/test_compat_harness.py` sets the variable. Each breakage patches one
behaviour of contracts-bdd's engine layer for the run, and the scenarios that check that
behaviour must fail (and only those).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

VARIABLE = "CONTRACTS_BDD_COMPAT_BREAK"


def _mismatch_text() -> None:
    """The mock server's mismatch texts reach the consumer reworded ("Expected" becomes "Wanted")."""
    from contracts_bdd.pact import mock_server  # noqa: PLC0415

    original = mock_server._mock_mismatches

    def reworded(raw: Any) -> list[Any]:
        import dataclasses  # noqa: PLC0415

        return [dataclasses.replace(m, text=m.text.replace("Expected", "Wanted")) for m in original(raw)]

    mock_server._mock_mismatches = reworded  # type: ignore[assignment]


def _pact_form_rules() -> None:
    """Rules and generators given in a pact file's own form never reach pact-ffi."""
    from contracts_bdd.pact import declare  # noqa: PLC0415

    declare._declare_pact_form = lambda declared, part, which: None  # type: ignore[assignment]


def _verifier_passes_all() -> None:
    """Every interaction the verifier checked is reported as passed."""
    import dataclasses  # noqa: PLC0415

    from contracts_bdd.pact import verifier  # noqa: PLC0415

    original = verifier._outcome
    verifier._outcome = lambda entry: dataclasses.replace(original(entry), status="passed", details="")  # type: ignore[assignment]


def _no_comments() -> None:
    """The pact's comments on an interaction are not read when it is verified."""
    from contracts_bdd.provider import verification  # noqa: PLC0415

    verification.comments_of = lambda pact: {}  # type: ignore[assignment]


BREAKAGES: dict[str, Callable[[], None]] = {
    "mismatch-text": _mismatch_text,
    "pact-form-rules": _pact_form_rules,
    "verifier-passes-all": _verifier_passes_all,
    "no-comments": _no_comments,
}


def apply_from_environment() -> str | None:
    """Break the behaviour `$CONTRACTS_BDD_COMPAT_BREAK` names, if set; return its name."""
    name = os.environ.get(VARIABLE)
    if not name:
        return None
    assert name in BREAKAGES, f"{VARIABLE}={name}: the breakages are {', '.join(BREAKAGES)}"
    BREAKAGES[name]()
    return name
