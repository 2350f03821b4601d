"""The broker client's failure paths, against a scripted broker on loopback."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from broker_support import FakeBroker, Raw, index

from contracts_bdd import cli
from contracts_bdd.broker.client import BrokerClient, BrokerError, PactsForVerification, Publication
from contracts_bdd.broker.hal import BrokerConnection
from contracts_bdd.broker.publication import publish_pacts
from contracts_bdd.errors import PactFileError
from contracts_bdd.pact.document import PactBytes
from contracts_bdd.provider.verification import free_port
from contracts_bdd.redaction import Secret

TOKEN = "tok-DO-NOT-SHOW-8f2e"
PACT = {"consumer": {"name": "Web"}, "provider": {"name": "Api"}, "interactions": []}


@pytest.fixture
def broker() -> Iterator[FakeBroker]:
    fake = FakeBroker()
    yield fake
    fake.close()


@pytest.fixture
def pact_file(tmp_path: Path) -> Path:
    path = tmp_path / "Web-Api.json"
    path.write_text(json.dumps(PACT))
    return path


def client(url: str, sleeps: list[float], **options: object) -> BrokerClient:
    connection = BrokerConnection(url, token=Secret(TOKEN), **{"timeout": 0.5, **options})  # type: ignore[arg-type]
    return BrokerClient(connection, sleep=sleeps.append)


def publish(broker: FakeBroker, pact_file: Path, sleeps: list[float]) -> list[str]:
    return client(broker.url, sleeps).publish(
        Publication("Web", "1.0.0", branch="main", tags=("dev",)), [PactBytes.read(pact_file)]
    )


@pytest.mark.parametrize(
    ("status", "body", "check"),
    [
        (401, {"error": f"bad token {TOKEN}"}, "check PACT_BROKER_TOKEN"),
        (403, {"error": "forbidden"}, "token's permissions"),
        (409, {"error": "Cannot change the content of the pact"}, "publish a new version"),
        (400, {"errors": {"pacticipantVersionNumber": ["can't be blank"]}}, "malformed"),
        (500, {"error": "internal error"}, "see the broker's message"),
    ],
)
def test_refusals_fail_at_once_with_the_broker_message_and_what_to_check(
    broker: FakeBroker, pact_file: Path, status: int, body: object, check: str
) -> None:
    broker.answer("GET /", (200, index("pb:publish-contracts=/contracts/publish"), 0))
    broker.answer("POST /contracts/publish", (status, body, 0))
    sleeps: list[float] = []

    with pytest.raises(BrokerError) as raised:
        publish(broker, pact_file, sleeps)

    message = str(raised.value)
    assert f"answered POST {broker.url}/contracts/publish with {status}" in message
    assert check in message
    assert TOKEN not in message
    assert len(broker.requests_to("POST /contracts/publish")) == 1
    assert sleeps == []
    assert pact_file.exists()


def test_a_broker_that_comes_back_is_retried_with_backoff(broker: FakeBroker, pact_file: Path) -> None:
    broker.answer("GET /", (200, index("pb:publish-contracts=/contracts/publish"), 0))
    broker.answer("POST /contracts/publish", (503, {}, 0), (502, {}, 0), (200, {"notices": [{"text": "published"}]}, 0))
    sleeps: list[float] = []

    assert publish(broker, pact_file, sleeps) == ["published"]
    assert sleeps == [0.5, 1.0]


def test_a_broker_that_stays_down_fails_after_the_attempts(broker: FakeBroker, pact_file: Path) -> None:
    broker.answer("GET /", (200, index("pb:publish-contracts=/contracts/publish"), 0))
    broker.answer("POST /contracts/publish", (503, {"error": "maintenance"}, 0))
    sleeps: list[float] = []

    with pytest.raises(BrokerError, match="after 4 attempts: HTTP 503: maintenance"):
        publish(broker, pact_file, sleeps)
    assert len(broker.requests_to("POST /contracts/publish")) == 4
    assert sleeps == [0.5, 1.0, 2.0]


def test_time_outs_are_retried_then_reported(broker: FakeBroker, pact_file: Path) -> None:
    broker.answer("GET /", (200, {}, 2.0))
    sleeps: list[float] = []

    with pytest.raises(BrokerError, match=r"could not be reached .* after 2 attempts: .*timed out"):
        client(broker.url, sleeps, attempts=2).publish(Publication("Web", "1"), [PactBytes.read(pact_file)])


def test_connection_refused_is_retried_then_reported(pact_file: Path) -> None:
    sleeps: list[float] = []
    url = f"http://127.0.0.1:{free_port()}"

    with pytest.raises(
        BrokerError, match=r"could not be reached .* after 4 attempts: ConnectionError .connection refused."
    ):
        client(url, sleeps).publish(Publication("Web", "1"), [PactBytes.read(pact_file)])
    assert len(sleeps) == 3


def test_an_older_broker_gets_one_put_per_pact_and_per_tag(broker: FakeBroker, pact_file: Path) -> None:
    broker.answer("GET /", (200, index("pb:latest-version=/pacticipants/{p}/latest-version"), 0))
    broker.answer("PUT /pacts/provider/Api/consumer/Web/version/1.0.0", (201, {}, 0))
    broker.answer("PUT /pacticipants/Web/versions/1.0.0/tags/dev", (201, {}, 0))

    notices = publish(broker, pact_file, [])

    assert "the older per-pact API" in notices[0]
    (put,) = broker.requests_to("PUT /pacts/provider/Api/consumer/Web/version/1.0.0")
    assert put.body == PACT
    assert put.headers["Authorization"] == f"Bearer {TOKEN}"
    assert len(broker.requests_to("PUT /pacticipants/Web/versions/1.0.0/tags/dev")) == 1


def test_a_relation_the_index_does_not_offer_is_the_path_of_an_older_broker_filled_the_same_way(
    broker: FakeBroker,
) -> None:
    broker.answer("GET /", (200, index("pb:latest-version=/pacticipants/{p}/latest-version"), 0))
    broker.answer("PUT /pacticipants/User%20Service/branches/feat%2Fx/versions/1.0.0", (200, {}, 0))
    broker.answer("PUT /pacticipants/User%20Service/versions/1.0.0/tags/dev", (200, {}, 0))

    client(broker.url, []).record_provider_version("User Service", "1.0.0", "feat/x", ("dev",))

    assert [seen.path for seen in broker.seen if seen.method == "PUT"] == [
        "/pacticipants/User%20Service/branches/feat%2Fx/versions/1.0.0",
        "/pacticipants/User%20Service/versions/1.0.0/tags/dev",
    ]


def test_every_name_in_a_url_is_one_percent_encoded_path_segment(broker: FakeBroker) -> None:
    """Every URL comes from a template (the index's links, or the path of an older broker): a name holding
    `/`, `?`, `#`, a space or a non-ASCII letter stays one segment, encoded as RFC 6570 encodes it."""
    name = "Web/Shop ?#β"
    broker.answer("GET /pacticipants/Web%2FShop%20%3F%23%CE%B2", (200, {"mainBranch": "trunk"}, 0))

    assert client(broker.url, []).main_branch(name) == "trunk"
    assert [seen.path for seen in broker.seen] == ["/pacticipants/Web%2FShop%20%3F%23%CE%B2"]


def test_publishing_groups_by_consumer_and_sends_nothing_when_one_file_is_no_pact(
    broker: FakeBroker, pact_file: Path, tmp_path: Path
) -> None:
    broker.answer("GET /", (200, index("pb:publish-contracts=/contracts/publish"), 0))
    broker.answer("POST /contracts/publish", (200, {"notices": [{"text": "ok"}], "_links": {}}, 0))
    other = tmp_path / "Mobile-Api.json"
    other.write_text(json.dumps({**PACT, "consumer": {"name": "Mobile"}}))
    nameless = tmp_path / "nameless.json"
    nameless.write_text(json.dumps({"interactions": []}))
    sleeps: list[float] = []

    def publication_of(consumer: str) -> Publication:
        return Publication(consumer, "1.0.0")

    with pytest.raises(PactFileError, match=r"nameless\.json names no consumer and provider"):
        list(
            publish_pacts(
                client(broker.url, sleeps), [PactBytes.read(pact_file), PactBytes.read(nameless)], publication_of
            )
        )
    assert broker.seen == []

    pacts = [PactBytes.read(path) for path in (pact_file, other, pact_file)]
    published = list(publish_pacts(client(broker.url, sleeps), pacts, publication_of))

    assert [(item.publication.pacticipant, len(item.pacts), item.notices) for item in published] == [
        ("Web", 2, ("ok",)),
        ("Mobile", 1, ("ok",)),
    ]
    assert [seen.body["pacticipantName"] for seen in broker.requests_to("POST /contracts/publish")] == ["Web", "Mobile"]


def test_basic_auth_and_no_version(broker: FakeBroker, pact_file: Path) -> None:
    broker.answer("GET /", (200, index("pb:publish-contracts=/contracts/publish"), 0))
    broker.answer("POST /contracts/publish", (200, {}, 0))
    connection = BrokerConnection(broker.url, username="ci", password=Secret("pw-secret"))

    BrokerClient(connection).publish(Publication("Web", "2"), [PactBytes.read(pact_file)])
    with pytest.raises(BrokerError, match="never published without a consumer version"):
        BrokerClient(connection).publish(Publication("Web", ""), [PactBytes.read(pact_file)])

    (post,) = broker.requests_to("POST /contracts/publish")
    assert post.headers["Authorization"].startswith("Basic ")
    assert "pw-secret" not in repr(connection)


def test_can_i_deploy_retries_while_unknown(broker: FakeBroker) -> None:
    unknown = {"summary": {"deployable": None, "reason": "verification pending", "unknown": 1}, "matrix": []}
    known = {"summary": {"deployable": True, "reason": "all verified"}, "matrix": []}
    broker.answer("GET /matrix", (200, unknown, 0), (200, unknown, 0), (200, known, 0))
    sleeps: list[float] = []

    decision = client(broker.url, sleeps).can_i_deploy(
        "Web", "1", to_environment="production", retry_while_unknown=3, retry_interval=7
    )

    assert decision.deployable is True
    assert sleeps == [7, 7]
    assert "environment=production" in broker.requests_to("GET /matrix")[0].path


@pytest.mark.parametrize("deployable", ["false", "true", 1, 0, "yes", [True]])
def test_can_i_deploy_takes_only_a_boolean_verdict(broker: FakeBroker, deployable: object) -> None:
    broker.answer("GET /matrix", (200, {"summary": {"deployable": deployable, "reason": "?"}, "matrix": []}, 0))

    with pytest.raises(BrokerError, match="not true, false or null"):
        client(broker.url, []).can_i_deploy("Web", "1", to_environment="production")


def test_a_matrix_of_the_wrong_shape_is_shown_not_trusted(broker: FakeBroker) -> None:
    answer = {"summary": {"deployable": False, "reason": "no"}, "matrix": [[1], {"consumer": "x", "provider": []}]}
    broker.answer("GET /matrix", (200, answer, 0))

    decision = client(broker.url, []).can_i_deploy("Web", "1", to_environment="production")

    assert decision.deployable is False
    assert len(decision.rows) == 2


class RawBroker:
    """A loopback server that answers every connection with the same raw bytes, `drip` seconds apart each."""

    def __init__(self, raw: bytes, drip: float = 0.0) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.raw, self.drip = raw, drip
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            connection.recv(65536)
            pieces = [self.raw[i : i + 1] for i in range(len(self.raw))] if self.drip else [self.raw]
            for piece in pieces[:200]:  # bounded: at most 200 drips
                try:
                    connection.sendall(piece)
                except OSError:
                    return
                time.sleep(self.drip)

    def close(self) -> None:
        self.listener.close()


def raw_answer(status: str, content_type: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


@pytest.mark.parametrize(
    ("status", "content_type", "body", "problem"),
    [
        ("200 OK", "application/hal+json", b'{"_links": {"pb:publish-contracts": {"hr', "not with a JSON object"),
        ("200 OK", "text/html", b"<html><body>Sign in</body></html>", "not with a JSON object"),
        ("200 OK", "application/json", b'["a", "list"]', "not with a JSON object"),
        ("200 OK", "application/json", b'{"name": "a proxy, not a broker"}', "has no _links"),
    ],
)
def test_garbage_from_the_broker_is_an_error_naming_the_url_and_status(
    pact_file: Path, status: str, content_type: str, body: bytes, problem: str
) -> None:
    raw = RawBroker(raw_answer(status, content_type, body))
    try:
        with pytest.raises(BrokerError, match=problem) as raised:
            client(raw.url, []).publish(Publication("Web", "1.0.0"), [PactBytes.read(pact_file)])
    finally:
        raw.close()

    assert f"{raw.url}/" in str(raised.value)
    assert "published" not in str(raised.value).replace("nothing was taken", "")


def test_an_html_page_instead_of_a_publication_is_not_success(broker: FakeBroker, pact_file: Path) -> None:
    broker.answer("GET /", (200, index("pb:publish-contracts=/contracts/publish"), 0))
    broker.answer("POST /contracts/publish", (200, Raw("text/html", b"<html>maintenance</html>"), 0))

    with pytest.raises(BrokerError, match=r"answered POST .*/contracts/publish with 200 but not with a JSON object"):
        publish(broker, pact_file, [])


def test_a_broker_that_drips_is_cut_off_at_the_call_deadline(pact_file: Path) -> None:
    # Without the deadline the drip would hold the call for about 20 s (80 bytes, 0.25 s apart),
    # each byte well within the 5 s socket time-out.
    raw = RawBroker(raw_answer("200 OK", "application/json", b'{"_links": {}}'), drip=0.25)
    try:
        with pytest.raises(BrokerError, match=r"did not answer GET .* within 1 s"):
            client(raw.url, [], deadline=1.0, timeout=5.0).publish(Publication("Web", "1"), [PactBytes.read(pact_file)])
    finally:
        raw.close()


def test_can_i_deploy_on_the_command_line_fails_closed_on_a_string_verdict(
    broker: FakeBroker, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broker.answer("GET /matrix", (200, {"summary": {"deployable": "false", "reason": "all good?"}, "matrix": []}, 0))
    monkeypatch.setenv("PACT_BROKER_BASE_URL", broker.url)

    code = cli.main(["can-i-deploy", "--pacticipant", "Web", "--version", "1", "--to-environment", "production"])

    printed = capsys.readouterr()
    assert code != 0
    assert "Computer says yes" not in printed.out + printed.err
    assert 'deployable = "false", not true, false or null' in printed.err


@pytest.mark.parametrize(
    ("relation", "call"),
    [
        ("pb:publish-contracts", lambda client, pact: client.publish(Publication("Web", "1"), [pact])),
        (
            "pb:provider-pacts-for-verification",
            lambda client, _: client.pacts_for_verification(PactsForVerification("Api", [{"mainBranch": True}])),
        ),
        ("pb:pacticipant-version", lambda client, _: client.record_deployment("Web", "1", "production")),
        ("pb:environments", lambda client, _: client.record_undeployment("Web", "production")),
        ("pb:pacticipant-branch-version", lambda client, _: client.record_provider_version("Api", "2", "main", ())),
        ("pb:pacticipant-version-tag", lambda client, _: client.record_provider_version("Api", "2", None, ("prod",))),
    ],
)
def test_every_link_of_the_index_to_another_origin_is_refused_unsent(
    broker: FakeBroker, pact_file: Path, relation: str, call: Callable[[BrokerClient, PactBytes], object]
) -> None:
    elsewhere = FakeBroker(host="127.0.0.2")
    broker.answer("GET /", (200, index(f"{relation}=/anything", base=elsewhere.url), 0))
    try:
        with pytest.raises(BrokerError, match=r"points at another origin \(http://127\.0\.0\.2:\d+\)"):
            call(client(broker.url, []), PactBytes.read(pact_file))
    finally:
        elsewhere.close()

    assert elsewhere.seen == []
