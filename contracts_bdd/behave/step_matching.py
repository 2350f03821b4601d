"""Which lines of a feature are steps, and which definition each matches: behave's registry, read once per line.

    steps = Steps.of(the_step_registry)
    steps.matches("the consumer sends a GET request to \"/users/1\"", "when")    # True
    found = steps.marked(step, "declares_contract")     # the definition's function and arguments, or None
    line_problems(scenario, steps, known_steps(the_step_registry))    # a misspelt line, a <placeholder>

Part of the pre-flight (`behave.preflight` replays the declaring steps, `behave.outlines` fills
the outlines); behave's own matching is left to behave when the scenarios run.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from behave.matchers import RegexMatcher

from contracts_bdd.behave.examples import example_of
from contracts_bdd.errors import FeatureError, Location
from contracts_bdd.gherkin.unknown_steps import (
    CLOSE_ENOUGH,
    SOME_LIKENESS,
    Mended,
    closest_steps,
    quotes_put_right,
    straightened,
)
from contracts_bdd.model.characters import shown

_PLACEHOLDER = re.compile(r"<([^<>\s][^<>]*)>")


def _unfilled_placeholders(scenario: Any) -> list[FeatureError]:
    """An outline row's `<name>` that its Examples have no column for (it would be sent as %3Cname%3E)."""
    example = example_of(scenario)
    if example is None:
        return []
    problems = []
    for step in scenario.steps:
        for name in _PLACEHOLDER.findall(step.name):
            if name not in example.headings:
                problems.append(
                    FeatureError(
                        Location(step.filename, step.line),
                        f"<{name}> is filled by no column of this outline's Examples (its columns: "
                        f"{', '.join(example.headings)})",
                        f"add a | {name} | column to the Examples, or write the value itself",
                        step=f"{step.keyword} {step.name}",
                    )
                )
    return problems


def line_problems(
    scenario: Any, steps: Steps, known: list[KnownStep], *, every_undefined: bool = False
) -> list[FeatureError] | None:
    """Problems of single lines, found before the steps are replayed; None when there are none to stop for.

    A `<placeholder>` no Examples column fills; a line a step reads only by taking a stray quote
    into a value (`""/bookings/A3"`); and a line that matches no step: one like ours is named (a
    misspelling, quotes astray). One like none of ours is left to behave, which reports it as an
    undefined step with a snippet, unless `every_undefined` (`contracts-bdd check`, a gate that
    runs nothing, so nothing else would name it).
    """
    unfilled = _unfilled_placeholders(scenario)
    if unfilled:
        return unfilled
    stray = [problem for step in scenario.all_steps if (problem := _stray_quote_in_a_value(step, steps))]
    undefined = [step for step in scenario.all_steps if not steps.matches(step.name, step.step_type)]
    if not undefined and not stray:
        return None
    unknown = [problem for step in undefined if (problem := _unknown(step, steps, known, every_undefined))]
    return sorted(stray + unknown, key=lambda problem: problem.location.line)


@dataclass(frozen=True)
class KnownStep:
    """A registered step definition as a line would read it: its text, step type, and whether it is ours."""

    text: str
    step_type: str
    ours: bool


def known_steps(registry: Any) -> list[KnownStep]:
    """Every step definition of `registry`, contracts-bdd's and the project's own, as a line would read it.

    A parse pattern (behave's default) is its own text; a regular expression is shown with its groups
    as `<name>` when nothing else in it is a regular expression's syntax, and is left out otherwise.
    """
    known = []
    for definition in itertools.chain.from_iterable(registry.steps.values()):
        pattern = str(definition.pattern)
        text = _readable_regex(pattern) if isinstance(definition, RegexMatcher) else pattern
        if text:
            ours = str(getattr(definition.func, "__module__", "")).startswith("contracts_bdd.")
            known.append(KnownStep(text, str(definition.step_type), ours))
    return known


_REGEX_GROUP = re.compile(r"\((?:\?P<(\w+)>)?[^()]*\)")
_REGEX_SYNTAX = re.compile(r"[\\\[\]()*+?|^$]")


def _readable_regex(pattern: str) -> str | None:
    """`^the clinic has (?P<count>\\d+) pets? on file$` as `the clinic has <count> pets on file`, or None."""
    text = _REGEX_GROUP.sub(
        lambda group: f"{{{group.group(1) or 'value'}}}", pattern.removeprefix("^").removesuffix("$")
    )
    text = re.sub(r"(?<=\w)\?", "", text)  # an optional letter (`pets?`) read as written
    return None if _REGEX_SYNTAX.search(text) else text


_STEP_TYPES = ("given", "when", "then")


def _types_that_read(text: str, steps: Steps, step_type: str) -> list[str]:
    """The keywords (`Given`, ...) of the other step types whose definitions read `text`."""
    return [other.capitalize() for other in _STEP_TYPES if other != step_type and steps.matches(text, other)]


def _keyword(step: Any, found: str, known: list[KnownStep]) -> str:
    """The keyword to write a step with: the line's own, or the one its definition is registered for."""
    types = {entry.step_type for entry in known if entry.text == found}
    if not types or types & {"step", step.step_type}:
        return str(step.keyword)
    return sorted(types)[0].capitalize()


def _mended(step: Any, steps: Steps) -> list[Mended]:
    """The line with its quotes put right, each way a step of the line's type reads with no quote in a value."""
    found = []
    for mended in quotes_put_right(straightened(step.name)):
        spans = steps.spans(mended.text, step.step_type)
        if spans is not None and not any('"' in mended.text[start:end] for start, end in spans):
            found.append(mended)
    return found


def _stray_quote_in_a_value(step: Any, steps: Steps) -> FeatureError | None:
    """A line a step reads only by taking a doubled quote into a quoted value (`""/bookings/A3"`, `"A3""`).

    The quotes do not pair up, and a value in quotes begins or ends with one more; the line with
    one taken out is offered. A value a step takes with no quotes around it is the user's text.
    """
    text = step.name
    spans = steps.spans(text, step.step_type)
    if not spans or text.count('"') % 2 == 0:
        return None
    if not any(text[max(start - 1, 0) : start + 1] == '""' or text[end - 1 : end + 1] == '""' for start, end in spans):
        return None
    mended = _mended(step, steps)
    if not mended:
        return None
    return FeatureError(
        Location(step.filename, step.line),
        f"'{shown(f'{step.keyword} {step.name}')}' {mended[0].wrong}",
        shown(f"{step.keyword} {mended[0].text}"),
    )


def _unknown(step: Any, steps: Steps, known: list[KnownStep], every_undefined: bool) -> FeatureError | None:
    """A problem for a line that matches no step and looks like one of ours (a misspelling, curly quotes);
    with `every_undefined`, for any line that matches no step.

    The steps offered are the registered ones, the project's own included, so a line meant as one
    of the project's steps is offered that step. A line most like one of the project's steps, or
    like none, is left to behave, which reports an undefined step with a snippet to implement it.
    """
    here = Location(step.filename, step.line)
    line = shown(f"{step.keyword} {step.name}")  # quoted as the file holds it, with escape sequences written out
    straight = straightened(step.name)
    if straight != step.name and steps.matches(straight, step.step_type):
        return FeatureError(
            here,
            "the line uses typographic quotes (\u201c \u201d), which no step reads: a word processor or chat tool "
            "wrote them",
            shown(f"{step.keyword} {straight}"),
        )

    mended = _mended(step, steps)
    if mended:
        return FeatureError(here, f"'{line}' {mended[0].wrong}", shown(f"{step.keyword} {mended[0].text}"))
    put_right = quotes_put_right(straight)
    if put_right:  # the steps offered are filled with the values as the line meant them
        straight = put_right[0].text

    def is_step(text: str) -> bool:
        return any(steps.matches(text, step_type) for step_type in _STEP_TYPES)

    closest = closest_steps(straight, [entry.text for entry in known], at_least=SOME_LIKENESS, is_step=is_step)
    meant = shown(" or: ".join(f"{_keyword(step, found.pattern, known)} {found.text}" for found in closest))
    best = closest[0] if closest else None
    if best and best.likeness >= CLOSE_ENOUGH and any(entry.ours for entry in known if entry.text == best.pattern):
        return FeatureError(here, f"'{line}' is not a step contracts-bdd knows", meant)
    if not every_undefined:
        return None
    elsewhere = _types_that_read(straight, steps, step.step_type)
    if elsewhere:
        return FeatureError(
            here,
            f"'{line}' is a step for {' or '.join(elsewhere)} only, so behave would stop at it "
            f"as an undefined {step.step_type} step",
            shown(f"{elsewhere[0]} {straight}"),
        )
    return FeatureError(
        here,
        f"'{line}' matches no step, neither contracts-bdd's nor the project's own: behave "
        "would stop at it as an undefined step",
        meant
        or "a step of the vocabulary (docs/vocabulary.md, or contracts-bdd vocabulary), or a step definition "
        "of the project's own for it in steps/",
    )


def arguments_of(matched: Matched) -> dict[str, Any]:
    return {argument.name: argument.value for argument in matched.arguments if argument.name}


@dataclass(frozen=True)
class Matched:
    """A step definition's function and the arguments it takes from a step's text."""

    func: Any
    arguments: list[Any]


class Steps:
    """Matches step lines against the registry once each (a Background's lines recur in every scenario).

    Matched in behave's order (the step type's definitions, then generic `@step` ones) with each
    matcher's `check_match`, skipping the `Match` (and its source location) behave builds to run
    a step, which costs more than the matching does.

    The registry is `behave.runner.the_step_registry`, the one behave's runner matches with and
    step modules register in; `behave.step_registry.registry` is not: behave's `main()` swaps in
    a fresh one (`reset_runtime`) before the run, and nothing registers there.
    """

    _last: Steps | None = None

    def __init__(self, registry: Any) -> None:
        self.registry = registry
        self.definitions = _definitions(registry)
        self._found: dict[tuple[str, str], Matched | bool | None] = {}

    @classmethod
    def forget(cls) -> None:
        """Let the matches go once the run has started (a suite of 3,000 scenarios has 15,000 lines)."""
        cls._last = None

    @classmethod
    def of(cls, registry: Any) -> Steps:
        """The matches of `registry`, shared by the passes of one `before_all` (each step line is matched once)."""
        last = cls._last
        if last is None or last.registry is not registry or last.definitions != _definitions(registry):
            last = cls._last = cls(registry)
        return last

    def _match(self, text: str, step_type: str) -> Matched | bool | None:
        """The definition's function and arguments; True when a type converter refused the text (it is a
        step, and behave reports the rest when it runs); None when no definition matches."""
        key = (step_type, text)
        if key not in self._found:
            self._found[key] = None
            generic = self.registry.steps["step"] if step_type != "step" else []
            for definition in itertools.chain(self.registry.steps[step_type], generic):
                try:
                    arguments = definition.check_match(text)
                except Exception:
                    self._found[key] = True
                    break
                if arguments is not None:
                    self._found[key] = Matched(definition.func, arguments)
                    break
        return self._found[key]

    def spans(self, text: str, step_type: str) -> list[tuple[int, int]] | None:
        """Where in `text` each value a step definition takes from it stands; None when no definition matches."""
        found = self._match(text, step_type)
        if found is None:
            return None
        return [(argument.start, argument.end) for argument in found.arguments] if isinstance(found, Matched) else []

    def matches(self, text: str, step_type: str) -> bool:
        """Whether some step definition takes the text."""
        return self._match(text, step_type) is not None

    def marked(self, step: Any, mark: str) -> Matched | None:
        """The step's function and arguments if its definition carries `mark` (`declares_contract`, ...)."""
        found = self._match(step.name, step.step_type)
        return found if isinstance(found, Matched) and getattr(found.func, mark, False) else None


def _definitions(registry: Any) -> tuple[int, ...]:
    """The registry's step definitions (by identity): another one may change what a line matches."""
    return tuple(id(definition) for definitions in registry.steps.values() for definition in definitions)


def forget_matches() -> None:
    """Let go of the step lines matched by the passes of `before_all`."""
    Steps.forget()
