"""Schema operations as plain immutable data; each knows its ``reverse()``.

An operation is rendered by the template named by its ``template`` attribute
(``templates/<template>.j2``), which receives the operation as ``op``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from southgen.state import NOT_DB_OPTIONS, Field
from southgen.symbolic import Source


@dataclass(frozen=True)
class Risk:
    kind: str  # "data-loss" | "irreversible" | "review"
    message: str


class Operation:
    template: str = ""

    def reverse(self) -> Operation:
        raise NotImplementedError

    def risk(self) -> Risk | None:
        return None

    @property
    def irreversible(self) -> bool:
        return False

    @property
    def changes_schema(self) -> bool:
        """A db.* schema call (not work on rows): a data migration's backwards has none."""
        return True


@dataclass(frozen=True)
class _TableOperation(Operation):
    app_label: str
    object_name: str
    table: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class CreateTable(_TableOperation):
    template = "create_table"

    def reverse(self) -> DeleteTable:
        return DeleteTable(**_fields_of(self))


@dataclass(frozen=True)
class DeleteTable(_TableOperation):
    template = "delete_table"

    def reverse(self) -> CreateTable:
        return CreateTable(**_fields_of(self))

    def risk(self) -> Risk:
        return Risk("data-loss",
                    f"drops table {self.table!r} ({self.object_name}): its rows are lost")


@dataclass(frozen=True)
class AddColumn(Operation):
    """Adding a field; ``needs_value`` when existing rows need a value nobody gave."""

    app_label: str
    object_name: str
    table: str
    field: Field
    needs_value: bool = False
    template = "add_column"

    def reverse(self) -> DeleteColumn:
        return DeleteColumn(self.app_label, self.object_name, self.table, self.field)

    @property
    def irreversible(self) -> bool:
        return self.needs_value

    def risk(self) -> Risk | None:
        if self.needs_value:
            return Risk("irreversible", restore_message(self.app_label, self.object_name,
                                                        self.field.name))
        return None


@dataclass(frozen=True)
class DeleteColumn(Operation):
    app_label: str
    object_name: str
    table: str
    field: Field
    template = "delete_column"

    def reverse(self) -> AddColumn:
        return AddColumn(self.app_label, self.object_name, self.table, self.field,
                         needs_value=not self.field.null and not self.field.has_default)

    def risk(self) -> Risk:
        return Risk("data-loss", f"drops column {self.table}.{self.field.column}: "
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

    def reverse(self) -> AlterColumn:
        return AlterColumn(self.app_label, self.object_name, self.table, self.new, self.old,
                           needs_value=self.new.null and not self.old.null
                           and not self.old.has_default)

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
            return Risk("irreversible", restore_message(self.app_label, self.object_name,
                                                        self.new.name, made_not_null=True))
        if self.old.field_class != self.new.field_class or _shrinks(self.old, self.new):
            return Risk("review", f"changes {self.table}.{self.new.column} from "
                        f"{_describe(self.old)} to {_describe(self.new)}: values may not convert")
        return None


@dataclass(frozen=True)
class _ConstraintOperation(Operation):
    object_name: str
    table: str
    columns: tuple[str, ...]
    field_names: tuple[str, ...]


@dataclass(frozen=True)
class CreateUnique(_ConstraintOperation):
    template = "create_unique"

    def reverse(self) -> DeleteUnique:
        return DeleteUnique(**_fields_of(self))

    def risk(self) -> Risk:
        return Risk("review", f"restores a unique constraint on {self.table} "
                    f"({', '.join(self.columns)}): fails if duplicates were written since")


@dataclass(frozen=True)
class DeleteUnique(_ConstraintOperation):
    template = "delete_unique"

    def reverse(self) -> CreateUnique:
        return CreateUnique(**_fields_of(self))


@dataclass(frozen=True)
class CreateIndex(_ConstraintOperation):
    template = "create_index"

    def reverse(self) -> DeleteIndex:
        return DeleteIndex(**_fields_of(self))


@dataclass(frozen=True)
class DeleteIndex(_ConstraintOperation):
    template = "delete_index"

    def reverse(self) -> CreateIndex:
        return CreateIndex(**_fields_of(self))


@dataclass(frozen=True)
class _M2MOperation(Operation):
    """An auto-created join table; ``table_expr`` is Python source for its name."""

    object_name: str
    field_name: str
    table_expr: str
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


@dataclass(frozen=True)
class CreateM2M(_M2MOperation):
    template = "create_m2m"

    def reverse(self) -> DeleteM2M:
        return DeleteM2M(**_fields_of(self))


@dataclass(frozen=True)
class DeleteM2M(_M2MOperation):
    template = "delete_m2m"

    def reverse(self) -> CreateM2M:
        return CreateM2M(**_fields_of(self))

    def risk(self) -> Risk:
        return Risk("data-loss", f"drops the M2M table of '{self.object_name}.{self.field_name}': "
                                 "its links are lost")


@dataclass(frozen=True)
class RenameColumn(Operation):
    """A column renamed in place: its values survive (never a drop and an add)."""

    object_name: str
    table: str
    old: str
    new: str
    template = "rename_column"

    def reverse(self) -> RenameColumn:
        return RenameColumn(self.object_name, self.table, self.new, self.old)


@dataclass(frozen=True)
class RenameTable(Operation):
    object_name: str
    old: str
    new: str
    template = "rename_table"

    def reverse(self) -> RenameTable:
        return RenameTable(self.object_name, self.new, self.old)


@dataclass(frozen=True)
class CreatePrimaryKey(Operation):
    table: str
    columns: tuple[str, ...]
    template = "create_primary_key"

    def reverse(self) -> DeletePrimaryKey:
        return DeletePrimaryKey(self.table, self.columns)

    @property
    def irreversible(self) -> bool:
        return not self.columns

    def risk(self) -> Risk | None:
        if not self.columns:
            return Risk("irreversible", f"the primary key of {self.table!r} that forwards "
                        "dropped is unknown (no earlier frozen models describe it)")
        return None


@dataclass(frozen=True)
class DeletePrimaryKey(Operation):
    table: str
    columns: tuple[str, ...] = ()  # the dropped key's columns, when known
    template = "delete_primary_key"

    def reverse(self) -> CreatePrimaryKey:
        return CreatePrimaryKey(self.table, self.columns)


@dataclass(frozen=True)
class CreateForeignKey(Operation):
    """``db.foreign_key_sql`` executed; ``to_table`` empty when it cannot be known."""

    table: str
    column: str
    to_table: str
    to_column: str
    template = "create_foreign_key"

    def reverse(self) -> DeleteForeignKey:
        return DeleteForeignKey(self.table, self.column, self.to_table, self.to_column)

    @property
    def irreversible(self) -> bool:
        return not self.to_table

    def risk(self) -> Risk | None:
        if not self.to_table:
            return Risk("irreversible", f"the foreign key on {self.table}.{self.column} that "
                        "forwards dropped points to a table no earlier frozen models name")
        return Risk("review", f"recreates the foreign key {self.table}.{self.column} -> "
                    f"{self.to_table}.{self.to_column}: fails over rows orphaned since")


@dataclass(frozen=True)
class DeleteForeignKey(Operation):
    table: str
    column: str
    to_table: str = ""
    to_column: str = ""
    template = "delete_foreign_key"

    def reverse(self) -> CreateForeignKey:
        return CreateForeignKey(self.table, self.column, self.to_table, self.to_column)


def restore_message(app_label: str, object_name: str, field_name: str,
                    made_not_null: bool = False) -> str:
    what = "made NOT NULL again" if made_not_null else "restored"
    return (f"'{object_name}.{field_name}' is NOT NULL with no default and cannot be {what} "
            f"without a value for existing rows; rerun southgen with "
            f"--default {app_label}.{object_name}.{field_name}=VALUE")


def with_value(op: Operation, value: str) -> Operation:
    """The restoring operation, given the one-off default value (Python source)."""
    if isinstance(op, AddColumn):
        return replace(op, field=op.field.with_option("default", value), needs_value=False)
    if isinstance(op, AlterColumn):
        return replace(op, value=value, needs_value=False)
    return op


def _fields_of(op) -> dict:
    return {name: getattr(op, name) for name in op.__dataclass_fields__}


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
