"""State lint: the provider states pacts use that nothing sets up, and the handlers no pact uses.

    states = used_states(pacts)                                   # {state: ["OrderService: 'a user' (pacts/x.json)"]}
    found = lint_states(states, ["a user with id {id:d} exists"], state_url=None)
    print(found.report()); found.unhandled, found.unused

Handlers are parse patterns, matched as the state endpoint matches them. On disk, a
provider project's handlers are read from its Python source, never run:
`patterns_on_disk(Path("../user-service"))` finds `@provider_state("...")`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import parse

from contracts_bdd.pact.document import interaction_list_key
from contracts_bdd.provider.pact_files import interactions_of
from contracts_bdd.provider.sources import FetchedPact

SKIPPED_FOLDERS = {".venv", "venv", ".git", "node_modules", "__pycache__", ".tox", "build", "dist"}


@dataclass(frozen=True)
class StateLint:
    """What the lint found: states with no handler (and where they are used), handlers no state matches."""

    unhandled: dict[str, list[str]] = field(default_factory=dict)
    unused: list[str] = field(default_factory=list)
    state_url: str | None = None
    checked: int = 0
    title: str = "provider state"
    noun: str = "state"
    decorator: str = "provider_state"
    handler: str = "handler"

    @property
    def clean(self) -> bool:
        """No state is left without a handler."""
        return not self.unhandled

    def report(self, handlers_of: str = "the provider", *, show_unused: bool = True) -> str:
        """The findings in words, each state with the interactions that use it.

        A consumer's check leaves out unused handlers: other consumers may use them.
        """
        noun, handler = self.noun, self.handler
        lines = [f"{self.checked} {self.title}(s) checked against the {handler}s of {handlers_of}"]
        if self.state_url:
            lines.append(f"  every state falls back on the state URL {self.state_url}")
        if self.unhandled:
            lines.append(f"{len(self.unhandled)} {noun}(s) have no @{self.decorator} {handler}:")
            for state, users in sorted(self.unhandled.items()):
                lines.append(f"  - '{state}'")
                lines += [f"      used by {user}" for user in users]
            lines.append(f'  Add one in the provider\'s steps folder: @{self.decorator}("<the {noun}>")')
        if self.unused and show_unused:
            lines.append(f"{len(self.unused)} {handler}(s) no pact uses:")
            lines += [f"  - '{pattern}'" for pattern in self.unused]
        if not self.unhandled:
            lines.append(
                f"every {noun} has a {handler}" + (f", and every {handler} is used" if not self.unused else "")
            )
        return "\n".join(lines)


def used_states(pacts: Sequence[FetchedPact]) -> dict[str, list[str]]:
    """Every state the pacts use, with the interactions that use it."""
    states: dict[str, list[str]] = {}
    for row in interactions_of(pacts):
        for state in row.states:
            states.setdefault(state, []).append(f"{row.consumer}: '{row.description}' ({row.pact.label})")
    return states


def used_messages(pacts: Sequence[FetchedPact]) -> dict[str, list[str]]:
    """Every message the pacts hold (V3 message pacts, V4 asynchronous and synchronous messages), with its users."""
    messages: dict[str, list[str]] = {}
    for pact in pacts:
        key = interaction_list_key(pact.document)
        listed = pact.document.get(key)
        for interaction in listed if isinstance(listed, list) else []:
            if not isinstance(interaction, dict) or not isinstance(interaction.get("description"), str):
                continue
            kind = str(interaction.get("type", ""))
            if key == "messages" or kind.endswith("/Messages"):
                description = interaction["description"]
                messages.setdefault(description, []).append(f"{pact.consumer}: '{description}' ({pact.label})")
    return messages


def lint_messages(messages: Mapping[str, list[str]], patterns: Iterable[str]) -> StateLint:
    """Which `messages` no `@message_producer` pattern makes, and which producers no pact uses."""
    found = lint_states(messages, patterns, None)
    return StateLint(
        found.unhandled, found.unused, None, found.checked, "message", "message", "message_producer", "producer"
    )


def lint_states(states: Mapping[str, list[str]], patterns: Iterable[str], state_url: str | None) -> StateLint:
    """Which `states` no pattern matches (none, when a state URL takes them all), and which patterns match none."""
    compiled = {pattern: parse.compile(pattern) for pattern in patterns}
    matched: set[str] = set()
    unhandled = {}
    for state, users in states.items():
        hits = [pattern for pattern, parser in compiled.items() if parser.parse(state) is not None]
        matched.update(hits[:1])  # the endpoint takes the first handler that matches
        if not hits and not state_url:
            unhandled[state] = users
    unused = [pattern for pattern in compiled if pattern not in matched]
    return StateLint(unhandled, unused, state_url, len(states))


def patterns_on_disk(folder: Path, decorator: str = "provider_state") -> list[str]:
    """The patterns of `@provider_state("...")` (or another `decorator`) in the Python files under `folder`,
    read as source, not run."""
    found: list[str] = []
    files = [folder] if folder.is_file() else sorted(folder.rglob("*.py"))
    for path in files:
        if SKIPPED_FOLDERS & set(path.parts):
            continue
        try:
            tree = ast.parse(path.read_bytes(), str(path))
        except (SyntaxError, ValueError, OSError):
            continue  # not ours to judge: the provider's own tests will say
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called(node.func) == decorator and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value not in found:
                    found.append(first.value)
    return found


def _called(function: ast.expr) -> str:
    if isinstance(function, ast.Name):
        return function.id
    if isinstance(function, ast.Attribute):
        return function.attr
    return ""


@dataclass(frozen=True)
class LintRun:
    """What `contracts-bdd lint` says: its reports, in order, and its exit code."""

    reports: tuple[str, ...]
    code: int


def lint_project(
    pacts: Sequence[FetchedPact],
    state_patterns: Iterable[str],
    producer_patterns: Iterable[str],
    state_url: str | None,
    *,
    fail_on_unused: bool = False,
) -> LintRun:
    """The pacts' states and messages against this project's `@provider_state` and `@message_producer` handlers."""
    states, messages = used_states(pacts), used_messages(pacts)
    found = lint_states(states, state_patterns, state_url)
    reports = [found.report("this project (@provider_state in its steps)")]
    producers = lint_messages(messages, producer_patterns)
    if messages or producers.unused:
        reports.append(producers.report("this project (@message_producer in its steps)"))
    failed = not found.clean or not producers.clean
    unused = found.unused or producers.unused
    return LintRun(tuple(reports), 1 if failed or (fail_on_unused and unused) else 0)


def lint_against_broker(pacts: Sequence[FetchedPact], known: Mapping[str, Sequence[str]]) -> LintRun:
    """A consumer's check: the pacts' states against those the broker knows for each provider (`known`)."""
    names = sorted(known)
    patterns = [state.replace("{", "{{").replace("}", "}}") for name in names for state in known[name]]
    found = lint_states(used_states(pacts), patterns, None)
    return LintRun(
        (found.report(f"{', '.join(names)} as the broker knows them", show_unused=False),), 0 if found.clean else 1
    )


def lint_against_folder(pacts: Sequence[FetchedPact], folder: Path) -> LintRun:
    """A consumer's check: the pacts' states and messages against a provider project's handlers on disk."""
    found = lint_states(used_states(pacts), patterns_on_disk(folder), None)
    reports = [found.report(f"the provider project in {folder}", show_unused=False)]
    messages = used_messages(pacts)
    producers = lint_messages(messages, patterns_on_disk(folder, "message_producer"))
    if messages:
        reports.append(producers.report(f"the provider project in {folder}", show_unused=False))
    return LintRun(tuple(reports), 0 if found.clean and producers.clean else 1)
