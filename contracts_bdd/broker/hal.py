"""One HAL session with one Pact Broker: its index and links, URL templates, and every call bounded and kept on
the broker's own origin.

    hal = HalSession(BrokerConnection("https://broker.example", token=Secret("...")))
    hal.link("pb:publish-contracts")                 # the index's link, or None when it offers none
    url = hal.resource("pb:pacticipant-version", "/pacticipants/{pacticipant}/versions/{version}",
                       pacticipant="Shop", version="1a2b")
    hal.request("GET", url)                          # the answer's JSON object, or a BrokerError that says why

Every URL is built from a template (the index's own links are RFC 6570 templates, and so are
the paths of older brokers that offer no link), so a name is percent-encoded the one way.
Connection failures, time-outs and 502/503/504 are retried with backoff by urllib3's `Retry`
(see `transport`), a bounded number of times, under an overall deadline per call;
400/401/403/409 fail at once with the broker's message and what to check. A call, and every
redirect it follows, goes to the configured broker's origin only: credentials never leave it.
The broker's word is parsed strictly: an answer that is not the JSON object the call expects
(a truncated index, an HTML page, a HAL index without links) is an error naming the URL and
the status, never an empty success.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import uritemplate

from contracts_bdd.broker.transport import CallDeadline, retrying_session
from contracts_bdd.errors import BrokerError
from contracts_bdd.redaction import Secret, scrubbed

TRANSIENT_STATUSES = (502, 503, 504)
MAX_REDIRECTS = 5
MAX_ANSWER_BYTES = 32 * 2**20
"""The most a broker's answer may hold (a pact is rarely 1 MiB); beyond it the answer is refused, not read."""
READ_BYTES = 64 * 1024
DEFAULT_PORTS = {"http": 80, "https": 443}
MERGE_PATCH = "application/merge-patch+json"
HINTS = {
    400: "the broker refused the request as malformed; check the names, version and branch sent",
    401: "the broker did not accept the credentials; check PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and "
    "PACT_BROKER_PASSWORD",
    403: "the credentials are not allowed to do this; check the token's permissions",
    404: "the broker has no such resource; check the broker URL and the pacticipant and version names",
    409: "this version was already published with other content; publish a new version (a new commit), "
    "or set broker_on_conflict = merge",
}


@dataclass(frozen=True)
class BrokerConnection:
    """Where the broker is and how to reach it."""

    base_url: str
    token: Secret | None = None
    username: str | None = None
    password: Secret | None = None
    verify: bool | str = True
    timeout: float = 10.0
    attempts: int = 4
    backoff: float = 0.5
    deadline: float = 60.0
    max_answer_bytes: int = MAX_ANSWER_BYTES


class HalSession:
    """Talks HAL to one broker over HTTP; `session` can be swapped in tests."""

    def __init__(
        self,
        connection: BrokerConnection,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.connection = connection
        self.session = retrying_session(
            session or requests.Session(),
            attempts=connection.attempts,
            backoff=connection.backoff,
            statuses=TRANSIENT_STATUSES,
            sleep=sleep,
        )
        self._index: dict[str, Any] | None = None

    def link(self, relation: str) -> str | None:
        """The absolute href of `relation` in the broker's index (read once per session); None when not offered."""
        if self._index is None:
            url = self.url("/")
            index = self.request("GET", url)
            if not isinstance(index.get("_links"), dict):
                msg = (
                    f"the Pact Broker's index at {url} has no _links, so it is no Pact Broker index; "
                    "check broker_base_url (PACT_BROKER_BASE_URL)"
                )
                raise BrokerError(msg)
            self._index = index
        found = self._index["_links"].get(relation)
        return self.absolute(str(found["href"])) if isinstance(found, dict) and "href" in found else None

    def absolute(self, href: str) -> str:
        """A link as an absolute URL (HAL links may be relative to the broker)."""
        return urljoin(self.connection.base_url.rstrip("/") + "/", href)

    def url(self, template: str, **values: str) -> str:
        """The broker's URL for a path template (RFC 6570, as the index's own links): values are percent-encoded."""
        return uritemplate.expand(self.connection.base_url.rstrip("/") + template, values)  # type: ignore[arg-type]

    def resource(self, relation: str, template: str, **values: str) -> str:
        """The URL of `relation`'s templated link in the index, else of the path `template`, filled with `values`."""
        chosen = self.link(relation) or self.connection.base_url.rstrip("/") + template
        return uritemplate.expand(chosen, values)  # type: ignore[arg-type]

    def request(
        self,
        method: str,
        url: str,
        body: Any = None,
        params: Sequence[tuple[str, str]] | None = None,
        content_type: str = "application/json",
        *,
        scrub: bool = True,
    ) -> dict[str, Any]:
        """One call, retried as the session's `Retry` says, within the connection's deadline; its JSON object.

        The call goes to the configured broker's origin only, and so does every redirect it follows; its
        answer is read up to `max_answer_bytes`. The body is scrubbed of secrets unless the caller has
        checked it already (`scrub=False`: a pact, which is published as it is or not at all).
        """
        connection = self.connection
        self._refuse_other_origin(method, url, "the link")
        payload = _scrubbed_payload(body) if scrub else body
        attempts = f"after {connection.attempts} attempt{'s' if connection.attempts > 1 else ''}"
        with CallDeadline(connection.deadline) as deadline:
            try:
                for _hop in range(MAX_REDIRECTS + 1):
                    answer = self._send(method, url, payload, params, content_type)
                    location = answer.headers.get("Location") if answer.is_redirect else None
                    if location is None:
                        break
                    answer.close()
                    target = urljoin(answer.url, location)
                    self._refuse_other_origin(method, target, f"the broker's redirect ({answer.status_code}) of {url}")
                    if method != "GET" and answer.status_code not in (307, 308):
                        msg = (
                            f"the Pact Broker answered {method} {url} with {answer.status_code}, a redirect that "
                            f"would turn the {method} into a GET; nothing was taken from it, and the {method} "
                            "did not happen. Check broker_base_url (PACT_BROKER_BASE_URL)"
                        )
                        raise BrokerError(msg, answer.status_code)
                    url, params = target, None
                else:
                    msg = (
                        f"the Pact Broker redirected {method} {url} more than {MAX_REDIRECTS} times; nothing was taken"
                    )
                    raise BrokerError(msg)
                content = _bounded_content(method, url, answer, connection.max_answer_bytes)
                if deadline.expired:  # the socket was shut mid-answer: what was read is cut short
                    raise requests.Timeout(f"cut off after {len(content)} bytes")
            except requests.RequestException as err:
                if deadline.expired:
                    msg = (
                        f"the Pact Broker did not answer {method} {url} within {connection.deadline:g} s "
                        "(the deadline of one call, retries included); nothing was taken from it"
                    )
                    raise BrokerError(msg) from err
                if isinstance(err, (requests.ConnectionError, requests.Timeout)):
                    msg = (
                        f"the Pact Broker at {connection.base_url} could not be reached for {method} {url} "
                        f"{attempts}: {type(err).__name__} ({reason_of(err)})"
                    )
                    raise BrokerError(msg) from err
                msg = f"the request {method} {url} to the Pact Broker could not be made: {err}"
                raise BrokerError(msg) from err
        if answer.status_code in TRANSIENT_STATUSES:
            msg = (
                f"the Pact Broker at {connection.base_url} could not be reached for {method} {url} "
                f"{attempts}: HTTP {answer.status_code}: {_message(content, answer.reason)}"
            )
            raise BrokerError(msg, answer.status_code)
        if answer.status_code >= 400:
            hint = HINTS.get(answer.status_code, "see the broker's message")
            msg = (
                f"the Pact Broker answered {method} {url} with {answer.status_code}: "
                f"{_message(content, answer.reason)}\n  What to check: {hint}"
            )
            raise BrokerError(msg, answer.status_code)
        if answer.status_code >= 300:
            msg = (
                f"the Pact Broker answered {method} {url} with {answer.status_code} and no place to go; "
                "nothing was taken from it"
            )
            raise BrokerError(msg, answer.status_code)
        return _json_object(method, url, answer.status_code, content)

    def _send(
        self, method: str, url: str, payload: Any, params: Sequence[tuple[str, str]] | None, content_type: str
    ) -> requests.Response:
        """One request to the broker's origin with its credentials; redirects are not followed here."""
        connection = self.connection
        headers = {"Accept": "application/hal+json"}
        if payload is not None:
            headers["Content-Type"] = content_type
        auth = None
        if connection.token:
            headers["Authorization"] = f"Bearer {connection.token.reveal()}"
        elif connection.username and connection.password:
            auth = (connection.username, connection.password.reveal())
        return self.session.request(
            method,
            url,
            headers=headers,
            json=payload,
            params=params,
            auth=auth,
            verify=connection.verify,
            timeout=connection.timeout,
            allow_redirects=False,
            stream=True,
        )

    def _refuse_other_origin(self, method: str, url: str, what: str) -> None:
        """Raise `BrokerError` unless `url` is on the configured broker's origin (scheme, host and port)."""
        home, there = origin(self.connection.base_url), origin(url)
        if there != home:
            msg = (
                f"{method} {url} was refused: {what} points at another origin ({there}) than the Pact "
                f"Broker's ({home}). The broker's credentials go to its own origin only, so nothing was sent "
                "there and nothing was taken from it; check broker_base_url (PACT_BROKER_BASE_URL) and the "
                "links the broker answers with"
            )
            raise BrokerError(msg)


def origin(url: str) -> str:
    """`url`'s origin as `scheme://host:port` (the default port written out), the unit credentials are bound to."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:  # a port that is no number: no origin is equal to it
        return url
    host = (parts.hostname or "").lower()
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}:{port or DEFAULT_PORTS.get(scheme, 0)}"


def _bounded_content(method: str, url: str, answer: requests.Response, limit: int) -> bytes:
    """The answer's body, read in pieces and refused (unread, or as soon as it passes) beyond `limit` bytes."""
    declared = answer.headers.get("Content-Length", "")
    too_big = (
        f"the Pact Broker answered {method} {url} with more than {limit // 2**20} MiB "
        "(max_answer_bytes); nothing was taken from it"
    )
    try:
        if declared.isdigit() and int(declared) > limit:
            raise BrokerError(too_big, answer.status_code)
        pieces, size = [], 0
        for piece in answer.iter_content(READ_BYTES):
            size += len(piece)
            if size > limit:
                raise BrokerError(too_big, answer.status_code)
            pieces.append(piece)
        return b"".join(pieces)
    finally:
        answer.close()


def _scrubbed_payload(value: Any) -> Any:
    """`value` (a JSON body) with every secret scrubbed from its texts, keys too."""
    if isinstance(value, str):
        return scrubbed(value)
    if isinstance(value, dict):
        return {scrubbed(str(key)): _scrubbed_payload(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrubbed_payload(item) for item in value]
    return value


def _json_object(method: str, url: str, status: int, content: bytes) -> dict[str, Any]:
    """The JSON object a successful answer must be.

    An empty answer to a write stands for an empty object (the broker's own contract
    records `201` with no body for a release); anything else must be a JSON object.
    """
    if not content and (status == 204 or method != "GET"):
        return {}
    try:
        document = json.loads(content)
    except (ValueError, RecursionError):
        document = None
    if not isinstance(document, dict):
        shown = content[:120].decode(errors="replace")
        msg = (
            f"the Pact Broker answered {method} {url} with {status} but not with a JSON object "
            f"({len(content)} bytes: {shown!r}); nothing was taken from it"
        )
        raise BrokerError(msg, status)
    return document


def embedded_list(document: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """`_embedded.<name>` of a HAL answer, its objects only."""
    embedded = document.get("_embedded")
    found = embedded.get(name) if isinstance(embedded, dict) else None
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


def _message(content: bytes, reason: str | None) -> str:
    try:
        document = json.loads(content)
    except (ValueError, RecursionError):
        return content[:500].decode(errors="replace") or (reason or "")
    if isinstance(document, dict):
        if "errors" in document:
            return json.dumps(document["errors"])[:500]
        for key in ("error", "message", "title"):
            if key in document:
                return str(document[key])[:500]
    return json.dumps(document)[:500]


def reason_of(err: Exception) -> str:
    text = str(err)
    return (
        "connection refused"
        if "refused" in text.lower()
        else ("timed out" if "timed out" in text.lower() else text[:200])
    )
