"""The layering drawn in docs/design.md, pinned: who may import pact-python and behave, and what each layer loads.

model/, gherkin/         no pact, no behave
pact/                    only pact/ffi.py imports pact-python; reader, document, integration load none of it
consumer/, provider/, broker/, render/   no behave (render loads no pact-ffi either)
site/                    no behave until it reads the features, no pact-ffi
behave/ (and the public contracts_bdd.hooks and contracts_bdd.steps)   the only code that knows behave
"""

from __future__ import annotations

import ast
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
