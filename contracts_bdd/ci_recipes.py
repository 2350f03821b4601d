"""CI recipes: the GitHub Actions and GitLab CI files `contracts-bdd init --ci github|gitlab` writes.

    files = recipes("github", consumer="OrderService", provider="UserService")
    files[Path(".github/workflows/contracts-consumer.yml")]    # the workflow's text

Each recipe installs contracts-bdd as the project's own repository does, from
`requirements-contracts.txt` (a package index, a git URL or a wheel), never from a clone of
contracts-bdd. Values a workflow takes from outside (a webhook's payload, the broker's address)
reach the shell through `env:` only, never pasted into a script, as GitHub's hardening guide asks.
The recipes are tested by running their shell steps, as written, against a broker double
(tests/selftest/test_ci_recipes.py).
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import jinja2

from contracts_bdd import __version__

SYSTEMS = ("github", "gitlab")
REQUIREMENTS = Path("requirements-contracts.txt")
GITLAB_MAIN = Path(".gitlab-ci.yml")
GITLAB_INCLUDE = """\
include:
  - local: ci/contracts-consumer.gitlab-ci.yml
  - local: ci/contracts-provider.gitlab-ci.yml
"""
"""GitLab reads one file, .gitlab-ci.yml: a project that has one of its own adds these lines to it."""
GITLAB_HEADER = "# Written by contracts-bdd init --ci gitlab: the contract jobs are in the files under ci/.\n"

_FILES = {
    "github": {
        "contracts-consumer.yml.j2": ".github/workflows/contracts-consumer.yml",
        "contracts-provider.yml.j2": ".github/workflows/contracts-provider.yml",
        "contracts-verify-changed-pact.yml.j2": ".github/workflows/contracts-verify-changed-pact.yml",
    },
    "gitlab": {
        "contracts-consumer.gitlab-ci.yml.j2": "ci/contracts-consumer.gitlab-ci.yml",
        "contracts-provider.gitlab-ci.yml.j2": "ci/contracts-provider.gitlab-ci.yml",
    },
}
_SHARDED = {"contracts-consumer.yml.j2": "contracts-consumer-sharded.yml.j2"}
_SHARDED_GITLAB = {"contracts-consumer.gitlab-ci.yml.j2": "contracts-consumer-sharded.gitlab-ci.yml.j2"}

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("contracts_bdd", "templates/ci"),
    # The recipes are full of GitHub's ${{ }} and the shell's $: the template's own marks are [[ ]].
    variable_start_string="[[",
    variable_end_string="]]",
    block_start_string="[%",
    block_end_string="%]",
    comment_start_string="[#",
    comment_end_string="#]",
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    autoescape=False,  # noqa: S701 - YAML, not HTML: every value is written through tojson
)


def recipes(system: str, consumer: str, provider: str, shards: int = 1) -> dict[Path, str]:
    """The CI files of `system` ("github" or "gitlab") for the pair, by path in the project.

    `shards` above 1 gives the consumer's recipe that splits its features over that many jobs and
    merges their pacts before publishing them.

    Raises:
        ValueError: an unknown system, or fewer than one shard.
    """
    if system not in SYSTEMS:
        msg = f"no CI recipes for {system!r}: choose one of {', '.join(SYSTEMS)}"
        raise ValueError(msg)
    if shards < 1:
        msg = f"--shards takes a number of jobs, 1 or more, not {shards}"
        raise ValueError(msg)
    swaps = (_SHARDED if system == "github" else _SHARDED_GITLAB) if shards > 1 else {}
    values = {"consumer": consumer, "provider": provider, "shards": shards}
    written = {
        Path(path): _TEMPLATES.get_template(f"{system}/{swaps.get(name, name)}").render(values)
        for name, path in _FILES[system].items()
    }
    if system == "gitlab":
        written[GITLAB_MAIN] = GITLAB_HEADER + GITLAB_INCLUDE
    written[REQUIREMENTS] = requirements()
    return written


def requirements() -> str:
    """requirements-contracts.txt: contracts-bdd, pinned as this installation came (pip freeze's way)."""
    return (
        "# contracts-bdd for the contract jobs in CI (written by contracts-bdd init --ci).\n"
        "# Pin it the way your team gets packages, one of:\n"
        f"#   contracts-bdd=={__version__}                          from your package index\n"
        f"#   contracts-bdd @ git+https://HOST/OWNER/contracts-bdd@v{__version__}   from a git URL\n"
        f"#   ./vendor/contracts_bdd-{__version__}-py3-none-any.whl      a built wheel kept in this repository\n"
        f"{_this_installation()}\n"
    )


def _this_installation() -> str:
    """A requirement for the contracts-bdd installed here: its git URL or download URL if it came from one.

    PEP 610's direct_url.json says where an installation came from. A local file or folder is no
    use to a CI machine, so those (and an install from an index) give the version from the index.
    """
    pinned = f"contracts-bdd=={__version__}"
    try:
        recorded = distribution("contracts-bdd").read_text("direct_url.json")
    except PackageNotFoundError:
        return pinned
    try:
        origin = json.loads(recorded) if recorded else {}
    except ValueError:
        return pinned
    url = origin.get("url") if isinstance(origin, dict) else None
    if not isinstance(url, str) or not url.startswith(("https://", "http://", "ssh://")):
        return pinned
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict) and isinstance(vcs.get("commit_id"), str):
        return f"contracts-bdd @ {vcs.get('vcs', 'git')}+{url}@{vcs['commit_id']}"
    if isinstance(origin.get("archive_info"), dict):
        return f"contracts-bdd @ {url}"
    return pinned
