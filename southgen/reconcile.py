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
from collections.abc import Callable
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
from southgen.rawops import ExecuteSQL, Opaque, RawDrop, RawDropColumn


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
    if isinstance(op, Opaque):
        return ((op.key,) if op.key else ()) + op.covers
    nested = getattr(op, "nested_ops", None)
    if nested is not None:
        return tuple(key for inner in nested() for key in keys_of(inner))
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


def reconcile(diff: list[Operation], read: ForwardsRead, model_tables: set[str],
              made_by: Callable[[tuple], str | None] | None = None) -> Reconciled:
    """``made_by`` names the other migration whose forwards makes a change (by key)."""
    forwards = read.ops
    slots: dict[tuple, list[int]] = {}  # key -> the forwards operations offering it
    for index, op in enumerate(forwards):
        for key in keys_of(op):
            slots.setdefault(key, []).append(index)
    used: set[tuple[int, tuple]] = set()
    standing: dict[int, list[Operation]] = {}  # forwards index -> the diff ops it stands for
    unmatched: list[Operation] = []
    for op in diff:
        keys = keys_of(op)
        slot = _slot(slots, keys[0], used) if keys else None
        if slot is None:
            unmatched.append(op)
            continue
        standing.setdefault(slot, []).append(op)
        for key in keys[1:]:
            extra = _slot(slots, key, used)
            if extra is not None:
                standing.setdefault(extra, [])
    unmatched, renamed = _renames(unmatched, forwards, standing)
    leftover = [i for i in range(len(forwards)) if i not in standing]
    flow = any(_composite(op) for op in forwards)
    if not unmatched and not leftover and not renamed and not flow:
        return Reconciled(list(diff), [])
    notes: list[str] = []
    ops: list[Operation] = []
    for index, op in enumerate(forwards):
        if index in standing and not _composite(op):
            ops.extend(standing[index])
            continue
        ops.append(op)
        if index not in standing and _shows_in_models(op, model_tables):
            notes.append(f"forwards() {describe(op)}, which the frozen models do not show")
    unreadable = ", ".join(read.unknown)
    opaque = bool(unreadable) or any(
        isinstance(forwards[i], Opaque) and forwards[i].changes_schema for i in leftover)
    for op in unmatched:
        shown = f"the frozen models show that the migration {describe(op)}"
        if read.changes_no_schema or not opaque:
            keys = keys_of(op)
            maker = made_by(keys[0]) if keys and made_by is not None else None
            who = f"{maker} does it" if maker else "no migration of this app does it"
            data = read.changes_no_schema and any(not op.changes_schema for op in forwards)
            why = "makes no schema change (a data migration)" if data else "does not do it"
            notes.append(f"{shown}, but forwards() {why}: backwards leaves it alone ({who})")
        elif _destroys(op):
            ops.append(Opaque(shown.replace("the migration ", "forwards "),
                              f"forwards() calls {unreadable or 'db.* in a way'} southgen "
                              "cannot read, so whether it did is not known"))
        else:
            ops.append(op)
            notes.append(f"{shown}; forwards() does not show it plainly, so backwards "
                         "assumes it ran")
    return Reconciled(ops, notes)


def _slot(slots: dict, key: tuple, used: set) -> int | None:
    for index in slots.get(key, ()):
        if (index, key) not in used:
            used.add((index, key))
            return index
    return None


def _composite(op: Operation) -> bool:
    """An operation standing for others (a branch, a guarded block, an opaque loop)."""
    return hasattr(op, "nested_ops") or (isinstance(op, Opaque) and bool(op.covers))


def _destroys(op: Operation) -> bool:
    """Whether undoing ``op`` loses data (drops a table or a column)."""
    risk = op.reverse().risk()
    return risk is not None and risk.kind == "data-loss"


def _renames(unmatched: list[Operation], forwards: list[Operation], standing: dict
             ) -> tuple[list[Operation], bool]:
    """A drop and an add that forwards did as a rename are the rename."""
    rest = list(unmatched)
    renamed = False
    for index, op in enumerate(forwards):
        if index in standing:
            continue
        inverse = op.inverse if isinstance(op, ExecuteSQL) else None
        if isinstance(op, (RenameColumn, RenameTable)) or isinstance(
                inverse, (RenameColumn, RenameTable)):
            rename = inverse.reverse() if inverse is not None else op
            pair = _pair(rest, rename)
            if pair:
                for item in pair:
                    rest.remove(item)
                standing[index] = [op]
                renamed = True
    return rest, renamed


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
    if not op.changes_schema:
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
    if isinstance(op, (CreateM2M, DeleteM2M)):
        verb = "creates" if isinstance(op, CreateM2M) else "drops"
        return (f"{verb} the join table {m2m_table(op.table_expr)} "
                f"of '{op.object_name}.{op.field_name}'")
    if hasattr(op, "nested_ops"):
        where = f"if {op.condition}" if hasattr(op, "condition") else "try"
        line = getattr(op, "line", 0)
        return f"runs {len(op.nested_ops())} operation(s) under `{where}` (line {line})"
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
