"""The world's pacts, exactly: every real pact renders, runs and reads back as it was, and verifies both ways.

The 12 pacts of ../shared/interop/pacts and the 60 of its corpus/ (written by pact-js, pact-jvm,
PactNet, pact-go, pact-ruby, the Rust core, pact-php, pact-python, pact4s and the pactflow examples;
corpus/SOURCES.md says where each comes from) go through `contracts-bdd render`, then one behave
run per batch of features (a batch holds each consumer-provider pair once), and the pact each run
writes is compared with the original by `pact_equivalence`, a judge written apart from contracts-bdd,
interaction by interaction.

Both ways: plain pact-python's `Verifier` verifies the original against `pact stub` serving the
round trip, and the round trip against a stub serving the original. Some originals do not verify
against a stub serving themselves (their own example breaks their own rule, as pact-rust reads it);
the control run says which, and the round trip must verify exactly as the original does.

An interaction that does not come back exactly names its reason in `LIMITS`: a measured limit of
pact-ffi 0.5, kept below as the experiment that shows it (`test_limit_*`), or a plugin. Skipped,
saying why, where ../shared is not beside the clone.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from behave_project import BEHAVE_TIMEOUT, Project
from both_ways import PactFront, StubRefused, verify
from pact_equivalence import Comparison, compare, raw_interactions
from tests_support import REPO

from contracts_bdd.errors import PactFileError
from contracts_bdd.pact.engine_checks import engine_accepts
from contracts_bdd.render.feature import render_file

INTEROP = REPO.parent / "shared" / "interop"
SOURCES = [*sorted((INTEROP / "pacts").glob("*.json")), *sorted((INTEROP / "pacts" / "corpus").glob("*.json"))]
ROUND_TRIP_DOC = REPO / "docs" / "round-trip.md"

pytestmark = pytest.mark.skipif(
    not (INTEROP / "pacts" / "corpus").is_dir(), reason="../shared/interop (the pact corpus) is not beside this clone"
)

# -- what cannot come back, and why --------------------------------------------------------------------
PLUGIN = "plugin"
DUPLICATE = "duplicate"
INCLUDE_WITHOUT_VALUE = "include_without_value"
XML_CONTENT_TYPE = "xml_content_type"
MULTIPART_LF = "multipart_lf"
MULTIPART_SNIFF = "multipart_sniff"
INVALID_REGEX = "invalid_regex"

REASONS = {
    PLUGIN: "an interaction of a plugin, which pact-ffi would download to run; render names it and leaves it out",
    DUPLICATE: "pact-ffi 0.5 keeps one of two identical interactions",
    INCLUDE_WITHOUT_VALUE: "pact-ffi 0.5 cannot load an include rule without its value (pact-rust refuses the file)",
    XML_CONTENT_TYPE: "pact-ffi 0.5's mock server cannot apply a contentType rule to an XML body",
    MULTIPART_LF: "pact-ffi 0.5 cannot read a multipart body whose lines end in LF",
    INVALID_REGEX: "a regex pact-ffi 0.5 cannot compile (pactffi_check_regex refuses it): no provider passes it",
    MULTIPART_SNIFF: "pact-ffi 0.5 sniffs a multipart part's bytes against its contentType rule (a JPEG is no octet-stream)",
}
LIMITS: dict[str, dict[int, str]] = {
    "php__jsonConsumer-jsonProvider.json": {3: DUPLICATE},
    "jvm__junit5__XMLConsumer2-XMLProvider.json": {0: XML_CONTENT_TYPE},
    "jvm__spring__multipart-pact.json": {0: MULTIPART_LF},
    "net__samples__consumer-dotnet-provider.messaging-dotnet.json": {0: INCLUDE_WITHOUT_VALUE},
    "net__tests__v3-server-integration-MultipartFormDataBody.json": {0: MULTIPART_SNIFF},
    "rust__compat-suite__pact-broker_c1.json": {1: INVALID_REGEX},
    "php__protobuf-async-message__protobufAsyncMessageConsumer-protobufAsyncMessageProvider.json": {0: PLUGIN},
    "rust__pact_ffi__missing-plugin-pact.json": {0: PLUGIN, 1: PLUGIN},
}
"""The interactions that do not come back exactly, by file and index, with the limit each one hits."""


# -- the round trip, done once for the module ---------------------------------------------------------
@dataclass
class RoundTrip:
    """One file: the feature rendered from it, the pact its run wrote, and how the two compare."""

    source: Path
    feature: str
    project: Path
    written: Path | None = None
    comparison: Comparison | None = None
    both_ways: dict[str, dict[tuple[str, tuple[str, ...]], tuple[bool, str]]] = field(default_factory=dict)

    @property
    def log(self) -> str:
        return (self.project / "behave.log").read_text() if (self.project / "behave.log").exists() else ""


def _pair(path: Path) -> tuple[str, str]:
    document = json.loads(path.read_text())
    return document["consumer"]["name"], document["provider"]["name"]


def _batches(sources: list[Path]) -> list[list[Path]]:
    """The files in batches that hold each consumer-provider pair once (a run writes one pact per pair)."""
    batches: list[list[Path]] = []
    for source in sources:
        pair = _pair(source)
        for batch in batches:
            if pair not in {_pair(other) for other in batch}:
                batch.append(source)
                break
        else:
            batches.append([source])
    return batches


def _run_all(projects: list[Project]) -> None:
    """One behave run per project, two at a time (the machine has two cores); each one's output in behave.log."""
    for start in range(0, len(projects), 2):
        running = []
        for project in projects[start : start + 2]:
            with (project.root / "behave.log").open("w") as log:
                running.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "behave", "--no-color", "-f", "plain", "features/consumer"],
                        cwd=project.root,
                        env=project.environment(),
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
        for process in running:
            process.wait(BEHAVE_TIMEOUT)


def _has_plugin(source: Path) -> bool:
    return any(kind == "plugin" for kind, _ in raw_interactions(json.loads(source.read_text())))


@pytest.fixture(scope="module")
def round_trips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RoundTrip]:
    found: dict[str, RoundTrip] = {}
    batches = _batches(SOURCES)
    for number, batch in enumerate(batches):
        project = Project(tmp_path_factory.mktemp(f"batch{number}"))
        for source in batch:
            try:
                feature = render_file(source, judge=engine_accepts)
            except PactFileError as refused:  # a pact of plugins only: render names them and writes nothing
                found[source.name] = RoundTrip(source, str(refused), project.root)
                continue
            project.write(f"features/consumer/{re.sub(r'[^A-Za-z0-9_.-]', '_', source.stem)}.feature", feature)
            found[source.name] = RoundTrip(source, feature, project.root)
    _run_all([Project(found[batch[0].name].project) for batch in batches])
    for trip in found.values():
        consumer, provider = _pair(trip.source)
        written = trip.project / "pacts" / f"{consumer}-{provider}.json"
        trip.written = written if written.exists() else None
        original = json.loads(trip.source.read_text())
        trip.comparison = compare(original, json.loads(written.read_text()) if written.exists() else _empty(original))
    return found


def _empty(original: dict[str, Any]) -> dict[str, Any]:
    return {"consumer": original["consumer"], "provider": original["provider"], "interactions": []}


@pytest.fixture(scope="module")
def verified(round_trips: dict[str, RoundTrip], tmp_path_factory: pytest.TempPathFactory) -> dict[str, RoundTrip]:
    """Each file verified three ways: the original against itself (the control), and both ways."""
    folder = tmp_path_factory.mktemp("stubs")

    def three_ways(trip: RoundTrip) -> None:
        if trip.written is None or _has_plugin(trip.source):
            return  # a plugin's pact would make pact-ffi download it: never verified here
        for label, checked, served in (
            ("control", trip.source, trip.source),
            ("original against round trip", trip.source, trip.written),
            ("round trip against original", trip.written, trip.source),
        ):
            try:
                with PactFront(served, folder) as front:
                    trip.both_ways[label] = verify(checked, front)
            except StubRefused as refused:
                trip.both_ways[label] = {("*", ()): (False, f"pact stub refused the pact: {refused}")}

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(three_ways, round_trips.values()))
    return round_trips


# -- the round trip ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.name)
def test_a_real_pact_comes_back_exactly(round_trips: dict[str, RoundTrip], source: Path) -> None:
    trip = round_trips[source.name]
    assert trip.comparison is not None
    limits = LIMITS.get(source.name, {})
    expected = [index for index in range(trip.comparison.total) if index not in limits]
    assert trip.comparison.exact == expected, f"{trip.comparison.report()}\n\n{trip.feature}\n{trip.log[-3000:]}"


@pytest.mark.parametrize("source", [path for path in SOURCES if path.name in LIMITS], ids=lambda path: path.name)
def test_what_does_not_come_back_is_what_its_limit_says(round_trips: dict[str, RoundTrip], source: Path) -> None:
    """Each listed interaction differs in the way its limit says, and in no other way."""
    trip = round_trips[source.name]
    assert trip.comparison is not None
    for index, limit in LIMITS[source.name].items():
        problems = trip.comparison.by_interaction[index]
        if limit == PLUGIN:
            assert problems == ["missing from the round trip"]
            assert f"{trip.comparison.descriptions[index]!r} left out: it is written by the plugin" in trip.feature
        elif limit == INVALID_REGEX:  # render names it and leaves it out; the vocabulary refuses it, recorded or not
            assert problems and all(".regex: expected" in problem for problem in problems), problems
            assert "is not a valid regular expression" in trip.feature
        elif limit == DUPLICATE:
            assert problems == ["missing from the round trip"]
        else:  # the consumer run itself cannot pass: pact-ffi refuses the recorded request or rule
            assert problems == ["missing from the round trip"]
            assert "no pact written for" in trip.log or "Unable to set matching rules" in trip.log, trip.log[-2000:]


def test_every_limit_names_its_experiment() -> None:
    experiments = {name.removeprefix("test_limit_") for name in globals() if name.startswith("test_limit_")}
    used = {limit for limits in LIMITS.values() for limit in limits.values()}
    assert used <= set(REASONS)
    assert used - {PLUGIN} <= experiments, sorted(used - {PLUGIN} - experiments)


def figures(round_trips: dict[str, RoundTrip]) -> dict[str, int]:
    total = sum(trip.comparison.total for trip in round_trips.values() if trip.comparison)
    exact = sum(len(trip.comparison.exact) for trip in round_trips.values() if trip.comparison)
    plugins = sum(
        kind == "plugin"
        for trip in round_trips.values()
        for kind, _ in raw_interactions(json.loads(trip.source.read_text()))
    )
    return {"total": total, "exact": exact, "plugins": plugins}


def test_the_figure_in_docs_is_the_measured_one(round_trips: dict[str, RoundTrip]) -> None:
    measured = figures(round_trips)
    written = ROUND_TRIP_DOC.read_text()
    share = round(100 * measured["exact"] / measured["total"])
    assert f"**{measured['exact']} of {measured['total']} interactions ({share}%) come back exactly**" in written
    without = measured["total"] - measured["plugins"]
    assert f"{measured['exact']} of the {without} that use no plugin" in written
    assert measured["total"] == 139


# -- both ways --------------------------------------------------------------------------------------------
VERIFIED = [path for path in SOURCES if path.name not in LIMITS or set(LIMITS[path.name].values()) <= {INVALID_REGEX}]


@pytest.mark.parametrize("source", VERIFIED, ids=lambda path: path.name)
def test_a_real_pact_and_its_round_trip_verify_each_other(verified: dict[str, RoundTrip], source: Path) -> None:
    """The verifier cannot tell the round trip from the original: each verifies against the other's stub exactly as
    the original verifies against its own (some originals break their own rules, as pact-rust reads them)."""
    trip = verified[source.name]
    control = trip.both_ways.get("control")
    assert control is not None, trip.log[-2000:]
    assert trip.comparison is not None
    limited = {trip.comparison.descriptions[index] for index in LIMITS.get(source.name, {})}
    for direction in ("original against round trip", "round trip against original"):
        outcomes = trip.both_ways[direction]
        assert sorted(outcomes) == sorted(control), direction
        for key, (passed, details) in outcomes.items():
            if key[0] in limited:
                continue  # its limit says why it differs (a rule no provider passes, left out)
            assert passed == control[key][0], f"{direction} {key}: {details}\ncontrol: {control[key][1]}"


def both_ways_by_index(trip: RoundTrip) -> dict[int, tuple[bool, bool, bool]]:
    """For each interaction of the original: (it verifies against its own stub, it verifies both ways, each way
    gives what the original gives against its own stub)."""
    found = {}
    for index, (_, raw) in enumerate(raw_interactions(json.loads(trip.source.read_text()))):
        named = raw.get("providerState") or raw.get("provider_state")
        states = tuple(str(state.get("name")) for state in raw.get("providerStates") or []) or (
            (str(named),) if named else ()
        )
        key = (str(raw.get("description")), states)
        if key not in trip.both_ways["control"]:
            key = ("*", ())  # pact stub, or the verifier, would not load the pact at all
        alone = trip.both_ways["control"].get(key, (False, ""))[0]
        ways = [trip.both_ways[direction].get(key, (False, ""))[0] for direction in DIRECTIONS]
        found[index] = (alone, all(ways), all(way == alone for way in ways))
    return found


DIRECTIONS = ("original against round trip", "round trip against original")


def test_the_both_ways_figures_in_docs_are_the_measured_ones(verified: dict[str, RoundTrip]) -> None:
    """Two counts: strictly (both ways pass), and as the original (each way passes or fails as the original does
    against a stub serving itself). The done-when figure is the second, exact as well; both are in the docs."""
    outcomes = [
        (index in trip.comparison.exact, alone, both, as_original)
        for trip in verified.values()
        if trip.both_ways and trip.comparison is not None
        for index, (alone, both, as_original) in both_ways_by_index(trip).items()
    ]
    measured = figures(verified)
    written = ROUND_TRIP_DOC.read_text()
    both = sum(verifies for _, _, verifies, _ in outcomes)
    exact_and_both = sum(exact and verifies for exact, _, verifies, _ in outcomes)
    exact_as_original = sum(exact and same for exact, _, _, same in outcomes)
    failing_alone = sum(not alone for _, alone, _, _ in outcomes)
    without = measured["total"] - measured["plugins"]
    shown = (
        f"measured: {both} both ways, {exact_and_both} exact and both ways, {exact_as_original} exact and as the "
        f"original, {failing_alone} failing alone"
    )
    share = round(100 * exact_as_original / measured["total"])
    share_without = round(100 * exact_as_original / without)
    assert (
        f"**{exact_as_original} of {measured['total']} ({share}%) come back exactly and verify both ways as their "
        f"original does**: {exact_as_original} of the {without} that use no plugin ({share_without}%)"
    ) in written, shown
    assert f"**{both} verify both ways**" in written, shown
    assert f"**{exact_and_both} of {measured['total']} come back exactly and verify both ways**" in written, shown
    assert f"{failing_alone} interactions do not verify against a stub serving their own original" in written, shown
    assert all(verifies <= alone for _, alone, verifies, _ in outcomes)  # nothing verifies that its original does not
    assert 100 * exact_as_original >= 95 * without, shown  # the done-when: plugins are the one named exception


# -- the limits of pact-ffi 0.5, measured -------------------------------------------------------------------
# Each experiment declares with plain pact-python what a pact of the corpus holds, and shows what pact-ffi
# 0.5 does with it. Were pact-ffi to change, the experiment fails, and the limit goes from LIMITS.
def _pact(specification: str = "V4") -> Any:
    from pact import Pact  # noqa: PLC0415 - only the experiments declare on pact-python directly

    return Pact("Experiment", "Provider").with_specification(specification)


def _written(pact: Any, folder: Path) -> dict[str, Any]:
    pact.write_file(folder, overwrite=True)
    return json.loads((folder / "Experiment-Provider.json").read_text())


# -- what pact-ffi 0.5 rewrites, measured: the consumer run puts it back as declared (contracts_bdd.pact.as_declared) --
def test_pact_ffi_writes_a_timestamp_rule_as_datetime(tmp_path: Path) -> None:
    """pact-ffi 0.5 writes a timestamp rule as datetime, given the rule or matcher JSON, in every version."""
    for version in ("V2", "V3", "V4"):
        pact = _pact(version)
        exchange = pact.upon_receiving("x").with_request("POST", "/")
        exchange.with_body(
            json.dumps({"a": {"pact:matcher:type": "timestamp", "format": "yyyy", "value": "2020"}, "b": "2020"}),
            "application/json",
            "Request",
        )
        exchange.with_matching_rules({"body": {"$.b": {"matchers": [{"match": "timestamp", "timestamp": "yyyy"}]}}})
        exchange.will_respond_with(200)
        text = json.dumps(_written(pact, tmp_path)["interactions"][0]["request"]["matchingRules"])
        assert '"match": "timestamp"' not in text
        assert text.count('"match": "datetime"') == 2, text


def test_pact_ffi_writes_no_transport_but_http(tmp_path: Path) -> None:
    """A pact handle writes no transport; a mock server writes its own, `http`, even when it serves https."""
    pact = _pact()
    pact.upon_receiving("x").with_request("GET", "/").will_respond_with(200)
    assert "transport" not in _written(pact, tmp_path)["interactions"][0]
    secure = _pact()
    secure.upon_receiving("y").with_request("GET", "/").will_respond_with(200)
    with secure.serve(transport="https", raises=False, verbose=False) as server:
        assert server.url.scheme == "https"
        server.write_file(tmp_path, overwrite=True)
    (written,) = json.loads((tmp_path / "Experiment-Provider.json").read_text())["interactions"]
    assert written["transport"] == "http"


def test_limit_duplicate(tmp_path: Path) -> None:
    """Two identical interactions, declared on one pact or written by two, come out as one."""
    for index in range(2):
        pact = _pact("V3")
        pact.upon_receiving("x").given("s").with_request("GET", "/").will_respond_with(200)
        pact.write_file(tmp_path, overwrite=index == 0)
    assert len(json.loads((tmp_path / "Experiment-Provider.json").read_text())["interactions"]) == 1


def test_limit_include_without_value() -> None:
    """pact-ffi refuses an include rule that has no value (the dotnet sample writes one)."""
    pact = _pact("V3")
    exchange = pact.upon_receiving("x").with_request("GET", "/").will_respond_with(200)
    with pytest.raises(RuntimeError, match="Unable to set matching rules"):
        exchange.with_matching_rules({"body": {"$.a": {"matchers": [{"match": "include"}]}}}, "Response")


def test_limit_invalid_regex() -> None:
    """The broker pact's `.(*...)$`: pact-ffi's own regex check refuses it, so no provider's value can match it."""
    from pact_ffi import lib  # noqa: PLC0415

    pattern = b".(*\\/pacts\\/provider\\/p\\/for-verification)$"
    assert not lib.pactffi_check_regex(pattern, b"http://localhost:9876/pacts/provider/p/for-verification")
    assert lib.pactffi_check_regex(pattern.replace(b".(*", b".*("), b"http://x/pacts/provider/p/for-verification")


def _mock_answer(pact: Any, body: bytes, content_type: str) -> int:
    with pact.serve(raises=False, verbose=False) as server:
        answer = requests.post(f"{server.url}/", data=body, headers={"Content-Type": content_type}, timeout=10)
    return answer.status_code


def test_limit_xml_content_type() -> None:
    """pact-ffi's mock server refuses the very XML body a contentType rule on it was declared with."""
    pact = _pact("V3")
    exchange = pact.upon_receiving("x").with_request("POST", "/")
    exchange.with_body("<example>foo</example>", "application/xml", "Request")
    exchange.with_matching_rules(
        {"body": {"$": {"matchers": [{"match": "contentType", "value": "application/xml"}]}}}, "Request"
    )
    exchange.will_respond_with(200)
    assert _mock_answer(pact, b"<example>foo</example>", "application/xml") == 500


def _multipart(line_end: bytes, content_type: str, data: bytes) -> bytes:
    return line_end.join(
        [
            b"--b0undary",
            b'Content-Disposition: form-data; name="file"; filename="f"',
            b"Content-Type: " + content_type.encode(),
            b"",
            data,
            b"--b0undary--",
            b"",
        ]
    )


def test_limit_multipart_lf() -> None:
    """pact-ffi's mock server cannot read a multipart body whose lines end in LF, so none meets it."""
    body = _multipart(b"\n", "text/plain", b"hello")
    pact = _pact("V3")
    exchange = pact.upon_receiving("x").with_request("POST", "/")
    exchange.with_binary_body(body, "multipart/form-data; boundary=b0undary", "Request")
    exchange.will_respond_with(201)
    assert _mock_answer(pact, body, "multipart/form-data; boundary=b0undary") == 500
    crlf = _multipart(b"\r\n", "text/plain", b"hello")
    control = _pact("V3")
    same = control.upon_receiving("x").with_request("POST", "/")
    same.with_binary_body(crlf, "multipart/form-data; boundary=b0undary", "Request")
    same.will_respond_with(201)
    assert _mock_answer(control, crlf, "multipart/form-data; boundary=b0undary") == 201


def test_limit_multipart_sniff() -> None:
    """A JPEG part under a contentType rule of application/octet-stream: pact-ffi sniffs image/jpeg, and refuses."""
    jpeg = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
    body = _multipart(b"\r\n", "image/jpeg", jpeg)
    pact = _pact("V3")
    exchange = pact.upon_receiving("x").with_request("POST", "/")
    exchange.with_binary_body(body, "multipart/form-data; boundary=b0undary", "Request")
    exchange.with_matching_rules(
        {"body": {"$.file": {"matchers": [{"match": "contentType", "value": "application/octet-stream"}]}}}, "Request"
    )
    exchange.will_respond_with(201)
    assert _mock_answer(pact, body, "multipart/form-data; boundary=b0undary") == 500


# -- what pact-ffi 0.5 always writes, measured: the judge forgives these, and only these ------------------------
def test_pact_ffi_adds_a_content_type_header_to_a_body_and_writes_no_empty_key(tmp_path: Path) -> None:
    pact = _pact()
    exchange = pact.upon_receiving("x").with_request("GET", "/")
    exchange.set_key("")
    exchange.will_respond_with(200).with_body('{"a": 1}', "application/json", "Response")
    (interaction,) = _written(pact, tmp_path)["interactions"]
    assert interaction["response"]["headers"] == {"Content-Type": ["application/json"]}
    assert "key" not in interaction


def test_pact_ffi_writes_a_message_s_content_type_into_its_metadata(tmp_path: Path) -> None:
    pact = _pact("V3")
    pact.upon_receiving("m", "Async").with_body('{"a": 1}', "application/json")
    (message,) = _written(pact, tmp_path)["messages"]
    assert message["metadata"] == {"contentType": "application/json"}


def test_the_regex_of_pact_ffi_0_5_is_a_whole_match() -> None:
    """Why a Ruby-era pact's own examples (`application\\/json` for `application/json; charset=utf-8`) break
    its rules under pact-rust, so its control run fails and render marks them `as_recorded(...)`."""
    from pact_ffi import lib  # noqa: PLC0415

    assert lib.pactffi_check_regex(b"application\\/json", b"application/json")
    assert not lib.pactffi_check_regex(b"application\\/json", b"application/json; charset=utf-8")
    assert not lib.pactffi_check_regex(b"Type", b"Type 100")
