"""`contracts-bdd init`: a working contracts-bdd project in a folder, never overwriting a file.

    report = scaffold(Path("."), consumer="OrderService", provider="UserService")
    report.created    # [Path("behave.ini"), Path("environment.py"), ...]
    report.skipped    # files that were there already, left as they were

Right after it, `behave features/consumer` writes the first pact and `behave features/provider`
verifies it, one scenario per interaction, against a small provider stub whose data the state
handlers set up.

A folder that is a behave project already (it has a behave.ini, or one of behave's other config
files names the pair) gets no sample back: its team has set it up, and a sample it deleted is not
missing. There `init --ci` writes only the CI recipes, named as the project's config names the
pair, and a sample is written only for a pair the command line names that the project does not
have yet (a second provider).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from contracts_bdd.behave.config_files import config_userdata
from contracts_bdd.ci_recipes import recipes
from contracts_bdd.errors import SetupError
from contracts_bdd.model.contract import party_name_problem

BEHAVE_INI = """\
[behave]
show_timings = false

[behave.userdata]
consumer = {consumer}
provider = {provider}
"""

ENVIRONMENT = """\
\"\"\"behave's hooks: contracts-bdd checks every contract before the run and writes the pacts after it.\"\"\"

from contracts_bdd.hooks import (  # noqa: F401 - behave finds the hooks by name
    after_all,
    after_feature,
    after_scenario,
    before_all,
    before_scenario,
    before_step,
)
"""

STEPS = """\
\"\"\"contracts-bdd's step vocabulary (docs: contracts-bdd vocabulary).\"\"\"

from contracts_bdd.steps import consumer, provider  # noqa: F401 - importing registers the steps
"""

STATES = """\
\"\"\"{provider}'s provider states: each handler puts the provider's data in the state a pact names.

Handlers run inside behave, not inside the provider, so they reach the provider's data the way
any test does: here through the stub's data file; for a real service, its test database or an
admin endpoint. A handler that yields is torn down after the interaction.
\"\"\"

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from contracts_bdd import provider_state

DATA = Path(__file__).resolve().parent.parent / "provider_data.json"


def _save(answers: dict[str, dict[str, object]]) -> None:
    \"\"\"What the stub answers, by the path asked for.\"\"\"
    DATA.write_text(json.dumps(answers))


@provider_state("{article} {resource} with id {{id:d}} exists")
def {resource}_exists(id: int) -> Iterator[None]:  # noqa: A002 - the state's own word
    _save({{f"/{resources}/{{id}}": {{"id": id, {stored}}}}})
    yield
    _save({{}})


@provider_state("no {resource} with id {{id:d}} exists")
def no_{resource}(id: int) -> None:  # noqa: A002
    _save({{}})
"""

PROVIDER_STUB = """\
\"\"\"A stand-in provider: GET answers what the state handlers stored for the path in provider_data.json, or 404.

Replace it with your real provider: change the command in features/provider/{slug}.feature,
or write `provider_command = ...` under [behave.userdata] in behave.ini.
\"\"\"

import argparse
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).resolve().parent / "provider_data.json"


class Stored(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        found = (json.loads(DATA.read_text()) if DATA.exists() else {{}}).get(self.path)
        body = json.dumps(found if found is not None else {{"error": "not found"}}).encode()
        self.send_response(200 if found is not None else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8000)
    port = parser.parse_args().port
    ThreadingHTTPServer(("127.0.0.1", port), Stored).serve_forever()
"""

CONSUMER_FEATURE = """\
@consumer:{consumer} @provider:{provider}
Feature: What {consumer} needs from {provider}
  Each scenario is one interaction of the pact pacts/{consumer}-{provider}.json.
  Run it with: behave features/consumer

  Scenario: {Article} {resource} that exists
    Given the provider is in the state "{article} {resource} with id 1 exists"
    When the consumer sends a GET request to "/{resources}/1"
    Then the provider responds with status 200
    And the response has the JSON body:
      \"\"\"
      {{"id": {{{{ integer(1) }}}}, {matched}}}
      \"\"\"

  Scenario: {Article} {resource} that does not exist
    Given the provider is in the state "no {resource} with id 2 exists"
    When the consumer sends a GET request to "/{resources}/2"
    Then the provider responds with status 404
"""

PROVIDER_FEATURE = """\
Feature: {provider} keeps the promises its consumers' pacts record
  Run it after the consumer features: behave features/provider

  One scenario, and one JUnit case, per interaction: the outline's rows are filled from the pacts.

  Background:
    Given the provider "{provider}" is started with "{{python}} provider_stub.py --port {{port}}"

  Scenario Outline: <consumer>: <interaction>
    Then the interaction passes verification

    Examples: the interactions in the pacts
      | consumer | interaction | states |
"""


_PATTERN = re.compile(r'@provider_state\("([^"]+)"\)')


def _handled_already(folder: Path, module: str) -> Path | None:
    """The steps module of `folder` that registers a state pattern `module` would register, if any."""
    wanted = set(_PATTERN.findall(module))
    for path in sorted((folder / "steps").glob("*.py")):
        if wanted & set(_PATTERN.findall(path.read_text(encoding="utf-8", errors="replace"))):
            return path.relative_to(folder)
    return None


DEFAULT_CONSUMER = "MyConsumer"
DEFAULT_PROVIDER = "MyProvider"
_TAG_BYTES = 64 * 1024
"""How much of a feature file is read for its `@consumer:` and `@provider:` tags (they open the file)."""


@dataclass(frozen=True)
class SetUp:
    """A folder that is a behave project already: the config file that says so, and the pair it names."""

    config: Path
    consumer: str | None
    provider: str | None

    def names(self) -> str:
        """The pair as the config names it, for a message: "the consumer 'A' and the provider 'B'"."""
        named = [(role, name) for role, name in (("consumer", self.consumer), ("provider", self.provider)) if name]
        return " and ".join(f"the {role} {name!r}" for role, name in named) or "no consumer or provider"


@dataclass
class Scaffolded:
    """What `scaffold` wrote, and what it found there already and left alone."""

    created: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    shared: dict[Path, Path] = field(default_factory=dict)
    """A states module not written, because this module of the project handles its states already."""
    set_up: SetUp | None = None
    """The project found there, when it got no sample (see the module's docstring)."""


def set_up_project(folder: Path) -> SetUp | None:
    """The behave project `folder` is already, if it is one: it has a behave.ini, or a config names the pair.

    The names are read as behave reads `[behave.userdata]` (`[tool.behave.userdata]` in pyproject.toml),
    from the folder's own config files only, behave.ini winning.

    Raises:
        SetupError: a config file behave could not read either.
    """
    userdata: dict[str, str] = {}
    found: Path | None = None
    for path, read in config_userdata(folder):
        named = {key: _a_name(path, key, read[key]) for key in ("consumer", "provider") if read.get(key)}
        userdata.update(named)
        if named or path.name == "behave.ini":
            found = path
    if found is None:
        return None
    return SetUp(found, userdata.get("consumer"), userdata.get("provider"))


_TOML_KINDS = ((bool, "a boolean"), (int, "an integer"), (float, "a float"), (list, "an array"), (dict, "a table"))


def _a_name(config: Path, role: str, value: object) -> str:
    """A consumer or provider name as a config file gives it, when it is a string (TOML's may be anything).

    Raises:
        SetupError: a value that is not a string: behave would hand its Python repr on as the name.
    """
    if isinstance(value, str):
        return value
    kind = next((kind for python, kind in _TOML_KINDS if isinstance(value, python)), "not a string")
    msg = (
        f"{config}: [tool.behave.userdata] {role} is {kind}, and a {role} is one name: "
        f'write it as a TOML string, such as {role} = "{role.capitalize()}Service"'
    )
    raise SetupError(msg)


_CI_EXPANDED = ("$", "{", "}", "`")
"""Characters CI expands in a recipe's values: GitHub evaluates `${{ }}` in `env:`, GitLab `$VAR` in `variables:`."""


def _ci_safe(role: str, name: str, source: str) -> None:
    """Refuse a name the CI recipes would carry into a value their CI system expands.

    The recipes write each name JSON-quoted, so the YAML holds; but GitHub Actions evaluates
    `${{ ... }}` inside an `env:` value and GitLab expands `$VAR` inside a `variables:` value, so a
    name such as `B ${{ github.token }}` would be a token in the job's environment (and a backtick
    is a command in any shell that is handed the value unquoted).

    Raises:
        SetupError: which name, where it came from, which characters, and what to write instead.
    """
    found = [char for char in _CI_EXPANDED if char in name]
    if not found:
        return
    plain = " ".join("".join(char for char in name if char not in _CI_EXPANDED).split())
    instead = f"such as {plain!r}" if plain and party_name_problem(plain) is None else "of letters, digits, - and _"
    msg = (
        f"the {role} name {name!r} ({source}) holds characters CI expands inside the recipes ({' '.join(found)}): "
        f"GitHub evaluates ${{{{ }}}} in an env value, GitLab $VAR in a variable; write a {role} name without them, "
        f"{instead}; nothing was written"
    )
    raise SetupError(msg)


def _tagged_pairs(folder: Path) -> Iterator[tuple[str, str]]:
    """The (consumer, provider) pairs the feature files under `folder`/features name by their tags."""
    for path in sorted((folder / "features").rglob("*.feature")):
        with path.open("rb") as feature:
            head = feature.read(_TAG_BYTES).decode("utf-8", errors="replace")
        consumers = re.findall(r"(?:^|\s)@consumer:(\S+)", head)
        providers = re.findall(r"(?:^|\s)@provider:(\S+)", head)
        yield from ((consumer, provider) for consumer in consumers for provider in providers)


def _recipe_names(set_up: SetUp, consumer: str | None, provider: str | None) -> tuple[str, str]:
    """The pair a set-up project's CI recipes are named for: its config's, which the command line must not contradict.

    Raises:
        SetupError: a name given differs from the config's, or neither gives one.
    """
    names = []
    for role, given, configured in (("consumer", consumer, set_up.consumer), ("provider", provider, set_up.provider)):
        if given is not None and configured is not None and given != configured:
            msg = (
                f"{set_up.config} names the {role} {configured!r} ([behave.userdata] {role}), and --{role} names "
                f"{given!r}: the CI recipes run this project's features, so they are named as {set_up.config} "
                f"names the pair. Leave --{role} out, or change {role} in {set_up.config} first"
            )
            raise SetupError(msg)
        name = given or configured
        if name is None:
            msg = (
                f"{set_up.config} names no {role}, and the CI recipes are named for the pair: give --{role} NAME, "
                f"or write `{role} = NAME` under [behave.userdata] in {set_up.config}"
            )
            raise SetupError(msg)
        _ci_safe(role, name, f"--{role}" if given is not None else str(set_up.config))
        names.append(name)
    return names[0], names[1]


@dataclass(frozen=True)
class Resource:
    """What the scaffolded contract is about: a resource name and the fields of one, with examples."""

    name: str
    article: str
    fields: tuple[tuple[str, str], ...]


ITEMS = Resource("item", "an", (("name", "First item"),))
USERS = Resource("user", "a", (("name", "Alice"), ("email", "alice@example.com")))
"""The reference example's contract: GET /users/<id> answers id, name and email, or 404."""

_GENERIC = {"service", "services", "svc", "api", "apis", "provider", "server", "backend", "app", "my", "the", "our"}


def resource_for(provider: str) -> Resource:
    """What a provider's name says it serves: UserService users, OrderApi orders; else items.

    The first word of the name that is not a generic one (Service, Api, Provider, My...), as a
    lowercase English noun in the singular. A name with no such word, or one that is not plain
    ASCII letters, keeps the neutral "item".
    """
    if not provider.isascii():
        return ITEMS
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", provider)
    nouns = [word.lower() for word in words if word.lower() not in _GENERIC]
    if not nouns or not re.fullmatch(r"[a-z]{2,30}", nouns[0]):
        return ITEMS
    noun = nouns[0]
    if noun.endswith("ies") and len(noun) > 4:
        noun = noun[:-3] + "y"
    elif noun.endswith("s") and not noun.endswith(("ss", "us", "is")) and len(noun) > 3:
        noun = noun[:-1]
    if noun == USERS.name:
        return USERS
    article = "an" if noun[0] in "aeiou" else "a"
    return Resource(noun, article, (("name", f"First {noun}"),))


def plural(noun: str) -> str:
    """The English plural of a lowercase noun, by the regular rules (user -> users, inventory -> inventories)."""
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", noun):
        return noun + "es"
    return noun + "s"


def scaffold(
    folder: Path,
    consumer: str | None = None,
    provider: str | None = None,
    resource: Resource | None = None,
    *,
    ci: Sequence[str] = (),
    shards: int = 1,
) -> Scaffolded:
    """Write a contracts-bdd project for `consumer` and `provider` into `folder`; never overwrite a file.

    In a new folder, a name not given is MyConsumer or MyProvider. In a set-up project
    (`set_up_project`) a name not given is its config's; the sample is written only for a pair the
    names given make new, and `ci`'s recipes are named as the config names the pair.

    The contract is about what the provider's name says it serves (`resource_for`) unless
    `resource` is given. `ci` adds the CI recipes of those systems ("github", "gitlab"), with the
    consumer's features split over `shards` jobs when that is above 1.

    Raises:
        SetupError: a name cannot name a pact file; in a set-up project, `ci` with a name that
            contradicts its config, or with a name neither gives.
        ValueError: an unknown CI system, or fewer than one shard.
    """
    set_up = set_up_project(folder)
    report = Scaffolded()
    if set_up is None:
        sample = True
        recipe_pair = pair = (consumer or DEFAULT_CONSUMER, provider or DEFAULT_PROVIDER)
        for role, name in zip(("consumer", "provider"), recipe_pair, strict=True):
            if ci:
                _ci_safe(role, name, f"--{role}")
    else:
        recipe_pair = _recipe_names(set_up, consumer, provider) if ci else ("", "")
        pair = (consumer or set_up.consumer or DEFAULT_CONSUMER, provider or set_up.provider or DEFAULT_PROVIDER)
        new = (consumer is not None and consumer != set_up.consumer) or (
            provider is not None and provider != set_up.provider
        )
        sample = new and pair not in set(_tagged_pairs(folder))
        if not sample:
            report.set_up = set_up
    files = _sample(*_checked(*pair), resource) if sample else {}
    for system in ci:
        files.update(recipes(system, *_checked(*recipe_pair), shards))
    states = next((path for path in files if path.parts[0] == "steps" and path.name.endswith("_states.py")), None)
    for relative in files:  # all refused before any is written
        if not (folder / relative).exists():
            _inside(folder, relative)
    for relative, text in files.items():
        path = folder / relative
        if path.exists():
            report.skipped.append(relative)
            continue
        handled = _handled_already(folder, text) if relative == states else None
        if handled is not None:  # a second provider: its handlers would register the same patterns twice
            report.shared[relative] = handled
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        _inside(folder, relative)  # again: a folder made a symlink since the check is not written through
        with path.open("x", encoding="utf-8") as written:  # "x": never replaces a file made meanwhile
            written.write(text)
        report.created.append(relative)
    return report


def _inside(folder: Path, relative: Path) -> None:
    """Refuse a file to write that is a dangling symlink, or that resolves outside `folder` through one.

    Raises:
        SetupError: the file, where it resolves, and the symlink that takes it there.
    """
    path = folder / relative
    if path.is_symlink():  # and it does not exist: open("x") would say only "[Errno 17] File exists"
        msg = (
            f"{relative} is a symlink to {os.readlink(path)}, which does not exist: init writes no file through a "
            "symlink, so it wrote nothing; remove the symlink, or make the file it points to, and run init again"
        )
        raise SetupError(msg)
    root = folder.resolve()
    resolved = path.resolve()
    if resolved.is_relative_to(root):
        return
    links = [part for part in reversed(relative.parents) if part != Path() and (folder / part).is_symlink()]
    via = f" ({links[0]} is a symlink to {os.readlink(folder / links[0])})" if links else ""
    msg = (
        f"{relative} resolves to {resolved}, outside the project folder {root}{via}: init writes only inside the "
        "project, so it wrote nothing; make it a folder of the project, or run init in the folder it points to"
    )
    raise SetupError(msg)


def _checked(consumer: str, provider: str) -> tuple[str, str]:
    """The pair, when both names can name a pact file.

    Raises:
        SetupError: a name that cannot.
    """
    for role, name in (("consumer", consumer), ("provider", provider)):
        problem = party_name_problem(name)
        if problem is not None or name != name.strip() or "\n" in name:
            msg = f"the {role} name {name!r} cannot be used: {problem or 'it has edge spaces'}"
            raise SetupError(msg)
    return consumer, provider


def _sample(consumer: str, provider: str, resource: Resource | None) -> dict[Path, str]:
    """The sample project's files for the pair, by path in the project."""
    resource = resource or resource_for(provider)
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", provider)  # UserService -> User-Service
    slug = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-") or "provider"
    snake = slug.replace("-", "_")
    article = resource.article
    values = {
        "consumer": consumer,
        "provider": provider,
        "slug": slug,
        "resource": resource.name,
        "resources": plural(resource.name),
        "article": article,
        "Article": article.capitalize(),
        "stored": ", ".join(f'"{name}": "{example}"' for name, example in resource.fields),
        "matched": ", ".join(f'"{name}": {{{{ like("{example}") }}}}' for name, example in resource.fields),
    }
    states = f"steps/{snake}_states.py"
    templates = {
        "behave.ini": BEHAVE_INI,
        "environment.py": ENVIRONMENT,
        "steps/contracts.py": STEPS,
        states: STATES,
        "provider_stub.py": PROVIDER_STUB,
        f"features/consumer/{slug}.feature": CONSUMER_FEATURE,
        f"features/provider/{slug}.feature": PROVIDER_FEATURE,
    }
    return {Path(relative): template.format(**values) for relative, template in templates.items()}
