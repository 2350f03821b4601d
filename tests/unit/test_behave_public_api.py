"""The behave layer uses behave's public API only: no private attribute of another object, by name or by string.

`context._runner`, `scenario._row` and `getattr(context, "_runner")` are all refused; so is
any `x._name` where `x` is not `self` or `cls`. Dunder names (`__module__`) are public.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from tests_support import REPO

BEHAVE_LAYER = [
    REPO / "contracts_bdd" / "behave",
    REPO / "contracts_bdd" / "hooks.py",
    REPO / "contracts_bdd" / "steps",
]


def private_reaches(source: str) -> list[str]:
    """Each `x._name` (x not self or cls) and `getattr(x, "_name")` in `source`, as written."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "hasattr", "setattr")
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _private(node.args[1].value)
        ):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def modules() -> list[Path]:
    return sorted(path for place in BEHAVE_LAYER for path in ([place] if place.is_file() else place.rglob("*.py")))


def test_the_behave_layer_reaches_no_private_attribute() -> None:
    found = {str(path.relative_to(REPO)): private_reaches(path.read_text()) for path in modules()}
    assert {path: reaches for path, reaches in found.items() if reaches} == {}


@pytest.mark.parametrize(
    "source",
    [
        "runner = context._runner",
        "row = scenario._row",
        'runner = getattr(context, "_runner", None)',
        "context._runner.aborted = False",
    ],
)
def test_the_check_sees_each_way_of_reaching_a_private(source: str) -> None:
    assert private_reaches(source)


def test_the_check_leaves_public_names_alone() -> None:
    assert private_reaches('name = getattr(func, "__module__", ""); self._found = {}; context.aborted = False') == []
