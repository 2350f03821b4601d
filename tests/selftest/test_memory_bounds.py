"""Small hostile inputs that asked for gigabytes, each run under an address-space limit (`RLIMIT_AS`).

Without a bound each of these runs past the limit (a MemoryError, or a crash); with it, the run ends
with a message that names the input and the bound. The limit is a few times what a run needs.
"""

from __future__ import annotations

import json
from typing import Any

from behave_project import Project

MEMORY_MIB = 384
"""A consumer run needs about 260 MiB of address space here (pact-ffi loaded), `check` under 100 MiB; without
the bounds each input below passes 384 MiB within seconds (it asks for gigabytes)."""
USERDATA = "[behave]\nshow_timings = false\n[behave.userdata]\nconsumer = Shop\nprovider = Items\n"
NESTED = """\
Feature: nested lists
  Scenario: A page of pages of pages
    When the consumer sends a GET request to "/items"
    Then the provider responds with status 200
    And the response has the JSON body:
      \"\"\"
      {"items": {{ each_like(each_like(each_like({"id": 1}, min=1000), min=1000), min=1000) }}}
      \"\"\"
"""
NESTED_REGEX = "(?:(?:(?:a{1000}){1000}){1000})"


def nested_project(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write("features/consumer/nested.feature", NESTED)


def test_nested_minimums_are_refused_before_check_builds_them(project: Project) -> None:
    nested_project(project)

    checked = project.cli("check", "features/consumer", memory_mib=MEMORY_MIB)

    assert "MemoryError" not in checked.stderr
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "features/consumer/nested.feature:7: each_like() with min=1000 would show 2,001,000 values" in checked.stdout


def test_nested_minimums_are_refused_before_a_consumer_run_builds_them(project: Project) -> None:
    nested_project(project)

    run = project.behave("features/consumer", memory_mib=MEMORY_MIB)

    assert "MemoryError" not in run.output
    assert run.returncode != 0
    assert "nested.feature:7: each_like() with min=1000 would show" in run.output, run.output
    assert run.pact_files() == []


def regex_pact() -> dict[str, Any]:
    return {
        "consumer": {"name": "Shop"},
        "provider": {"name": "Items"},
        "interactions": [
            {
                "type": "Synchronous/HTTP",
                "description": "an item",
                "request": {"method": "GET", "path": "/items/1"},
                "response": {
                    "status": 200,
                    "body": {"content": {"code": "a"}, "contentType": "application/json", "encoded": False},
                    "matchingRules": {
                        "body": {"$.code": {"combine": "AND", "matchers": [{"match": "regex", "regex": NESTED_REGEX}]}}
                    },
                },
            }
        ],
        "metadata": {"pactSpecification": {"version": "4.0"}},
    }


def test_a_regex_that_expands_to_gigabytes_is_refused_before_render_compiles_it(project: Project) -> None:
    project.write("hostile.json", json.dumps(regex_pact()))

    rendered = project.cli("render", "hostile.json", memory_mib=MEMORY_MIB)

    assert "MemoryError" not in rendered.stderr
    assert rendered.returncode == 0, rendered.stderr
    assert "# Not rendered: " in rendered.stdout
    assert "expands to about 1,000,000,000 characters" in rendered.stdout


def test_a_regex_that_expands_to_gigabytes_is_refused_before_diff_compiles_it(project: Project) -> None:
    project.write("new/Shop-Items.json", json.dumps(regex_pact()))
    older = regex_pact()
    older["interactions"][0]["response"]["matchingRules"] = {}
    project.write("old/Shop-Items.json", json.dumps(older))

    diffed = project.cli("diff", "new", "--against", "old", memory_mib=MEMORY_MIB)

    assert "MemoryError" not in diffed.stderr
    assert diffed.returncode == 0, diffed.stderr


def test_a_generated_text_of_a_gigabyte_is_refused_before_it_is_made(project: Project) -> None:
    project.write("behave.ini", USERDATA)
    project.write(
        "features/consumer/long.feature",
        NESTED.replace(
            'each_like(each_like(each_like({"id": 1}, min=1000), min=1000), min=1000)',
            "random_string(size=1000000000)",
        ),
    )

    checked = project.cli("check", "features/consumer", memory_mib=MEMORY_MIB)

    assert "MemoryError" not in checked.stderr
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "long.feature:7: random_string() size must be a whole number from 0 to 1,000,000" in checked.stdout
