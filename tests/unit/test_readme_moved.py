"""Nothing the README held was lost when it became a landing page and its sections moved into docs/.

`readme_before_docs_site.txt` lists every heading and every paragraph, list item, table row and code
block of the README as it was before the move (issue 26), by the hash of its text with whitespace
and link targets set aside (a link may point somewhere new; its words may not change), with the
section it sat in and its first words. Each must still be in README.md or in a page of docs/.

A paragraph rewritten on purpose since is listed in REWRITTEN with where its content now lives and
why; a later change that rewrites a moved section (docs/security.md, docs/speed.md...) adds the
section to REWRITTEN_SECTIONS the same way.

    python tests/unit/test_readme_moved.py OLD_README.md > tests/unit/readme_before_docs_site.txt
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = Path(__file__).with_name("readme_before_docs_site.txt")

REWRITTEN = {
    "Two commands for a fresh machine": {
        "The test suite reads real pacts, the Pact": "docs/getting-started.md: the count of tests that "
        "need ../shared (32 then, 52 after issues 22 and 26) is left out, since each issue changes it; "
        "`pytest -rs` lists them",
        "`scripts/example.sh` runs the consumer features,": 'docs/getting-started.md: \'see "Living documentation" '
        "below' became a link to that page, which is no longer below",
    },
    "Working with a Pact Broker (or PactFlow)": {
        "**The webhook flow.** A broker's": "docs/broker-and-ci.md: its workflow is the tested CI recipe now, "
        "which the paragraph names instead of introducing a workflow",
        "```yaml # .github/workflows/verify-changed-pact.yml": "it ran scripts/setup-venv.sh, which exists only "
        "in contracts-bdd's clone; `init --ci github` writes contracts-verify-changed-pact.yml, shown and tested "
        "in docs/broker-and-ci.md",
    },
    "Verifying under the provider's rules": {
        "- As in Pact's own verifiers, the value": "docs/provider.md: its last sentence pointed from the "
        "README to `docs/provider.md`, the page it is on now; it links to that page's section instead",
    },
    "Before anything runs": {
        "```text $ contracts-bdd check features/consumer": "docs/failures.md: the JSON error's column is the "
        "feature file's now (16, with the docstring's indentation, where it was 10), and the example shows the "
        "check naming a line no step reads (issue 21, the newcomer's try of a clinic's app)",
    },
    "Pacts rendered back as features": {
        "This renders any pact file, V1 to": "docs/interop.md: issue 24 rewrote it in main's README with the "
        "corpus figures (test_corpus_round_trip.py), merged into the page it had moved to",
    },
    "Step vocabulary": {
        "- **Tags:** `@consumer:X` and `@provider:Y`; `@pact:V2|V3|V4` for a": "docs/step-vocabulary.md: two "
        "declarations of one interaction that the pact would hold the same are one now, however worded (a pact "
        "rendered beside the features that wrote it), and a refusal names what differs",
    },
    "One scenario per interaction": {
        '- `behave -n "A user who exists"` (or': "docs/provider.md: a row's printed file:line holds only for "
        "this run's pacts (it moves when an interaction is added), so the item no longer offers it for re-runs; "
        "the name is the stable handle, as the section 'One scenario, one JUnit case, per interaction' says",
    },
    "Your first contract": {
        "`init` writes behave.ini, environment.py, `steps/contracts.py`, a state-handler module,": "docs/"
        "getting-started.md: the provider feature init writes is the one-scenario-per-interaction outline now, "
        "and init writes no sample into a project that has a behave.ini (issue 21, the newcomer's CheckInApp)",
    },
    "Before a merge: state lint, contract diff, sharded runs": {
        "**Sharded consumer runs.** Each shard": "docs/broker-and-ci.md: the paragraph names the tested "
        "recipe (`init --ci github --shards 3`) instead of introducing a workflow",
        "```yaml jobs: consumer: strategy:": "it ran scripts/setup-venv.sh; `init --ci github --shards N` writes "
        "the sharded workflow, shown and tested in docs/broker-and-ci.md",
    },
}
"""Paragraphs rewritten in the move, by section and first words: where the content is now, and why."""

REWRITTEN_SECTIONS: dict[str, str] = {
    "Design": "docs/design.md: issue 23 redrew the parts and the layers as tests/unit/test_layers.py now "
    "enforces them (broker below provider, the loopback servers in pact/, behave's public API)",
    "Adding a matcher or generator": "docs/design.md: issue 23 moved what the other layers knew from side "
    "tables (strictness, rules held, implied rules, the status class) onto each entry, and says so",
    "Speed": "docs/speed.md: issue 28 measured again against three baselines (hand-written behave + pact-python, "
    "behave alone, the plain script) from one run, with a profile for each target missed",
    "Messages": "docs/speed.md, its Messages section (the Speed section's): measured again by issue 28, as above",
}
"""Whole sections a later change rewrote on purpose, and where they are now."""


def units(text: str) -> Iterator[tuple[str, str, str]]:
    """(kind, section, normalised text) of each heading, paragraph, list item, table row and code block."""
    section, block, fence = "", list[str](), False

    def flush() -> Iterator[tuple[str, str, str]]:
        if block:
            yield ("code" if block[0].strip().startswith("```") else "text"), section, normalised(" ".join(block))
            block.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if fence:
            block.append(stripped)
            if stripped.startswith("```"):
                fence = False
                yield from flush()
            continue
        if stripped.startswith("```"):
            yield from flush()
            fence = True
            block.append(stripped)
            continue
        heading = re.match(r"#+ (.*)", line)
        if heading:
            yield from flush()
            section = heading.group(1).strip()
            yield "heading", section, normalised(section)
            continue
        if not stripped or stripped.startswith("|") or re.match(r"([-*]|\d+\.) ", stripped):
            yield from flush()
        if stripped.startswith("|"):
            yield "text", section, normalised(stripped)
        elif stripped:
            block.append(stripped)
    yield from flush()


def normalised(text: str) -> str:
    return " ".join(re.sub(r"\]\([^)]*\)", "]", text).split())


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _corpus() -> tuple[set[str], list[str]]:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    found = [unit for page in pages for unit in units(page.read_text(encoding="utf-8"))]
    return {fingerprint(text) for _, _, text in found}, [text for kind, _, text in found if kind == "heading"]


def _manifest() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in MANIFEST.read_text(encoding="utf-8").splitlines():
        kind, digest, rest = line.split(" ", 2)
        section, first = rest.split(" :: ", 1)
        rows.append((kind, digest, section, first))
    return rows


def test_every_heading_and_paragraph_of_the_old_readme_is_in_the_readme_or_the_docs() -> None:
    hashes, headings = _corpus()
    rows = _manifest()
    assert len(rows) > 250  # the old README: 1,060 lines

    lost = []
    for kind, digest, section, first in rows:
        if section in REWRITTEN_SECTIONS or any(first.startswith(words) for words in REWRITTEN.get(section, {})):
            continue
        if kind == "heading":
            if not any(heading == section or heading.startswith(f"{section}:") for heading in headings):
                lost.append(f"the heading {section!r}")
        elif digest not in hashes:
            lost.append(f"in {section!r}: {first}...")
    assert lost == [], "the README held these, and neither README.md nor docs/ does now:\n" + "\n".join(lost)


def test_each_rewritten_paragraph_is_one_the_old_readme_had() -> None:
    rows = _manifest()
    for section, paragraphs in REWRITTEN.items():
        for words in paragraphs:
            assert any(row[2] == section and row[3].startswith(words) for row in rows), (section, words)


if __name__ == "__main__":
    for kind, section, text in units(Path(sys.argv[1]).read_text(encoding="utf-8")):
        print(kind, fingerprint(text), section, "::", " ".join(text.split()[:8]))
