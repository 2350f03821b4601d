"""What pact-ffi 0.5 rewrites on its way to the file is written as the feature declared it.

pact-ffi writes every `timestamp` rule as `datetime` and no transport but its mock server's `http`
(`test_corpus_round_trip.py` keeps both experiments). pact-rust reads `timestamp` and `datetime` as one
rule, but pact-jvm writes and reads `timestamp` (`{"match": "timestamp", "timestamp": format}`), and a V4
interaction's transport is what a provider verification picks its transport by. So the consumer run's
own write path puts back what the feature said, and then proves the file as always.
"""

from __future__ import annotations

import json
from typing import Any

from behave_project import Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Clock\n"

FEATURE = """@pact:V4
Feature: The clock

  @transport:https
  Scenario: The time, over https
    When the consumer sends a GET request to "/time"
    And the request has the query:
      | name  | value                                                               |
      | after | {{ timestamp("2024-05-01 13:45", format="yyyy-MM-dd HH:mm") }}       |
    And the request has the headers:
      | name  | value                                                               |
      | Since | {{ timestamp("2024-05-01 13:45:00", format="yyyy-MM-dd HH:mm:ss") }} |
    Then the provider responds with status 200
    And the response has the JSON body:
      \"\"\"
      {
        "at": {{ timestamp("2024-05-01 13:45:00", format="yyyy-MM-dd HH:mm:ss") }},
        "both": {{ all_of(timestamp("2024-05-01", format="yyyy-MM-dd"), regex("2024-05-01", "\\\\d+-\\\\d+-\\\\d+")) }},
        "iso": {{ datetime("2024-05-01T13:45:00", format="yyyy-MM-dd'T'HH:mm:ss") }}
      }
      \"\"\"

  Scenario: The time, over plain http
    When the consumer sends a GET request to "/plain"
    Then the provider responds with status 200
    And the response has the JSON body:
      \"\"\"
      {"at": {{ datetime("2024-05-01 13:45:00", format="yyyy-MM-dd HH:mm:ss") }}}
      \"\"\"
"""


def _rules(found: Any) -> list[dict[str, Any]]:
    """Every rule dict inside `found`, in order."""
    if isinstance(found, dict):
        own = [found] if "match" in found else []
        return own + [rule for item in found.values() for rule in _rules(item)]
    if isinstance(found, list):
        return [rule for item in found for rule in _rules(item)]
    return []


def test_timestamp_and_transport_are_written_as_the_feature_declares_them(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/clock.feature", FEATURE)

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    secure, plain = run.pact("Shop-Clock.json")["interactions"]
    assert secure["transport"] == "https"
    assert "transport" not in plain  # no tag: none written, as before
    request, response = secure["request"]["matchingRules"], secure["response"]["matchingRules"]
    assert _rules(request["query"]["after"]) == [{"match": "timestamp", "timestamp": "yyyy-MM-dd HH:mm"}]
    assert _rules(request["header"]["Since"]) == [{"match": "timestamp", "timestamp": "yyyy-MM-dd HH:mm:ss"}]
    body = response["body"]
    assert _rules(body["$.at"]) == [{"match": "timestamp", "timestamp": "yyyy-MM-dd HH:mm:ss"}]
    assert _rules(body["$.both"]) == [
        {"match": "timestamp", "timestamp": "yyyy-MM-dd"},
        {"match": "regex", "regex": "\\d+-\\d+-\\d+"},
    ]
    assert _rules(body["$.iso"]) == [{"match": "datetime", "format": "yyyy-MM-dd'T'HH:mm:ss"}]
    assert _rules(plain["response"]["matchingRules"]) == [{"match": "datetime", "format": "yyyy-MM-dd HH:mm:ss"}]


def test_a_format_declared_both_ways_in_one_interaction_is_left_as_pact_ffi_writes_it(project: Project) -> None:
    """Put back by its format: a format that one interaction declares as `timestamp` and as `datetime` is left as
    pact-ffi writes it (`datetime` for both, one rule to pact-rust); the other formats are put back."""
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/clock.feature",
        "@pact:V4\nFeature: The clock\n  Scenario: Two clocks\n"
        '    When the consumer sends a GET request to "/two"\n'
        "    Then the provider responds with status 200\n"
        "    And the response has the JSON body:\n"
        '      """\n'
        '      {"old": {{ timestamp("2024-05-01", format="yyyy-MM-dd") }},'
        ' "new": {{ datetime("2024-05-01", format="yyyy-MM-dd") }},'
        ' "day": {{ timestamp("01.05.2024", format="dd.MM.yyyy") }}}\n'
        '      """\n',
    )

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    (interaction,) = run.pact("Shop-Clock.json")["interactions"]
    body = interaction["response"]["matchingRules"]["body"]
    assert _rules(body["$.old"]) == [{"match": "datetime", "format": "yyyy-MM-dd"}]
    assert _rules(body["$.new"]) == [{"match": "datetime", "format": "yyyy-MM-dd"}]
    assert _rules(body["$.day"]) == [{"match": "timestamp", "timestamp": "dd.MM.yyyy"}]


def test_a_transport_outside_v4_is_refused_at_its_scenario(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/clock.feature",
        "@pact:V3\nFeature: The clock\n  @transport:https\n  Scenario: The time\n"
        '    When the consumer sends a GET request to "/time"\n'
        "    Then the provider responds with status 200\n",
    )

    run = project.behave("features/consumer")

    assert run.returncode == 1
    assert "needs pact specification V4" in run.output or "only into a V4 pact" in run.output, run.output
    assert run.pact_files() == []


def test_the_written_pact_is_pretty_json_as_pact_ffi_writes_it(project: Project) -> None:
    """The rewritten file keeps pact-ffi's layout: two-space indents, keys as pact-ffi ordered them."""
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/clock.feature", FEATURE)

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    text = (project.root / "pacts" / "Shop-Clock.json").read_text()
    document = json.loads(text)
    assert text == json.dumps(document, indent=2, ensure_ascii=False)
    assert list(document["interactions"][0]) == sorted(document["interactions"][0])


def test_a_merge_keeps_the_timestamps_and_transport_of_the_interactions_it_does_not_run(project: Project) -> None:
    """pact-ffi reads the file it merges into and writes it again, rewriting them: the merge puts them back too."""
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/clock.feature", FEATURE)
    first = project.behave("features/consumer")
    assert first.returncode == 0, first.output
    secure = first.pact("Shop-Clock.json")["interactions"][0]

    project.write("behave.ini", USERDATA + "pact_file_mode = merge\n")
    plain_only = (
        FEATURE[: FEATURE.index("  @transport:https")] + FEATURE[FEATURE.index("  Scenario: The time, over plain") :]
    )
    project.write("features/consumer/clock.feature", plain_only)
    merged = project.behave("features/consumer")

    assert merged.returncode == 0, merged.output
    kept = merged.pact("Shop-Clock.json")["interactions"]
    assert len(kept) == 2
    assert next(item for item in kept if item["request"]["path"] == "/time") == secure
