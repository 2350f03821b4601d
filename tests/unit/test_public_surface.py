"""The public surface is drawn: `contracts_bdd.__all__` is pinned, and importing it loads no pact-ffi."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests_support import REPO

import contracts_bdd
from contracts_bdd import errors


def test_all_holds_every_public_name_the_package_defines_and_nothing_else() -> None:
    """Derived, as httpx's test derives it: a public name defined in the package and missing from `__all__`
    (or one in `__all__` that is not there) fails; helpers the package itself imports (`version`) do not count."""
    public = [
        name
        for name in dir(contracts_bdd)
        if not name.startswith("_")
        and getattr(getattr(contracts_bdd, name), "__module__", "").split(".")[0] == "contracts_bdd"
    ]
    assert contracts_bdd.__all__ == sorted(public)
    assert {"Contracts", "ReceivedMessage", "message_producer", "ProducerProblem"} <= set(public)


def test_every_error_is_under_the_one_root_and_drawn_in_the_tree() -> None:
    classes = [value for value in vars(errors).values() if isinstance(value, type) and issubclass(value, Exception)]
    for error in classes:
        assert issubclass(error, errors.ContractsBddError), error
        if error is not errors.ContractsBddError:
            assert f"── {error.__name__} " in (errors.__doc__ or ""), f"{error.__name__} is not drawn in the tree"
            assert error.__name__ in contracts_bdd.__all__


def test_no_error_of_the_tree_is_defined_outside_errors_py() -> None:
    """A class deriving from one of the tree's errors elsewhere would reach users undrawn (as ProducerProblem did)."""
    tree = {name for name, value in vars(errors).items() if isinstance(value, type) and issubclass(value, Exception)}
    outside = [
        f"{path.relative_to(REPO)}:{node.lineno} {node.name}"
        for path in sorted((REPO / "contracts_bdd").rglob("*.py"))
        if path.name != "errors.py"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ClassDef) and any(isinstance(base, ast.Name) and base.id in tree for base in node.bases)
    ]
    assert outside == []


def test_importing_the_package_loads_neither_pact_nor_behave() -> None:
    code = "import sys, contracts_bdd; print(sorted(m for m in sys.modules if m.split('.')[0] in ('pact', 'pact_ffi', 'behave')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
