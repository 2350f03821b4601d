"""Pact's paths into a value (`$.items[*].name`, `$['a b'].*`): written, split, compared.

    child_path("$.a", "b c")                       # "$.a['b c']"
    canonical("$['a'].b")                          # "$.a.b": one spelling of each place
    matches("$.items[*].id", "$.items[3].id")      # True: `[*]` is any element, `.*` any key
    values_at({"a": [1, 2]}, "$.a[*]")             # [1, 2]

A path may be written with or without its `$` (pact-jvm writes a message's generator
paths without it), with dotted or bracketed names, quoted either way.
"""

from __future__ import annotations

import re
from typing import Any

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TOKEN = re.compile(r"""\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[(\*|\d+)\]|\.(\*)|\.([^.\[]+)""")


def child_path(path: str, key: str) -> str:
    """The path of `key` under `path`, quoted when the key is not a plain name."""
    return f"{path}.{key}" if _PLAIN_KEY.match(key) else f"{path}['{key}']"


def wildcard_path(path: str) -> str:
    """The path of every value of the object at `path` (`$.a.*`)."""
    return f"{path}.*"


def tokens(path: str) -> list[tuple[str, str]]:
    """A path's steps after its root: ("key", name), ("index", "3" or "*") or ("any", "*")."""
    text = path.strip()
    text = text[1:] if text.startswith("$") else ("." + text if text and not text.startswith((".", "[")) else text)
    found: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        step = _TOKEN.match(text, position)
        if step is None:
            return [("key", text)]  # not a path that can be split: one odd name
        single, double, index, star, plain = step.groups()
        if index is not None:
            found.append(("index", index))
        elif star is not None:
            found.append(("any", "*"))
        else:
            found.append(("key", single if single is not None else double if double is not None else plain))
        position = step.end()
    return found


def canonical(path: str) -> str:
    """`$.a['b'].c`, `$['a'].b.c` and `a.b.c` name the same place; write them one way."""
    written = "$"
    for kind, name in tokens(path):
        if kind == "index":
            written = f"{written}[{name}]"
        elif kind == "any":
            written = wildcard_path(written)
        else:
            written = child_path(written, name)
    return written


def matches(pattern: str, concrete: str) -> bool:
    """Whether `pattern` (with `[*]` and `.*`) names the place `concrete` names."""
    wanted, found = tokens(pattern), tokens(concrete)
    if len(wanted) != len(found):
        return False
    for (kind, name), (found_kind, found_name) in zip(wanted, found, strict=True):
        if kind == "any":
            if found_kind != "key":
                return False
        elif kind == "index" and name == "*":
            if found_kind != "index":
                return False
        elif (kind, name) != (found_kind, found_name):
            return False
    return True


def values_at(value: Any, path: str) -> list[Any]:
    """The values of `value` a path names; `[*]` and `.*` name every element or value."""
    found = [value]
    for kind, name in tokens(path):
        step: list[Any] = []
        for item in found:
            if kind == "key" and isinstance(item, dict) and name in item:
                step.append(item[name])
            elif kind == "any" and isinstance(item, dict):
                step.extend(item.values())
            elif kind == "index" and isinstance(item, list):
                step.extend(item if name == "*" else item[int(name) : int(name) + 1])
        found = step
    return found
