"""Checks at the top of ``backwards()`` that stop it before any DDL runs when
live data would make it fail halfway: NULLs in a column made NOT NULL again,
duplicates under a restored unique constraint, orphans under a restored
foreign key. (MySQL cannot roll DDL back, so the check must come first.)

Each operation says which guard it needs (``Operation.guards``); the checks
themselves are in ``southgen.operations.checks``. Each guard counts the offending rows
with ``db.execute`` and raises with a clear message; during South's dry run
(``db.dry_run``, when ``execute`` returns ``[]``) it does nothing.
"""

from __future__ import annotations

from southgen.lookup import Lookup
from southgen.operations.base import Operation
from southgen.operations.checks import (
    NOTHING_CHANGED,
    ForeignKeyGuard,
    Guard,
    NotNullGuard,
    UniqueGuard,
)
from southgen.operations.flow import leaves

__all__ = ["NOTHING_CHANGED", "ForeignKeyGuard", "Guard", "Names", "NotNullGuard",
           "UniqueGuard", "add_guards"]


def add_guards(backwards: list[Operation], lookup: Lookup) -> tuple[list[Operation],
                                                                     list[Guard]]:
    """The backwards operations (NOT NULL restores made conditional on the data) and
    the guards to run before them, on the names the tables and columns have then."""
    guards: list[Guard] = []
    ops: list[Operation] = []
    names = Names()
    # a table the backwards creates anywhere did not exist before it began
    names.created |= {op.created_table for op in leaves(backwards)} - {""}
    for op in backwards:
        op, needed = op.guards(names, lookup)
        guards += needed
        names.track(op)
        ops.append(op)
    return ops, _unique(guards)


class Names:
    """Tables and columns as they were before the backwards operations seen so far."""

    def __init__(self) -> None:
        self.created: set[str] = set()
        self.added: set[tuple[str, str]] = set()
        self.tables: dict[str, str] = {}  # name now -> name before backwards
        self.columns: dict[tuple[str, str], str] = {}

    def exists(self, table: str, column: str | None = None) -> bool:
        """Whether the table (and column) existed before backwards began."""
        if table in self.created:
            return False
        return column is None or (table, column) not in self.added

    def before(self, table: str, column: str = "") -> tuple[str, str]:
        return self.tables.get(table, table), self.columns.get((table, column), column)

    def track(self, op: Operation) -> None:
        if op.created_table:
            self.created.add(op.created_table)
        if op.added_column is not None:
            self.added.add(op.added_column)
        if op.renamed_table is not None:
            old, new = op.renamed_table
            self.tables[new] = self.tables.pop(old, old)
            if old in self.created:
                self.created.add(new)
        if op.renamed_column is not None:
            table, old, new = op.renamed_column
            self.columns[(table, new)] = self.columns.pop((table, old), old)
            if (table, old) in self.added:
                self.added.add((table, new))


def _unique(guards: list[Guard]) -> list[Guard]:
    seen: list[Guard] = []
    for guard in guards:
        if guard not in seen:
            seen.append(guard)
    return seen
