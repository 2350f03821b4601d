"""The loopback endpoint the verifier asks for messages, answering with what a producer makes.

The verifier POSTs `{"description": ..., "providerStates": [...]}` (and, for a synchronous
message, the consumer's `request`) and compares the answer with the pact: the body, its
`Content-Type`, and the metadata as base64 JSON in `Pact-Message-Metadata`::

    with MessageEndpoint(produce) as endpoint:
        run_verifier(..., message_url=endpoint.url)
    endpoint.problems          # description -> why no message could be made (missing producer, traceback)

A message that cannot be made is answered 500 at once, so the verifier fails that interaction
alone; the reason is kept in `problems` for the report. Only the run that opened the
endpoint knows its secret path.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
import traceback
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any

from contracts_bdd.errors import ProducerProblem
from contracts_bdd.model.messages import ProducedMessage, ReceivedMessage
from contracts_bdd.pact.loopback import JsonRequest, LoopbackServer

MAX_MESSAGE_REQUEST_BYTES = 16 << 20

Produce = Callable[[str, dict[str, Any], ReceivedMessage | None], ProducedMessage]
"""Makes the message of a description, given the states' parameters and a synchronous message's request."""


class MessageEndpoint(LoopbackServer):
    """A loopback HTTP endpoint that answers the verifier's requests for messages."""

    def __init__(self, produce: Produce) -> None:
        self.produce = produce
        self.problems: dict[str, str] = {}
        self._lock = threading.Lock()
        super().__init__(_handler_class(self), name="contracts-bdd-messages")

    @property
    def path(self) -> str:
        """The path the verifier is given."""
        return f"{self.secret_path}/messages"

    @property
    def url(self) -> str:
        """The whole URL."""
        return self.base_url + self.path

    def answer(self, payload: dict[str, Any]) -> tuple[int, ProducedMessage | str]:
        """The status and message (or the reason there is none) for one request of the verifier."""
        description = str(payload.get("description") or "")
        params: dict[str, Any] = {}
        for state in payload.get("providerStates") or []:
            if isinstance(state, dict) and isinstance(state.get("params"), dict):
                params.update(state["params"])
        request = _request(description, payload.get("request"))
        try:
            return 200, self.produce(description, params, request)
        except ProducerProblem as err:
            problem = str(err)
        except Exception:
            problem = f"the producer of '{description}' raised:\n{traceback.format_exc()}"
        with self._lock:
            self.problems[description] = problem
        return 500, problem


def _request(description: str, found: Any) -> ReceivedMessage | None:
    """The consumer's request of a synchronous message, as the verifier sends it."""
    if not isinstance(found, dict):
        return None
    contents: dict[str, Any] = found["contents"] if isinstance(found.get("contents"), dict) else {}
    content = contents.get("content")
    if contents.get("encoded") in ("base64", True) and isinstance(content, str):
        try:
            body = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            body = content.encode()
    elif isinstance(content, (dict, list, int, float, bool)):
        body = json.dumps(content).encode()
    else:
        body = str(content or "").encode()
    metadata: dict[str, Any] = found["metadata"] if isinstance(found.get("metadata"), dict) else {}
    return ReceivedMessage(description, body, dict(metadata))


def _handler_class(owner: MessageEndpoint) -> type[BaseHTTPRequestHandler]:
    class MessageRequest(JsonRequest):
        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            shape = 'a request for a message is a JSON object: {"description": ..., "providerStates": [...]}'
            payload = self.read_json(owner.path, MAX_MESSAGE_REQUEST_BYTES, shape)
            if payload is None:
                return
            status, made = owner.answer(payload)
            if isinstance(made, str):
                self.answer_json(status, {"error": made})
                return
            headers = {"Content-Type": made.content_type} if made.content_type else {}
            if made.metadata:
                headers["Pact-Message-Metadata"] = base64.b64encode(json.dumps(made.metadata).encode()).decode()
            self.answer(status, made.body, headers)

    return MessageRequest
