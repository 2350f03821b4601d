"""Verification results read back for the living documentation: JUnit files of provider runs, and a broker's."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest

from contracts_bdd.errors import PactFileError
from contracts_bdd.model.reports import InteractionOutcome, content_report, verification_report
from contracts_bdd.provider.sources import FetchedPact
from contracts_bdd.site.gather import broker_results
from contracts_bdd.site.junit import Known, junit_results

EXISTS = Known("OrderService", "UserService", "A user who exists", ("a user with id 1 exists",))
GONE = Known("OrderService", "UserService", "A user who does not exist", ("no user with id 42 exists",))
ODD = Known("Shop", "Users", 'It\'s "quoted" <b>bold</b>', ("state 'with' quotes",))


def suite(*cases: str, timestamp: str = "2024-05-01T10:00:00.123456") -> str:
    return f'<testsuite name="provider" timestamp="{timestamp}">{"".join(cases)}</testsuite>'


def case(name: str, inner: str = "") -> str:
    return f'<testcase classname="provider" name={quoteattr(name)}>{inner}</testcase>'


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
    folder = write(tmp_path / "reports", suite(case("Every interaction", failing)))

    results = junit_results([folder], [EXISTS, GONE])

    assert statuses(results) == {
        "A user who exists": ("failed", "BodyMismatch at $: no email"),
        "A user who does not exist": ("passed", ""),
    }
    assert {result.when for result in results} == {"2024-05-01 10:00:00"}
    assert all(result.by.endswith("TESTS-provider.xml") for result in results)


def test_a_description_with_quotes_and_markup_is_read_by_the_reports_own_line(tmp_path: Path) -> None:
    said = report(InteractionOutcome("Shop", ODD.description, ODD.states, "pending-failed", "gone"), provider="Users")
    folder = write(tmp_path, suite(case("Every interaction", f"<system-out>{escape(said)}</system-out>")))

    assert statuses(junit_results([folder], [ODD])) == {ODD.description: ("pending-failed", "gone")}


def test_a_report_for_another_provider_says_nothing_of_these(tmp_path: Path) -> None:
    said = report(InteractionOutcome("OrderService", "A user who exists", EXISTS.states, "passed"), provider="Other")
    folder = write(tmp_path, suite(case("Every interaction", f"<system-out>{escape(said)}</system-out>")))

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
    folder = write(tmp_path, suite(case("Every interaction", f"<system-out>{escape(said)}</system-out>")))
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
            case("OrderService: A user who exists", f"<system-out>{escape(said)}</system-out>"),
            case("OrderService: A user who does not exist"),
        ),
    )
    known = [dataclasses.replace(EXISTS, content=now), dataclasses.replace(GONE, content=now)]

    vouches = {result.description: result.vouches for result in junit_results([folder], known)}

    assert vouches == {EXISTS.description: True, GONE.description: False}
