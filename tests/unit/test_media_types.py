"""Media types are read one way, and case-insensitively (RFC 9110, 8.3.1), wherever a body's kind is decided."""

from __future__ import annotations

from typing import Any

import pytest

from contracts_bdd.model.contract import BinaryBody, FormBody, JsonBody, XmlBody
from contracts_bdd.model.media_types import (
    essence,
    is_form,
    is_json,
    is_multipart,
    is_text,
    is_textual,
    is_xml,
    reads_as_json,
)
from contracts_bdd.pact.reader import read_pact


@pytest.mark.parametrize(
    ("content_type", "kinds"),
    [
        ("application/json", {"json", "reads_as_json", "textual"}),
        ("Application/JSON; charset=UTF-8", {"json", "reads_as_json", "textual"}),
        ("application/problem+json", {"json", "reads_as_json", "textual"}),
        ("application/x-ndjson", {"reads_as_json", "textual"}),
        ("text/xml", {"xml", "text", "textual"}),
        ("APPLICATION/ATOM+XML", {"xml", "textual"}),
        ("Application/X-WWW-Form-Urlencoded", {"form", "textual"}),
        ("Application/JavaScript", {"textual"}),
        ("multipart/form-data; boundary=x", {"multipart"}),
        ("Text/Plain", {"text", "textual"}),
        ("image/PNG", set()),
        ("application/octet-stream", set()),
        ("", {"textual"}),
    ],
)
def test_each_kind_of_body_is_named_whatever_the_case(content_type: str, kinds: set[str]) -> None:
    tests = {
        "json": is_json,
        "reads_as_json": reads_as_json,
        "xml": is_xml,
        "form": is_form,
        "multipart": is_multipart,
        "text": is_text,
        "textual": is_textual,
    }
    assert {kind for kind, test in tests.items() if test(content_type)} == kinds
    assert essence(content_type) == content_type.split(";", maxsplit=1)[0].strip().lower()


def pact_with_body(content_type: str, body: Any) -> dict[str, Any]:
    request = {"method": "POST", "path": "/p", "headers": {"Content-Type": content_type}, "body": body}
    return {
        "consumer": {"name": "C"},
        "provider": {"name": "P"},
        "interactions": [{"description": "d", "request": request, "response": {"status": 200}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }


@pytest.mark.parametrize(
    ("content_type", "body", "kind"),
    [
        ("Application/X-WWW-Form-Urlencoded", "a=1&b=2", FormBody),
        ("APPLICATION/JSON", {"a": 1}, JsonBody),
        ("Text/XML", "<a>1</a>", XmlBody),
        ("IMAGE/PNG", "iVBORw0KGgo=", BinaryBody),
    ],
)
def test_a_pact_body_is_read_by_its_media_type_in_any_case(content_type: str, body: Any, kind: type) -> None:
    document = read_pact(pact_with_body(content_type, body))

    assert isinstance(document.interactions[0].request.body, kind)  # type: ignore[union-attr]
