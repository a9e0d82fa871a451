"""South's SQLite backend loses indexes that a backwards meant to create.

On SQLite, South adds, drops, alters and renames columns by remaking the
table (``_remake_table``), which ends by emptying the deferred SQL: the
CREATE INDEX of a column just added (or of a table created earlier in the
same method, still deferred) is never run. South's own backwards lose them
too. southgen emits, for SQLite only: the deferred SQL run before a remake
that would drop it, and the index of a column it adds, created explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass

from southgen.ops import (
    AddColumn,
    AlterColumn,
    CreateM2M,
    CreatePrimaryKey,
    CreateTable,
    DeleteColumn,
    DeletePrimaryKey,
    DeleteUnique,
    Operation,
    RenameColumn,
)

REMAKES = (AddColumn, AlterColumn, DeleteColumn, RenameColumn, DeleteUnique, CreatePrimaryKey,
           DeletePrimaryKey)  # South's SQLite backend remakes the table for these


@dataclass(frozen=True)
class SqliteRunDeferred(Operation):
    template = "sqlite_run_deferred"

    def reverse(self) -> Operation:
        return self


@dataclass(frozen=True)
class SqliteIndex(Operation):
    table: str
    column: str
    template = "sqlite_index"

    def reverse(self) -> Operation:
        return self


def keep_sqlite_indexes(backwards: list[Operation]) -> list[Operation]:
    result: list[Operation] = []
    deferred = False  # a created table's index SQL is still waiting
    for op in backwards:
        if isinstance(op, REMAKES) and deferred:
            result.append(SqliteRunDeferred())
            deferred = False
        result.append(op)
        if isinstance(op, (CreateTable, CreateM2M)):
            deferred = True
        elif isinstance(op, AddColumn) and op.field.db_index and not op.field.unique:
            result.append(SqliteIndex(op.table, op.field.column))
    return result
