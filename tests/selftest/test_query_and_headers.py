"""Several values for one query parameter or header, a parameter with no value, and rules Pact keeps per name."""

from __future__ import annotations

from behave_project import Project

USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Users\n"

MANY_VALUES = """\
Feature: Several values
  Scenario: Pages by list rule
    When the consumer sends a GET request to "/pages"
    And the request has the query:
      | page | {{ each_value_matches(["1", "22"], regex("1", "\\\\d+")) }} |
      | flag | {{ null }}                                                |
    Then the provider responds with status 200

  Scenario: Languages on two header lines
    When the consumer sends a GET request to "/greetings"
    And the request has the headers:
      | X-Lang | {{ regex("Go", "[A-Z][a-z]+") }} |
      | X-Lang | {{ regex("Py", "[A-Z][a-z]+") }} |
    Then the provider responds with status 200
"""


def test_list_values_go_one_by_one_and_a_bare_parameter_has_no_value(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/many.feature", MANY_VALUES)

    run = project.behave("features/consumer")

    assert run.returncode == 0, run.output
    by_description = {item["description"]: item["request"] for item in run.pact("Shop-Users.json")["interactions"]}
    pages = by_description["Pages by list rule"]
    assert pages["query"] == {"page": ["1", "22"], "flag": [None]}
    assert pages["matchingRules"]["query"]["page"]["matchers"][0]["match"] == "eachValue"
    greetings = by_description["Languages on two header lines"]
    assert greetings["headers"] == {"X-Lang": ["Go", "Py"]}
    assert greetings["matchingRules"]["header"]["X-Lang"]["matchers"] == [{"match": "regex", "regex": "[A-Z][a-z]+"}]


def test_rows_of_one_name_with_different_rules_are_refused_at_their_line(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/mixed.feature",
        """\
        Feature: Mixed
          Scenario: One rule, one plain value
            When the consumer sends a GET request to "/pages"
            And the request has the query:
              | page | {{ regex("1", "\\\\d+") }} |
              | page | 22                        |
            Then the provider responds with status 200

          Scenario: Two rules on one header
            When the consumer sends a GET request to "/greetings"
            And the request has the headers:
              | X-Lang | {{ equality("PHP") }} |
              | X-Lang | Go                    |
            Then the provider responds with status 200
        """,
    )

    run = project.behave("features/consumer")

    assert run.returncode != 0
    assert "contracts-bdd found 2 problems in 1 feature file; nothing was run or written" in run.output
    assert (
        "mixed.feature:6: the query parameter 'page' has no rule here and the rule regex() at "
        "features/consumer/mixed.feature:5; a pact keeps one rule per query parameter name" in run.output
    )
    assert "mixed.feature:13: the header 'X-Lang' has no rule here and the rule equality() at" in run.output
    assert run.pact_files() == []
