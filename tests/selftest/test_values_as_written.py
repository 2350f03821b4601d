"""A newcomer's mistakes in values and tables, each answered at its line with a fix in the syntax they wrote.

A number or boolean in quotes is text, and refused by its own matcher with the value unquoted (never a looser
matcher); a misspelt rule word in a fields table gets the closest words as a row; an unknown word called with a
few texts gets the regex that holds them; a `|` in a cell gets `\\|`. Each is checked with `contracts-bdd check`
and real behave runs, and the pact is read back.
"""

from __future__ import annotations

import json

from behave_project import Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = CheckInApp\nprovider = FlightService\n"
PACT = "CheckInApp-FlightService.json"


def _scenario(number: int, then: str) -> str:
    return (
        f"  Scenario: S{number}\n"
        f'    When the consumer sends a GET request to "/bookings/{number}"\n'
        "    Then the provider responds with status 200\n" + then
    )


def _json(body: str) -> str:
    return f'    And the response has the JSON body:\n      """\n      {body}\n      """\n'


def _fields(*rows: str) -> str:
    return "    And the response has the fields:\n      | field | example | rule |\n" + "".join(
        f"      {row}\n" for row in rows
    )


def _body(run_project: Project) -> list[dict[str, object]]:
    pact = json.loads((run_project.root / "pacts" / PACT).read_text())
    return [interaction["response"] for interaction in pact["interactions"]]


def test_a_number_or_boolean_in_quotes_is_refused_with_the_same_matcher_unquoted(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/quoted.feature",
        "Feature: Bookings\n"
        + _scenario(1, _json('{"checkedIn": {{ boolean("false") }}}'))
        + _scenario(2, _json('{"fare": {{ decimal("9.5") }}}'))
        + _scenario(3, _json('{"bags": {{ number("3") }}}'))
        + _scenario(4, _json('{"seats": {{ integer("3") }}}'))
        + _scenario(5, _fields('| checkedIn | "false" | boolean |'))
        + _scenario(6, _fields('| count | "3" | integer |'))
        + _scenario(7, _json('{"reference": {{ integer("ABC123") }}}')),
    )

    checked = project.cli("check", "features/consumer")

    assert checked.returncode == 1, checked.stdout + checked.stderr
    lines = checked.stdout.splitlines()
    expected = [
        ("quoted.feature:7: boolean() needs true or false, not 'false': in quotes it is text", "boolean(false)"),
        ("quoted.feature:14: decimal() needs a number example", "decimal(9.5)"),
        ("quoted.feature:21: number() needs a number example", "number(3)"),
        ("quoted.feature:28: integer() needs a whole-number example", "integer(3)"),
        ("quoted.feature:35: boolean() needs true or false", "| checkedIn | false | boolean |"),
        ("quoted.feature:41: integer() needs a whole-number example", "| count | 3 | integer |"),
    ]
    for (problem, fix), line in zip(expected, lines, strict=False):
        assert problem in line and f"(write instead: {fix}" in line, checked.stdout
        assert "without quotes" in line and "string(" not in line and "like(" not in line, line
    assert 'the pact would hold the text "3"' in lines[3]
    assert "quoted.feature:47: integer() needs a whole-number example: integer(42), not 'ABC123'" in lines[6]
    assert len(lines) == 7, checked.stdout

    run = project.behave("features/consumer")

    assert run.returncode == 1
    assert run.pact_files() == []


def test_the_same_values_unquoted_write_numbers_and_booleans_into_the_pact(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/unquoted.feature",
        "Feature: Bookings\n"
        + _scenario(
            1, _json('{"checkedIn": {{ boolean(false) }}, "fare": {{ decimal(9.5) }}, "seats": {{ integer(3) }}}')
        )
        + _scenario(2, _fields("| checkedIn | false | boolean |", "| count | 3 | integer |", "| code | ABC | like |"))
        + _scenario(
            3,
            "    And the response has the headers:\n      | X-Seats | {{ integer(3) }} |\n",
        ),
    )

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    first, second, third = _body(project)
    assert first["body"]["content"] == {"checkedIn": False, "fare": 9.5, "seats": 3}  # type: ignore[index]
    assert second["body"]["content"] == {"checkedIn": False, "code": "ABC", "count": 3}  # type: ignore[index]
    rules = second["matchingRules"]["body"]  # type: ignore[index]
    assert rules["$.count"]["matchers"] == [{"match": "integer"}]
    assert rules["$.checkedIn"]["matchers"] == [{"match": "boolean"}]
    assert third["headers"]["X-Seats"] == ["3"]  # type: ignore[index]  # a header carries text


def test_a_pact_s_header_query_and_xml_numbers_render_as_numbers_not_as_recorded(project: Project) -> None:
    pact = {
        "consumer": {"name": "A"},
        "provider": {"name": "B"},
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
        "interactions": [
            {
                "description": "d",
                "request": {
                    "method": "GET",
                    "path": "/x",
                    "query": {"page": ["2"]},
                    "headers": {"X-Flag": "true"},
                    "matchingRules": {
                        "query": {"page": {"matchers": [{"match": "integer"}]}},
                        "header": {"X-Flag": {"matchers": [{"match": "boolean"}]}},
                    },
                },
                "response": {
                    "status": 200,
                    "headers": {"X-Count": "3", "Content-Type": "application/xml"},
                    "body": "<a><count>3</count><code>007</code></a>",
                    "matchingRules": {
                        "header": {"X-Count": {"matchers": [{"match": "integer"}]}},
                        "body": {
                            "$.a.count['#text']": {"matchers": [{"match": "integer"}]},
                            "$.a.code['#text']": {"matchers": [{"match": "integer"}]},
                        },
                    },
                },
            }
        ],
    }
    project.write("pacts-in/p.json", json.dumps(pact))

    rendered = project.cli("render", "pacts-in/p.json")

    assert rendered.returncode == 0, rendered.stderr
    text = rendered.stdout
    assert "| X-Flag | {{ boolean(true) }} |" in text
    assert "| page | {{ integer(2) }} |" in text
    assert "{{ integer(3) }} |" in text and "<count>{{ integer(3) }}</count>" in text
    assert '<code>{{ as_recorded(integer("007")) }}</code>' in text  # not a number as written: kept as it is


def test_a_misspelt_rule_word_gets_the_closest_words_as_a_row(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/rules.feature",
        "Feature: Bookings\n"
        + _scenario(1, _fields("| passengers[].id | 1 | integr |"))
        + _scenario(2, _fields("| reference | ABC123 | regexp [A-Z0-9]{6} |")),
    )

    checked = project.cli("check", "features/consumer")

    lines = checked.stdout.splitlines()
    assert checked.returncode == 1
    assert lines[0].startswith("features/consumer/rules.feature:7: 'integr' names no matcher or generator")
    assert "(write instead: | passengers[].id | 1 | integer |" in lines[0]
    assert lines[1].startswith("features/consumer/rules.feature:13: 'regexp [A-Z0-9]{6}' names no matcher")
    assert "(write instead: | reference | ABC123 | regex [A-Z0-9]{6} |" in lines[1]
    assert all(len(line) < 300 and "each_key_matches" not in line for line in lines), checked.stdout


def test_one_of_a_few_texts_is_answered_with_the_regex_that_holds_them_and_that_regex_runs(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/status.feature",
        "Feature: Bookings\n" + _scenario(1, _json('{"status": {{ one_of("SCHEDULED", "DELAYED") }}}')),
    )

    checked = project.cli("check", "features/consumer")

    assert checked.returncode == 1
    hint = 'regex("SCHEDULED", "^(SCHEDULED|DELAYED)$")'
    assert f"status.feature:7: 'one_of' is not a matcher (write instead: {hint}" in checked.stdout
    assert "any_of" not in checked.stdout

    project.write(
        "features/consumer/status.feature",
        "Feature: Bookings\n" + _scenario(1, _json('{"status": {{ ' + hint + " }}}")),
    )
    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    (response,) = _body(project)
    assert response["body"]["content"] == {"status": "SCHEDULED"}  # type: ignore[index]
    rule = response["matchingRules"]["body"]["$.status"]["matchers"]  # type: ignore[index]
    assert rule == [{"match": "regex", "regex": "^(SCHEDULED|DELAYED)$"}]


def test_a_pipe_in_a_cell_is_named_relative_with_its_escape_and_other_files_are_still_checked(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    pipe_row = "| status | SCHEDULED | regex SCHEDULED|DELAYED|CANCELLED |"
    project.write("features/consumer/m2.feature", "Feature: Bookings\n" + _scenario(1, _fields(pipe_row)))
    project.write(
        "features/consumer/other.feature",
        "Feature: Other\n" + _scenario(2, _json('{"id": {{ integr(1) }}}')),
    )

    checked = project.cli("check", "features/consumer")

    lines = checked.stdout.splitlines()
    assert checked.returncode == 1
    assert len(lines) == 2, checked.stdout
    assert lines[0].startswith("features/consumer/m2.feature:7: Malformed table at line 7"), lines[0]
    assert "a | inside a cell is written \\|" in lines[0] and "nothing else in it was checked" in lines[0]
    escaped = "| status | SCHEDULED | regex SCHEDULED\\|DELAYED\\|CANCELLED |"
    assert f"(write instead: {escaped})" in lines[0]
    assert str(project.root) not in checked.stdout
    assert lines[1].startswith("features/consumer/other.feature:7: 'integr' is not a matcher")
    assert "2 problem(s)" in checked.stderr

    project.write("features/consumer/m2.feature", "Feature: Bookings\n" + _scenario(1, _fields(escaped)))
    project.write("features/consumer/other.feature", "Feature: Other\n" + _scenario(2, ""))
    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    response = _body(project)[0]
    rule = response["matchingRules"]["body"]["$.status"]["matchers"]  # type: ignore[index]
    assert rule == [{"match": "regex", "regex": "SCHEDULED|DELAYED|CANCELLED"}]
