"""pact-ffi's own checks of a regex and a date/time format, so the pre-flight agrees with the verifier.

    regex_problem("\\d+", "12")                                   # None: the engine finds a match
    format_problem("2021-09-18T12:59:54.497+10:00", "yyyy-MM-dd'T'HH:mm:ss.SSSX")   # why it does not fit

Python's `re` and `strptime` accept things pact-rust does not (and the other way round); the
verifier is pact-rust, so the pact engine has the last word. pact-python-ffi 0.5's
`check_regex` wrapper is a stub, so the C function is called.
"""

from __future__ import annotations

from contracts_bdd.pact.ffi import pact_ffi


def regex_problem(pattern: str, example: str) -> str | None:
    """Why pact-rust's regex engine does not accept `example` for `pattern`, or None when it does."""
    if pact_ffi.lib.pactffi_check_regex(pattern.encode(), example.encode()):
        return None
    return (
        f"the pact engine (pact-rust) finds no match of the regex {pattern!r} in its example {example!r}, "
        "or cannot read the pattern"
    )


def format_problem(value: str, java_format: str) -> str | None:
    """Why pact-rust does not read `value` in the date/time format `java_format`, or None when it does."""
    try:
        pact_ffi.validate_datetime(value, java_format)
    except ValueError:
        return f"the pact engine (pact-rust) does not read {value!r} in the format {java_format!r}"
    except RuntimeError as err:
        return f"the pact engine (pact-rust) could not check {value!r} against the format {java_format!r} ({err})"
    return None
