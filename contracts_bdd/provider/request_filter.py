"""A request-filter hook for provider verification, for what a fixed header cannot do.

    from contracts_bdd import request_filter

    @request_filter
    def sign(request):
        request.headers["Authorization"] = "Bearer " + fresh_token()

The verifier talks to a loopback proxy (`filter_proxy.RequestFilterProxy`) that
applies every registered filter to each request (method, path with query, headers,
body) and forwards it to the provider. The proxy only runs when a filter is
registered. A filter that raises answers 502 with its traceback, which the
interaction's mismatch shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class OutgoingRequest:
    """A verification request on its way to the provider; filters change it in place."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class RequestFilters:
    """The request filters a project registered."""

    filters: list[Callable[[OutgoingRequest], None]] = field(default_factory=list)

    def apply(self, request: OutgoingRequest) -> None:
        """Run every filter on `request`, in registration order."""
        for function in self.filters:
            function(request)


@dataclass(frozen=True)
class HeaderValues:
    """A filter that puts real values into the headers a request already carries (Pact's convention).

    The verifier sends an interaction's declared header with the pact's example value;
    this replaces the value, whatever the header's case. A request without the header is
    left as the pact has it, so an interaction that declares no `Authorization` (the
    "not signed in" case) is still sent without one.
    """

    values: dict[str, str]

    def __call__(self, request: OutgoingRequest) -> None:
        wanted = {name.lower(): value for name, value in self.values.items()}
        for name in list(request.headers):
            if name.lower() in wanted:
                request.headers[name] = wanted[name.lower()]


FILTERS = RequestFilters()


def request_filter(function: Callable[[OutgoingRequest], None]) -> Callable[[OutgoingRequest], None]:
    """Register `function` to change every verification request before the provider sees it."""
    FILTERS.filters.append(function)
    return function
