"""What a migration's existing ``backwards()`` is: missing, empty, raising or present."""

from __future__ import annotations

import ast

from southgen.reader import MethodSpan

MISSING = "missing"
EMPTY = "empty"
RAISES = "raises"
PRESENT = "present"

# The kinds ``southgen fix`` regenerates unless told ``--all``.
REGENERATED = (MISSING, EMPTY, RAISES)

_REFUSALS = ("RuntimeError", "NotImplementedError")
_SOUTH_MESSAGE = "cannot reverse this migration"


def classify(span: MethodSpan | None) -> str:
    if span is None:
        return MISSING
    body = [stmt for stmt in span.node.body if not _is_filler(stmt)]
    if not body:
        return EMPTY
    # Only an unconditional raise counts: a conditional one is hand-written logic.
    if any(_refuses(stmt) for stmt in body):
        return RAISES
    return PRESENT


def _is_filler(stmt: ast.stmt) -> bool:
    """``pass``, ``...`` or a docstring / bare string: does nothing."""
    if isinstance(stmt, ast.Pass):
        return True
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and (
        isinstance(stmt.value.value, str) or stmt.value.value is Ellipsis)


def _refuses(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.Raise):
        return False
    if stmt.exc is None:
        return True
    exc = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
    name = exc.attr if isinstance(exc, ast.Attribute) else getattr(exc, "id", "")
    if name in _REFUSALS:
        return True
    return any(isinstance(node, ast.Constant) and isinstance(node.value, str)
               and _SOUTH_MESSAGE in node.value.lower() for node in ast.walk(stmt.exc))
