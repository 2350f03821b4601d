"""Outlines filled from the pacts: one Examples row per interaction, and the providers a run verifies.

    fill_interaction_outlines(features, config, settings, os.environ)     # the pacts fetched, for reuse
    providers_verified(features, config)                                  # {"UserService"}
    check_provider_states(features, config, settings, os.environ, cache)  # every state has a handler

An outline whose step is `Then the interaction passes verification` and whose Examples have
headings only gets its rows from the pacts it verifies, each row at a line of its own past the
file's end (`file:line` re-runs one interaction). Part of the pre-flight (`behave.preflight`).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from behave.model import Table
from behave.runner import the_step_registry  # the registry behave runs with (see `Steps`)
from behave.runner_util import FileLocationParser

from contracts_bdd.behave.step_matching import Steps, arguments_of
from contracts_bdd.config import Settings
from contracts_bdd.errors import ContractsBddError, FeatureError, Location, SetupError

if TYPE_CHECKING:
    from contracts_bdd.provider.pact_files import PactInteraction
    from contracts_bdd.provider.sources import PactCache, PactSource


def fill_interaction_outlines(
    features: list[Any],
    config: Any,
    settings: Settings,
    environ: Mapping[str, str],
    *,
    written_here: Collection[str] = (),
    waiting: list[Callable[[], None]] | None = None,
) -> PactCache | None:
    """Give each outline that verifies one interaction per scenario a row per interaction.

    Its Examples table has headings only (`consumer`, `interaction`, optionally `states`,
    `source` and `pending`); the rows come from the pacts the feature verifies: what a
    Background step names (`Given the pacts are taken from ...`), else `pact_source`, else
    `pact_dir`, and `PACT_URL` over all of them. Examples the run's tags leave out are not
    filled, and nothing is fetched for them. The pacts fetched are returned, for the
    verification to reuse (None when no outline needed any).

    An outline that verifies `pact_dir` for a provider in `written_here` (the consumer
    features of this same run write its pacts: plain `behave` runs both sides) is not
    filled now: its fill goes to `waiting`, to be called once those pacts are written.
    """
    steps = Steps.of(the_step_registry)
    cache: PactCache | None = None
    tags = config.tag_expression
    for feature in features:
        background = list(feature.background.steps) if feature.background else []
        for outline in [item for item in feature.walk_scenarios(with_outlines=True) if hasattr(item, "examples")]:
            if not any(steps.marked(step, "verifies_one_interaction") for step in outline.steps):
                continue
            chosen = [item for item in outline.examples if tags.check([*outline.effective_tags, *item.tags])]
            if not chosen:
                continue
            from contracts_bdd.provider import sources  # noqa: PLC0415 - a consumer run never loads the broker client

            location = Location(outline.filename, outline.line)
            provider = _provider_name(outline, background, steps)
            cache = cache or sources.PactCache(settings, environ)
            source = sources.chosen_source(_named_source(outline, background, steps, location), settings, environ)

            fill = functools.partial(
                _fill_outline, cache, source, provider, outline, chosen=chosen, lines=_RowLines(feature, config)
            )
            written_to_pact_dir = isinstance(source, sources.LocalPacts) and settings.pact_dir in source.paths
            if waiting is not None and provider in written_here and written_to_pact_dir:
                waiting.append(fill)
            else:
                fill()
    return cache


class _RowLines:
    """Lines for the rows a fill adds: each its own, past the file's end, so `file:line` re-runs one interaction.

    Those rows are in no file, and behave selects by line before they exist; so the fill
    selects them itself when the run names one of their lines (`features/x.feature:57`),
    and leaves out everything else of that feature the location did not name.
    """

    def __init__(self, feature: Any, config: Any) -> None:
        self.feature = feature
        path = Path(feature.filename)
        self.next = (len(path.read_text(encoding="utf-8").splitlines()) if path.is_file() else 0) + 1
        wanted = os.path.abspath(feature.filename)
        self.requested = set()
        for given in config.paths or []:
            found = FileLocationParser.parse(str(given))
            if found.line and os.path.abspath(found.filename) == wanted:
                self.requested.add(found.line)

    def take(self, count: int = 1) -> int:
        """The first of `count` lines of their own, one after another."""
        self.next += count
        return self.next - count

    def select(self, outline: Any) -> None:
        """Run only the rows (and scenarios) at the lines the run names, when it names a row's line."""
        rows = {scenario.line for scenario in outline.scenarios}
        if not self.requested & rows:
            return
        for scenario in self.feature.walk_scenarios():
            if scenario.line not in self.requested:
                scenario.mark_skipped()


def _fill_outline(
    cache: PactCache, source: PactSource, provider: str, outline: Any, *, chosen: list[Any], lines: _RowLines
) -> None:
    from contracts_bdd.provider.pact_files import interactions_of  # noqa: PLC0415 - a consumer run never loads it

    location = Location(outline.filename, outline.line)
    try:
        rows = interactions_of(cache.fetched(source, provider))
    except ContractsBddError as err:
        raise FeatureError(
            location,
            f"the interactions of this outline could not be read: {err}",
            "run the consumer features first, or name where the pacts are: "
            'Given the pacts are taken from "pacts" (a folder, files, a URL, or the broker)',
        ) from err
    labels: dict[Location, tuple[str, str]] = {}
    for examples in chosen:
        _fill(examples, rows, location, cache.row_origins, lines=lines, labels=labels)
    _name_scenarios(outline, labels)
    lines.select(outline)


def _name_scenarios(outline: Any, labels: dict[Location, tuple[str, str]]) -> None:
    """Each filled row's scenario named by its interaction alone (no `-- @1.6` numbering, which shifts).

    Where one name would stand for several rows, it says which: by pact, when several pacts hold
    the interaction (a consumer's main branch and what is deployed), else by provider states.
    """
    outline.annotation_schema = "{name}"  # behave's scenario_outline_annotation_schema, for this outline only
    named = [(scenario, labels.get(Location(scenario.filename, scenario.line))) for scenario in outline.scenarios]
    groups: dict[str, list[tuple[Any, tuple[str, str]]]] = {}
    for scenario, label in named:
        if label is not None:
            groups.setdefault(scenario.name, []).append((scenario, label))
    for group in groups.values():
        if len(group) < 2:
            continue
        by_pact = len({origin for _, (origin, _) in group}) == len(group)
        for scenario, (origin, states) in group:
            scenario.name += f" [{origin}]" if by_pact else f" (given {states or 'no state'})"


def check_provider_states(
    features: list[Any], config: Any, settings: Settings, environ: Mapping[str, str], cache: PactCache | None
) -> None:
    """Refuse to start when a state in the pacts of a provider the run verifies has no handler (`lint`'s check).

    The providers are those the steps of the scenarios that run start or reach; their pacts come
    from `pact_source`, else `pact_dir` (`PACT_URL` over both). A `provider_state_url` takes every state.
    """
    from contracts_bdd.provider import sources, state_lint  # noqa: PLC0415 - a consumer run never loads them
    from contracts_bdd.provider.states import REGISTRY  # noqa: PLC0415

    providers = providers_verified(features, config)
    cache = cache or sources.PactCache(settings, environ)
    source = sources.chosen_source(None, settings, environ)
    pacts = [pact for provider in sorted(providers) for pact in cache.fetched(source, provider)]
    patterns = [handler.pattern for handler in REGISTRY.handlers]
    found = state_lint.lint_states(state_lint.used_states(pacts), patterns, settings.provider_state_url)
    if not found.clean:
        msg = f"check_provider_states is on, and a state has no handler:\n{found.report('this project')}"
        raise SetupError(msg)


def providers_verified(features: list[Any], config: Any) -> set[str]:
    """The providers the scenarios that will run start or reach (to verify them).

    An outline counts as its rows will: its Examples the run's tags choose, though they may
    have no row yet (the outline of one scenario per interaction is filled from the pacts,
    when this run has written them; its rows' names are known only then).
    """
    steps = Steps.of(the_step_registry)
    tags = config.tag_expression
    providers: set[str] = set()
    for feature in features:
        background = list(feature.background.steps) if feature.background else []
        for scenario in feature.walk_scenarios(with_outlines=True):
            if hasattr(scenario, "examples"):
                runs = any(tags.check([*scenario.effective_tags, *item.tags]) for item in scenario.examples)
            else:
                runs = scenario.should_run(config)
            if runs:
                providers |= _providers_named([*background, *scenario.steps], steps)
    return providers


def _providers_named(steps_of: list[Any], steps: Steps) -> set[str]:
    found = set()
    for step in steps_of:
        match = steps.marked(step, "names_provider")
        if match is not None:
            found.add(str(arguments_of(match)["name"]))
    return found


def _named_source(outline: Any, background: list[Any], steps: Steps, location: Location) -> PactSource | None:
    """The source the outline's Background or steps name, with the broker options they set."""
    from contracts_bdd.provider.sources import BrokerPacts  # noqa: PLC0415

    named: PactSource | None = None
    pending, wip_since = False, None
    for step in [*background, *outline.steps]:
        chooser = steps.marked(step, "pact_source")
        if chooser is not None:
            here = Location(step.filename, step.line)
            named = chooser.func.pact_source(arguments_of(chooser), step.table, here)
        if steps.marked(step, "includes_pending") is not None:
            pending = True
        wip = steps.marked(step, "includes_wip")
        if wip is not None:
            wip_since = str(arguments_of(wip)["since"])
    if isinstance(named, BrokerPacts):
        return BrokerPacts(named.selectors, named.include_pending or pending, named.wip_since or wip_since)
    return named


def _provider_name(outline: Any, background: list[Any], steps: Steps) -> str:
    for tag in outline.effective_tags:
        if tag.startswith("provider:"):
            return str(tag.partition(":")[2])
    for step in [*background, *outline.steps]:
        match = steps.marked(step, "names_provider")
        if match is not None:
            return str(next(argument.value for argument in match.arguments if argument.name == "name"))
    raise FeatureError(
        Location(outline.filename, outline.line),
        "this outline verifies interactions of a provider it never names",
        'a Background step Given the provider "Name" is started with "<command>", or a tag @provider:Name',
    )


FILLED_HEADINGS = ("consumer", "interaction", "states", "source", "pending")


def _fill(
    examples: Any,
    rows: list[PactInteraction],
    location: Location,
    origins: dict[Location, str],
    *,
    lines: _RowLines,
    labels: dict[Location, tuple[str, str]],
) -> None:
    """Add a row per interaction, each at a line of its own; `origins` learns which pact each row stands for
    (by the row's file:line), `labels` how to name that pact."""
    table = examples.table
    if table is None or len(table.rows):
        return  # rows written by hand are kept
    headings = [heading.strip().lower() for heading in table.headings]
    if not {"consumer", "interaction"} <= set(headings) or not set(headings) <= set(FILLED_HEADINGS):
        raise FeatureError(
            location,
            f"the Examples headings {table.headings} are not ones contracts-bdd fills",
            "| consumer | interaction | states |  (states, source and pending are optional)",
        )
    first = lines.take(len(rows))
    cells = []
    for index, row in enumerate(rows):
        values = {
            "consumer": row.consumer,
            "interaction": row.description,
            "states": "; ".join(row.states),
            "source": row.pact.label,
            "pending": row.pact.marked or "no",
        }
        cells.append([values[heading] for heading in headings])
        place = Location(location.filename, first + index)
        origins[place] = row.pact.origin
        labels[place] = (row.pact.origin, "; ".join(row.states))
    examples.table = Table(table.headings, line=first - 1, rows=cells)  # behave numbers the rows from line + 1
