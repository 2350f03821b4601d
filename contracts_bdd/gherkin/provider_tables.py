"""Translation of the provider steps' tables: consumer version selectors, interaction filters, dates.

consumer_version_selectors([TableRow(("mainBranch", "true"), 9)], location) == [{"mainBranch": True}]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from contracts_bdd.errors import FeatureError, Location
from contracts_bdd.gherkin.values import TableRow, table_pairs
from contracts_bdd.model.contract import InteractionFilter
from contracts_bdd.model.vocabularies import SELECTORS


def consumer_version_selectors(rows: Sequence[TableRow], location: Location) -> list[dict[str, Any]]:
    """Consumer version selectors from a `| selector | value |` table, one selector a row.

    A value may add more keys of the same selector: `| branch | main, consumer=OrderService |`.
    """
    example = "| mainBranch | true |\n| deployedOrReleased | true |\n| tag | prod, latest=true |"
    selectors = []
    for row in table_pairs(rows, "selectors", example, location):
        here = Location(location.filename, row.line)
        first, *more = [part.strip() for part in row.cells[1].split(",")]
        entries = [(row.cells[0].strip(), first)]
        pairs = (part.partition("=") for part in more if "=" in part)
        entries += [(name.strip(), text.strip()) for name, _, text in pairs]
        selector: dict[str, Any] = {}
        for key, value in entries:
            if key not in SELECTORS:
                raise FeatureError(
                    here,
                    f"'{key}' is not a consumer version selector",
                    "one of " + ", ".join(SELECTORS),
                )
            if SELECTORS[key].flag:
                if value.lower() not in ("true", "false"):
                    raise FeatureError(
                        here,
                        f"the selector {key} takes true or false, not '{value}'",
                        f"| {key} | true |",
                    )
                if key != "latest" and value.lower() == "false":
                    raise FeatureError(
                        here,
                        f"{key} = false selects nothing",
                        f"leave the row out, or write | {key} | true |",
                    )
                selector[key] = value.lower() == "true"
            else:
                selector[key] = value
        selectors.append(selector)
    return selectors


def iso_date(text: str, location: Location) -> str:
    """A date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError as err:
        raise FeatureError(location, f"'{text}' is not a date", "a date written YYYY-MM-DD, e.g. 2024-05-01") from err


FILTER_WORDS = ("consumer", "description", "state", "no state")


def interaction_filter(rows: Sequence[TableRow], location: Location) -> InteractionFilter:
    """Which interactions to verify, from `| consumer | X |`, `| description | regex |`, `| state | regex |` rows."""
    consumers: list[str] = []
    found: dict[str, str] = {}
    for row in table_pairs(rows, "filter", "| consumer | OrderService |", location):
        word, value = row.cells[0].strip().lower(), row.cells[1].strip()
        here = Location(location.filename, row.line)
        if word not in FILTER_WORDS:
            raise FeatureError(
                here,
                f"'{row.cells[0].strip()}' is not something to filter by",
                "one of " + ", ".join(FILTER_WORDS),
            )
        if word in ("description", "state"):
            try:
                re.compile(value)
            except re.error as err:
                raise FeatureError(
                    here, f"'{value}' is not a regular expression ({err})", "| description | ^A user who |"
                ) from err
        if word == "consumer":
            consumers.append(value)
        else:
            found[word] = value
    return InteractionFilter(
        tuple(consumers), found.get("description"), found.get("state"), found.get("no state", "").lower() == "true"
    )
