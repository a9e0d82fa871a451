"""Operations for what frozen models cannot describe: raw SQL, data changes, and
forwards calls southgen cannot read (flagged, never guessed)."""

from __future__ import annotations

from dataclasses import dataclass

from southgen.operations.base import DbCallSpec, Key, Mirrored, Operation, mirror_pair
from southgen.operations.risk import Risk, RiskKind
from southgen.strenum import StrEnum

MYSQL_DROP = {"INDEX", "TRIGGER"}  # kinds whose DROP differs between backends
ROW_STATEMENTS = {"INSERT", "UPDATE", "DELETE", "SELECT", "REPLACE", "TRUNCATE", "MERGE"}


class DataPolicy(StrEnum):
    """What backwards does about a data change forwards made (--data-policy)."""

    NOOP = "noop"  # leave the rows, flag it for review
    RAISE = "raise"  # refuse to run backwards


class _CommentOnly(Operation):
    """Its template writes a comment and no ``db.*`` call (a raise the method needs
    is ``backwards.j2``'s)."""

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        return ()


class RowOperation(Operation):
    @property
    def changes_schema(self) -> bool:
        return False


@dataclass(frozen=True)
class ExecuteSQL(Operation):
    """One statement forwards ran with ``db.execute``; ``inverse`` when it is certain."""

    sql: str
    inverse: Operation | None = None
    reason: str = ""  # why there is no certain inverse
    template = "execute_sql"

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        return (("execute", (self.sql,), ()),)

    @property
    def changes_schema(self) -> bool:
        words = self.sql.split(None, 1)
        return not words or words[0].upper() not in ROW_STATEMENTS

    def reverse(self) -> Operation:
        if self.inverse is not None:
            return self.inverse
        return Irreversible(f"forwards ran {self.sql!r}", self.reason or "no certain inverse")

    def keys(self) -> tuple[Key, ...]:
        return self.inverse.keys_undone() if self.inverse is not None else ()

    def describe(self) -> str:
        return f"runs {self.sql!r}"

    def replaces(self) -> tuple[Key, Key] | None:
        if self.inverse is None or self.inverse.replaces() is None:
            return None
        return self.inverse.reverse().replaces()

    def shown_by_models(self, model_tables: set[str]) -> bool:
        keys = self.keys()
        return bool(keys) and keys[0][1] in model_tables


@dataclass(frozen=True)
class RawDrop(Operation):
    """DROP of an object a raw CREATE made; ``table`` for indexes and triggers."""

    kind: str  # TABLE, VIEW, INDEX, SEQUENCE, TRIGGER, FUNCTION
    name: str
    created_by: str
    table: str = ""
    signature: str = ""  # a function's argument list, as written, for PostgreSQL
    template = "raw_drop"

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        dialects = tuple(("execute", (sql,), ()) for sql in (self.mysql_sql, self.sqlite_sql)
                         if sql)
        return (*dialects, ("execute", (self.sql,), ()))

    def reverse(self) -> ExecuteSQL:
        return ExecuteSQL(self.created_by, self)

    def keys_undone(self) -> tuple[Key, ...]:
        return (("create_table", self.name),) if self.kind == "TABLE" else ()

    @property
    def sql(self) -> str:
        """The DROP for SQLite and PostgreSQL (and every backend when not dialect-bound)."""
        if self.kind == "TRIGGER" and self.table:
            return f"DROP TRIGGER {self.name} ON {self.table}"
        if self.kind == "FUNCTION" and self.signature:
            return f"DROP FUNCTION {self.name}{self.signature}"
        return f"DROP {self.kind} {self.name}"

    @property
    def mysql_sql(self) -> str | None:
        """MySQL's own form, where it differs."""
        if self.kind == "INDEX" and self.table:
            return f"DROP INDEX {self.name} ON {self.table}"
        if self.kind in ("TRIGGER", "FUNCTION"):
            return f"DROP {self.kind} {self.name}"
        return None

    @property
    def sqlite_sql(self) -> str | None:
        if self.kind == "TRIGGER":
            return f"DROP TRIGGER {self.name}"
        return None

    def risk(self) -> Risk | None:
        if self.kind == "TABLE":
            return Risk(RiskKind.DATA_LOSS, f"drops table {self.name!r} (created by raw SQL in "
                        "forwards): its rows are lost")
        return None


@dataclass(frozen=True)
class RawDropColumn(Operation):
    """``db.delete_column`` for a column a raw ``ALTER TABLE ... ADD COLUMN`` made."""

    table: str
    column: str
    created_by: str
    template = "raw_drop_column"

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        return (("delete_column", (self.table, self.column), ()),)

    def reverse(self) -> ExecuteSQL:
        return ExecuteSQL(self.created_by, self)

    def keys_undone(self) -> tuple[Key, ...]:
        return (("add_column", self.table, self.column),)

    def risk(self) -> Risk:
        return Risk(RiskKind.DATA_LOSS,
                    f"drops column {self.table}.{self.column} (added by raw SQL "
                    "in forwards): its values are lost")


@dataclass(frozen=True)
class SqlNoop(_CommentOnly, RowOperation):
    """The inverse of a statement that changes nothing (a SELECT)."""

    sql: str
    template = "noop"


    def reverse(self) -> SqlNoop:
        return self


@dataclass(frozen=True)
class Opaque(_CommentOnly):
    """Something forwards does that southgen cannot read or cannot undo for certain."""

    description: str
    reason: str
    key: tuple = ()  # what it would match in the frozen diff (e.g. a drop of a known table)
    covers: tuple[tuple, ...] = ()  # keys of the operations it may have run (a loop, an if)
    schema: bool = True  # False for what is no db.* call (forwards raising)
    template = "opaque"
    unreadable = True


    @property
    def changes_schema(self) -> bool:
        return self.schema

    def reverse(self) -> Irreversible:
        return Irreversible(self.description, self.reason)

    def keys(self) -> tuple[Key, ...]:
        return ((self.key,) if self.key else ()) + self.covers

    def describe(self) -> str:
        return self.description.removeprefix("forwards ")

    @property
    def stands_for_others(self) -> bool:
        return bool(self.covers)

    @property
    def unknown_schema_change(self) -> bool:
        return self.changes_schema


@dataclass(frozen=True)
class Irreversible(_CommentOnly):
    description: str
    reason: str
    template = "irreversible"
    unknown_inverse = True


    def reverse(self) -> Opaque:
        return Opaque(self.description, self.reason)

    @property
    def irreversible(self) -> bool:
        return True

    def risk(self) -> Risk:
        return Risk(RiskKind.IRREVERSIBLE, f"{self.description}: {self.reason}.")


@dataclass(frozen=True)
class DataChange(_CommentOnly, RowOperation, Mirrored):
    """Forwards reads or writes rows through the frozen orm."""

    models: tuple[str, ...]
    template = "data_change"



@dataclass(frozen=True)
class DataNoop(_CommentOnly, RowOperation, Mirrored):
    models: tuple[str, ...]
    template = "data_noop"


    def under_data_policy(self, policy: str) -> Operation:
        return DataRaise(self.models) if policy == DataPolicy.RAISE else self

    def risk(self) -> Risk:
        return Risk(RiskKind.REVIEW,
                    f"forwards changes data ({_names(self.models)}); backwards leaves "
                    "the rows as they are: review whether they need restoring")


@dataclass(frozen=True)
class DataRaise(_CommentOnly, RowOperation):
    models: tuple[str, ...]
    template = "data_raise"


    def reverse(self) -> DataChange:
        return DataChange(self.models)

    @property
    def irreversible(self) -> bool:
        return True

    def risk(self) -> Risk:
        return Risk(RiskKind.REVIEW, f"forwards changes data ({_names(self.models)}) and backwards "
                    "cannot restore it (--data-policy raise).")


mirror_pair(DataChange, DataNoop)


def _names(models: tuple[str, ...]) -> str:
    return ", ".join(models) if models else "through the orm"
