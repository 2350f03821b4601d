"""Verification results read back for the living documentation: JUnit files of provider runs, and a broker's."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest

from contracts_bdd.errors import PactFileError
from contracts_bdd.model.reports import InteractionOutcome, content_report, verification_report
from contracts_bdd.provider.sources import FetchedPact
from contracts_bdd.site import junit
from contracts_bdd.site.gather import broker_results
from contracts_bdd.site.junit import Known, junit_results

EXISTS = Known("OrderService", "UserService", "A user who exists", ("a user with id 1 exists",))
GONE = Known("OrderService", "UserService", "A user who does not exist", ("no user with id 42 exists",))
ODD = Known("Shop", "Users", 'It\'s "quoted" <b>bold</b>', ("state 'with' quotes",))


def suite(*cases: str, timestamp: str = "2024-05-01T10:00:00.123456") -> str:
    return f'<testsuite name="provider" timestamp="{timestamp}">{"".join(cases)}</testsuite>'


def case(name: str, inner: str = "", out: str = "", step: str = "the interaction passes verification") -> str:
    """A case as behave's JUnit reporter writes it: its scenario and steps, then what the steps printed."""
    described = (
        f'\n@scenario.begin\n  Scenario: {name}\n    Given the provider "UserService" is running ... passed in 0.001s\n'
    )
    described += f"    Then {step} ... passed in 0.002s\n\n@scenario.end\n{'-' * 80}\n"
    captured = f"\nCaptured stdout:\n{out}\n" if out else ""
    system_out = f"<system-out>{escape(described + captured)}</system-out>"
    return f'<testcase classname="provider.users.UserService" name={quoteattr(name)}>{inner}{system_out}</testcase>'


def every(name: str, inner: str = "", out: str = "") -> str:
    """A case of a scenario that verifies every interaction at once."""
    return case(name, inner, out, step="every interaction passes verification")


def report(*outcomes: InteractionOutcome, provider: str = "UserService") -> str:
    return verification_report(provider, list(outcomes))


def write(folder: Path, text: str, name: str = "TESTS-provider.xml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    return folder


def statuses(results: list) -> dict[str, tuple[str, str]]:
    return {result.description: (result.status, result.details) for result in results}


def test_the_verification_report_in_a_case_says_each_interaction(tmp_path: Path) -> None:
    said = report(
        InteractionOutcome("OrderService", "A user who exists", EXISTS.states, "failed", "BodyMismatch at $: no email"),
        InteractionOutcome("OrderService", "A user who does not exist", GONE.states, "passed"),
    )
    failing = f"<failure message={quoteattr(said)}>{escape('ASSERT FAILED: ' + said)}</failure>"
    folder = write(tmp_path / "reports", suite(every("Every interaction", failing)))

    results = junit_results([folder], [EXISTS, GONE])

    assert statuses(results) == {
        "A user who exists": ("failed", "BodyMismatch at $: no email"),
        "A user who does not exist": ("passed", ""),
    }
    assert {result.when for result in results} == {"2024-05-01 10:00:00"}
    assert all(result.by.endswith("TESTS-provider.xml") for result in results)


def test_a_description_with_quotes_and_markup_is_read_by_the_reports_own_line(tmp_path: Path) -> None:
    said = report(InteractionOutcome("Shop", ODD.description, ODD.states, "pending-failed", "gone"), provider="Users")
    folder = write(tmp_path, suite(every("Every interaction", out=said)))

    assert statuses(junit_results([folder], [ODD])) == {ODD.description: ("pending-failed", "gone")}


def test_a_report_for_another_provider_says_nothing_of_these(tmp_path: Path) -> None:
    said = report(InteractionOutcome("OrderService", "A user who exists", EXISTS.states, "passed"), provider="Other")
    folder = write(tmp_path, suite(every("Every interaction", out=said)))

    assert junit_results([folder], [EXISTS]) == []


@pytest.mark.parametrize(
    "name",
    [
        "OrderService: A user who exists -- @1.2 the interactions in the pacts",  # behave's outline row numbering
        "OrderService: A user who exists",  # named by interaction, as issue 21 names them
        "OrderService: A user who exists (OrderService-UserService.json)",  # with its source
    ],
)
def test_a_case_per_interaction_is_read_by_its_name(tmp_path: Path, name: str) -> None:
    failing = (
        "<failure message=\"OrderService: 'A user who exists' failed verification:&#10;BodyMismatch at $\">x</failure>"
    )
    folder = write(tmp_path, suite(case(name, failing), case("OrderService: A user who does not exist -- @1.1 x")))

    assert statuses(junit_results([folder], [EXISTS, GONE])) == {
        "A user who exists": ("failed", "BodyMismatch at $"),
        "A user who does not exist": ("passed", ""),
    }


def test_a_consumers_own_cases_and_other_tests_say_nothing(tmp_path: Path) -> None:
    folder = write(tmp_path, suite(case("A user who exists"), case("OrderService: A user who exists already")))

    assert junit_results([folder], [EXISTS]) == []


def test_a_pending_case_is_pending_and_a_case_left_out_is_not_a_result(tmp_path: Path) -> None:
    pending = '<skipped message="pending, and failing:&#10;StatusMismatch: 500" />'
    left_out = '<skipped message="not verified: left out by PACT_DESCRIPTION" />'
    folder = write(
        tmp_path,
        suite(
            case("OrderService: A user who exists", pending), case("OrderService: A user who does not exist", left_out)
        ),
    )

    assert statuses(junit_results([folder], [EXISTS, GONE])) == {
        "A user who exists": ("pending-failed", "StatusMismatch: 500")
    }


def test_a_junit_file_that_declares_entities_is_refused(tmp_path: Path) -> None:
    folder = write(tmp_path, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><testsuite>&a;</testsuite>')

    with pytest.raises(PactFileError, match="declares a DOCTYPE or entities"):
        junit_results([folder], [EXISTS])


def test_a_file_that_is_not_xml_and_a_folder_that_is_missing_are_named(tmp_path: Path) -> None:
    folder = write(tmp_path / "reports", "not xml at all")

    with pytest.raises(PactFileError, match=r"TESTS-provider\.xml is not a JUnit XML file"):
        junit_results([folder], [EXISTS])
    with pytest.raises(PactFileError, match="nowhere does not exist"):
        junit_results([tmp_path / "nowhere"], [EXISTS])


PACT = {
    "consumer": {"name": "OrderService"},
    "provider": {"name": "UserService"},
    "interactions": [
        {"_id": "abc", "description": "A user who exists", "providerStates": [{"name": "a user with id 1 exists"}]},
        {"_id": "def", "description": "A user who does not exist"},
        {"_id": "ghi", "description": "A user's orders"},
    ],
}


def fetched(*, pending: bool = False) -> FetchedPact:
    return FetchedPact(PACT, "https://broker.example/pacts/1", "OrderService", "UserService", pending=pending)


def test_a_brokers_verification_result_is_read_per_interaction_by_id_or_description() -> None:
    verification = {
        "success": False,
        "providerApplicationVersion": "4.5.6",
        "verificationDate": "2024-05-01T10:00:00+00:00",
        "testResults": [
            {
                "interactionId": "abc",
                "success": False,
                "mismatches": [{"attribute": "body", "description": "no email"}],
            },
            {"interactionDescription": "A user who does not exist", "success": True},
        ],
    }

    results = broker_results(fetched(), verification)

    assert statuses(results) == {
        "A user who exists": ("failed", "body: no email"),
        "A user who does not exist": ("passed", ""),
    }
    assert {result.by for result in results} == {"the Pact Broker, provider version 4.5.6"}
    assert {result.when for result in results} == {"2024-05-01 10:00:00 UTC"}


def test_a_brokers_result_without_entries_speaks_for_every_interaction_and_a_pending_pact_is_pending() -> None:
    results = broker_results(fetched(pending=True), {"success": False, "verificationDate": "2024-05-01T10:00:00Z"})

    assert {result.status for result in results} == {"pending-failed"}
    assert len(results) == 3
    assert broker_results(fetched(), None) == []
    assert broker_results(fetched(), {"success": "yes"}) == []


def test_a_result_vouches_only_for_the_content_its_report_says_it_verified(tmp_path: Path) -> None:
    then, now = "sha256:" + "1" * 64, "sha256:" + "2" * 64
    outcomes = [
        InteractionOutcome("OrderService", EXISTS.description, EXISTS.states, "passed", content=now),
        InteractionOutcome("OrderService", GONE.description, GONE.states, "passed", content=then),
    ]
    said = report(*outcomes) + "\n" + content_report("UserService", outcomes)
    folder = write(tmp_path, suite(every("Every interaction", out=said)))
    known = [dataclasses.replace(EXISTS, content=now), dataclasses.replace(GONE, content=now)]

    results = {result.description: result for result in junit_results([folder], known)}

    assert (results[EXISTS.description].content, results[EXISTS.description].vouches) == (now, True)
    assert (results[GONE.description].content, results[GONE.description].vouches) == (then, False)


def test_a_case_per_interaction_vouches_by_its_own_output_and_a_report_without_digests_for_nothing(
    tmp_path: Path,
) -> None:
    now = "sha256:" + "3" * 64
    said = content_report(
        "UserService", [InteractionOutcome("OrderService", EXISTS.description, EXISTS.states, "passed", content=now)]
    )
    folder = write(
        tmp_path,
        suite(
            case("OrderService: A user who exists", out=said),
            case("OrderService: A user who does not exist"),
        ),
    )
    known = [dataclasses.replace(EXISTS, content=now), dataclasses.replace(GONE, content=now)]

    vouches = {result.description: result.vouches for result in junit_results([folder], known)}

    assert vouches == {EXISTS.description: True, GONE.description: False}


# Attacked again (issue 22): inputs that are not regular files, a DTD in another encoding, reports outside the provider's cases.


def test_a_results_file_that_is_not_a_regular_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    endless = tmp_path / "endless"
    endless.mkdir()
    (endless / "zero.xml").symlink_to("/dev/zero")  # st_size 0, and never ends
    piped = tmp_path / "piped"
    piped.mkdir()
    os.mkfifo(piped / "pipe.xml")  # no writer: opening it for reading would wait forever

    with pytest.raises(PactFileError, match=r"zero\.xml is not a regular file"):
        junit_results([endless], [EXISTS])
    with pytest.raises(PactFileError, match=r"pipe\.xml is not a regular file"):
        junit_results([piped], [EXISTS])
    with pytest.raises(PactFileError, match=r"pipe\.xml is not a regular file"):
        junit_results([piped / "pipe.xml"], [EXISTS])  # named itself, not "does not exist"


def test_a_file_is_bounded_by_the_bytes_read_not_by_the_size_it_states(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status = Path("/proc/self/status")  # a regular file whose stated size is 0, though it holds more than 200 bytes
    assert status.stat().st_size == 0 and len(status.read_bytes()) > 200
    tmp_path.joinpath("grows.xml").symlink_to(status)
    monkeypatch.setattr(junit, "MAX_JUNIT_BYTES", 200)

    with pytest.raises(PactFileError, match=r"grows\.xml is more than the 200 bytes a JUnit file is read up to"):
        junit_results([tmp_path], [EXISTS])


def test_the_files_of_a_folder_together_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TESTS-a.xml", "TESTS-b.xml", "TESTS-c.xml"):
        write(tmp_path, suite(case("OrderService: A user who exists")), name)
    size = (tmp_path / "TESTS-a.xml").stat().st_size
    monkeypatch.setattr(junit, "MAX_JUNIT_TOTAL_BYTES", 2 * size + 1)

    with pytest.raises(
        PactFileError, match=rf"TESTS-c\.xml: the JUnit files read come to more than {2 * size + 1} bytes"
    ):
        junit_results([tmp_path], [EXISTS])
    monkeypatch.setattr(junit, "MAX_JUNIT_TOTAL_BYTES", 3 * size)
    assert len(junit_results([tmp_path], [EXISTS])) == 3


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8"])
def test_a_dtd_is_refused_by_the_parser_whatever_the_encoding(tmp_path: Path, encoding: str) -> None:
    text = (
        f'<?xml version="1.0" encoding="{encoding[:6].upper()}"?>'
        '<!DOCTYPE testsuite [<!ENTITY n "OrderService: A user who exists">]>'
        '<testsuite name="b" timestamp="2026-12-07T12:00:00"><testcase name="&n;"/></testsuite>'
    )
    body = text.encode(encoding)
    if encoding == "utf-16-be":
        body = b"\xfe\xff" + body
    (tmp_path / "TESTS-bomb.xml").write_bytes(body)

    with pytest.raises(PactFileError, match=r"TESTS-bomb\.xml declares a DOCTYPE or entities"):
        junit_results([tmp_path], [EXISTS])


def test_a_doctype_without_entities_is_refused_too(tmp_path: Path) -> None:
    write(tmp_path, '<?xml version="1.0"?><!DOCTYPE testsuite SYSTEM "http://127.0.0.1:9/x.dtd"><testsuite/>')

    with pytest.raises(PactFileError, match=r"TESTS-provider\.xml declares a DOCTYPE or entities"):
        junit_results([tmp_path], [EXISTS])


def test_a_report_outside_the_providers_verification_cases_says_nothing(tmp_path: Path) -> None:
    now = "sha256:" + "4" * 64
    outcome = InteractionOutcome("OrderService", EXISTS.description, EXISTS.states, "passed", content=now)
    said = report(outcome) + "\n" + content_report("UserService", [outcome])
    unit_test = (  # another tool's case: its output only
        '<testcase classname="consumer.unit" name="some unrelated consumer unit test">'
        f"<system-out>{escape(said)}</system-out></testcase>"
    )
    other_scenario = case("Some other scenario", out=said, step="the order is shown")  # a scenario, not a verification
    named_elsewhere = (  # named by the interaction, but not a behave scenario of the provider's steps
        f'<testcase classname="consumer.unit" name="OrderService: A user who exists">'
        f"<system-out>{escape(content_report('UserService', [outcome]))}</system-out></testcase>"
    )
    folder = write(tmp_path, suite(unit_test, other_scenario, named_elsewhere))

    assert junit_results([folder], [dataclasses.replace(EXISTS, content=now)]) == []


def test_the_verification_step_is_known_in_any_language(tmp_path: Path) -> None:
    now = "sha256:" + "5" * 64
    outcome = InteractionOutcome("OrderService", EXISTS.description, EXISTS.states, "passed", content=now)
    said = report(outcome) + "\n" + content_report("UserService", [outcome])
    french = case("Tout", out=said).replace("Then the interaction", "Alors every interaction")
    unknown_keyword = case("Tout", out=said).replace("Then the interaction", "Then not every interaction")
    folder = write(tmp_path / "fr", suite(french))
    write(tmp_path / "other", suite(unknown_keyword))

    (result,) = junit_results([folder], [dataclasses.replace(EXISTS, content=now)])
    assert (result.status, result.vouches) == ("passed", True)
    assert junit_results([tmp_path / "other"], [dataclasses.replace(EXISTS, content=now)]) == []
