"""The `{{ ... }}` expression language: matcher and generator calls with literal arguments, and nothing else.

    evaluate_expression('each_like({"id": integer(1)}, min=2)', callables)   # a Matcher
    evaluate_expression('"a literal, with \\n escapes"', callables)         # the text itself

An expression is read with Python's own parser and then walked by a small
evaluator that knows only these forms: string, number and boolean literals,
`true`/`false`/`null`/`none`, lists, tuples and objects of those, a minus sign
on a number, and calls of the named matchers and generators with positional
and keyword arguments. `as_recorded(<one call>)` makes that one call take its
example as a pact recorded it (see `contracts_bdd.model.examples.as_recorded`).
There is no arithmetic, no attribute access, no subscript and no other name,
so a feature (or a pact rendered from someone else's file) can make nothing but
contract values: no code, and no allocation larger than its own text. Numbers a pact cannot hold exactly are refused.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import math
import warnings
from collections.abc import Callable, Mapping
from typing import Any

from contracts_bdd.model.examples import as_recorded

MAX_NESTING = 100
"""The deepest a value may nest, in an expression or a body (pact-ffi's JSON reader stops at 128)."""
LOWEST_INTEGER = -(2**63)
HIGHEST_INTEGER = 2**64 - 1
_NAMED_VALUES: dict[str, Any] = {"true": True, "false": False, "none": None, "True": True, "False": False}
AS_RECORDED = "as_recorded"
"""The one word that is not a matcher: `as_recorded(regex("12", "[a-z]+"))` skips that call's example check."""


class ExpressionError(ValueError):
    """An expression that is not a matcher call with literal arguments (the message says what to write)."""


class UnknownName(ExpressionError):
    """An expression calls or names something that is no matcher or generator.

    `quoted` is set when the name is a bare word used as a value (`like(Rex)`): the whole
    expression with that word in quotes (`like("Rex")`), which is what was meant.
    """

    def __init__(self, name: str, span: tuple[int, int, int] | None = None) -> None:
        self.name = name
        self.span = span  # a bare word's line (1-based) and UTF-8 columns in the stripped expression
        self.quoted: str | None = None
        if span is None:
            super().__init__(f"'{name}' is not a matcher")
        else:
            super().__init__(f"'{name}' is neither a matcher nor text: text in an expression goes in quotes")


def number_problem(value: Any) -> str | None:
    """Why a pact cannot hold `value` exactly, or None when it can (or it is no number)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and not LOWEST_INTEGER <= value <= HIGHEST_INTEGER:
        return (
            f"the number {value} is beyond the 64 bits a pact holds an integer in; pact-ffi would write it "
            f'as a rounded decimal. Write it as text ("{value}"), or with decimal() if rounding is acceptable'
        )
    if isinstance(value, float) and not math.isfinite(value):
        return f"the number {value} is not finite, and JSON has no way to write it; write a finite number"
    return None


def value_problem(value: Any) -> str | None:
    """Why a pact cannot hold a parsed JSON `value` (too deep, or a number it cannot hold), or None."""
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_NESTING:
            return f"the value nests deeper than {MAX_NESTING} levels, deeper than a pact can be read; flatten it"
        if isinstance(item, dict):
            pending.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            pending.extend((child, depth + 1) for child in item)
        else:
            problem = number_problem(item)
            if problem is not None:
                return problem
    return None


@functools.lru_cache(maxsize=256)
def _parsed(expression: str) -> ast.expr:
    """Parse once what recurs (`like("Alice")` in scenario after scenario); a tree is about 1 KB, so the
    cache is small: a suite's `integer(<its own id>)`s would fill it with trees read once."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "\d" in a regex is meant literally, as jinja2 took it
        try:
            return ast.parse(expression.strip(), mode="eval").body
        except SyntaxError as err:
            msg = f"the expression {{{{ {expression.strip()} }}}} is not valid: {err.msg}"
            raise ExpressionError(msg) from err
        except (MemoryError, RecursionError) as err:
            msg = f"the expression {{{{ {expression.strip()[:60]}... }}}} nests too deeply to read"
            raise ExpressionError(msg) from err


def evaluate_expression(expression: str, callables: Mapping[str, Callable[..., Any]]) -> Any:
    """The value of `expression`, calling only `callables` (matchers and generators by name).

    Raises:
        ExpressionError: the expression is not one the language allows, or a matcher refused its arguments.
        UnknownName: it names something that is no matcher or generator.
    """
    try:
        return _Evaluator(callables).value(_parsed(expression), 0)
    except UnknownName as err:
        if err.span is not None:
            err.quoted = _in_quotes(expression.strip(), err.span)
        raise


def _in_quotes(expression: str, span: tuple[int, int, int]) -> str:
    """`expression` with the word at `span` (line, UTF-8 start and end columns, as `ast` gives them) quoted."""
    line, start, end = span
    lines = expression.splitlines(keepends=True)
    written = lines[line - 1].encode()
    lines[line - 1] = (written[:start] + b'"' + written[start:end] + b'"' + written[end:]).decode()
    return "".join(lines)


class _Evaluator:
    def __init__(self, callables: Mapping[str, Callable[..., Any]]) -> None:
        self.callables = callables

    def value(self, node: ast.expr, depth: int) -> Any:
        if depth > MAX_NESTING:
            msg = f"the expression nests deeper than {MAX_NESTING} levels; write a flatter value"
            raise ExpressionError(msg)
        if isinstance(node, ast.Constant):
            return self.constant(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self.value(node.operand, depth + 1)
            if isinstance(operand, (int, float)) and not isinstance(operand, bool):
                return self.constant(-operand if isinstance(node.op, ast.USub) else operand)
        elif isinstance(node, (ast.List, ast.Tuple)):
            return [self.value(item, depth + 1) for item in node.elts]
        elif isinstance(node, ast.Dict):
            if any(key is None for key in node.keys):
                raise self.refused(node)
            return {
                self.value(key, depth + 1): self.value(item, depth + 1)  # type: ignore[arg-type]
                for key, item in zip(node.keys, node.values, strict=True)
            }
        elif isinstance(node, ast.Name):
            return self.name(node)
        elif isinstance(node, ast.Call):
            return self.call(node, depth)
        raise self.refused(node)

    def constant(self, value: Any) -> Any:
        if value is None or isinstance(value, (str, int, float, bool)):
            problem = number_problem(value)
            if problem is not None:
                raise ExpressionError(problem)
            return value
        msg = f"{value!r} is not a value a contract can hold; write text, a number, true, false or null"
        raise ExpressionError(msg)

    def name(self, node: ast.Name) -> Any:
        name = node.id
        if name in _NAMED_VALUES:
            return _NAMED_VALUES[name]
        if name == "null":
            return None  # JSON's null, written as a value (`null()` is the matcher)
        if name in self.callables:
            return self.callables[name]  # `null` written as a value, not called
        raise UnknownName(name, (node.lineno, node.col_offset, node.end_col_offset or node.col_offset))

    def call(self, node: ast.Call, depth: int) -> Any:
        if not isinstance(node.func, ast.Name):
            raise self.refused(node)
        if node.func.id == AS_RECORDED:
            return self.recorded(node, depth)
        function = self.callables.get(node.func.id)
        if function is None:
            raise UnknownName(node.func.id)
        if any(isinstance(argument, ast.Starred) for argument in node.args) or any(
            keyword.arg is None for keyword in node.keywords
        ):
            raise self.refused(node)
        arguments = [self.value(argument, depth + 1) for argument in node.args]
        keywords = {str(keyword.arg): self.value(keyword.value, depth + 1) for keyword in node.keywords}
        return function(*arguments, **keywords)

    def recorded(self, node: ast.Call, depth: int) -> Any:
        """`as_recorded(word(...))`: the word's arguments are read as always, then the word takes its example
        without checking it against its rule (that one value only, not the matchers inside it)."""
        inner = node.args[0] if len(node.args) == 1 and not node.keywords else None
        if not isinstance(inner, ast.Call) or not isinstance(inner.func, ast.Name) or inner.func.id == AS_RECORDED:
            msg = (
                "as_recorded() takes one matcher or generator call, whose example a pact recorded as it is: "
                'as_recorded(regex("12", "[a-z]+"))'
            )
            raise ExpressionError(msg)
        if inner.func.id not in self.callables:
            raise UnknownName(inner.func.id)
        if any(isinstance(argument, ast.Starred) for argument in inner.args) or any(
            keyword.arg is None for keyword in inner.keywords
        ):
            raise self.refused(inner)
        arguments = [self.value(argument, depth + 2) for argument in inner.args]
        keywords = {str(keyword.arg): self.value(keyword.value, depth + 2) for keyword in inner.keywords}
        with as_recorded():
            made = self.callables[inner.func.id](*arguments, **keywords)
        return dataclasses.replace(made, recorded=True) if hasattr(made, "recorded") else made

    @staticmethod
    def refused(node: ast.expr) -> ExpressionError:
        shown = ast.unparse(node)
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        return ExpressionError(
            f"'{shown}' is not something an expression may do: write a matcher call whose arguments are "
            'literals (text, numbers, true, false, null, [lists], {"objects": ...}) or other matcher calls, '
            'e.g. {{ each_like({"id": integer(1)}, min=2) }}'
        )
