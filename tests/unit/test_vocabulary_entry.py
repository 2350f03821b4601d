"""A matcher is one vocabulary entry: without it nothing knows the word, with it everything does.

`semver` stands in for any new matcher: its function and its `Spec` in `MATCHERS` are all
there is of it. Reading it from a pact, writing it for pact-ffi, rendering it and documenting
it all derive from that entry.
"""

from __future__ import annotations

import pytest

from contracts_bdd.behave.vocabulary import vocabulary_markdown
from contracts_bdd.errors import FeatureError, Location
from contracts_bdd.gherkin.values import text_value
from contracts_bdd.model.contract import Matcher
from contracts_bdd.model.matchers import MATCHERS
from contracts_bdd.pact.integration import rule_json
from contracts_bdd.pact.reader import read_pact
from contracts_bdd.render.feature import render_pact
from contracts_bdd.site.words import value_words

HERE = Location("versions.feature", 4)
PACT = {
    "consumer": {"name": "Web"},
    "provider": {"name": "Api"},
    "interactions": [
        {
            "description": "the version",
            "request": {"method": "GET", "path": "/version"},
            "response": {
                "status": 200,
                "headers": {"Content-Type": "application/json"},
                "body": {"version": "1.2.3"},
                "matchingRules": {"body": {"$.version": {"matchers": [{"match": "semver"}]}}},
            },
        }
    ],
    "metadata": {"pactSpecification": {"version": "4.0"}},
}


def test_without_its_entry_no_layer_knows_the_word(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(MATCHERS, "semver")

    with pytest.raises(FeatureError, match="'semver' is not a matcher"):
        text_value('{{ semver("1.2.3") }}', HERE)
    document = read_pact(PACT)
    assert document.interactions[0].response.body.value == {"version": "1.2.3"}  # type: ignore[union-attr]
    assert "the rule 'semver' has no word in the vocabulary" in " ".join(document.notes)
    assert "`semver`" not in vocabulary_markdown()


def test_with_its_entry_it_is_read_written_rendered_documented_and_said_in_words() -> None:
    made = text_value('{{ semver("1.2.3") }}', HERE)
    read = read_pact(PACT).interactions[0].response.body.value  # type: ignore[union-attr]

    assert isinstance(made, Matcher) and made.rule == "semver"
    assert read == {"version": made}
    assert rule_json(made) == {"match": "semver"}
    assert '"version": {{ semver("1.2.3") }}' in render_pact(PACT)
    assert (
        '| `semver` | A semantic version such as 1.2.3. | `{{ semver("1.2.3") }}` | semver | V4 |'
        in vocabulary_markdown()
    )
    assert value_words(read["version"]) == 'a version number like "1.2.3" (major.minor.patch)'
