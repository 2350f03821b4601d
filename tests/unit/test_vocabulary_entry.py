"""A matcher or generator is one vocabulary entry: without it nothing knows the word, with it everything does.

`semver` stands in for any new matcher: its function and its `Spec` in `MATCHERS` are all
there is of it. Reading it from a pact, writing it for pact-ffi, rendering it and documenting
it all derive from that entry. So do a new matcher that holds other rules and a new generator,
added below as entries and nothing else: read, written, rendered, diffed and documented,
with the rule a generator implies on its own entry.
"""

from __future__ import annotations

import dataclasses

import pytest

from contracts_bdd.behave.vocabulary import vocabulary_markdown
from contracts_bdd.errors import FeatureError, Location
from contracts_bdd.gherkin.values import text_value
from contracts_bdd.model.contract import Generator, Interaction, JsonBody, Matcher, Request, Response
from contracts_bdd.model.contract_diff import BREAKING, SAFE, diff_interactions
from contracts_bdd.model.generators import GENERATORS
from contracts_bdd.model.matchers import MATCHERS, with_implied_rules
from contracts_bdd.model.specs import EXAMPLE, Parameter, Spec, one_each
from contracts_bdd.pact.integration import encode_tree, generator_json, rule_json
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


def each_item_matches(example: list[object], rules: object) -> Matcher:
    """A list whose every item matches the rules."""
    chosen = tuple(rules) if isinstance(rules, list) else (rules,)
    return Matcher("eachItem", example, (("rules", list(chosen)),), None, "each_item_matches")


EACH_ITEM = Spec(
    "each_item_matches",
    "A list whose every item matches the rules.",
    "each_item_matches([1], integer(1))",
    each_item_matches,
    since="V4",
    rule="eachItem",
    parameters=(Parameter("example", EXAMPLE, positional=True), Parameter("rules", "rules", positional=True)),
    takes_generate=False,
    holds_rules=True,
    over_items=True,
)


def random_word(size: int = 5, example: str | None = None) -> Matcher:
    """A random word of letters."""
    return Matcher(None, example or "w" * size, (), Generator("RandomWord", (("size", size),)), "random_word")


RANDOM_WORD = Spec(
    "random_word",
    "A random word of letters.",
    "random_word(size=5)",
    random_word,
    since="V4",
    generator="RandomWord",
    parameters=(Parameter("size", "size", default=5), Parameter("example", EXAMPLE)),
    implies=("type", {}),
)

NESTED_PACT = {
    "consumer": {"name": "Web"},
    "provider": {"name": "Api"},
    "interactions": [
        {
            "description": "the scores",
            "request": {"method": "GET", "path": "/scores"},
            "response": {
                "status": 200,
                "headers": {"Content-Type": "application/json"},
                "body": {"scores": [1, 2], "nick": "wwwww"},
                "matchingRules": {
                    "body": {"$.scores": {"matchers": [{"match": "eachItem", "rules": [{"match": "integer"}]}]}}
                },
                "generators": {"body": {"$.nick": {"type": "RandomWord", "size": 5}}},
            },
        }
    ],
    "metadata": {"pactSpecification": {"version": "4.0"}},
}


def with_body(value: object) -> Interaction:
    return Interaction(
        "the scores", Request("GET", "/scores"), response=Response(200, body=JsonBody({"scores": value}))
    )


def test_a_matcher_holding_rules_and_a_generator_are_each_one_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "`each_item_matches`" not in vocabulary_markdown()
    monkeypatch.setitem(MATCHERS, "each_item_matches", EACH_ITEM)
    monkeypatch.setitem(GENERATORS, "random_word", RANDOM_WORD)

    made = text_value("{{ each_item_matches([1, 2], integer(1)) }}", HERE)
    word = text_value("{{ random_word(size=5) }}", HERE)
    response = read_pact(NESTED_PACT).interactions[0].response  # type: ignore[union-attr]
    read = response.body.value  # type: ignore[union-attr]

    assert read["scores"] == made  # read: its rules too, nested
    (kept,) = response.at_paths  # a generator alone in a response is kept at its path, nothing implied
    assert (kept.path, kept.value.generator) == ("$.nick", word.generator)
    assert rule_json(made) == {"match": "eachItem", "rules": [{"match": "integer"}]}  # written, rules inside
    assert encode_tree(made).document == [1, 2]  # the items carry no rules of their own paths
    assert generator_json(word.generator) == {"type": "RandomWord", "size": 5}
    assert with_implied_rules(word).rule == "type"  # the rule it implies alone, from its entry
    rendered = render_pact(NESTED_PACT)
    assert '"scores": {{ each_item_matches([1, 2], [integer(1)]) }}' in rendered
    assert '| body | $.nick | {{ random_word(example="wwwww") }} |' in rendered
    markdown = vocabulary_markdown()
    assert "| `each_item_matches` | A list whose every item matches the rules. |" in markdown
    assert "| `random_word` | A random word of letters. |" in markdown
    (looser,) = diff_interactions([with_body([1, 2])], [with_body(made)])
    assert (looser.impact, looser.detail) == (SAFE, "looser (each_item_matches, was equality)")
    (stricter,) = diff_interactions([with_body(made)], [with_body([1, 2])])
    assert stricter.impact == BREAKING


def test_a_name_written_twice_in_a_vocabulary_table_is_refused_naming_both() -> None:
    """A second entry of one name would silently win over the first (and by_kind would read the first back)."""
    first, second = MATCHERS["like"], dataclasses.replace(MATCHERS["like"], usage='like("other")')

    with pytest.raises(ValueError, match=r"names these twice: like \(like\(\"Alice\"\) and like\(\"other\"\)\)"):
        one_each([first, MATCHERS["regex"], second])
    assert one_each([first, MATCHERS["regex"]]) == {"like": first, "regex": MATCHERS["regex"]}
