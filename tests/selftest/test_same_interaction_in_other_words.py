"""A pact rendered beside the features that wrote it runs green: two declarations are one when they write one interaction.

The same interaction (description and provider states) declared twice in different words (a
`Content-Type` header written out or left to the body step's type, a message's `contentType`
metadata likewise, a default format spelt out, `each_like("a", min=1)` or `like(["a"], min=1)`)
is one declaration. A real difference is still refused, naming the interaction, both lines and
what the pact would hold differently. Everything here is black-box: the real `contracts-bdd render`
and `contracts-bdd init`, real behave runs in temp dirs.
"""

from __future__ import annotations

import re
from pathlib import Path

from behave_project import Project

BROAD = """\
@consumer:Clinic @provider:PetRecords
Feature: Pet records, in many words
  Scenario: A pet with headers and query
    Given the provider is in the state "a pet exists" with:
      | parameter | value           |
      | id        | 7               |
      | owner     | {"name": "Ann"} |
    When the consumer sends a GET request to "/pets/${id}"
    And the request has the headers:
      | Accept  | application/json                   |
      | X-Trace | {{ regex("abc-1", "[a-z]+-\\d+") }} |
    And the request has the query:
      | status | open             |
      | page   | {{ integer(1) }} |
    Then the provider responds with status 200
    And the response has the JSON body:
      \"\"\"
      {
        "id": {{ from_state("${id}", 7) }},
        "name": {{ like("Rex") }},
        "born": {{ date("2020-01-02") }},
        "seen": {{ datetime("2024-05-01T10:00:00") }},
        "at": {{ time("10:00:00") }},
        "weight": {{ decimal(9.5) }},
        "count": {{ number(3) }},
        "ok": {{ boolean(true) }},
        "uid": {{ uuid("e2490de5-5bd3-43d5-b7c4-526e33f71304") }},
        "tags": {{ each_like("dog", min=1) }},
        "visits": {{ each_like({"on": date("2021-01-01"), "vet": like("Bo")}) }},
        "next": {{ date_from_now("+ 3 days") }},
        "ref": {{ integer(1, generate=random_integer(1, 1000)) }},
        "note": null
      }
      \"\"\"

  Scenario: A pet as fields
    When the consumer sends a GET request to "/pets/8"
    Then the provider responds with status any 2xx
    And the response has the fields:
      | field            | example    | rule                    |
      | id               | 1          | integer                 |
      | items[].sku      | A-1        | like                    |
      | tags[]           | gift       | each like, min 2        |
      | when             | 2024-01-02 | date, format yyyy-MM-dd |

  Scenario: A pet record as XML
    When the consumer sends a POST request to "/pets"
    And the request has the XML body:
      \"\"\"
      <pet id="{{ integer(1) }}"><name>{{ like("Rex") }}</name></pet>
      \"\"\"
    Then the provider responds with status 201
    And the response has a body of type "text/csv":
      \"\"\"
      a,b
      1,2
      \"\"\"

  Scenario: A form
    When the consumer sends a POST request to "/forms"
    And the request has the form body:
      | name | Rex |
      | age  | 3   |
    Then the provider responds with status 204

  Scenario: Plain text
    When the consumer sends a PUT request to "/notes/1"
    And the request has a body of type "text/plain":
      \"\"\"
      hello
      \"\"\"
    Then the provider responds with status 200
    And the response has a body of type "application/json":
      \"\"\"
      {"a": 1}
      \"\"\"
"""

EVENTS = """\
@consumer:Clinic @provider:PetEvents
Feature: Pet events
  Scenario: A pet was registered
    Given the provider is in the state "a pet exists" with:
      | parameter | value |
      | id        | 7     |
    When the provider publishes the message "a pet was registered"
    And the message has the JSON body:
      \"\"\"
      {"id": {{ integer(7) }}, "at": {{ datetime("2024-05-01T10:00:00", format="yyyy-MM-dd'T'HH:mm:ss") }}}
      \"\"\"
    And the message has the metadata:
      | topic | pets |
    Then the consumer accepts the message

  Scenario: A price request
    When the consumer sends the message "a price request"
    And the message has the JSON body:
      \"\"\"
      {"sku": {{ like("A-1") }}}
      \"\"\"
    Then the provider replies with a message
    And the reply has the JSON body:
      \"\"\"
      {"price": {{ decimal(9.5) }}}
      \"\"\"
    And the reply has the metadata:
      | kind | price |
"""


def _render_beside(project: Project) -> list[Path]:
    """Each pact of the project rendered by the real CLI into features/consumer, beside the features that wrote it."""
    rendered = []
    for pact in sorted((project.root / "pacts").glob("*.json")):
        target = project.root / "features" / "consumer" / f"rendered.{pact.stem}.feature"
        done = project.cli("render", str(pact.relative_to(project.root)), "-o", str(target.relative_to(project.root)))
        assert done.returncode == 0, done.stderr
        rendered.append(target)
    assert rendered
    return rendered


def _pacts(project: Project) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((project.root / "pacts").glob("*.json"))}


def _assert_rendered_beside_runs_green_and_writes_the_same_pacts(project: Project) -> None:
    first = project.behave("features/consumer")
    assert first.returncode == 0, first.output
    before = _pacts(project)
    _render_beside(project)

    again = project.behave("features/consumer")

    assert again.returncode == 0, again.output
    assert "declared differently" not in again.output
    assert _pacts(project) == before  # the same interactions, written once each, byte for byte


def test_the_example_s_own_pacts_rendered_beside_its_features_run_green(project: Project) -> None:
    project.copy_example()

    _assert_rendered_beside_runs_green_and_writes_the_same_pacts(project)


def test_an_init_project_s_pact_rendered_beside_its_features_runs_green(project: Project) -> None:
    made = project.cli("init", "--consumer", "ClinicApp", "--provider", "PetRecords")
    assert made.returncode == 0, made.stderr

    _assert_rendered_beside_runs_green_and_writes_the_same_pacts(project)


def test_a_broad_consumer_rendered_beside_its_features_runs_green(project: Project) -> None:
    """Headers, query, JSON, fields, XML, form, text and CSV bodies, matchers with defaults, generators,
    a status class, provider states with parameters, and messages (one-way and with a reply) with metadata."""
    project.write("behave.ini", "[behave]\nshow_timings = false\n[behave.userdata]\npact_specification = V4\n")
    project.write("features/consumer/pets.feature", BROAD)
    project.write("features/consumer/events.feature", EVENTS)

    _assert_rendered_beside_runs_green_and_writes_the_same_pacts(project)


def test_a_real_difference_beside_is_still_refused_naming_the_interaction_both_lines_and_what_differs(
    project: Project,
) -> None:
    project.write("behave.ini", "[behave]\nshow_timings = false\n[behave.userdata]\npact_specification = V4\n")
    project.write("features/consumer/pets.feature", BROAD)
    project.write("features/consumer/events.feature", EVENTS)
    assert project.behave("features/consumer").returncode == 0
    before = _pacts(project)
    events, records = _render_beside(project)  # in file-name order
    records.write_text(records.read_text().replace("responds with status 204", "responds with status 202"))
    events.write_text(events.read_text().replace("| topic       | pets", "| topic       | cats"))
    form_line = next(n for n, line in enumerate(records.read_text().splitlines(), 1) if "Scenario: A form" in line)
    event_line = next(
        n for n, line in enumerate(events.read_text().splitlines(), 1) if "Scenario: a pet was registered" in line
    )

    original_form_line = next(n for n, line in enumerate(BROAD.splitlines(), 1) if "Scenario: A form" in line)

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert re.search(
        rf"features/consumer/rendered\.Clinic-PetRecords\.feature:{form_line}: the interaction 'A form' of "
        rf"Clinic -> PetRecords is declared differently at features/consumer/pets\.feature:{original_form_line}: "
        r"the pact would hold response\.status: 202 here, 204 there;",
        run.output,
    ), run.output
    assert re.search(
        rf"features/consumer/rendered\.Clinic-PetEvents\.feature:{event_line}: the interaction 'a pet was registered' "
        r"given 'a pet exists' of Clinic -> PetEvents is declared differently at features/consumer/events\.feature:3: "
        r'the pact would hold metadata\.topic: "cats" here, "pets" there;',
        run.output,
    ), run.output
    assert run.output.count("is declared differently") == 2  # only the two changed: the others are the same
    assert _pacts(project) == before  # nothing written
