"""`contracts-bdd check` as a pre-commit gate: every line a run would stop at is named, with hints that fit.

Found by a newcomer's try (a clinic's app reading pet records): `check` said "no problems" for a line
no step reads, a request written with its method as the verb was offered `the consumer is "..."`,
a word outside quotes in a matcher got the whole list of matchers, and a malformed JSON docstring
was placed at a column of the docstring's own text.
"""

from __future__ import annotations

import subprocess

import pytest
from behave_project import ENVIRONMENT, Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = ClinicApp\nprovider = PetRecords\n"
FEATURE = "features/consumer/pets.feature"


def _check(project: Project, scenario_lines: str) -> subprocess.CompletedProcess[str]:
    project.write("behave.ini", USERDATA)
    (project.root / FEATURE).parent.mkdir(parents=True, exist_ok=True)
    (project.root / FEATURE).write_text("Feature: Pet records\n  Scenario: A pet record\n" + scenario_lines)
    return project.cli("check", "features/consumer")


def _line_of(project: Project, text: str) -> int:
    """The 1-based line of the feature file that holds `text` (read from the file, not from contracts-bdd)."""
    lines = (project.root / FEATURE).read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_a_line_no_step_reads_is_named_with_the_steps_meant(project: Project) -> None:
    checked = _check(
        project,
        '    When the consumer sends a GET request to "/pets/1"\n    Then the status is 200\n',
    )

    assert checked.returncode == 1, checked.stdout + checked.stderr
    lines = checked.stdout.splitlines()
    assert len(lines) == 1, checked.stdout
    assert lines[0].startswith(f"{FEATURE}:4: 'Then the status is 200'"), lines[0]
    assert "(write instead: Then the provider responds with status 200" in lines[0]
    assert "no problems" not in checked.stderr


def test_a_line_like_no_step_at_all_is_named_too_and_points_at_where_steps_come_from(project: Project) -> None:
    checked = _check(
        project,
        '    Given I log in at the front desk\n    When the consumer sends a GET request to "/pets/1"\n'
        "    Then the provider responds with status 200\n",
    )

    assert checked.returncode == 1, checked.stdout + checked.stderr
    lines = checked.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{FEATURE}:3: 'Given I log in at the front desk'"), lines
    assert "undefined" in lines[0] and "steps/" in lines[0]


OWN_STEPS_RE = """\
from behave import given

@given(r"the clinic has (?P<count>\\d+) pets? on file")
def pets_on_file(context, count):
    pass
"""
OWN_STEPS_PARSE = """\
from behave import step, use_step_matcher

use_step_matcher("parse")

@step('the vet "{name}" is on duty')
def vet_on_duty(context, name):
    pass
"""


def test_the_projects_own_steps_are_read_as_behave_reads_them_and_offered_when_close(project: Project) -> None:
    # environment.py sets the step matcher for the step modules, as behave's docs allow; a check that did
    # not load it would read the regular expression below as a parse pattern and report its line.
    project.write("environment.py", ENVIRONMENT + 'from behave import use_step_matcher\nuse_step_matcher("re")\n')
    project.write("steps/clinic_a.py", OWN_STEPS_RE)
    project.write("steps/clinic_b.py", OWN_STEPS_PARSE)

    checked = _check(
        project,
        '    Given the clinic has 3 pets on file\n    And the vet "Ada" is on duty\n    And the vet "Bo" is on dutty\n'
        '    When the consumer sends a GET request to "/pets/1"\n    Then the provider responds with status 200\n',
    )

    assert checked.returncode == 1, checked.stdout + checked.stderr
    lines = checked.stdout.splitlines()
    assert len(lines) == 1, checked.stdout
    assert lines[0].startswith(f"{FEATURE}:5: 'And the vet \"Bo\" is on dutty'"), lines[0]
    assert '(write instead: And the vet "Bo" is on duty)' in lines[0]


def test_the_projects_own_steps_pass_the_check(project: Project) -> None:
    project.write("environment.py", ENVIRONMENT + 'from behave import use_step_matcher\nuse_step_matcher("re")\n')
    project.write("steps/clinic_a.py", OWN_STEPS_RE)

    checked = _check(
        project,
        '    Given the clinic has 1 pet on file\n    When the consumer sends a GET request to "/pets/1"\n'
        "    Then the provider responds with status 200\n",
    )

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "1 scenario, no problems" in checked.stderr


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ('the consumer posts to "/pets"', 'the consumer sends a POST request to "/pets"'),
        ('the consumer POSTs to "/pets"', 'the consumer sends a POST request to "/pets"'),
        ('the consumer deletes "/pets/1"', 'the consumer sends a DELETE request to "/pets/1"'),
        ('the consumer sends a PUT to "/pets/1"', 'the consumer sends a PUT request to "/pets/1"'),
    ],
)
def test_a_request_written_with_its_method_is_offered_the_request_step(
    project: Project, written: str, meant: str
) -> None:
    checked = _check(project, f"    When {written}\n    Then the provider responds with status 201\n")

    assert checked.returncode == 1, checked.stdout + checked.stderr
    hint = checked.stdout.split("(write instead: ", 1)[1]
    assert hint.startswith(f"When {meant}"), checked.stdout
    assert "the consumer is" not in checked.stdout


BODY = (
    '    When the consumer sends a GET request to "/pets/1"\n    Then the provider responds with status 200\n'
    '    And the response has the JSON body:\n      """\n      {body}\n      """\n'
)


@pytest.mark.parametrize(
    ("expression", "quoted"),
    [
        ("like(Rex)", 'like("Rex")'),
        ('regex(Rex, "[A-Z][a-z]+")', 'regex("Rex", "[A-Z][a-z]+")'),
        ('each_like({"name": like(Rex)})', 'each_like({"name": like("Rex")})'),
    ],
)
def test_a_word_outside_quotes_in_a_matcher_is_told_to_go_in_quotes(
    project: Project, expression: str, quoted: str
) -> None:
    checked = _check(project, BODY.format(body=f'{{"name": {{{{ {expression} }}}}}}'))

    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert f"write instead: {{{{ {quoted} }}}}" in checked.stdout
    assert "one of the matchers" not in checked.stdout and "each_value_matches" not in checked.stdout

    fixed = (project.root / FEATURE).read_text().replace(expression, quoted)
    (project.root / FEATURE).write_text(fixed)
    assert project.cli("check", "features/consumer").returncode == 0  # what was offered is read as written


@pytest.mark.parametrize("indent", [4, 6, 10])
def test_a_malformed_json_docstring_is_placed_at_the_files_own_line_and_column(project: Project, indent: int) -> None:
    pad = " " * indent
    bad = '"name": {{ like("Rexfordia") }}, "age": 3,}'  # an expression of another length than what stands in for it
    checked = _check(
        project,
        '    When the consumer sends a GET request to "/pets/1"\n    Then the provider responds with status 200\n'
        f'    And the response has the JSON body:\n{pad}"""\n{pad}{{\n{pad}  "id": 1,\n{pad}  {bad}\n{pad}"""\n',
    )

    assert checked.returncode == 1, checked.stdout + checked.stderr
    line = _line_of(project, bad)
    text = (project.root / FEATURE).read_text().splitlines()[line - 1]
    column = text.index(",}") + 2  # the "}" where a property name was expected, counted as an editor counts
    assert checked.stdout.startswith(f"{FEATURE}:{line}: the JSON body is malformed"), checked.stdout
    assert f"(column {column})" in checked.stdout, (column, checked.stdout)


def test_a_json_error_after_a_matcher_on_its_own_first_line_is_at_the_files_column(project: Project) -> None:
    bad = '{"name": {{ like("Rex") }} "age": 3}'
    checked = _check(project, BODY.format(body=bad))

    line = _line_of(project, bad)
    text = (project.root / FEATURE).read_text().splitlines()[line - 1]
    column = text.index(' "age"') + 2  # where the comma was expected
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert checked.stdout.startswith(f"{FEATURE}:{line}: the JSON body is malformed"), checked.stdout
    assert f"(column {column})" in checked.stdout, (column, checked.stdout)


def test_a_projects_step_under_another_keyword_is_named_with_the_keyword_it_is_defined_for(project: Project) -> None:
    project.write(
        "steps/clinic.py",
        'from behave import given\n@given("the clinic has {count:d} pets on file")\ndef pets(context, count):\n    pass\n',
    )

    checked = _check(
        project,
        '    When the clinic has 2 pets on file\n    And the consumer sends a GET request to "/pets/1"\n'
        "    Then the provider responds with status 200\n",
    )

    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert checked.stdout.startswith(f"{FEATURE}:3: 'When the clinic has 2 pets on file' is a step for Given only")
    assert "(write instead: Given the clinic has 2 pets on file)" in checked.stdout
