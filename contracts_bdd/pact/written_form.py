"""An interaction as the consumer run would write it into its pact, and where two such differ.

    mine = as_written(Pair("Clinic", "PetRecords"), "V4", interaction)   # its JSON, as the pact holds it
    written_form_differences(mine, as_written(pair, "V4", other))
    # ['response.status: 404 here, 200 there']

Two scenarios may declare one interaction (the same description and provider states) in
different words: a `Content-Type` header written out or left to the body step's type, a
message's `contentType` metadata likewise, a date format spelt out or left to its default,
`each_like("a", min=1)` or `like(["a"], min=1)`. They are the same declaration when the pact
would hold the same interaction, so that is what is compared: each is written alone, on the
run's own write path (`declare.build_pact`, `declare.write_pact`, then `as_declared.put_back`),
into a temporary folder, and read back as JSON.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from contracts_bdd.errors import PactFileError
from contracts_bdd.model.contract import Pair
from contracts_bdd.model.messages import AnyInteraction
from contracts_bdd.pact.as_declared import put_back
from contracts_bdd.pact.declare import build_pact, write_pact
from contracts_bdd.pact.document import interaction_list_key, load_pact

SHOWN_DIFFERENCES = 3
"""How many differences a refusal names; the rest are counted."""
_SHOWN_VALUE = 80
"""How much of one differing value is shown."""


def as_written(pair: Pair, specification: str, interaction: AnyInteraction) -> dict[str, Any]:
    """The JSON of `interaction` in the pact a consumer run would write for `pair` at `specification`.

    Raises:
        PactFileError: pact-ffi could not write it (a full disk, say), or wrote no such interaction.
    """
    with tempfile.TemporaryDirectory(prefix="contracts-bdd-written-form-") as folder:
        write_pact(build_pact(pair, specification, [interaction]), Path(folder), merge=False)
        document = load_pact(Path(folder) / pair.filename)
    put_back(document, [interaction])
    listed = document.get(interaction_list_key(document)) or []
    if len(listed) != 1 or not isinstance(listed[0], dict):
        msg = f"pact-ffi wrote {len(listed)} interactions for the one interaction {interaction.description!r}"
        raise PactFileError(msg)
    return listed[0]


def written_form_differences(here: Any, there: Any, where: str = "") -> list[str]:
    """Each place where two written interactions differ, as `place: <value here> here, <value there> there`."""
    if isinstance(here, dict) and isinstance(there, dict):
        return [
            problem
            for key in [*here, *(key for key in there if key not in here)]
            for problem in written_form_differences(
                here.get(key, _NOTHING), there.get(key, _NOTHING), f"{where}.{key}" if where else str(key)
            )
        ]
    if isinstance(here, list) and isinstance(there, list) and len(here) == len(there):
        return [
            problem
            for index, (mine, theirs) in enumerate(zip(here, there, strict=True))
            for problem in written_form_differences(mine, theirs, f"{where}[{index}]")
        ]
    if here == there:
        return []
    return [f"{where or 'the interaction'}: {_shown(here)} here, {_shown(there)} there"]


def summary(differences: list[str]) -> str:
    """The first differences, joined, and how many more there are."""
    shown = "; ".join(differences[:SHOWN_DIFFERENCES])
    more = len(differences) - SHOWN_DIFFERENCES
    return shown + (f" (and {more} more)" if more > 0 else "")


class _Nothing:
    def __repr__(self) -> str:
        return "nothing"


_NOTHING = _Nothing()


def _shown(value: Any) -> str:
    if value is _NOTHING:
        return "nothing"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= _SHOWN_VALUE else text[: _SHOWN_VALUE - 3] + "..."
