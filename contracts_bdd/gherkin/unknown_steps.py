"""Step lines that match no step: the closest steps known, rewritten with the line's own values.

    [found.text for found in closest_steps('the consumer posts to "/pets"', patterns)]
    # ['the consumer sends a POST request to "/pets"']

Pure functions over step patterns (parse syntax, `{name}` fields); the behave layer gives them
the patterns of the steps registered (contracts-bdd's and the project's own) and turns a result
into a `FeatureError` at the line.

How alike a line and a step are is half their characters (difflib's ratio) and half their words
(shared words, an HTTP method in any form counting as its name, a plural as its singular), so a
short step that shares the line's letters does not beat the step the line's words mean. A value
the line carries for one of the step's fields weighs more: a method named in any form (`posts`,
`DELETEs`) for `{method}`, a status code for `{status}`. That is how `the consumer posts to "/x"`
is offered the request step rather than `the consumer is "/x"`.

Quotes that go astray are put right before anything else (`quotes_put_right`): a value in single
quotes (`'a flight exists'`), a doubled or stray double quote (`""/bookings/A3"`), a missing one.
The line so mended is offered as it is when a step reads it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from contracts_bdd.gherkin.values import HTTP_METHODS

TYPOGRAPHIC_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'"})
"""The curly quotes word processors and chat tools write (U+201C/D/E, U+2018/9), mapped to straight ones."""

_FIELD = re.compile(r"\{([^{}:]*)(?::[^{}]*)?\}")
_PARTS = (("resp", "response"), ("req", "request"), ("res", "response"), ("mess", "message"), ("repl", "reply"))
"""How a word of the line names the part a step is about (`respons` is the response, `messages` the message)."""
_VERB_ENDINGS = ("S", "ES", "D", "ED", "ING", "TED", "TING")
_STATUS = re.compile(r"(?<![\w.])[1-5]\d\d(?![\w.])")
CLOSE_ENOUGH = 0.75
"""How alike (see the module's docstring) a line must be to a step to be taken as a misspelling of it."""
SOME_LIKENESS = 0.6
"""How alike a step must be to be offered at all for a line that is no step."""
MEANT_BY_VALUE = 0.25
"""What a value the line carries for one of the step's fields (a method, a status) adds to the likeness."""
_NEAR_THE_BEST = 0.05


def straightened(text: str) -> str:
    """`text` with typographic quotes replaced by straight ones."""
    return text.translate(TYPOGRAPHIC_QUOTES)


_SINGLE_QUOTED = re.compile(r"(?<![\w'\"])'([^'\"]*?(?:'\w[^'\"]*?)*)'(?![\w'])")
"""A value in single quotes: opened where no word goes on before it, closed where none follows; an
apostrophe inside (`'the pilot's flight'`) is the word's own."""


@dataclass(frozen=True)
class Mended:
    """A line with its quotes put right one way, and what was wrong with them."""

    text: str
    wrong: str


def quotes_put_right(line: str) -> list[Mended]:
    """The ways `line`'s quotes may have been meant, most likely first; none when they pair up.

    Values in single quotes are put in double quotes. Where the double quotes do not pair up (an
    odd number of them), each is taken out in turn (a doubled or stray quote), then one is added
    at the line's end and on the other side of each word a lone quote starts or ends (a missing one).
    """
    found: list[Mended] = []
    single = _SINGLE_QUOTED.sub(r'"\1"', line)
    if single != line:
        found.append(Mended(single, "puts a value in single quotes, which no step reads: values go in double quotes"))
    positions = [index for index, char in enumerate(line) if char == '"']
    if len(positions) % 2 == 0:
        return found
    stray = "has a stray double quote, so its quotes do not pair up around the values"
    found += [Mended(line[:index] + line[index + 1 :], stray) for index in positions]
    missing = "misses a double quote, so its quotes do not pair up around the values"
    found.append(Mended(line + '"', missing))
    for index in positions:
        before, after = line[:index], line[index + 1 :]
        if not after[:1].strip():  # the quote ends a word: the one that opened it is missing
            start = len(before) - len(before.split(" ")[-1])
            found.append(Mended(f'{line[:start]}"{line[start:]}', missing))
        elif not before[-1:].strip():  # the quote starts a word: the one that closes it is missing
            end = index + 1 + len(after.split(" ")[0])
            found.append(Mended(f'{line[:end]}"{line[end:]}', missing))
    unique = {mended.text: mended for mended in reversed(found)}
    return [mended for mended in found if unique[mended.text] is mended]


def method_named(word: str) -> str | None:
    """The HTTP method a word names, as itself or as a verb (`post`, `POSTs`, `deletes`, `patched`), or None."""
    upper = word.upper()
    for method in HTTP_METHODS:
        if upper == method:
            return method
        for ending in _VERB_ENDINGS:
            if upper.endswith(ending) and upper[: -len(ending)] in (method, method.rstrip("E")):
                return method
    return None


def _method_in(words: list[str]) -> str | None:
    return next((method for word in words if (method := method_named(word))), None)


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
            return _method_in(words) or "GET"
        if name == "part":
            guesses = (part for word in words for prefix, part in _PARTS if word.lower().startswith(prefix))
            return next(guesses, "request")
        if name == "status":
            status = _STATUS.search(line)
            return status.group() if status else "200"
        return f"<{name}>"

    return _FIELD.sub(fill, pattern)


def _words(text: str) -> set[str]:
    """The words of `text` as likeness counts them: lower case, a quoted value as one word, a method by its
    name, a plural as its singular."""
    found = set()
    for word in re.findall(r'"[^"]*"|\S+', text.lower()):
        method = method_named(word)
        if method:
            found.add(method.lower())
        elif len(word) > 3 and word.endswith("s") and not word.startswith('"'):
            found.add(word[:-1])
        else:
            found.add(word)
    return found


def likeness(line: str, step: str) -> float:
    """How alike a line and a step's text are, from 0 to 1: half characters, half words."""
    characters = difflib.SequenceMatcher(None, line.lower(), step.lower()).ratio()
    ours, theirs = _words(line), _words(step)
    words = 2 * len(ours & theirs) / (len(ours) + len(theirs)) if ours or theirs else 0.0
    return (characters + words) / 2


def _meant_by_value(line: str, pattern: str) -> float:
    """More likeness where the line carries a value for one of the pattern's fields: a method, a status."""
    fields = {found.group(1) for found in _FIELD.finditer(pattern)}
    carried = ("method" in fields and _method_in(line.split()) is not None) + (
        "status" in fields and _STATUS.search(line) is not None
    )
    return MEANT_BY_VALUE * carried


@dataclass(frozen=True)
class Closest:
    """A step offered for a line: the step's pattern, its text filled with the line's values, how alike."""

    pattern: str
    text: str
    likeness: float


def closest_steps(
    line: str,
    patterns: Iterable[str],
    count: int = 3,
    at_least: float = CLOSE_ENOUGH,
    is_step: Callable[[str], bool] | None = None,
) -> list[Closest]:
    """The steps of `patterns` most like `line` (at least `at_least` alike), filled with its values, best first.

    Only those about as alike as the best are kept (at most `count`): a hint names what was meant, not a
    list. `is_step` says whether a filled text with no `<field>` left is read by a step (a part the step
    does not take, `the message has the headers:`, is not), so no hint offers a line that is no step.
    """
    scored: dict[str, Closest] = {}
    for pattern in patterns:
        text = filled(pattern, line)
        if is_step is not None and "<" not in text and not is_step(text):
            continue
        score = likeness(line, text) + _meant_by_value(line, pattern)
        if score >= at_least and (text not in scored or scored[text].likeness < score):
            scored[text] = Closest(pattern, text, score)
    ranked = sorted(scored.values(), key=lambda found: -found.likeness)
    return [found for found in ranked[:count] if found.likeness >= ranked[0].likeness - _NEAR_THE_BEST]
