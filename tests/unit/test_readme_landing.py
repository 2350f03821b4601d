"""The README is the landing page: short, with the start and the feature table, and every link lands.

`mkdocs build --strict` checks the links between the pages of docs/, but not the README, which the
site does not hold. A link of the README to a page, or to a heading of a page, that is gone or renamed
fails here. Anchors are made as GitHub makes them for a heading: lower case, punctuation other than
`-` and `_` dropped, spaces made `-`.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchors(page: Path) -> set[str]:
    found, fence = set(), False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("```"):
            fence = not fence
        heading = None if fence else re.match(r"#+ (.*)", line)
        if heading:
            found.add(re.sub(r"[^\w\- ]", "", heading.group(1).strip().lower()).replace(" ", "-"))
    return found


def test_every_link_of_the_readme_lands_on_a_file_and_heading_that_exist() -> None:
    links = [link for link in LINK.findall(README.read_text(encoding="utf-8")) if "://" not in link]
    assert len(links) > 20  # the feature table and the documentation's list link into docs/

    broken = []
    for link in links:
        path, _, anchor = link.partition("#")
        target = ROOT / path if path else README
        if not target.is_file():
            broken.append(f"{link}: no file {path}")
        elif anchor and target.suffix == ".md" and anchor not in _anchors(target):
            broken.append(f"{link}: {path or 'README.md'} has no heading #{anchor}")
    assert broken == [], "\n".join(broken)


def test_the_readme_is_a_landing_page_with_the_start_the_features_and_the_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 300, "the README is the landing page (about 250 lines): move detail into docs/"
    headings = re.findall(r"^## (.*)$", text, re.MULTILINE)
    for section in (
        "Two commands for a fresh machine",
        "A 60-second start",
        "Install",
        "What it does",
        "Documentation",
    ):
        assert section in headings, section
    assert "bash scripts/example.sh" in text
    assert "bash scripts/test.sh" in text
    table = text.split("## What it does", 1)[1].split("\n## ", 1)[0]
    assert sum(line.startswith("| ") for line in table.splitlines()) >= 10
