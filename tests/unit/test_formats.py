"""Date formats between Python's strftime and the Java SimpleDateFormat Pact writes."""

from __future__ import annotations

import pytest

from contracts_bdd.model.formats import java_format, strptime_format


@pytest.mark.parametrize(
    ("python", "java"),
    [
        ("%Y-%m-%d", "yyyy-MM-dd"),
        ("%Y-%m-%dT%H:%M:%S%z", "yyyy-MM-dd'T'HH:mm:ssZ"),
        ("%d/%m/%Y %I:%M %p", "dd/MM/yyyy hh:mm a"),
        ("yyyy-MM-dd", "yyyy-MM-dd"),
    ],
)
def test_strftime_becomes_java(python: str, java: str) -> None:
    assert java_format(python) == java


@pytest.mark.parametrize(
    ("java", "python"),
    [
        ("yyyy-MM-dd", "%Y-%m-%d"),
        ("yyyy-MM-dd'T'HH:mm:ss", "%Y-%m-%dT%H:%M:%S"),
        ("HH:mm:ss.SSSXXX", "%H:%M:%S.%f%z"),
        ("EEE, dd MMM yyyy", "%a, %d %b %Y"),
        ("yyyy-MM-dd G", None),
    ],
)
def test_java_becomes_strptime_or_none(java: str, python: str | None) -> None:
    assert strptime_format(java) == python
