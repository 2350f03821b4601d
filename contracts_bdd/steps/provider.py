"""Registers the provider steps with behave (they live in `contracts_bdd.behave.steps.provider`)."""

from __future__ import annotations

from contracts_bdd.behave.steps import provider as _steps  # noqa: F401 - importing registers the steps
