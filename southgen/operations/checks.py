"""The checks a guard runs at the top of ``backwards()``: the offending rows
counted with ``db.execute`` (table and column names quoted at run time), and
the message it raises with when there are any."""

from __future__ import annotations

from dataclasses import dataclass

from southgen.operations.risk import Risk, RiskKind

NOTHING_CHANGED = "backwards stopped before changing anything."


class Guard:
    """A check run before the backwards operations; rendered by ``templates/<template>.j2``."""

    template: str = ""

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

    def risk(self) -> Risk | None:
        return Risk(RiskKind.REVIEW,
                    f"guarded: backwards() stops before any DDL if {self.condition}")


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
