"""The living documentation says each part of a contract in plain words, from the vocabulary's own entries."""

from __future__ import annotations

import pytest

from contracts_bdd.errors import Location
from contracts_bdd.gherkin.values import json_body, text_value
from contracts_bdd.model.contract import Header, JsonBody, Matcher, Request, Response
from contracts_bdd.model.generators import GENERATORS
from contracts_bdd.model.matchers import MATCHERS
from contracts_bdd.site.words import MAX_SHOWN, mismatch_words, request_part, response_part, status_words, value_words

HERE = Location("words.feature", 3)
CALLS = {
    "like": 'like("Alice")',
    "string": 'string("Alice")',
    "regex": 'regex("2024-01", "\\\\d{4}-\\\\d{2}")',
    "integer": "integer(42)",
    "decimal": "decimal(9.99)",
    "number": "number(3)",
    "boolean": "boolean(true)",
    "uuid": 'uuid("6f1c2d1e-6f6a-4c1e-9f1e-2a6c1b7e0d3a")',
    "date": 'date("2024-05-01")',
    "time": 'time("13:45:00")',
    "datetime": 'datetime("2024-05-01T13:45:00")',
    "timestamp": 'timestamp("2024-05-01 13:45:00", format="yyyy-MM-dd HH:mm:ss")',
    "null": "null()",
    "equality": 'equality("Hello")',
    "includes": 'includes("Alice")',
    "each_like": 'each_like({"id": integer(7)}, min=2)',
    "array_containing": 'array_containing([{"id": integer(1)}, "admin"])',
    "each_key_matches": 'each_key_matches({"en": "Hello"}, regex("en", "[a-z]{2}"))',
    "each_value_matches": 'each_value_matches({"a": 1}, integer(1))',
    "values": 'values({"a": 1})',
    "content_type": 'content_type("image/jpeg")',
    "not_empty": 'not_empty("text")',
    "semver": 'semver("1.2.3")',
    "random_integer": "random_integer(1, 99)",
    "random_decimal": "random_decimal(digits=4)",
    "random_hexadecimal": "random_hexadecimal(digits=8)",
    "random_string": "random_string(size=12)",
    "random_boolean": "random_boolean()",
    "random_regex": 'random_regex("\\\\d{3}", "123")',
    "random_uuid": "random_uuid()",
    "date_from_now": 'date_from_now("+ 1 day")',
    "time_from_now": 'time_from_now("+ 1 hour", format="HH:mm")',
    "datetime_from_now": "datetime_from_now()",
    "from_state": 'from_state("${id}", 13)',
    "mock_server_url": 'mock_server_url("http://localhost:8080/users/1", ".*(/users/1)$")',
    "all_of": 'all_of(regex("A-1", "[A-Z]-\\\\d"), like("A-1"))',
    "any_of": "any_of(integer(1), decimal(1))",
}
EXPECTED = {
    "integer": "any integer, for example 42",
    "date": 'a date like "2024-05-01" (written "yyyy-MM-dd")',
    "like": 'any text, for example "Alice"',
    "each_like": 'a list of at least 2 items, each item like {"id": 7}',
    "uuid": 'any UUID, for example "6f1c2d1e-6f6a-4c1e-9f1e-2a6c1b7e0d3a"',
    "regex": 'text matching the pattern "\\\\d{4}-\\\\d{2}", for example "2024-01"',
    "random_integer": "a random whole number from 1 to 99, for example 1",
    "from_state": "the provider's value for \"${id}\", from its state's parameters, for example 13",
    "any_of": "at least one of these: any integer, for example 1; any decimal number, for example 1",
}


def test_every_word_of_the_vocabulary_is_explained() -> None:
    assert set(CALLS) == set(MATCHERS) | set(GENERATORS), "a new word needs its line here"


@pytest.mark.parametrize("word", sorted(CALLS))
def test_each_word_says_what_it_allows_in_words_of_its_own(word: str) -> None:
    value = text_value("{{ " + CALLS[word] + " }}", HERE)
    assert isinstance(value, Matcher)

    said = value_words(value)

    assert said and "?" not in said, said
    assert {**MATCHERS, **GENERATORS}[word].words, "the entry says it in words of its own, not its summary"
    assert f"{word}(" not in said, "the words are plain, not the call"
    if word in EXPECTED:
        assert said == EXPECTED[word]


def test_a_generator_beside_a_rule_is_said_after_it() -> None:
    value = text_value("{{ integer(13, generate=random_integer(1, 99)) }}", HERE)
    assert isinstance(value, Matcher)

    assert value_words(value) == (
        "any integer, for example 13; the other side makes it up: a random whole number from 1 to 99"
    )


def test_a_response_lists_every_matcher_with_where_it_is() -> None:
    body = json_body('{"id": {{ integer(1) }}, "tags": {{ each_like({"name": like("a")}) }}, "plain": 3}', HERE)
    response = Response(200, headers=[Header("X-Trace", text_value('{{ regex("ab12", "[a-z]+\\\\d+") }}', HERE))])
    response.body = body

    part = response_part(response)

    assert part.line == "Status 200"
    assert part.rules == [
        ("header X-Trace", 'text matching the pattern "[a-z]+\\\\d+", for example "ab12"'),
        ("body $.id", "any integer, for example 1"),
        ("body $.tags", 'a list of at least 1 item, each item like {"name": "a"}'),
        ("body $.tags[*].name", 'any text, for example "a"'),
    ]
    assert part.body is not None and '"plain": 3' in part.body


def test_a_status_class_is_said_in_words() -> None:
    status = text_value('{{ "x" }}', HERE)  # a plain value stays itself
    assert status == "x"
    assert status_words(404) == "404"
    assert status_words(Matcher("statusCode", 404, (("status", "clientError"),))) == (
        "client error (any of them; for example 404)"
    )


def test_a_long_body_is_cut_and_says_how_much_is_left_out() -> None:
    request = Request("POST", "/notes")
    request.body = JsonBody({"text": "x" * (MAX_SHOWN * 2)})

    part = request_part(request)

    assert part.body is not None and len(part.body) == MAX_SHOWN
    assert part.body_note.endswith("more characters are not shown")


def test_a_verifier_mismatch_is_said_in_words() -> None:
    details = (
        "BodyMismatch at $: Actual map is missing the following keys: email\n"
        '  expected: ["email","id"]\n  actual:   ["id","mail"]\n'
        "StatusMismatch: expected 200 but was 500\n"
        "something the verifier said that has no word here"
    )

    assert mismatch_words(details) == [
        'In the body: the field(s) email are missing; it needs ["email","id"]; the provider gave ["id","mail"]',
        "In the status: expected 200 but was 500",
        "something the verifier said that has no word here",
    ]
