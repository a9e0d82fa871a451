"""What a migration's existing ``backwards()`` is: missing, empty, raising or present."""

from __future__ import annotations

import ast

from southgen.reader import MethodSpan
from southgen.strenum import StrEnum


class Status(StrEnum):
    """What the existing ``backwards()`` is."""

    MISSING = "missing"
    EMPTY = "empty"
    RAISES = "raises"
    PRESENT = "present"


MISSING, EMPTY, RAISES, PRESENT = Status.MISSING, Status.EMPTY, Status.RAISES, Status.PRESENT

# The kinds ``southgen fix`` regenerates unless told ``--all``.
REGENERATED = (MISSING, EMPTY, RAISES)

_REFUSALS = ("RuntimeError", "NotImplementedError")
_SOUTH_MESSAGE = "cannot reverse this migration"


def classify(span: MethodSpan | None) -> Status:
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


def deliberate(span: MethodSpan | None, text: str, data_migration: bool) -> str:
    """Why an empty or raising backwards of a data migration is a decision to keep, not a
    stub: it raises with its own message, or its ``pass`` comes with a comment. ''
    otherwise."""
    if span is None or not data_migration:
        return ""
    body = [stmt for stmt in span.node.body if not _is_filler(stmt)]
    if not body:
        lines = text.splitlines(keepends=True)[span.first_line:span.last_line]
        comments = [line.strip() for line in "".join(lines).splitlines()
                    if line.strip().startswith("#")]
        if comments:
            return f"backwards() does nothing on purpose ({comments[0][:80]})"
        return ""
    for stmt in body:
        if isinstance(stmt, ast.Raise) and stmt.exc is not None and not _south_stub(stmt):
            return f"backwards() raises on purpose ({ast.unparse(stmt.exc)[:80]})"
    return ""


def _south_stub(stmt: ast.Raise) -> bool:
    """South's own refusal ("Cannot reverse this migration") or a bare class raised."""
    exc = stmt.exc
    if not isinstance(exc, ast.Call) or not (exc.args or exc.keywords):
        return True
    return any(isinstance(node, ast.Constant) and isinstance(node.value, str)
               and _SOUTH_MESSAGE in node.value.lower() for node in ast.walk(exc))
