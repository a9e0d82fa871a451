"""Forwards (what ran) + the frozen diff (what the schema should be) -> one list.

Each diff operation is matched to the ``db.*`` calls / SQL statements of
``forwards()`` by keys (``('add_column', table, column)`` ...). When they all
agree the diff's operations are used as they are. Otherwise forwards wins:
its operations are taken in the order they ran, a dropped-and-added column or
table that forwards renamed becomes the rename (values survive), and every
disagreement is noted for the report.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from southgen.forwards import ForwardsRead
from southgen.ops import (
    AddColumn,
    AlterColumn,
    CreateIndex,
    CreateM2M,
    CreateTable,
    CreateUnique,
    DeleteColumn,
    DeleteIndex,
    DeleteM2M,
    DeleteTable,
    DeleteUnique,
    Operation,
    RenameColumn,
    RenameTable,
)
from southgen.rawops import DataChange, ExecuteSQL, Opaque, RawDrop, RawDropColumn


@dataclass(frozen=True)
class Reconciled:
    ops: list[Operation]
    notes: list[str]


def keys_of(op: Operation) -> tuple[tuple, ...]:
    """What an operation does, as matchable keys; the first is its main one."""
    if isinstance(op, CreateTable):
        return (("create_table", op.table),)
    if isinstance(op, DeleteTable):
        return (("delete_table", op.table),)
    if isinstance(op, AddColumn):
        return (("add_column", op.table, op.field.column),)
    if isinstance(op, DeleteColumn):
        return (("delete_column", op.table, op.field.column),)
    if isinstance(op, AlterColumn):
        keys: tuple[tuple, ...] = (("alter_column", op.table, op.new.column),)
        if op.renames:
            keys += (("rename_column", op.table, op.old.column, op.new.column),)
        return keys
    for kind, name in ((CreateIndex, "create_index"), (DeleteIndex, "delete_index"),
                       (CreateUnique, "create_unique"), (DeleteUnique, "delete_unique")):
        if isinstance(op, kind):
            return ((name, op.table, tuple(op.columns)),)
    if isinstance(op, CreateM2M):
        table = m2m_table(op.table_expr)
        return (("create_table", table),
                ("create_unique", table, (op.left_column, op.right_column)))
    if isinstance(op, DeleteM2M):
        return (("delete_table", m2m_table(op.table_expr)),)
    if isinstance(op, RenameColumn):
        return (("rename_column", op.table, op.old, op.new),)
    if isinstance(op, RenameTable):
        return (("rename_table", op.old, op.new),)
    if isinstance(op, ExecuteSQL) and op.inverse is not None:
        inverse = op.inverse
        if isinstance(inverse, RawDropColumn):
            return (("add_column", inverse.table, inverse.column),)
        if isinstance(inverse, (RenameColumn, RenameTable)):
            return keys_of(inverse.reverse())
        if isinstance(inverse, RawDrop) and inverse.kind == "TABLE":
            return (("create_table", inverse.name),)
    if isinstance(op, Opaque) and op.key:
        return (op.key,)
    return ()


def m2m_table(table_expr: str) -> str:
    source = table_expr.strip()
    if source.startswith("db.shorten_name(") and source.endswith(")"):
        source = source[len("db.shorten_name("):-1]
    try:
        value = ast.literal_eval(source)
    except (ValueError, SyntaxError):
        return table_expr
    return value if isinstance(value, str) else table_expr


def reconcile(diff: list[Operation], read: ForwardsRead, model_tables: set[str]) -> Reconciled:
    forwards = read.ops
    available: dict[tuple, list[int]] = {}
    for index, op in enumerate(forwards):
        for key in keys_of(op):
            available.setdefault(key, []).append(index)
    taken: dict[int, Operation | None] = {}  # forwards index -> diff op standing for it
    unmatched: list[Operation] = []
    for op in diff:
        keys = keys_of(op)
        if not keys or not _free(available, keys[0], taken):
            unmatched.append(op)
            continue
        taken[_take(available, keys[0], taken)] = op
        for key in keys[1:]:
            if _free(available, key, taken):
                taken[_take(available, key, taken)] = None
    unmatched = _renames(unmatched, forwards, taken)
    leftover = [i for i, op in enumerate(forwards) if i not in taken]
    renamed = any(taken[i] is forwards[i] for i in taken)
    if not unmatched and not leftover and not renamed:
        return Reconciled(list(diff), [])
    notes: list[str] = []
    ops: list[Operation] = []
    for index, op in enumerate(forwards):
        if index in taken:
            if (kept := taken[index]) is not None:
                ops.append(kept)
            continue
        ops.append(op)
        if _shows_in_models(op, model_tables):
            notes.append(f"forwards() {describe(op)}, which the frozen models do not show")
    opaque = read.unknown_statements or any(
        isinstance(forwards[i], Opaque) for i in leftover)
    for op in unmatched:
        if opaque:
            ops.append(op)
            notes.append(f"the frozen models show that the migration {describe(op)}; forwards() "
                         "does not show it plainly, so backwards assumes it ran")
        else:
            notes.append(f"the frozen models show that the migration {describe(op)}, but "
                         "forwards() does not do it: backwards leaves it alone")
    return Reconciled(ops, notes)


def _free(available: dict, key: tuple, taken: dict) -> bool:
    return any(i not in taken for i in available.get(key, ()))


def _take(available: dict, key: tuple, taken: dict) -> int:
    return next(i for i in available[key] if i not in taken)


def _renames(unmatched: list[Operation], forwards: list[Operation],
             taken: dict) -> list[Operation]:
    """A drop and an add that forwards did as a rename are the rename."""
    rest = list(unmatched)
    for index, op in enumerate(forwards):
        if index in taken:
            continue
        inverse = op.inverse if isinstance(op, ExecuteSQL) else None
        if isinstance(op, (RenameColumn, RenameTable)) or isinstance(
                inverse, (RenameColumn, RenameTable)):
            rename = inverse.reverse() if inverse is not None else op
            pair = _pair(rest, rename)
            if pair:
                for item in pair:
                    rest.remove(item)
                taken[index] = op
    return rest


def _pair(ops: list[Operation], rename: Operation) -> tuple[Operation, Operation] | None:
    gone: Operation | None
    added: Operation | None
    if isinstance(rename, RenameColumn):
        gone = next((o for o in ops if isinstance(o, DeleteColumn) and o.table == rename.table
                     and o.field.column == rename.old), None)
        added = next((o for o in ops if isinstance(o, AddColumn) and o.table == rename.table
                      and o.field.column == rename.new), None)
    else:
        assert isinstance(rename, RenameTable)
        gone = next((o for o in ops if isinstance(o, DeleteTable) and o.table == rename.old),
                    None)
        added = next((o for o in ops if isinstance(o, CreateTable) and o.table == rename.new),
                     None)
    if gone is not None and added is not None:
        return gone, added
    return None


def _shows_in_models(op: Operation, model_tables: set[str]) -> bool:
    """Whether the frozen models would show ``op`` (it touches one of their tables)."""
    if isinstance(op, DataChange):
        return False
    keys = keys_of(op)
    if not keys:
        return not isinstance(op, ExecuteSQL)
    return keys[0][1] in model_tables or isinstance(op, (RenameTable, RenameColumn))


def describe(op: Operation) -> str:
    if isinstance(op, RenameColumn):
        return f"renames column {op.table}.{op.old} to {op.new!r}"
    if isinstance(op, RenameTable):
        return f"renames table {op.old!r} to {op.new!r}"
    if isinstance(op, ExecuteSQL):
        return f"runs {op.sql!r}"
    if isinstance(op, Opaque):
        return op.description.removeprefix("forwards ")
    names = {
        CreateTable: "creates table {t}", DeleteTable: "drops table {t}",
        AddColumn: "adds column {t}.{c}", DeleteColumn: "drops column {t}.{c}",
        AlterColumn: "alters column {t}.{c}", CreateIndex: "creates an index on {t}",
        DeleteIndex: "drops an index on {t}", CreateUnique: "adds a unique constraint on {t}",
        DeleteUnique: "drops a unique constraint on {t}",
    }
    for kind, text in names.items():
        if isinstance(op, kind):
            column = getattr(op, "field", None) or getattr(op, "new", None)
            return text.format(t=getattr(op, "table", "?"),
                               c=getattr(column, "column", ""))
    return type(op).__name__
