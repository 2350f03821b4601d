"""Media types, read one way: a Content-Type's essence, and which kind of body it names.

    essence("Application/JSON; charset=utf-8")     # "application/json"
    is_json("application/problem+json")             # True: /json or +json (RFC 6839)
    reads_as_json("application/x-ndjson")           # True: what a pact reader takes for JSON
    is_xml("text/xml"), is_form(...), is_multipart(...), is_text(...), is_textual("image/png")   # False

Media types are case-insensitive (RFC 9110, 8.3.1), so every test here is too.
"""

from __future__ import annotations

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"

_TEXT_TYPES = ("text/", "application/javascript", FORM)


def essence(content_type: str | None) -> str:
    """`type/subtype` in lower case, parameters dropped ("" for none)."""
    return (content_type or "").split(";")[0].strip().lower()


def is_json(content_type: str | None) -> bool:
    """A JSON media type: `application/json`, or any `+json` (`application/problem+json`)."""
    return essence(content_type).endswith(("/json", "+json"))


def reads_as_json(content_type: str | None) -> bool:
    """Whether a pact's body of this type is read as a JSON document: no type, or one that mentions JSON.

    Pacts from other tools label JSON loosely (`application/x-json`, `application/json-patch+json`)."""
    return content_type is None or "json" in essence(content_type)


def is_xml(content_type: str | None) -> bool:
    """An XML media type: `application/xml`, `text/xml`, or any `+xml`."""
    return essence(content_type).endswith(("/xml", "+xml"))


def is_form(content_type: str | None) -> bool:
    """An HTML form (`application/x-www-form-urlencoded`)."""
    return essence(content_type) == FORM


def is_multipart(content_type: str | None) -> bool:
    """A `multipart/form-data` body."""
    return essence(content_type) == MULTIPART


def is_text(content_type: str | None) -> bool:
    """A `text/*` type."""
    return essence(content_type).startswith("text/")


def is_textual(content_type: str | None) -> bool:
    """Whether a body of this type is text: text/*, JavaScript, a form, JSON, XML, or no type at all (else
    pact-rust reads a V2/V3 string body of it as base64 bytes)."""
    media = essence(content_type)
    return media == "" or media.startswith(_TEXT_TYPES) or reads_as_json(media) or is_xml(media)
