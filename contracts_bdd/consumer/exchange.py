"""Spec-first self-play: send the declared requests as the consumer would, and check the mock server's answers.

    problems = exchange(server.url, interactions)     # [] when every answer is what was declared

One kept-alive loopback connection (`http.client`: no proxies, nothing from the
environment) plays a scenario's requests. A value written `as_recorded(regex(...))` whose
example pact-rust's regex (a whole match) does not accept is sent as a text pact-rust
generates for the pattern: the example is the pact's, the request is one a consumer could send.
"""

from __future__ import annotations

import http.client
import json
import secrets
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, quote_plus, urlencode, urlsplit

from contracts_bdd.model.contract import (
    BinaryBody,
    Body,
    FormBody,
    Header,
    Interaction,
    JsonBody,
    Matcher,
    MultipartBody,
    QueryParameter,
    XmlBody,
    example_of,
    text_of,
)
from contracts_bdd.model.paths import child_path, matches
from contracts_bdd.model.reports import MockMismatch
from contracts_bdd.model.vocabularies import PATH_SAFE, STATUS_CLASSES
from contracts_bdd.model.xml_document import xml_text
from contracts_bdd.pact.engine_checks import example_problem, regex_value

SELF_EXCHANGE_TIMEOUT = 10.0


def _payload(body: Body | None) -> tuple[bytes | None, dict[str, str]]:
    """The bytes `body` is sent as, and the Content-Type header that says what they are."""
    if body is None:
        return None, {}
    if isinstance(body, MultipartBody):
        return _multipart(body)
    data: str | bytes
    if isinstance(body, JsonBody):
        data = json.dumps(_replayed(body.value))
    elif isinstance(body, FormBody):
        data = urlencode({name: example_of(value) for name, value in body.fields.items()}, doseq=True)
    elif isinstance(body, XmlBody):
        data = xml_text(body.root)
    elif isinstance(body, BinaryBody):
        data = body.data
    else:
        data = body.text
    return (data.encode() if isinstance(data, str) else data), {"Content-Type": body.content_type}


def _multipart(body: MultipartBody) -> tuple[bytes, dict[str, str]]:
    """A multipart/form-data body with its file parts (names quoted as browsers quote them)."""
    boundary = secrets.token_hex(16)

    def quoted(name: str) -> str:
        return name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")

    data = b""
    for part in body.parts:
        head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{quoted(part.name)}"; filename="{quoted(part.filename)}"\r\n'
            f"Content-Type: {part.content_type}\r\n\r\n"
        )
        data += head.encode() + part.data + b"\r\n"
    data += f"--{boundary}--\r\n".encode()
    return data, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def exchange(base_url: str, interactions: Sequence[Interaction]) -> list[MockMismatch]:
    """Send each declared request as the consumer would, on one connection, and check each answer."""
    address = urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, SELF_EXCHANGE_TIMEOUT)
    try:
        return [problem for interaction in interactions for problem in _play(connection, interaction)]
    finally:
        connection.close()


def _replayed(value: Any) -> Any:
    """The example, where a recorded regex value pact-rust refuses is a text generated for its pattern."""
    if isinstance(value, Matcher):
        if value.recorded and value.rule == "regex" and example_problem(value) is not None:
            generated = regex_value(str(value.option("regex")))
            if generated is not None:
                return generated
        return _replayed(value.example)
    if isinstance(value, dict):
        return {key: _replayed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_replayed(item) for item in value]
    return value


def _sent(value: Any) -> list[str | None]:
    """A header's or query parameter's values as sent: a list's values each on its own, None for no value."""
    example = _replayed(value)
    return [None if one is None else text_of(one) for one in (example if isinstance(example, list) else [example])]


def _lines(headers: Sequence[Header]) -> list[tuple[str, str]]:
    """The header lines: one per value."""
    return [(header.name, value or "") for header in headers for value in _sent(header.value)]


def _query_string(query: Sequence[QueryParameter]) -> str:
    """The query as sent: `name=value` pairs, and a bare `name` for a parameter with no value."""
    pairs = []
    for parameter in query:
        for value in _sent(parameter.value):
            pairs.append(quote_plus(parameter.name) if value is None else urlencode([(parameter.name, value)]))
    return "&".join(pairs)


def _play(connection: http.client.HTTPConnection, interaction: Interaction) -> list[MockMismatch]:
    request = interaction.request
    data, payload_headers = _payload(request.body)
    declared = _lines(request.headers)
    named = {name.lower() for name, _ in declared}
    lines = [(name, value) for name, value in payload_headers.items() if name.lower() not in named] + declared
    path = text_of(_replayed(request.path))
    target = quote(path, safe=PATH_SAFE)
    if request.query:
        target += "?" + _query_string(request.query)
    connection.putrequest(request.method, target)
    for name, value in lines:
        connection.putheader(name, value)
    if data is not None:
        connection.putheader("Content-Length", str(len(data)))
    connection.endheaders(data)
    answer = connection.getresponse()
    status, content = answer.status, answer.read()
    expected = interaction.response
    assert expected is not None
    problems = []
    if not status_accepts(expected.status, status):
        problems.append(
            MockMismatch(
                "status",
                request.method,
                path,
                expected=str(expected.status),
                actual=str(status),
                text=f"the mock server answered {status}: {content.decode(errors='replace')[:500]}",
            )
        )
    elif isinstance(expected.body, JsonBody):
        at_paths = [found.path for found in expected.at_paths if found.part == "body"]
        for where, wanted, got in _plain_differences(expected.body.value, _json_or_text(content), "$"):
            if any(matches(pattern, where) for pattern in at_paths):
                continue  # a rule or generator the pact keeps at this path loosens the value
            problems.append(
                MockMismatch(
                    "body",
                    request.method,
                    path,
                    subject=where,
                    expected=json.dumps(wanted),
                    actual=json.dumps(got),
                    text="the mock server's answer differs from the declared response",
                )
            )
    return problems


def _plain_differences(expected: Any, actual: Any, path: str) -> list[tuple[str, Any, Any]]:
    """Where `actual` differs from `expected`, leaving out values a matcher or generator loosens."""
    if isinstance(expected, Matcher):
        return []
    if isinstance(expected, dict) and isinstance(actual, dict):
        return [
            difference
            for key, item in expected.items()
            for difference in _plain_differences(item, actual.get(key), child_path(path, key))
        ]
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [
            difference
            for index, (item, got) in enumerate(zip(expected, actual, strict=True))
            for difference in _plain_differences(item, got, f"{path}[{index}]")
        ]
    return [] if expected == actual else [(path, example_of(expected), actual)]


def status_accepts(expected: int | Matcher, actual: int) -> bool:
    """Whether `actual` is a status the declared one allows (a class, or a generated range)."""
    if not isinstance(expected, Matcher):
        return actual == expected
    if expected.rule == "statusCode":
        known = STATUS_CLASSES.get(str(expected.option("status")))
        return known is not None and actual in known.codes
    if expected.generator is not None and expected.generator.kind == "RandomInt":
        return expected.generator.number("min", 0) <= actual <= expected.generator.number("max", 599)
    return bool(actual == expected.example)


def _json_or_text(content: bytes) -> object:
    try:
        return json.loads(content)
    except ValueError:
        return content.decode(errors="replace")
