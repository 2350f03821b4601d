"""Spec-first self-play: send a declared request as the consumer would, and check the mock server's answer.

    problems = exchange(server.url, interaction)     # [] when the answer is what was declared

One kept-alive loopback session plays every request (no proxies: loopback only).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests

from contracts_bdd.model.contract import (
    BinaryBody,
    Body,
    FormBody,
    Interaction,
    JsonBody,
    Matcher,
    MultipartBody,
    XmlBody,
    example_of,
    xml_text,
)
from contracts_bdd.model.reports import MockMismatch
from contracts_bdd.model.vocabularies import STATUS_CLASSES

SELF_EXCHANGE_TIMEOUT = 10.0
_LOOPBACK = requests.Session()
_LOOPBACK.trust_env = False  # the mock server is on loopback: no proxy from the environment applies


def _payload(body: Body | None) -> dict[str, Any]:
    """The keyword arguments that make `requests` send `body` as the consumer would."""
    if body is None:
        return {}
    if isinstance(body, MultipartBody):
        path = Path(body.path)
        return {"files": {body.part_name: (path.name, path.read_bytes(), body.content_type)}}
    data: str | bytes
    if isinstance(body, JsonBody):
        data = json.dumps(example_of(body.value))
    elif isinstance(body, FormBody):
        data = urlencode({name: example_of(value) for name, value in body.fields.items()}, doseq=True)
    elif isinstance(body, XmlBody):
        data = xml_text(body.root)
    elif isinstance(body, BinaryBody):
        data = body.data
    else:
        data = body.text
    return {"data": data.encode() if isinstance(data, str) else data, "headers": {"Content-Type": body.content_type}}


def exchange(base_url: str, interaction: Interaction) -> list[MockMismatch]:
    """Send a declared request as the consumer would, and check the response."""
    request = interaction.request
    payload = _payload(request.body)
    headers = {**payload.pop("headers", {}), **{h.name: str(example_of(h.value)) for h in request.headers}}
    answer = _LOOPBACK.request(
        request.method,
        base_url + str(example_of(request.path)),
        params=[(parameter.name, str(example_of(parameter.value))) for parameter in request.query],
        headers=headers,
        timeout=SELF_EXCHANGE_TIMEOUT,
        **payload,
    )
    expected = interaction.response
    assert expected is not None
    problems = []
    if not status_accepts(expected.status, answer.status_code):
        problems.append(
            MockMismatch(
                "status",
                request.method,
                str(example_of(request.path)),
                expected=str(expected.status),
                actual=str(answer.status_code),
                text=f"the mock server answered {answer.status_code}: {answer.text[:500]}",
            )
        )
    elif isinstance(expected.body, JsonBody):
        for path, wanted, got in _plain_differences(expected.body.value, _json_or_text(answer), "$"):
            problems.append(
                MockMismatch(
                    "body",
                    request.method,
                    str(example_of(request.path)),
                    subject=path,
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
            for difference in _plain_differences(item, actual.get(key), f"{path}.{key}")
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


def _json_or_text(answer: requests.Response) -> object:
    try:
        return answer.json()
    except ValueError:
        return answer.text
