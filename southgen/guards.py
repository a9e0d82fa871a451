"""Checks at the top of ``backwards()`` that stop it before any DDL runs when
live data would make it fail halfway: NULLs in a column made NOT NULL again,
duplicates under a restored unique constraint, orphans under a restored
foreign key. (MySQL cannot roll DDL back, so the check must come first.)

Each guard counts the offending rows with ``db.execute`` and raises with a
clear message; during South's dry run (``db.dry_run``, when ``execute``
returns ``[]``) it does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from southgen.flow import leaves
from southgen.lookup import Lookup
from southgen.ops import (
    AddColumn,
    AlterColumn,
    CreateForeignKey,
    CreateM2M,
    CreatePrimaryKey,
    CreateTable,
    CreateUnique,
    Operation,
    RenameColumn,
    RenameTable,
    Risk,
)
from southgen.reconcile import m2m_table

NOTHING_CHANGED = "backwards stopped before changing anything."


class Guard(Operation):
    @property
    def names(self) -> tuple[tuple[str, str], ...]:
        """Placeholder -> table or column name."""
        raise NotImplementedError

    @property
    def count_sql(self) -> str:
        """%(placeholder)s for each name, quoted with db.quote_name at run time."""
        raise NotImplementedError

    @property
    def message(self) -> str:
        raise NotImplementedError

    @property
    def condition(self) -> str:
        """What the check looks for, for the review report."""
        raise NotImplementedError

    def reverse(self) -> Operation:
        raise NotImplementedError("a guard has no reverse")

    def risk(self) -> Risk | None:
        return Risk("review", f"guarded: backwards() stops before any DDL if {self.condition}")


@dataclass(frozen=True)
class NotNullGuard(Guard):
    table: str
    column: str
    hint: str = ""
    template = "guard_not_null"

    @property
    def names(self) -> tuple[tuple[str, str], ...]:
        return (("t", self.table), ("c", self.column))

    @property
    def count_sql(self) -> str:
        return "SELECT COUNT(*) FROM %(t)s WHERE %(c)s IS NULL"

    @property
    def condition(self) -> str:
        return f"{self.table}.{self.column} holds NULLs (it is made NOT NULL again)"

    @property
    def message(self) -> str:
        return (f"{self.table}.{self.column} holds NULL values and backwards makes it NOT NULL "
                f"again: fill them{self.hint} first; {NOTHING_CHANGED}")


@dataclass(frozen=True)
class UniqueGuard(Guard):
    table: str
    columns: tuple[str, ...]
    template = "guard_unique"

    @property
    def names(self) -> tuple[tuple[str, str], ...]:
        return (("t", self.table), *((f"c{i}", c) for i, c in enumerate(self.columns)))

    @property
    def count_sql(self) -> str:
        columns = [f"%(c{i})s" for i in range(len(self.columns))]
        listed = ", ".join(columns)
        not_null = " AND ".join(f"{c} IS NOT NULL" for c in columns)
        return (f"SELECT COUNT(*) FROM (SELECT {listed} FROM %(t)s WHERE {not_null} "
                f"GROUP BY {listed} HAVING COUNT(*) > 1) southgen_duplicates")

    def risk(self) -> None:
        return None  # restoring the unique constraint reports it already

    @property
    def message(self) -> str:
        return (f"{self.table} holds duplicate values of ({', '.join(self.columns)}) and "
                f"backwards restores a unique constraint on them: remove the duplicates first; "
                f"{NOTHING_CHANGED}")


@dataclass(frozen=True)
class ForeignKeyGuard(Guard):
    table: str
    column: str
    to_table: str
    to_column: str
    recreated: bool = False  # the backwards recreates to_table (empty): every value orphans
    template = "guard_foreign_key"

    @property
    def names(self) -> tuple[tuple[str, str], ...]:
        if self.recreated:  # never query a table the backwards has not recreated yet
            return (("t", self.table), ("c", self.column))
        return (("t", self.table), ("c", self.column), ("rt", self.to_table),
                ("rc", self.to_column))

    @property
    def count_sql(self) -> str:
        if self.recreated:
            return "SELECT COUNT(*) FROM %(t)s WHERE %(c)s IS NOT NULL"
        return ("SELECT COUNT(*) FROM %(t)s WHERE %(c)s IS NOT NULL AND %(c)s NOT IN "
                "(SELECT %(rc)s FROM %(rt)s)")

    @property
    def _orphans(self) -> str:
        if self.recreated:
            return (f"{self.table}.{self.column} holds values, and {self.to_table} is "
                    "recreated empty")
        return (f"{self.table}.{self.column} holds values with no row in "
                f"{self.to_table}.{self.to_column}")

    @property
    def condition(self) -> str:
        return f"{self._orphans} (the foreign key is restored)"

    @property
    def message(self) -> str:
        return (f"{self._orphans} and backwards restores the foreign key "
                f"{self.table}.{self.column} -> {self.to_table}.{self.to_column}: "
                f"fix or delete those rows first; {NOTHING_CHANGED}")


def add_guards(backwards: list[Operation], lookup: Lookup) -> tuple[list[Operation],
                                                                     list[Guard]]:
    """The backwards operations (NOT NULL restores made conditional on the data) and
    the guards to run before them, on the names the tables and columns have then."""
    guards: list[Guard] = []
    ops: list[Operation] = []
    names = _Names()
    # a table the backwards creates anywhere did not exist before it began
    recreated = {_created(op) for op in leaves(backwards)} - {""}
    names.created |= recreated
    for op in backwards:
        if isinstance(op, AlterColumn) and op.makes_not_null and op.value is None \
                and not op.new.has_default and names.exists(op.table, op.old.column):
            hint = (f" (or rerun southgen with --default "
                    f"{op.app_label}.{op.object_name}.{op.new.name}=VALUE)")
            guards.append(NotNullGuard(*names.before(op.table, op.old.column), hint))
            op = replace(op, needs_value=False)
        if isinstance(op, AlterColumn) and op.new.is_foreign_key and (
                not op.old.is_foreign_key or op.old.target != op.new.target) \
                and names.exists(op.table, op.old.column):
            target = lookup.model_by_key(op.new.target or "")
            if target is not None:
                table, column = names.before(op.table, op.old.column)
                guards.append(ForeignKeyGuard(table, column, names.before(target.db_table)[0],
                                              _pk_column(target),
                                              recreated=not names.exists(target.db_table)))
        if isinstance(op, (CreateUnique, CreatePrimaryKey)) and op.columns \
                and all(names.exists(op.table, c) for c in op.columns):
            table = names.before(op.table)[0]
            columns = tuple(names.before(op.table, c)[1] for c in op.columns)
            guards.append(UniqueGuard(table, columns))
        if isinstance(op, CreateForeignKey) and op.to_table \
                and names.exists(op.table, op.column):
            guards.append(ForeignKeyGuard(*names.before(op.table, op.column),
                                          names.before(op.to_table)[0], op.to_column,
                                          recreated=not names.exists(op.to_table)))
        names.track(op)
        ops.append(op)
    return ops, _unique(guards)


class _Names:
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
        if isinstance(op, (CreateTable, CreateM2M)):
            self.created.add(op.table if isinstance(op, CreateTable)
                             else m2m_table(op.table_expr))
        elif isinstance(op, AddColumn):
            self.added.add((op.table, op.field.column))
        elif isinstance(op, RenameTable):
            self.tables[op.new] = self.tables.pop(op.old, op.old)
            if op.old in self.created:
                self.created.add(op.new)
        elif isinstance(op, RenameColumn):
            key = (op.table, op.old)
            self.columns[(op.table, op.new)] = self.columns.pop(key, op.old)
            if key in self.added:
                self.added.add((op.table, op.new))
        elif isinstance(op, AlterColumn) and op.renames:
            key = (op.table, op.old.column)
            self.columns[(op.table, op.new.column)] = self.columns.pop(key, op.old.column)


def _created(op: Operation) -> str:
    if isinstance(op, CreateTable):
        return op.table
    if isinstance(op, CreateM2M):
        return m2m_table(op.table_expr)
    return ""


def _pk_column(model) -> str:
    return next((f.column for f in model.column_fields if f.primary_key), "id")


def _unique(guards: list[Guard]) -> list[Guard]:
    seen: list[Guard] = []
    for guard in guards:
        if guard not in seen:
            seen.append(guard)
    return seen
