"""A Pact Broker double that keeps what it is sent, every request and answer shaped by the broker's contracts.

`pact stub` answers each request with one recorded answer, so it cannot carry a pact from the consumer
who publishes it to the provider who verifies it, nor answer can-i-deploy from the results. This double
does, for the CI recipes' test: its index, the publication, the pacts for verification, a pact, the
results and the matrix are the recorded interactions of ../shared/interop/broker (the contracts the
real broker verifies), filled with what was published and verified. Each request body is checked
against the recorded request of its kind: a key the contract does not have, or a value of another
type, is a problem (`problems`), as it is an unmatched request for the stub.

    with ContractBroker() as broker:
        ...  # PACT_BROKER_BASE_URL=broker.url
        assert broker.problems == []
"""

from __future__ import annotations

import base64
import copy
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from broker_support import BROKER_CONTRACTS, CLIENT_CONTRACT, recorded

C1 = BROKER_CONTRACTS / "pact-broker_c1.patched.json"
AUX = BROKER_CONTRACTS / "aux-c1-pact-content.json"


def _content(part: dict[str, Any]) -> Any:
    """A V4 body's content, or a V2 body as it is."""
    body = part.get("body")
    return body["content"] if isinstance(body, dict) and "content" in body and "contentType" in body else body


def _v4(description: str, contract: Any = C1) -> dict[str, Any]:
    for interaction in json.loads(contract.read_text())["interactions"]:
        if interaction["description"] == description:
            return interaction
    raise LookupError(f"{description!r} is not in {contract.name}")


def shape_problems(actual: Any, expected: Any, where: str = "$") -> list[str]:
    """Where `actual` has a key `expected` (a recorded body) has not, or a value of another JSON type."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: an object in the broker's contract, {type(actual).__name__} here"]
        problems = [f"{where}.{key}: a key the broker's contract has not" for key in actual if key not in expected]
        for key, value in actual.items():
            if key in expected:
                problems += shape_problems(value, expected[key], f"{where}.{key}")
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{where}: a list in the broker's contract, {type(actual).__name__} here"]
        return [problem for item in actual if expected for problem in shape_problems(item, expected[0], f"{where}[]")]
    if expected is not None and _json_type(actual) != _json_type(expected):
        return [f"{where}: a {_json_type(expected)} in the broker's contract, {actual!r} here"]
    return []


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    return "number" if isinstance(value, (int, float)) else type(value).__name__


@dataclass
class Published:
    consumer: str
    provider: str
    version: str
    branch: str | None
    pact: dict[str, Any]


@dataclass
class Result:
    consumer: str
    provider: str
    consumer_version: str
    provider_version: str
    success: bool


@dataclass
class ContractBroker:
    """A loopback broker double: publish, pacts for verification, results, can-i-deploy."""

    published: list[Published] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def __enter__(self) -> ContractBroker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def pact_url(self, published: Published) -> str:
        """The permalink of a published pact, as a webhook's ${pactbroker.pactUrl} gives it."""
        return (
            f"{self.url}/pacts/provider/{quote(published.provider, safe='')}/consumer/"
            f"{quote(published.consumer, safe='')}/version/{quote(published.version, safe='')}"
        )

    # -- the answers ------------------------------------------------------------------
    def index(self) -> dict[str, Any]:
        """Every relation the contracts' index answers record, pointing at this double."""
        links: dict[str, Any] = {}
        for interaction in json.loads(CLIENT_CONTRACT.read_text())["interactions"]:
            if interaction["request"]["path"] == "/" and interaction["request"]["method"] == "GET":
                links.update(interaction["response"]["body"].get("_links", {}))
        links.update(_content(_v4("a request to the root")["response"])["_links"])
        for link in links.values():
            if isinstance(link, dict) and "href" in link:
                link["href"] = self.url + urlsplit(unquote(link["href"])).path
        return {"_links": links}

    def publish(self, body: dict[str, Any]) -> dict[str, Any]:
        contract = recorded("a request to publish contracts")
        self.problems += shape_problems(body, contract["request"]["body"], "publish")
        for item in body.get("contracts", []):
            pact = json.loads(base64.b64decode(item["content"]))
            if (pact["consumer"]["name"], pact["provider"]["name"]) != (item["consumerName"], item["providerName"]):
                self.problems.append(
                    f"publish: {item['consumerName']}-{item['providerName']} holds another pair's pact"
                )
            self.published.append(
                Published(
                    item["consumerName"],
                    item["providerName"],
                    body["pacticipantVersionNumber"],
                    body.get("branch"),
                    pact,
                )
            )
        return contract["response"]["body"]

    def for_verification(self, provider: str, body: dict[str, Any]) -> dict[str, Any]:
        interaction = _v4("a request for the provider pacts")
        # c1 records the selectors and includePendingStatus; the broker's docs add these (../shared's README).
        documented = {"providerVersionBranch": "", "providerVersionTags": [""], "includeWipPactsSince": ""}
        self.problems += shape_problems(body, {**_content(interaction["request"]), **documented}, "for-verification")
        answer = copy.deepcopy(_content(interaction["response"]))
        entry = answer["_embedded"]["pacts"][0]
        latest = {(item.consumer, item.provider): item for item in self.published if item.provider == provider}
        answer["_embedded"]["pacts"] = []
        for item in latest.values():
            listed = copy.deepcopy(entry)
            listed["_links"]["self"] = {
                "href": self.pact_url(item),
                "name": f"Pact between {item.consumer} and {provider}",
            }
            listed["shortDescription"] = f"latest from branch {item.branch}" if item.branch else "latest"
            answer["_embedded"]["pacts"].append(listed)
        answer["_links"]["self"]["href"] = f"{self.url}/pacts/provider/{quote(provider, safe='')}/for-verification"
        return answer

    def pact(self, provider: str, consumer: str, version: str) -> dict[str, Any] | None:
        found = next(
            (
                item
                for item in self.published
                if (item.provider, item.consumer, item.version) == (provider, consumer, version)
            ),
            None,
        )
        if found is None:
            return None
        links = copy.deepcopy(_content(_v4("a request for the c_1 pact", AUX)["response"])["_links"])
        links["pb:publish-verification-results"]["href"] = self.pact_url(found) + "/verification-results"
        return {**found.pact, "_links": links}

    def verification_results(self, provider: str, consumer: str, version: str, body: dict[str, Any]) -> dict[str, Any]:
        interaction = _v4("publish verification results for c_1")
        expected = {**_content(interaction["request"]), "buildUrl": ""}  # buildUrl: optional, in the broker's docs
        self.problems += shape_problems(body, expected, "verification-results")
        self.results.append(
            Result(consumer, provider, version, str(body["providerApplicationVersion"]), body["success"] is True)
        )
        return _content(interaction["response"])

    def matrix(self, query: dict[str, list[str]]) -> dict[str, Any]:
        """can-i-deploy: a row for each pact the version published or verified, with its latest result.

        A version nothing was published or verified for is not deployable, as the real broker says
        (pact_broker's `Matrix::DeploymentStatusSummary#deployable?`: false for a specified version
        that does not exist).
        """
        pacticipant, version = query["q[][pacticipant]"][0], query["q[][version]"][0]
        template = recorded(
            "a request for the compatibility matrix where only the version of Foo is specified",
            "the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6 and version 5.6.7",
        )["response"]["body"]
        pacts: dict[tuple[str, str, str], Result | None] = {}
        for item in self.published:
            if (item.consumer, item.version) == (pacticipant, version):
                pacts[(item.consumer, version, item.provider)] = None
        for result in self.results:  # in the order they came: the latest wins
            key = (result.consumer, result.consumer_version, result.provider)
            as_consumer = key in pacts and result.consumer == pacticipant
            if as_consumer or (result.provider, result.provider_version) == (pacticipant, version):
                pacts[key] = result
        rows = []
        for (consumer, consumer_version, provider), result in pacts.items():
            row = copy.deepcopy(template["matrix"][0])
            row["consumer"] = {"name": consumer, "version": {"number": consumer_version}}
            row["provider"] = {"name": provider, "version": {"number": result.provider_version if result else None}}
            if result is None:
                del row["verificationResult"]
            else:
                row["verificationResult"]["success"] = result.success
            rows.append(row)
        known = any((item.consumer, item.version) == (pacticipant, version) for item in self.published) or any(
            (result.provider, result.provider_version) == (pacticipant, version) for result in self.results
        )
        if not known:  # the broker's DeploymentStatusSummary: a specified version that does not exist is not deployable
            reason = f"No pacts or verifications have been published for version {version} of {pacticipant}"
            return {"matrix": [], "summary": {"deployable": False, "reason": reason, "unknown": 0}}
        unknown = sum(1 for row in rows if "verificationResult" not in row)
        failed = sum(1 for row in rows if row.get("verificationResult", {}).get("success") is False)
        deployable: bool | None = None if unknown else not failed
        reason = "All required verification results are published and successful"
        if unknown:
            reason = f"{unknown} pact(s) not verified yet"
        elif failed:
            reason = f"{failed} verification(s) failed"
        return {"matrix": rows, "summary": {"deployable": deployable, "reason": reason, "unknown": unknown}}


ROUTES = [
    ("GET", re.compile(r"/"), "index"),
    ("POST", re.compile(r"/contracts/publish"), "publish"),
    ("POST", re.compile(r"/pacts/provider/(?P<provider>[^/]+)/for-verification"), "for_verification"),
    (
        "GET",
        re.compile(r"/pacts/provider/(?P<provider>[^/]+)/consumer/(?P<consumer>[^/]+)/version/(?P<version>[^/]+)"),
        "pact",
    ),
    (
        "POST",
        re.compile(
            r"/pacts/provider/(?P<provider>[^/]+)/consumer/(?P<consumer>[^/]+)/version/(?P<version>[^/]+)/verification-results"
        ),
        "verification_results",
    ),
    (
        "PUT",
        re.compile(r"/pacticipants/(?P<pacticipant>[^/]+)/branches/(?P<branch>[^/]+)/versions/(?P<version>[^/]+)"),
        "branch_version",
    ),
    ("GET", re.compile(r"/matrix"), "matrix"),
]


def _handler(broker: ContractBroker) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _reply(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            status, answer = 404, {"error": f"{self.command} {parts.path} is not in the broker's contracts"}
            with broker.lock:
                broker.seen.append(f"{self.command} {parts.path}")
                for method, pattern, name in ROUTES:
                    matched = pattern.fullmatch(parts.path)
                    if method != self.command or matched is None:
                        continue
                    fields = {key: unquote(value) for key, value in matched.groupdict().items()}
                    status, answer = 200, None
                    if name == "index":
                        answer = broker.index()
                    elif name == "publish":
                        answer = broker.publish(body)
                    elif name == "for_verification":
                        answer = broker.for_verification(fields["provider"], body)
                    elif name == "pact":
                        answer = broker.pact(fields["provider"], fields["consumer"], fields["version"])
                        status = 200 if answer is not None else 404
                    elif name == "verification_results":
                        status, answer = 201, broker.verification_results(**fields, body=body)
                    elif name == "branch_version":
                        answer = {
                            "name": fields["branch"],
                            "_links": {},
                        }  # not in the contracts: the broker's docs' shape
                    else:
                        answer = broker.matrix(parse_qs(parts.query))
                    break
                else:
                    broker.problems.append(f"{self.command} {parts.path}: not a request the broker's contracts record")
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/hal+json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = _reply  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    return Handler
