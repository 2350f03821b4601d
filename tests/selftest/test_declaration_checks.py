"""Every declaration is checked before anything runs: duplicate keys, min/max against the example,
the engine's own regex and date checks; and a generator alone in a response gets its implied rule."""

from __future__ import annotations

from behave_project import Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n"


def _feature(body: str) -> str:
    return (
        "Feature: Checks\n"
        "  Scenario: A user\n"
        '    When the consumer sends a GET request to "/users/1"\n'
        "    Then the provider responds with status 200\n"
        "    And the response has the JSON body:\n"
        '      """\n' + "".join(f"      {line}\n" for line in body.splitlines()) + '      """\n'
    )


def _refused(project: Project, body: str) -> str:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/checks.feature", _feature(body))
    run = project.behave("features/consumer")
    assert run.returncode != 0, run.output
    assert "; nothing was run or written" in run.output, run.output
    assert run.pact_files() == []
    return run.output


def test_a_duplicate_json_key_is_refused_at_its_second_line(project: Project) -> None:
    output = _refused(project, '{\n  "id": 1,\n  "name": "Alice",\n  "id": 2\n}')
    assert 'checks.feature:10: the JSON body has the key "id" twice in one object' in output
    assert 'Write instead: one "id" per object' in output


def test_like_with_a_min_its_example_breaks_is_refused_with_the_one_fix(project: Project) -> None:
    output = _refused(project, '{"tags": {{ like(["vip"], min=3) }}}')
    assert "like() has min=3 but its example shows 1 item(s), so the example breaks its own rule" in output
    assert "each_like(<one item>, min=3)" in output


def test_a_timestamp_format_pact_rust_does_not_read_is_refused_before_the_run(project: Project) -> None:
    output = _refused(
        project, '{"at": {{ timestamp("2021-09-18T12:59:54.497+10:00", format="yyyy-MM-dd\'T\'HH:mm:ss.SSSX") }}}'
    )
    assert "checks.feature:7: timestamp(): the pact engine (pact-rust) does not read" in output


def test_a_generator_alone_in_a_response_body_gets_the_rule_its_kind_implies(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/checks.feature",
        _feature('{\n  "expiresOn": {{ date_from_now("+ 1 day") }},\n  "id": {{ from_state("${id}", 13) }}\n}'),
    )

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    response = run.pact("Shop-Users.json")["interactions"][0]["response"]
    rules = response["matchingRules"]["body"]
    assert rules["$.expiresOn"]["matchers"] == [{"match": "date", "format": "yyyy-MM-dd"}]
    assert rules["$.id"]["matchers"] == [{"match": "type"}]
    assert response["generators"]["body"]["$.expiresOn"]["type"] == "Date"
