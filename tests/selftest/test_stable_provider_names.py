"""Provider scenarios and JUnit cases named by their interaction; the printed location re-runs that one alone."""

from __future__ import annotations

import re
import shutil

from behave_project import Project

BY_INTERACTION = "features/provider/provider.users.by-interaction.feature"


def _example(project: Project, *, broken: bool) -> None:
    project.copy_example()
    consumer = project.behave("features/consumer")
    assert consumer.returncode == 0, consumer.output
    if broken:
        feature = project.root / BY_INTERACTION
        feature.write_text(feature.read_text().replace("--port {port}", "--port {port} --broken"))


def test_names_carry_no_position_and_the_printed_location_reruns_one_interaction(project: Project) -> None:
    _example(project, broken=True)

    run = project.behave(BY_INTERACTION, "--junit", "--junit-directory", "reports")

    assert run.returncode != 0
    assert "-- @" not in run.output
    assert "Scenario Outline: OrderService: A user who exists\n" in run.output
    (printed,) = re.findall(
        rf"^  ({re.escape(BY_INTERACTION)}:\d+)  OrderService: A user who exists$", run.output, re.M
    )
    junit = next((project.root / "reports").glob("*by-interaction*.xml")).read_text()
    assert sorted(re.findall(r'<testcase [^>]*name="([^"]+)"', junit)) == [
        "OrderService: A user who does not exist",
        "OrderService: A user who exists",
    ]

    again = project.behave(printed)

    assert again.returncode != 0
    assert "0 scenarios passed, 1 failed, 1 skipped" in again.output
    assert (
        "Scenario Outline: OrderService: A user who does not exist"
        not in again.output.split("Failing")[0].replace("SKIPPED", "")
        or "skipped" in again.output
    )


def test_an_interaction_held_by_two_pacts_is_named_with_its_pact(project: Project) -> None:
    _example(project, broken=False)
    (project.root / "deployed").mkdir()
    shutil.copy(project.root / "pacts" / "OrderService-UserService.json", project.root / "deployed")
    feature = project.root / BY_INTERACTION
    feature.write_text(
        feature.read_text().replace(
            "  Background:\n",
            '  Background:\n    Given the pacts are taken from "pacts/OrderService-UserService.json, '
            'deployed/OrderService-UserService.json"\n',
        )
    )

    run = project.behave(BY_INTERACTION)

    assert run.returncode == 0, run.output
    names = re.findall(r"^  Scenario Outline: (.+)$", run.output, re.M)
    assert len(names) == 4
    assert len(set(names)) == 4, names
    assert all("-- @" not in name for name in names)
    assert any("deployed/OrderService-UserService.json" in name for name in names), names
