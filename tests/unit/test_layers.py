"""The layering drawn in docs/design.md, pinned: which part of the package may import which, who may import
pact-python and behave, and what each layer loads.

The parts, top to bottom (a part imports only parts below it; parts on one line do not import each other):

    __main__
    cli
    hooks | steps | site | scaffold                 the entry points, the living documentation, `init`
    ci_recipes                                      the CI recipes `init` writes (they name the package's version)
    __init__                                        the public names
    behave                                          the only code that knows behave
    consumer | provider | render                    a consumer run, a provider's verification, pact -> feature
    broker                                          the Pact Broker client
    pact                                            pact files and pact-ffi
    config | handlers | gherkin                     settings, registries of a project's functions, Gherkin -> model
    model                                           the contract, no I/O
    errors | interrupts                             the one error tree, signals
    redaction                                       the one scrubber

model/, gherkin/         no pact, no behave
pact/                    only pact/ffi.py imports pact-python; reader, document, integration load none of it
consumer/, provider/, broker/, render/   no behave (render loads no pact-ffi either)
site/                    no behave until it reads the features, no pact-ffi
behave/ (and the public contracts_bdd.hooks and contracts_bdd.steps)   the only code that knows behave
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests_support import REPO

PACKAGE = REPO / "contracts_bdd"
PACT = {"pact", "pact_ffi"}


def imported_roots(path: Path) -> set[str]:
    """The top-level names a module imports (absolute imports only: the package uses no relative ones)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


LAYERS: list[set[str]] = [
    {"__main__"},
    {"cli"},
    {"hooks", "steps", "site", "scaffold"},
    {"ci_recipes"},
    {"__init__"},
    {"behave"},
    {"consumer", "provider", "render"},
    {"broker"},
    {"pact"},
    {"config", "handlers", "gherkin"},
    {"model"},
    {"errors", "interrupts"},
    {"redaction"},
]


def part_of(module: str, package: Path) -> str:
    """The part a dotted module name (`contracts_bdd.pact.reader`) belongs to: its subpackage or top-level module."""
    names = module.split(".")[1:]
    if not names:
        return "__init__"
    if (package / names[0]).is_dir() or (package / f"{names[0]}.py").is_file():
        return names[0]
    return "__init__"  # a name the package's __init__ defines (`from contracts_bdd import __version__`)


def imports_between_parts(package: Path) -> list[tuple[str, str, str]]:
    """Every import of one part by another: (importing file, importing part, imported part), lazy imports too."""
    found = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        importer = relative.parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = (
                    [f"{node.module}.{alias.name}" for alias in node.names]
                    if node.module == package.name
                    else [node.module]
                )
            else:
                continue
            for target in targets:
                if target.split(".")[0] == package.name and (imported := part_of(target, package)) != importer:
                    found.append((str(relative), importer, imported))
    return found


def layer_violations(package: Path) -> list[str]:
    """The imports that go up the drawing, or sideways between parts on one line."""
    rank = {part: level for level, parts in enumerate(LAYERS) for part in parts}
    return [
        f"{where}: {importer} imports {imported}"
        for where, importer, imported in imports_between_parts(package)
        if rank.get(importer, -1) >= rank.get(imported, len(LAYERS))
    ]


def test_every_part_of_the_package_is_drawn() -> None:
    parts = {
        path.name.removesuffix(".py")
        for path in PACKAGE.iterdir()
        if path.suffix == ".py" or (path / "__init__.py").exists()
    }
    assert parts == set().union(*LAYERS)


def test_each_part_imports_only_parts_below_it() -> None:
    assert layer_violations(PACKAGE) == []


@pytest.mark.parametrize(
    ("module", "wrong_import", "reported"),
    [
        ("model/contract.py", "from contracts_bdd.pact.ffi import serve", "model/contract.py: model imports pact"),
        (
            "consumer/exchange.py",
            "import contracts_bdd.provider.producers",
            "consumer/exchange.py: consumer imports provider",
        ),
        ("broker/client.py", "from contracts_bdd import behave", "broker/client.py: broker imports behave"),
        ("errors.py", "from contracts_bdd import config", "errors.py: errors imports config"),
    ],
)
def test_the_layer_contract_fails_on_a_wrong_import(
    tmp_path: Path, module: str, wrong_import: str, reported: str
) -> None:
    copy = tmp_path / "contracts_bdd"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(
        target.read_text() + f"\n\ndef _late() -> None:\n    {wrong_import}  # a lazy import counts too\n"
    )

    assert layer_violations(copy) == [reported]


def test_only_pact_ffi_imports_pact_python() -> None:
    importers = sorted(str(path.relative_to(PACKAGE)) for path in modules() if imported_roots(path) & PACT)
    assert importers == ["pact/ffi.py"]


def test_only_the_behave_layer_imports_behave() -> None:
    importers = {str(path.relative_to(PACKAGE)) for path in modules() if "behave" in imported_roots(path)}
    assert importers, "the behave layer imports behave"
    assert all(name.startswith("behave/") for name in importers), sorted(importers)


def loaded_by(module: str) -> set[str]:
    code = f"import sys, {module}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    return set(done.stdout.split())


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("model", PACT | {"behave", "requests"}),
        ("gherkin", PACT | {"behave", "requests"}),
        ("render", PACT | {"behave", "requests"}),
        ("pact.reader", PACT | {"behave"}),
        ("pact.document", PACT | {"behave"}),
        ("pact.integration", PACT | {"behave"}),
        ("pact", {"behave"}),
        ("consumer", {"behave"}),
        ("provider", {"behave"}),
        ("broker", {"behave"}),
        ("site", PACT | {"behave"}),
    ],
)
def test_each_layer_loads_only_what_it_may(layer: str, forbidden: set[str]) -> None:
    folder = PACKAGE / layer.replace(".", "/")
    names = (
        [f"contracts_bdd.{layer}"]
        if not folder.is_dir()
        else [f"contracts_bdd.{layer}.{path.stem}" for path in sorted(folder.glob("*.py")) if path.stem != "__init__"]
    )
    for name in names:
        assert not loaded_by(name) & forbidden, f"{name} loads {sorted(loaded_by(name) & forbidden)}"


def test_what_a_consumer_run_imports_loads_no_http_client_library_nor_server() -> None:
    """The hooks and both step vocabularies, as a project's environment.py and steps/ import them."""
    code = (
        "import sys, contracts_bdd.hooks, contracts_bdd.steps.consumer, contracts_bdd.steps.provider; "
        "from contracts_bdd import provider_state, request_filter; print(' '.join(sorted(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    loaded = set(done.stdout.split())
    assert not loaded & {"requests", "urllib3", "http.server"}, sorted(loaded & {"requests", "urllib3", "http.server"})
