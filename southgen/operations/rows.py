"""Rows a data migration inserts with literal values, and their exact removal.

``orm['auth.Group'].objects.create(name='moderators')`` (or
``get_or_create``) in forwards is undone by deleting exactly the rows with
those values; anything less certain stays a flagged no-op (``DataNoop``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace

from southgen.operations.base import Mirrored, mirror_pair
from southgen.operations.raw import RowOperation
from southgen.operations.risk import Risk, RiskKind

CREATING = ("create", "get_or_create")
# Calls that write rows: forwards making any of them (besides literal inserts) changes data
# southgen cannot undo exactly, so its literal inserts are not undone alone either.
WRITING = {"save", "delete", "update", "create", "get_or_create", "update_or_create",
           "bulk_create", "add", "remove", "clear", "execute"}


@dataclass(frozen=True)
class InsertRows(RowOperation, Mirrored):
    model: str  # 'auth.Group'
    manager: str  # Python source of the manager: "orm['auth.Group'].objects"
    values: tuple[tuple[str, str], ...]  # field lookup -> literal, as Python source
    how: str  # 'create' | 'get_or_create'
    line: int = 0
    condition: str = ""  # forwards inserted them only if this held (Python source)
    template = "insert_rows"
    inserts_rows = True

    def under_condition(self, condition: str) -> InsertRows:
        return replace(self, condition=self.condition or condition)


@dataclass(frozen=True)
class DeleteRows(RowOperation, Mirrored):
    model: str
    manager: str
    values: tuple[tuple[str, str], ...]
    how: str
    line: int = 0
    condition: str = ""
    template = "delete_rows"
    deletes_rows = True

    @property
    def lookup(self) -> str:
        return ", ".join(f"{name}={value}" for name, value in self.values)

    def risk(self) -> Risk | None:
        if self.condition:
            return Risk(RiskKind.REVIEW, f"deletes the {self.model} rows with {self.lookup}, which "
                        f"forwards inserted only if {self.condition}")
        if self.how == "get_or_create":
            return Risk(RiskKind.REVIEW, f"deletes the {self.model} row forwards got or created "
                        f"({self.lookup}), also if it was there before forwards ran")
        return None


mirror_pair(InsertRows, DeleteRows)


def inserted_rows(call: ast.Call) -> InsertRows | None:
    """The rows a ``<orm model>.objects.create/get_or_create(literals)`` call inserts."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr in CREATING and not call.args
            and isinstance(func.value, ast.Attribute) and func.value.attr == "objects"):
        return None
    model = _orm_model(func.value.value)
    if model is None or not call.keywords:
        return None
    values = []
    for keyword in call.keywords:
        if keyword.arg is None:
            return None
        if keyword.arg == "defaults" and func.attr == "get_or_create":
            continue  # only the lookup identifies the row
        try:
            ast.literal_eval(keyword.value)
        except (ValueError, SyntaxError, TypeError):
            return None
        values.append((keyword.arg, ast.unparse(keyword.value)))
    if not values:
        return None
    return InsertRows(model, ast.unparse(func.value), tuple(values), func.attr, call.lineno)


def writes_rows(node: ast.FunctionDef, exact: set[int]) -> bool:
    """Whether ``node`` writes rows other than through the calls in ``exact``."""
    return any(isinstance(sub, ast.Call) and id(sub) not in exact
               and isinstance(sub.func, ast.Attribute) and sub.func.attr in WRITING
               and not _is_db(sub.func.value) for sub in ast.walk(node))


def _is_db(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "db"


def _orm_model(node: ast.expr) -> str | None:
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
            and node.value.id == "orm":
        try:
            key = ast.literal_eval(node.slice)
        except (ValueError, SyntaxError, TypeError):
            return None
        return key if isinstance(key, str) else None
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
            and node.value.id == "orm":
        return node.attr
    return None
