"""Unit tests: each starts with the secrets remembered before it, so one test's secrets never mask another's text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from contracts_bdd import redaction


@pytest.fixture(autouse=True)
def remembered_secrets() -> Iterator[None]:
    before = set(redaction._REMEMBERED)
    yield
    redaction._REMEMBERED.clear()
    redaction._REMEMBERED.update(before)
    redaction._reindex()
