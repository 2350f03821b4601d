"""`contracts-bdd init`: a working contracts-bdd project in a folder, never overwriting a file.

    report = scaffold(Path("."), consumer="OrderService", provider="UserService")
    report.created    # [Path("behave.ini"), Path("environment.py"), ...]
    report.skipped    # files that were there already, left as they were

Right after it, `behave features/consumer` writes the first pact and `behave features/provider`
verifies it against a small provider stub, whose data the state handlers set up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

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

  Scenario: Every interaction of its consumers' pacts
    Given the provider "{provider}" is started with "{{python}} provider_stub.py --port {{port}}"
    When the provider is verified against its pacts
    Then every interaction passes verification
"""


_PATTERN = re.compile(r'@provider_state\("([^"]+)"\)')


def _handled_already(folder: Path, module: str) -> Path | None:
    """The steps module of `folder` that registers a state pattern `module` would register, if any."""
    wanted = set(_PATTERN.findall(module))
    for path in sorted((folder / "steps").glob("*.py")):
        if wanted & set(_PATTERN.findall(path.read_text(encoding="utf-8", errors="replace"))):
            return path.relative_to(folder)
    return None


@dataclass
class Scaffolded:
    """What `scaffold` wrote, and what it found there already and left alone."""

    created: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    shared: dict[Path, Path] = field(default_factory=dict)
    """A states module not written, because this module of the project handles its states already."""


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
    consumer: str,
    provider: str,
    resource: Resource | None = None,
    *,
    ci: Sequence[str] = (),
    shards: int = 1,
) -> Scaffolded:
    """Write a contracts-bdd project for `consumer` and `provider` into `folder`; never overwrite a file.

    The contract is about what the provider's name says it serves (`resource_for`) unless
    `resource` is given. `ci` adds the CI recipes of those systems ("github", "gitlab"), with the
    consumer's features split over `shards` jobs when that is above 1.

    Raises:
        SetupError: a name cannot name a pact file.
        ValueError: an unknown CI system, or fewer than one shard.
    """
    for role, name in (("consumer", consumer), ("provider", provider)):
        problem = party_name_problem(name)
        if problem is not None or name != name.strip() or "\n" in name:
            msg = f"the {role} name {name!r} cannot be used: {problem or 'it has edge spaces'}"
            raise SetupError(msg)
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
    files = {Path(relative): template.format(**values) for relative, template in templates.items()}
    for system in ci:
        files.update(recipes(system, consumer, provider, shards))
    report = Scaffolded()
    for relative, text in files.items():
        path = folder / relative
        if path.exists():
            report.skipped.append(relative)
            continue
        handled = _handled_already(folder, text) if relative == Path(states) else None
        if handled is not None:  # a second provider: its handlers would register the same patterns twice
            report.shared[relative] = handled
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as written:  # "x": never replaces a file made meanwhile
            written.write(text)
        report.created.append(relative)
    return report
