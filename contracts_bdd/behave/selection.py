"""Whether a behave run was narrowed: told to leave out scenarios it would otherwise run.

    narrowing(context.config)   # [] for `behave features/consumer`
    narrowing(context.config)   # ['by name: -n "Place a hold"'] for `behave -n "Place a hold" features/consumer`

A narrowed run never drops the interactions of scenarios it did not run from a pact, and
never publishes (`contracts_bdd.consumer.run`). Read from behave's public configuration
only (`context.config`):

- a name (`-n`), and tags given on the command line (`--tags`, `--wip`); the tags of
  behave.ini (`default_tags`, `tags`) say what the project's full run is, so they narrow nothing;
- a file pattern given on the command line (`-i`, `-e`); behave.ini's `include_re` and
  `exclude_re`, like its tags, say what the project's full run is;
- a feature file, a line in one (`features/holds.feature:12`), or a list of them (`@list.txt`).

A folder is every feature in it: `behave features/consumer` is a full run of its features.

A run narrowed by name or tags alone has still read every feature of its full run (behave parses
them all, then skips): `full_run_selection(config)` selects what that full run would run, so the
pre-flight can tell which interactions no scenario declares any more.
"""

from __future__ import annotations

import os
from types import SimpleNamespace
from typing import Any

from behave.runner_util import FileLocationParser
from behave.tag_expression import make_tag_expression


def narrowing(config: Any) -> list[str]:
    """How the run was told to leave scenarios out, in words; empty for a full run."""
    return _by_selection(config) + _by_files(config)


def full_run_selection(config: Any) -> Any | None:
    """What the full run of these paths would select (behave.ini's tags, no name), for `scenario.should_run`.

    None when this run was narrowed by file (a feature file or line, `-i`, `-e`): behave read only
    those files, so the features of the full run are not all at hand.
    """
    if _by_files(config):
        return None
    return SimpleNamespace(tag_expression=make_tag_expression(config.config_tags or config.default_tags or ""), name=[])


def _by_selection(config: Any) -> list[str]:
    found = []
    if config.name:
        found.append("by name: " + " ".join(f'-n "{name}"' for name in config.name))
    tags = config.tags
    if tags and tags not in (config.config_tags, config.default_tags):
        expressions = tags if isinstance(tags, (list, tuple)) else [tags]
        found.append("by tags: " + " ".join(f'--tags "{tag}"' for tag in expressions))
    return found


def _by_files(config: Any) -> list[str]:
    found = []
    project = getattr(config, "defaults", None) or {}  # behave.ini's values, as behave read them
    for option, key in (("-i", "include_re"), ("-e", "exclude_re")):
        pattern = getattr(config, key)
        text = getattr(pattern, "pattern", pattern)
        if pattern is not None and text != getattr(project.get(key), "pattern", project.get(key)):
            found.append(f'by file pattern: {option} "{text}"')
    for path in config.paths or []:
        found += _narrowing_path(str(getattr(path, "filename", path)) if not isinstance(path, str) else path)
    return found


def _narrowing_path(path: str) -> list[str]:
    if path.startswith("@"):
        return [f"by a list of feature files: {path}"]
    location = FileLocationParser.parse(path)
    if location.line:
        return [f"by line: {path}"]
    if os.path.isfile(location.filename):
        return [f"by feature file: {path}"]
    return []


def full_run_paths(config: Any) -> list[str]:
    """The paths of this run as a user would write them again (behave's own default when it was given none)."""
    paths = [str(getattr(path, "filename", path)) for path in config.paths or []]
    return [shown for path in paths if (shown := os.path.relpath(path) if os.path.isabs(path) else path) != "."]
