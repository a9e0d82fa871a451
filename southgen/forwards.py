"""Read ``forwards()`` statically into forward operations: what actually ran.

Each ``db.*`` call South offers becomes an operation; old definitions that a
delete or alter replaced come from earlier frozen dicts (``Lookup``). Use of
the frozen orm outside ``db.*`` arguments is a data change. Whatever cannot
be read for certain (a non-literal argument, an unknown call) becomes an
``Opaque`` operation: flagged, never guessed.
"""

from __future__ import annotations

import ast
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from southgen import naming
from southgen.calls import DbCall, FieldDef, OrmRef, Unresolved, value_of
from southgen.lookup import Lookup
from southgen.operations.base import Operation
from southgen.operations.flow import map_leaves
from southgen.operations.raw import DataChange, Opaque
from southgen.operations.rows import writes_rows
from southgen.operations.schema import (
    AddColumn,
    AlterColumn,
    CreateIndex,
    CreateTable,
    CreateUnique,
    DeleteColumn,
    DeleteForeignKey,
    DeleteIndex,
    DeletePrimaryKey,
    DeleteTable,
    DeleteUnique,
    RenameColumn,
    RenameTable,
)
from southgen.operations.schema import CreatePrimaryKey as CreatePK
from southgen.sqlinvert import forward_ops
from southgen.state import Field, State
from southgen.symbolic import Source
from southgen.walk import Walker

IGNORED = {"send_create_signal", "send_pending_create_signals", "start_transaction",
           "commit_transaction", "rollback_transaction", "execute_deferred_sql",
           "clear_deferred_sql", "clear_run_data", "debug", "dry_run", "current_orm"}


@dataclass
class ForwardsRead:
    ops: list[Operation] = field(default_factory=list)
    data_models: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # calls southgen cannot read

    @property
    def unknown_statements(self) -> bool:
        """Forwards calls something besides db.*, the orm and helpers southgen reads."""
        return bool(self.unknown)

    @property
    def changes_no_schema(self) -> bool:
        """Forwards makes no db.* schema call: whatever the dicts show, it did not run here."""
        return not any(op.changes_schema for op in self.ops)


def read_forwards(node: ast.FunctionDef | None, app_label: str, new: State,
                  lookup: Lookup, module: ast.Module | None = None,
                  names: dict | None = None) -> ForwardsRead:
    """``module``: the file's syntax tree (helpers and constants forwards uses);
    ``names``: its module-level names as evaluated (``MigrationFile.names``)."""
    result = ForwardsRead()
    if node is None:
        return result
    reader = _Reader(app_label, new, lookup)
    walked = Walker(reader.ops, module, names).walk(node)
    result.ops = walked.ops
    result.unknown = walked.unknown
    exact = walked.row_calls
    if exact and writes_rows(node, exact):  # other writes: the inserts are not the whole story
        result.ops = map_leaves(result.ops, lambda op: None if op.inserts_rows else op,
                                drop_none=True)
        exact = set()
    data = orm_models(node, app_label, exact)
    if data and not (exact and not writes_rows(node, exact)):
        result.data_models = data
        result.ops.append(DataChange(tuple(data)))
    return result


class _Reader:
    def __init__(self, app_label: str, new: State, lookup: Lookup) -> None:
        self.app_label = app_label
        self.new = new
        self.lookup = lookup

    def ops(self, call: DbCall) -> list[Operation]:
        if call.method == "raise":
            return [Opaque(f"forwards raises {call.args[0]}", "it cannot run")]
        if call.method in IGNORED:
            return []
        # a created table's field definitions are not needed to drop it again
        checked = call if call.method != "create_table" else DbCall(
            call.method, call.args[:1], (), call.line)
        unresolved = _unresolved(checked)
        if unresolved:
            return [Opaque(f"forwards calls db.{call.method} (line {call.line})",
                           f"{unresolved} is not literal, so southgen cannot read it")]
        handler = getattr(self, "_" + call.method, None)
        if handler is None:
            return [Opaque(f"forwards calls db.{call.method} (line {call.line})",
                           "southgen does not know its inverse")]
        args = (_table(call.args[0]),) + tuple(call.args[1:]) if call.args else ()
        try:
            return handler(*args, **dict(call.kwargs))
        except _NotFrozen as missing:
            return [Opaque(f"forwards calls db.{call.method} (line {call.line})",
                           f"orm[{missing.args[0]!r}] is not in this migration's frozen models")]
        except (TypeError, ValueError, IndexError):
            return [Opaque(f"forwards calls db.{call.method} (line {call.line})",
                           "its arguments are not the ones South takes")]

    def _object_name(self, table: str) -> str:
        for model in self.new.values():
            if model.db_table == table:
                return model.object_name
        earlier = self.lookup.model(table)
        return earlier.object_name if earlier else table

    def _app(self, table: str) -> str:
        model = self.lookup.model(table)
        return model.app_label if model else self.app_label

    def _field_of(self, name: str, definition) -> Field:
        """``field_of``, and South 0.5/0.6's ``orm['app.Model:field']``: the field as
        this migration's frozen models (the orm forwards gets) define it."""
        if isinstance(definition, OrmRef) and ":" in definition.model:
            key, _, field_name = definition.model.partition(":")
            model = self.new.get(key)
            try:
                frozen = model.field(field_name) if model is not None else None
            except KeyError:
                frozen = None
            if frozen is None:
                raise _NotFrozen(definition.model)
            return Field(str(name), frozen.field_class, frozen.args, frozen.kwargs)
        return field_of(name, definition)

    def _readable_field(self, name, definition) -> Field:
        """The field, or for a class southgen cannot read (a project's own field class
        called directly) a placeholder: enough to drop the table, never rendered."""
        if isinstance(definition, FieldDef) or (
                isinstance(definition, OrmRef) and ":" in definition.model):
            return self._field_of(name, definition)
        text = definition.source if isinstance(definition, Unresolved) else repr(definition)
        return Field(str(name), text, (), ())

    def _create_table(self, table, fields, *args, **kwargs) -> list[Operation]:
        table = _table(table)
        if not isinstance(fields, (tuple, list)):
            raise ValueError(fields)
        built = tuple(self._readable_field(name, definition) for name, definition in fields)
        return [CreateTable(self._app(table), self._object_name(table), table, built)]

    def _delete_table(self, table, cascade=True) -> list[Operation]:
        table = _table(table)
        model = self.lookup.model(table)
        if model is None:
            return [Opaque(f"forwards drops table {table!r}",
                           "no earlier frozen models describe it, so it cannot be recreated",
                           ("delete_table", table))]
        return [DeleteTable(model.app_label, model.object_name, table, model.column_fields)]

    def _rename_table(self, old, new) -> list[Operation]:
        name = self._object_name(new)
        return [RenameTable(name if name != new else self._object_name(old), old, new)]

    def _add_column(self, table, name, definition, keep_default=True) -> list[Operation]:
        return [AddColumn(self._app(table), self._object_name(table), table,
                          self._field_of(name, definition))]

    def _delete_column(self, table, column) -> list[Operation]:
        found = self.lookup.column(table, column)
        if found is None:
            return [Opaque(f"forwards drops column {table}.{column}",
                           "no earlier frozen models describe it, so it cannot be restored",
                           ("delete_column", table, column))]
        model, old = found
        return [DeleteColumn(model.app_label, model.object_name, table, old)]

    def _rename_column(self, table, old, new) -> list[Operation]:
        return [RenameColumn(self._object_name(table), table, old, new)]

    def _alter_column(self, table, column, definition, explicit_name=True,
                      ignore_constraints=False) -> list[Operation]:
        found = self.lookup.column(table, column)
        if found is None:
            return [Opaque(f"forwards alters column {table}.{column}",
                           "no earlier frozen models describe its old definition",
                           ("alter_column", table, column))]
        model, old = found
        new = self._field_of(old.name, definition)
        if old.column != new.column:  # explicit_name: the name given is the column's
            new = new.with_option("db_column", repr(column))
        return [AlterColumn(model.app_label, model.object_name, table, old, new)]

    def _create_index(self, table, columns, unique=False, db_tablespace="") -> list[Operation]:
        columns = _columns(columns)
        return [CreateIndex(self._object_name(table), _table(table), columns, columns)]

    def _delete_index(self, table, columns, db_tablespace="") -> list[Operation]:
        columns = _columns(columns)
        return [DeleteIndex(self._object_name(table), _table(table), columns, columns)]

    _drop_index = _delete_index

    def _create_unique(self, table, columns) -> list[Operation]:
        columns = _columns(columns)
        table = _table(table)
        return [CreateUnique(self._object_name(table), table, columns, columns)]

    def _delete_unique(self, table, columns) -> list[Operation]:
        columns = _columns(columns)
        return [DeleteUnique(self._object_name(table), _table(table), columns, columns)]

    def _create_primary_key(self, table, columns) -> list[Operation]:
        return [CreatePK(table, _columns(columns))]

    def _delete_primary_key(self, table) -> list[Operation]:
        model = self.lookup.model(table)
        columns = tuple(f.column for f in model.column_fields if f.primary_key) if model else ()
        return [DeletePrimaryKey(table, columns)]

    _drop_primary_key = _delete_primary_key

    def _delete_foreign_key(self, table, column) -> list[Operation]:
        found = self.lookup.column(table, column)
        to_table = to_column = ""
        if found is not None and found[1].target:
            target = self.lookup.model_by_key(found[1].target)
            if target is not None:
                to_table = target.db_table
                to_column = next((f.column for f in target.column_fields if f.primary_key), "id")
        return [DeleteForeignKey(table, column, to_table, to_column)]

    _drop_foreign_key = _delete_foreign_key

    def _execute(self, sql, params=None, *args, **kwargs) -> list[Operation]:
        if not isinstance(sql, str):
            return [Opaque("forwards runs SQL", "the SQL is not a literal string")]
        return forward_ops(sql)

    _execute_many = _execute


def field_of(name: str, definition) -> Field:
    """A ``FieldDef`` read off a call -> a Field whose options are Python source."""
    if not isinstance(definition, FieldDef):
        raise ValueError(definition)
    field_class = definition.field_class
    if field_class.startswith("models."):
        short = definition.short_class
        module = "related." if short in ("ForeignKey", "OneToOneField", "ManyToManyField") else ""
        field_class = f"django.db.models.fields.{module}{short}"
    args = tuple(source_of(a) for a in definition.args)
    kwargs = tuple((k, source_of(v)) for k, v in definition.kwargs)
    if args and naming.is_foreign_key(field_class, {}) and not dict(kwargs).get("to"):
        kwargs = (("to", args[0]),) + kwargs
        args = args[1:]
    return Field(str(name), field_class, args, kwargs)


class _NotFrozen(ValueError):
    """An ``orm['app.Model:field']`` reference to nothing in the frozen models."""


def source_of(value) -> str:
    if isinstance(value, OrmRef):
        return value.source
    if isinstance(value, Source):
        return value
    if isinstance(value, Unresolved):
        return value.source
    if isinstance(value, FieldDef):
        raise ValueError(value)
    return repr(value)


def orm_models(node: ast.FunctionDef, app_label: str, skip: AbstractSet[int] = frozenset()
               ) -> list[str]:
    """Models forwards reaches through the orm outside ``db.*`` arguments (and outside
    the calls in ``skip``: rows read exactly)."""
    found: list[str] = []
    for sub in _outside_db_calls(node, skip):
        name = None
        if isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name) \
                and sub.value.id == "orm":
            key = value_of(sub.slice)
            name = key if isinstance(key, str) else "?"
        elif isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) \
                and sub.value.id == "orm":
            name = f"{app_label}.{sub.attr}"
        if name and name not in found:
            found.append(name)
    return found


def _outside_db_calls(node: ast.AST, skip: AbstractSet[int] = frozenset()):
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Call) and (_is_db_call(child) or id(child) in skip):
            continue
        yield child
        yield from _outside_db_calls(child, skip)


def _is_db_call(call: ast.Call) -> bool:
    func = call.func
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
        and func.value.id == "db"


def _unresolved(call: DbCall) -> str:
    values = (*call.args, *(v for _, v in call.kwargs))
    return next((found for value in values if (found := _find_unresolved(value))), "")


def _find_unresolved(value) -> str:
    if isinstance(value, Unresolved):
        return value.source
    if isinstance(value, FieldDef):
        return ""  # options are kept as source text
    if isinstance(value, (tuple, list)):
        if len(value) == 2 and value[0] == "shorten_name":
            return _find_unresolved(value[1])
        for item in value:
            found = _find_unresolved(item)
            if found:
                return found
    return ""


def _table(value) -> str:
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "shorten_name":
        return str(value[1])
    return str(value)


def _columns(value) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)
