"""Registers the consumer steps with behave (they live in `contracts_bdd.behave.steps.consumer`)."""

from __future__ import annotations

from contracts_bdd.behave.steps import consumer as _steps  # noqa: F401 - importing registers the steps
