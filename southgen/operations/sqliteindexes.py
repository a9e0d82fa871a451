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

from southgen.operations.base import DbCallSpec, Operation


@dataclass(frozen=True)
class SqliteRunDeferred(Operation):
    template = "sqlite_run_deferred"

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        return ()  # South's SQLite repair: a comparison leaves it out

    def reverse(self) -> Operation:
        return self


@dataclass(frozen=True)
class SqliteIndex(Operation):
    table: str
    column: str
    template = "sqlite_index"

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        return ()  # South's SQLite repair: a comparison leaves it out

    def reverse(self) -> Operation:
        return self


def keep_sqlite_indexes(backwards: list[Operation]) -> list[Operation]:
    result: list[Operation] = []
    deferred = False  # a created table's index SQL is still waiting
    for op in backwards:
        if op.remakes_sqlite_table and deferred:
            result.append(SqliteRunDeferred())
            deferred = False
        result.append(op)
        if op.created_table:
            deferred = True
        elif op.plain_index is not None:
            result.append(SqliteIndex(*op.plain_index))
    return result
