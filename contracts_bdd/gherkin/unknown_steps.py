"""Step lines that match no step: the closest steps of the vocabulary, rewritten with the line's own values.

    closest_steps('the consumer send a GET request to "/users/1"', patterns)
    # ['the consumer sends a GET request to "/users/1"']

Pure functions over the step patterns (parse syntax, `{name}` fields); the behave layer gives
them the vocabulary's patterns and turns a result into a `FeatureError` at the line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

TYPOGRAPHIC_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'"})
"""The curly quotes word processors and chat tools write (U+201C/D/E, U+2018/9), mapped to straight ones."""

_FIELD = re.compile(r"\{([^{}:]*)(?::[^{}]*)?\}")
_HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT")
CLOSE_ENOUGH = 0.75
"""How alike (difflib's ratio) a line must be to a step of the vocabulary to be taken as a misspelling of it."""


def straightened(text: str) -> str:
    """`text` with typographic quotes replaced by straight ones."""
    return text.translate(TYPOGRAPHIC_QUOTES)


def filled(pattern: str, line: str) -> str:
    """The step `pattern` with its fields filled from `line`: quoted fields with the line's quoted values
    in order, a method, part or status with the line's own, any other field with its name in <>."""
    quoted = iter(re.findall(r'"([^"]*)"', line))
    words = line.split()

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        inside_quotes = pattern[: match.start()].count('"') % 2 == 1
        if inside_quotes:
            return next(quoted, f"<{name}>")
        if name == "method":
            return next((word for word in words if word.upper() in _HTTP_METHODS), "GET").upper()
        if name == "part":
            guesses = (
                "response" if word.startswith("resp") else "request" for word in words if word[:3] in ("req", "res")
            )
            return next(guesses, "request")
        if name == "status":
            return next((word for word in words if word.isdigit()), "200")
        return f"<{name}>"

    return _FIELD.sub(fill, pattern)


def closest_steps(line: str, patterns: Iterable[str], count: int = 2) -> list[str]:
    """The steps of `patterns` most like `line` (at least `CLOSE_ENOUGH` alike), filled with its values."""
    scored = []
    for pattern in patterns:
        candidate = filled(pattern, line)
        ratio = difflib.SequenceMatcher(None, line.lower(), candidate.lower()).ratio()
        if ratio >= CLOSE_ENOUGH:
            scored.append((ratio, candidate))
    scored.sort(key=lambda item: -item[0])
    best = [candidate for ratio, candidate in scored[:count] if ratio >= scored[0][0] - 0.05]
    return list(dict.fromkeys(best))
