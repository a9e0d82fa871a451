"""Schema operations: what frozen models describe (tables, columns, constraints,
join tables, renames, keys), each a plain immutable dataclass."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from southgen.operations.base import DbCallSpec, Key, Mirrored, Operation, mirror_pair
from southgen.operations.checks import ForeignKeyGuard, Guard, NotNullGuard, UniqueGuard
from southgen.operations.risk import Risk, RiskKind
from southgen.state import NOT_DB_OPTIONS, Field
from southgen.symbolic import Source

if TYPE_CHECKING:
    from southgen.lookup import Lookup
    from southgen.operations.guards import Names


@dataclass(frozen=True)
class _TableOperation(Mirrored):
    app_label: str
    object_name: str
    table: str
    fields: tuple[Field, ...]
    what = ""  # how it reads in a note, before the table's name

    def keys(self) -> tuple[Key, ...]:
        return ((self.template, self.table),)

    def describe(self) -> str:
        return f"{self.what} {self.table}"


@dataclass(frozen=True)
class CreateTable(_TableOperation):
    template = "create_table"
    what = "creates table"

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        return (("create_table", (self.table, tuple((f.name, f) for f in self.fields)), ()),
                ("send_create_signal", (self.app_label, [self.object_name]), ()))

    @property
    def created_table(self) -> str:
        return self.table


@dataclass(frozen=True)
class DeleteTable(_TableOperation):
    template = "delete_table"
    what = "drops table"

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        return (("delete_table", (self.table,), ()),)

    def risk(self) -> Risk:
        return Risk(RiskKind.DATA_LOSS,
                    f"drops table {self.table!r} ({self.object_name}): its rows are lost")


@dataclass(frozen=True)
class AddColumn(Mirrored):
    """Adding a field; ``needs_value`` when existing rows need a value nobody gave."""

    app_label: str
    object_name: str
    table: str
    field: Field
    needs_value: bool = False
    template = "add_column"

    remakes_sqlite_table = True

    def keys(self) -> tuple[Key, ...]:
        return (("add_column", self.table, self.field.column),)

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        return (("add_column", (self.table, self.field.name, self.field),
                 (("keep_default", False),)),)

    def describe(self) -> str:
        return f"adds column {self.table}.{self.field.column}"

    def with_value(self, value: str) -> AddColumn:
        return replace(self, field=self.field.with_option("default", value), needs_value=False)

    @property
    def wanted_value(self) -> tuple[str, Field] | None:
        if not self.irreversible:
            return None
        return f"{self.app_label}.{self.object_name}.{self.field.name}", self.field

    @property
    def added_column(self) -> tuple[str, str]:
        return self.table, self.field.column

    @property
    def given_definition(self) -> tuple[str, Field]:
        return self.table, self.field

    @property
    def plain_index(self) -> tuple[str, str] | None:
        if self.field.db_index and not self.field.unique:
            return self.table, self.field.column
        return None

    @property
    def irreversible(self) -> bool:
        return self.needs_value

    def risk(self) -> Risk | None:
        if self.needs_value:
            return Risk(RiskKind.IRREVERSIBLE, restore_message(self.app_label, self.object_name,
                                                        self.field.name))
        return None


@dataclass(frozen=True)
class DeleteColumn(Mirrored):
    app_label: str
    object_name: str
    table: str
    field: Field
    template = "delete_column"
    remakes_sqlite_table = True

    def reversed_with(self) -> dict[str, object]:
        return {"needs_value": not self.field.null and not self.field.has_default}

    def keys(self) -> tuple[Key, ...]:
        return (("delete_column", self.table, self.field.column),)

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        return (("delete_column", (self.table, self.field.column), ()),)

    def describe(self) -> str:
        return f"drops column {self.table}.{self.field.column}"

    def risk(self) -> Risk:
        return Risk(RiskKind.DATA_LOSS,
                    f"drops column {self.table}.{self.field.column}: "
                    f"the values of '{self.object_name}.{self.field.name}' are lost")


@dataclass(frozen=True)
class AlterColumn(Operation):
    """A changed field; a changed column name is a rename before the alter."""

    app_label: str
    object_name: str
    table: str
    old: Field
    new: Field
    needs_value: bool = False
    value: str | None = None  # one-off default for rows that are NULL when made NOT NULL
    template = "alter_column"
    remakes_sqlite_table = True

    def reverse(self) -> AlterColumn:
        return AlterColumn(self.app_label, self.object_name, self.table, self.new, self.old,
                           needs_value=self.new.null and not self.old.null
                           and not self.old.has_default)

    def keys(self) -> tuple[Key, ...]:
        keys: tuple[Key, ...] = (("alter_column", self.table, self.new.column),)
        if self.renames:
            keys += (("rename_column", self.table, self.old.column, self.new.column),)
        return keys

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        alter = ("alter_column", (self.table, self.new.column, self.definition), ())
        if self.renames:
            return (("rename_column", (self.table, self.old.column, self.new.column), ()),
                    alter)
        return (alter,)

    def describe(self) -> str:
        return f"alters column {self.table}.{self.new.column}"

    def with_value(self, value: str) -> AlterColumn:
        return replace(self, value=value, needs_value=False)

    @property
    def wanted_value(self) -> tuple[str, Field] | None:
        if not self.irreversible:
            return None
        return f"{self.app_label}.{self.object_name}.{self.new.name}", self.new

    @property
    def renamed_column(self) -> tuple[str, str, str] | None:
        return (self.table, self.old.column, self.new.column) if self.renames else None

    @property
    def given_definition(self) -> tuple[str, Field]:
        return self.table, self.new

    def guards(self, names: Names, lookup: Lookup) -> tuple[Operation, list[Guard]]:
        op: AlterColumn = self
        guards: list[Guard] = []
        exists = names.exists(self.table, self.old.column)
        if self.makes_not_null and self.value is None and not self.new.has_default and exists:
            hint = (f" (or rerun southgen with --default "
                    f"{self.app_label}.{self.object_name}.{self.new.name}=VALUE)")
            guards.append(NotNullGuard(*names.before(self.table, self.old.column), hint))
            op = replace(self, needs_value=False)
        if self.new.is_foreign_key and (not self.old.is_foreign_key
                                        or self.old.target != self.new.target) and exists:
            target = lookup.model_by_key(self.new.target or "")
            if target is not None:
                table, column = names.before(self.table, self.old.column)
                pk = next((f.column for f in target.column_fields if f.primary_key), "id")
                guards.append(ForeignKeyGuard(table, column, names.before(target.db_table)[0],
                                              pk, recreated=not names.exists(target.db_table)))
        return op, guards

    @property
    def makes_not_null(self) -> bool:
        return self.old.null and not self.new.null

    @property
    def definition(self) -> Field:
        """The field as South alters it: without options that do not shape the column,
        but keeping a default where it fills the NULLs of a column made NOT NULL."""
        field = self.new.without(NOT_DB_OPTIONS)
        if self.value is not None:
            return field.with_option("default", self.value)
        if self.makes_not_null and self.new.has_default:
            return field.with_option("default", self.new.options["default"])
        return field

    @property
    def renames(self) -> bool:
        return self.old.column != self.new.column

    @property
    def irreversible(self) -> bool:
        return self.needs_value

    def risk(self) -> Risk | None:
        if self.needs_value:
            return Risk(RiskKind.IRREVERSIBLE, restore_message(self.app_label, self.object_name,
                                                        self.new.name, made_not_null=True))
        if self.old.field_class != self.new.field_class or _shrinks(self.old, self.new):
            return Risk(RiskKind.REVIEW, f"changes {self.table}.{self.new.column} from "
                        f"{_describe(self.old)} to {_describe(self.new)}: values may not convert")
        return None


@dataclass(frozen=True)
class _ConstraintOperation(Mirrored):
    """A unique constraint or an index; its key is its template's name."""

    object_name: str
    table: str
    columns: tuple[str, ...]
    field_names: tuple[str, ...]
    what = ""  # how it reads in a note, before the table's name

    def keys(self) -> tuple[Key, ...]:
        return ((self.template, self.table, tuple(self.columns)),)

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        return ((self.template, (self.table, list(self.columns)), ()),)

    def describe(self) -> str:
        return f"{self.what} {self.table}"


@dataclass(frozen=True)
class CreateUnique(_ConstraintOperation):
    template = "create_unique"
    what = "adds a unique constraint on"

    def guards(self, names: Names, lookup: Lookup) -> tuple[Operation, list[Guard]]:  # noqa: ARG002
        return self, unique_guards(self.table, self.columns, names)

    def risk(self) -> Risk:
        return Risk(RiskKind.REVIEW, f"restores a unique constraint on {self.table} "
                    f"({', '.join(self.columns)}): fails if duplicates were written since")


@dataclass(frozen=True)
class DeleteUnique(_ConstraintOperation):
    template = "delete_unique"
    remakes_sqlite_table = True
    what = "drops a unique constraint on"


@dataclass(frozen=True)
class CreateIndex(_ConstraintOperation):
    template = "create_index"
    what = "creates an index on"


@dataclass(frozen=True)
class DeleteIndex(_ConstraintOperation):
    template = "delete_index"
    what = "drops an index on"


@dataclass(frozen=True)
class _M2MOperation(Mirrored):
    """An auto-created join table; ``shortened`` when South names it with
    ``db.shorten_name`` (its default name, not a ``db_table`` given)."""

    object_name: str
    field_name: str
    table: str
    shortened: bool
    left_field: str
    left_model: str
    right_field: str
    right_model: str

    @property
    def left_column(self) -> str:
        return self.left_field + "_id"

    @property
    def right_column(self) -> str:
        if isinstance(self.right_field, Source):  # a stem southgen cannot know
            return Source(self.right_field + "_id", self.right_field.code,
                          self.right_field.unknown)
        return self.right_field + "_id"

    verb = ""  # what it does to the join table, for describe()

    def describe(self) -> str:
        return f"{self.verb} the join table {self.table} of '{self.object_name}.{self.field_name}'"


@dataclass(frozen=True)
class CreateM2M(_M2MOperation):
    template = "create_m2m"
    verb = "creates"

    def keys(self) -> tuple[Key, ...]:
        return (("create_table", self.table),
                ("create_unique", self.table, (self.left_column, self.right_column)))

    @property
    def created_table(self) -> str:
        return self.table


@dataclass(frozen=True)
class DeleteM2M(_M2MOperation):
    template = "delete_m2m"
    verb = "drops"

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        table = ("shorten_name", self.table) if self.shortened else self.table
        return (("delete_table", (table,), ()),)

    def keys(self) -> tuple[Key, ...]:
        return (("delete_table", self.table),)

    def risk(self) -> Risk:
        return Risk(RiskKind.DATA_LOSS,
                    f"drops the M2M table of '{self.object_name}.{self.field_name}': "
                    "its links are lost")


@dataclass(frozen=True)
class RenameColumn(Operation):
    """A column renamed in place: its values survive (never a drop and an add)."""

    object_name: str
    table: str
    old: str
    new: str
    template = "rename_column"
    remakes_sqlite_table = True

    def reverse(self) -> RenameColumn:
        return RenameColumn(self.object_name, self.table, self.new, self.old)

    def keys(self) -> tuple[Key, ...]:
        return (("rename_column", self.table, self.old, self.new),)

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        return (("rename_column", (self.table, self.old, self.new), ()),)

    def describe(self) -> str:
        return f"renames column {self.table}.{self.old} to {self.new!r}"

    def keys_undone(self) -> tuple[Key, ...]:
        return self.reverse().keys()

    def replaces(self) -> tuple[Key, Key]:
        return ("delete_column", self.table, self.old), ("add_column", self.table, self.new)

    def shown_by_models(self, model_tables: set[str]) -> bool:  # noqa: ARG002
        return True

    @property
    def renamed_column(self) -> tuple[str, str, str]:
        return self.table, self.old, self.new


@dataclass(frozen=True)
class RenameTable(Operation):
    object_name: str
    old: str
    new: str
    template = "rename_table"

    def reverse(self) -> RenameTable:
        return RenameTable(self.object_name, self.new, self.old)

    def keys(self) -> tuple[Key, ...]:
        return (("rename_table", self.old, self.new),)

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        return (("rename_table", (self.old, self.new), ()),)

    def describe(self) -> str:
        return f"renames table {self.old!r} to {self.new!r}"

    def keys_undone(self) -> tuple[Key, ...]:
        return self.reverse().keys()

    def replaces(self) -> tuple[Key, Key]:
        return ("delete_table", self.old), ("create_table", self.new)

    def shown_by_models(self, model_tables: set[str]) -> bool:  # noqa: ARG002
        return True

    @property
    def renamed_table(self) -> tuple[str, str]:
        return self.old, self.new


@dataclass(frozen=True)
class CreatePrimaryKey(Mirrored):
    table: str
    columns: tuple[str, ...]
    template = "create_primary_key"
    remakes_sqlite_table = True

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        return (("create_primary_key", (self.table, list(self.columns)), ()),)

    def guards(self, names: Names, lookup: Lookup) -> tuple[Operation, list[Guard]]:  # noqa: ARG002
        return self, unique_guards(self.table, self.columns, names)

    @property
    def irreversible(self) -> bool:
        return not self.columns

    def risk(self) -> Risk | None:
        if not self.columns:
            return Risk(RiskKind.IRREVERSIBLE, f"the primary key of {self.table!r} that forwards "
                        "dropped is unknown (no earlier frozen models describe it)")
        return None


@dataclass(frozen=True)
class DeletePrimaryKey(Mirrored):
    table: str
    columns: tuple[str, ...] = ()  # the dropped key's columns, when known
    template = "delete_primary_key"
    remakes_sqlite_table = True

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        return (("delete_primary_key", (self.table,), ()),)


@dataclass(frozen=True)
class CreateForeignKey(Mirrored):
    """``db.foreign_key_sql`` executed; ``to_table`` empty when it cannot be known."""

    table: str
    column: str
    to_table: str
    to_column: str
    template = "create_foreign_key"

    def guards(self, names: Names, lookup: Lookup) -> tuple[Operation, list[Guard]]:  # noqa: ARG002
        if not self.to_table or not names.exists(self.table, self.column):
            return self, []
        return self, [ForeignKeyGuard(*names.before(self.table, self.column),
                                      names.before(self.to_table)[0], self.to_column,
                                      recreated=not names.exists(self.to_table))]

    @property
    def irreversible(self) -> bool:
        return not self.to_table

    def risk(self) -> Risk | None:
        if not self.to_table:
            return Risk(RiskKind.IRREVERSIBLE,
                        f"the foreign key on {self.table}.{self.column} that "
                        "forwards dropped points to a table no earlier frozen models name")
        return Risk(RiskKind.REVIEW, f"recreates the foreign key {self.table}.{self.column} -> "
                    f"{self.to_table}.{self.to_column}: fails over rows orphaned since")


@dataclass(frozen=True)
class DeleteForeignKey(Mirrored):
    table: str
    column: str
    to_table: str = ""
    to_column: str = ""
    template = "delete_foreign_key"

    def db_calls(self) -> tuple[DbCallSpec, ...]:
        return (("delete_foreign_key", (self.table, self.column), ()),)


def restore_message(app_label: str, object_name: str, field_name: str,
                    made_not_null: bool = False) -> str:
    what = "made NOT NULL again" if made_not_null else "restored"
    return (f"'{object_name}.{field_name}' is NOT NULL with no default and cannot be {what} "
            f"without a value for existing rows; rerun southgen with "
            f"--default {app_label}.{object_name}.{field_name}=VALUE")


def unique_guards(table: str, columns: tuple[str, ...], names: Names) -> list[Guard]:
    """The duplicates check before a unique constraint (or primary key) is restored."""
    if not columns or not all(names.exists(table, c) for c in columns):
        return []
    return [UniqueGuard(names.before(table)[0],
                        tuple(names.before(table, c)[1] for c in columns))]


for _pair in ((CreateTable, DeleteTable), (AddColumn, DeleteColumn), (CreateUnique, DeleteUnique),
              (CreateIndex, DeleteIndex), (CreateM2M, DeleteM2M),
              (CreatePrimaryKey, DeletePrimaryKey), (CreateForeignKey, DeleteForeignKey)):
    mirror_pair(*_pair)


def _describe(field: Field) -> str:
    length = field.options.get("max_length")
    name = field.field_class.split(".")[-1]
    return f"{name}(max_length={length})" if length else name


def _shrinks(old: Field, new: Field) -> bool:
    try:
        return int(new.options["max_length"].strip("'\"")) < int(old.options["max_length"]
                                                                .strip("'\""))
    except (KeyError, ValueError):
        return False
