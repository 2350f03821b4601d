"""pact-ffi's own checks of a regex and a date/time format, so the pre-flight agrees with the verifier.

    regex_problem("\\d+", "12")                                   # None: the engine finds a match
    format_problem("2021-09-18T12:59:54.497+10:00", "yyyy-MM-dd'T'HH:mm:ss.SSSX")   # why it does not fit

Python's `re` and `strptime` accept things pact-rust does not (and the other way round); the
verifier is pact-rust, so the pact engine has the last word. pact-python-ffi 0.5's
`check_regex` wrapper is a stub, so the C function is called.
"""

from __future__ import annotations

import json

from contracts_bdd.model.contract import Matcher, example_of, text_of
from contracts_bdd.model.generators import GENERATORS
from contracts_bdd.model.matchers import MATCHERS, generator_reader, is_temporal
from contracts_bdd.pact.ffi import pact_ffi


def regex_problem(pattern: str, example: str) -> str | None:
    """Why pact-rust's regex engine does not accept `example` for `pattern`, or None when it does."""
    if pact_ffi.lib.pactffi_check_regex(pattern.encode(), example.encode()):
        return None
    return (
        f"the pact engine (pact-rust) finds no match of the regex {pattern!r} in its example {example!r}, "
        "or cannot read the pattern"
    )


def example_problem(matcher: Matcher) -> tuple[str, str] | None:
    """Why pact-rust would not accept the example of one rule (regex, date/time format), with what to write
    instead; None when it would, or when the example is not the value checked (a generated one, a list)."""
    example = example_of(matcher.example)
    if matcher.generator is not None or isinstance(example, (list, dict)):
        return None
    if matcher.rule == "regex":
        problem = regex_problem(str(matcher.option("regex")), text_of(example))
        hint = "an example the pattern matches, in a pattern pact-rust reads (Rust regex syntax)"
    elif is_temporal(matcher.rule) and isinstance(matcher.option("format"), str):
        problem = format_problem(text_of(example), str(matcher.option("format")))
        hint = (
            f"an example in that format, or a format that reads it: {matcher.rule}({text_of(example)!r}, "
            'format="...") (X is a zone like Z or +10; XXX is +10:00)'
        )
    else:
        return None
    return None if problem is None else (problem, hint)


def generator_problem(matcher: Matcher) -> tuple[str, str] | None:
    """Why pact-rust would refuse a value the rule's generator can certainly make (its `samples`, or for a regex
    generator one pact-rust makes), checked against the rule's pattern or date/time format, with what to write
    instead; None when every such value passes. Whether the kinds agree is the vocabulary's check
    (`contracts_bdd.model.matchers.generator_problem`), when the feature is read."""
    generator = matcher.generator
    made_by = generator_reader(generator.kind) if generator is not None else None
    if generator is None or made_by is None or matcher.rule is None or matcher.name == made_by.name:
        return None  # a generator alone carries the rule its own kind implies
    if is_temporal(matcher.rule) and generator.option("format") == matcher.option("format"):
        return None  # pact-rust generates in the rule's own format
    samples = made_by.samples(generator) if made_by.samples is not None else ()
    if made_by.makes == "pattern":
        made = regex_value(str(generator.option("regex")))
        samples = (made,) if made is not None else ()
    word = matcher.name or matcher.rule
    shown = json.dumps(example_of(matcher.example), ensure_ascii=False)
    for sample in samples:
        if matcher.rule == "regex":
            pattern = str(matcher.option("regex"))
            if regex_problem(pattern, sample) is not None:
                return (
                    f"its generator {made_by.name}() can make {sample!r}, which the pact engine (pact-rust) "
                    f"does not match with the rule's regex {pattern!r}, so the mock server or the verifier would make "
                    "values the rule refuses",
                    f"a generator of text the pattern matches: {word}({shown}, {json.dumps(pattern)}, "
                    f"generate=random_regex({json.dumps(pattern)}))"
                    if MATCHERS.get(word) is MATCHERS["regex"]
                    else _with_own_generator(word, shown),
                )
        elif is_temporal(matcher.rule) and isinstance(matcher.option("format"), str):
            written = str(matcher.option("format"))
            if format_problem(sample, written) is not None:
                fitting = made_by if made_by.makes == matcher.rule else GENERATORS["datetime_from_now"]
                fitting = next((spec for spec in GENERATORS.values() if spec.makes == matcher.rule), fitting)
                return (
                    f"its generator {made_by.name}() can make {sample!r}, which the pact engine (pact-rust) "
                    f"does not read in the rule's format {written!r}, so the mock server or the verifier would make "
                    "values the rule refuses",
                    f'a generator in the rule\'s format: {word}({shown}, format="{written}", '
                    f'generate={fitting.name}(format="{written}"))',
                )
    return None


def _with_own_generator(word: str, shown: str) -> str:
    """`word` with the generator that makes its own kind of value (`uuid`: `random_uuid()`)."""
    spec = MATCHERS.get(word)
    kinds = spec.takes if spec is not None else ()
    made_by = next((found for kind in kinds for found in GENERATORS.values() if found.makes == kind), None)
    return f"{word}({shown}, generate={made_by.usage})" if made_by is not None else f"{word}({shown})"


def engine_accepts(matcher: Matcher) -> bool:
    """Whether pact-rust accepts the example of one rule (for `read_pact`'s judge)."""
    return example_problem(matcher) is None


def regex_value(pattern: str) -> str | None:
    """A text pact-rust generates to match `pattern` whole (None when it cannot make one)."""
    result = pact_ffi.lib.pactffi_generate_regex_value(pattern.encode())
    if result.tag != 0:
        pact_ffi.lib.pactffi_string_delete(result.failed)
        return None
    try:
        return str(pact_ffi.ffi.string(result.ok).decode())
    finally:
        pact_ffi.lib.pactffi_string_delete(result.ok)


def format_problem(value: str, java_format: str) -> str | None:
    """Why pact-rust does not read `value` in the date/time format `java_format`, or None when it does."""
    try:
        pact_ffi.validate_datetime(value, java_format)
    except ValueError:
        return f"the pact engine (pact-rust) does not read {value!r} in the format {java_format!r}"
    except RuntimeError as err:
        return f"the pact engine (pact-rust) could not check {value!r} against the format {java_format!r} ({err})"
    return None
