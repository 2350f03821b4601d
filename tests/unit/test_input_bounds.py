"""The bounds on what an expression or a pact's regex may expand to, told apart from what real contracts write."""

from __future__ import annotations

import pytest

from contracts_bdd.model.examples import MAX_REGEX_SIZE, regex_size
from contracts_bdd.model.matchers import MATCHERS


@pytest.mark.parametrize(
    ("pattern", "size"),
    [
        ("\\d{4}-\\d{2}-\\d{2}", 10),
        ("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}", 13),
        ("^[a-z]+(,[a-z]+)*$", 3),
        ("(ab|cd){3}", 12),
        ("[]{}]{5}", 5),
        ("\\p{L}{3}", 3),
        ("x{2,}", 2),
        (".{1,65535}", 65535),
        ("(?:(?:(?:a{1000}){1000}){1000})", 1_000_000_000),
        ("(?P<year>\\d{4})(?i)(?<=x)y", 6),
    ],
)
def test_a_regex_size_is_its_atoms_times_their_largest_bounded_repeats(pattern: str, size: int) -> None:
    assert regex_size(pattern) == size


def test_a_regex_beyond_the_bound_is_refused_before_it_is_compiled() -> None:
    with pytest.raises(ValueError, match="expands to about 1,000,000 characters"):
        MATCHERS["regex"]("a", "(?:a{1000}){1000}")
    assert regex_size("(?:a{100}){1000}") <= MAX_REGEX_SIZE
    assert MATCHERS["regex"]("a" * 100_000, "^(?:a{100}){1000}$").example == "a" * 100_000


def test_nested_minimums_multiply_and_are_bounded() -> None:
    each_like = MATCHERS["each_like"]

    assert len(each_like(each_like(1, min=50), min=100).example) == 100
    with pytest.raises(ValueError, match="would show 1,001,000 values"):
        each_like(each_like(1, min=1000), min=1000)
