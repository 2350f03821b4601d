"""The mistakes a new user really makes, each answered at its line (or by its setting) before anything runs."""

from __future__ import annotations

from behave_project import Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Carts\n"
ONE_SCENARIO = (
    "Feature: Carts\n  Scenario: A cart\n"
    '    When the consumer sends a GET request to "/carts/1"\n    Then the provider responds with status 200\n'
)


def test_a_placeholder_no_examples_column_fills_is_named_at_its_line(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/outline.feature",
        "Feature: Carts\n  Scenario Outline: A cart in <currency>\n"
        '    When the consumer sends a GET request to "/carts/<cartId>"\n'
        "    Then the provider responds with status 200\n\n"
        "    Examples:\n      | currency |\n      | EUR      |\n",
    )

    run = project.behave("features/consumer")

    assert run.returncode == 1
    assert (
        "outline.feature:3: <cartId> is filled by no column of this outline's Examples (its columns: currency)"
        in run.output
    )
    assert "Write instead: add a | cartId | column to the Examples" in run.output
    assert "%3C" not in run.output and "panicked" not in run.output
    assert run.pact_files() == []


def test_a_header_http_cannot_carry_is_named_at_its_row(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/header.feature",
        "Feature: Carts\n  Scenario: A cart for Zoë\n"
        '    When the consumer sends a GET request to "/carts/1"\n'
        "    And the request has the headers:\n      | X-Customer | Zoë |\n"
        "    Then the provider responds with status 200\n",
    )

    run = project.behave("features/consumer")

    assert run.returncode == 1
    assert (
        "header.feature:5: the header 'X-Customer' holds 'ë', which HTTP cannot carry (header values are ASCII)"
        in run.output
    )
    assert "Write instead: percent-encode it (%C3%AB)" in run.output
    assert "UnicodeEncodeError" not in run.output
    assert run.pact_files() == []


def test_an_empty_feature_file_is_a_problem_not_a_pass(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/carts.feature", ONE_SCENARIO)
    project.write("features/consumer/empty.feature", "")

    run = project.behave("features/consumer")

    assert run.returncode == 1
    assert "features/consumer/empty.feature:1: the feature file has no scenario, so it checks nothing" in run.output
    assert run.pact_files() == []


def test_a_pact_dir_that_cannot_be_written_is_refused_before_any_scenario(project: Project) -> None:
    project.write("behave.ini", USERDATA + "pact_dir = behave.ini/pacts\n")
    project.write("features/consumer/carts.feature", ONE_SCENARIO)

    run = project.behave("features/consumer")

    assert run.returncode == 1
    assert "configuration key 'pact_dir' is 'behave.ini/pacts'" in run.output
    assert "is a file, not a folder, so no pact could be written there" in run.output
    assert "PermissionError" not in run.output and "NotADirectoryError" not in run.output
    assert "scenario passed" not in run.output


def test_a_key_that_looks_like_ours_is_refused_with_the_one_meant(project: Project) -> None:
    project.write("behave.ini", USERDATA + "Pact_Directory = contracts\n")
    project.write("features/consumer/carts.feature", ONE_SCENARIO)

    run = project.behave("features/consumer")

    assert run.returncode == 1
    assert "'Pact_Directory' is not a key contracts-bdd reads; did you mean 'pact_dir'?" in run.output
    assert run.pact_files() == [] and not (project.root / "contracts").exists()


def test_a_run_below_the_project_is_told_where_to_run_from(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/carts.feature", ONE_SCENARIO)
    below = Project.__new__(Project)
    below.root = project.root / "features"

    run = below.behave("consumer")

    assert run.returncode == 1
    assert f"behave runs in {project.root / 'features'}, below {project.root}, which holds behave.ini" in run.output
    assert f"cd {project.root} && behave features/consumer" in run.output
    assert "no consumer is named" not in run.output and "By user" not in run.output
    assert not (project.root / "features" / "pacts").exists()


def test_a_feature_file_that_is_not_utf8_is_named_at_its_line(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    (project.root / "features" / "consumer").mkdir(parents=True)
    (project.root / "features" / "consumer" / "cafe.feature").write_bytes(
        ONE_SCENARIO.replace("A cart", "Caf\xe9").encode("cp1252")
    )

    run = project.behave("features/consumer")

    assert run.returncode == 1
    assert 'Failed to parse "' in run.output and 'cafe.feature": the file is not UTF-8: byte 0xe9' in run.output
    assert "at line 2" in run.output
    assert "Traceback" not in run.output and "UnicodeDecodeError" not in run.output
    assert run.pact_files() == []


def test_a_huge_docstring_is_shortened_in_the_output_and_whole_in_the_pact(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    items = ", ".join(f'"item-{index:06d}"' for index in range(200_000))  # about 2.8 MB
    project.write(
        "features/consumer/huge.feature",
        ONE_SCENARIO
        + '    And the response has the JSON body:\n      """\n      {"items": ['
        + items
        + ']}\n      """\n',
    )

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output[-2000:]
    assert len(run.output) < 20_000
    assert "more characters are not shown here; the contract holds the whole text" in run.output
    body = run.pact("Shop-Carts.json")["interactions"][0]["response"]["body"]["content"]
    assert len(body["items"]) == 200_000 and body["items"][-1] == "item-199999"


def test_every_step_problem_of_one_scenario_is_listed(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/many.feature",
        "Feature: Carts\n  Scenario: Two mistakes\n"
        '    When the consumer sends a FETCH request to "/carts/1"\n'
        "    And the request has the headers:\n      | X-Customer | Zoë |\n"
        "    Then the provider responds with status 200\n"
        '    And the response has the JSON body:\n      """\n      {"id": {{ integer("seven") }}}\n      """\n',
    )

    run = project.behave("features/consumer")

    assert run.returncode == 1
    assert "contracts-bdd found 2 problems in 1 feature file" in run.output
    assert "many.feature:3: " in run.output and "FETCH" in run.output
    assert "many.feature:9: integer() needs a whole-number example" in run.output
    assert "comes before" not in run.output  # what only follows from the first problem is left out
