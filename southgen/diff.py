"""Compare two frozen states of one app into the forward operations.

Covers what South's autodetector (``south/creator/changes.py``) detects, and
orders the result by dependency so that its reverse is safe too: constraints
are dropped before the columns they cover, referencing tables are dropped
before the tables they reference, and created the other way round.
"""

from __future__ import annotations

import ast

from southgen import naming
from southgen.operations.base import Operation
from southgen.operations.schema import (
    AddColumn,
    AlterColumn,
    CreateIndex,
    CreateM2M,
    CreateTable,
    CreateUnique,
    DeleteColumn,
    DeleteIndex,
    DeleteTable,
    DeleteUnique,
    RenameTable,
)
from southgen.state import Field, Model, State
from southgen.strenum import StrEnum
from southgen.symbolic import Source


class Phase(StrEnum):
    """The diff's operations in the order they run (each reverse runs the other way)."""

    RENAME_TABLES = "rename_tables"
    DROP_CONSTRAINTS = "drop_constraints"
    DROP_M2M = "drop_m2m"
    DROP_COLUMNS = "drop_columns"
    DROP_REFERENCES = "drop_references"
    DROP_TABLES = "drop_tables"
    CREATE_TABLES = "create_tables"
    ADD_COLUMNS = "add_columns"
    ALTER_COLUMNS = "alter_columns"
    CREATE_M2M = "create_m2m"
    CREATE_CONSTRAINTS = "create_constraints"


def diff_states(old: State, new: State, apps: set[str], whole_apps: set[str] | None = None
                ) -> list[Operation]:
    """Forward operations taking ``old`` to ``new``, for the models of ``apps``; models
    are created or deleted only in ``whole_apps`` (default: ``apps``)."""
    whole = apps if whole_apps is None else whole_apps
    old_models = {k: m for k, m in old.items() if m.app_label in apps and not m.proxy}
    new_models = {k: m for k, m in new.items() if m.app_label in apps and not m.proxy}
    phases: dict[Phase, list[Operation]] = {phase: [] for phase in Phase}

    deleted = [m for k, m in old_models.items()
               if k not in new_models and m.managed and m.app_label in whole]
    for model in _referencing_first(deleted):
        _drop_model(model, old, phases)
    added = [m for k, m in new_models.items()
             if k not in old_models and m.managed and m.app_label in whole]
    for model in reversed(_referencing_first(added)):
        _create_model(model, new, phases)
    for key in sorted(set(old_models) & set(new_models)):
        if new_models[key].managed:
            _compare_model(old_models[key], new_models[key], old, new, phases)
    return [op for ops in phases.values() for op in ops]


def _drop_model(model: Model, state: State, phases: dict[Phase, list[Operation]]) -> None:
    for fields in model.unique_together:
        phases[Phase.DROP_CONSTRAINTS].append(DeleteUnique(*_constraint(model, fields)))
    for fields in model.index_together:
        phases[Phase.DROP_CONSTRAINTS].append(DeleteIndex(*_constraint(model, fields)))
    for field in model.m2m_fields:
        if field.auto_through:
            phases[Phase.DROP_M2M].append(_m2m(model, field, state).reverse())
    phases[Phase.DROP_TABLES].append(DeleteTable(model.app_label, model.object_name, model.db_table,
                                             _table_fields(model)))


def _create_model(model: Model, state: State, phases: dict[Phase, list[Operation]]) -> None:
    phases[Phase.CREATE_TABLES].append(CreateTable(model.app_label, model.object_name,
                                               model.db_table, _table_fields(model)))
    for field in model.m2m_fields:
        if field.auto_through:
            phases[Phase.CREATE_M2M].append(_m2m(model, field, state))
    for fields in model.unique_together:
        phases[Phase.CREATE_CONSTRAINTS].append(CreateUnique(*_constraint(model, fields)))
    for fields in model.index_together:
        phases[Phase.CREATE_CONSTRAINTS].append(CreateIndex(*_constraint(model, fields)))


def _compare_model(old: Model, new: Model, old_state: State, new_state: State,
                   phases: dict[Phase, list[Operation]]) -> None:
    if old is new:  # the same frozen block in both files: state shares the parsed model
        return
    if old.db_table != new.db_table:  # South does not detect it; forwards may show it
        phases[Phase.RENAME_TABLES].append(RenameTable(new.object_name, old.db_table, new.db_table))
    old_fields = {f.name: f for f in old.fields if not f.is_virtual}
    new_fields = {f.name: f for f in new.fields if not f.is_virtual}
    for name, field in old_fields.items():
        if name in new_fields:
            continue
        if field.is_m2m:
            if field.auto_through:
                phases[Phase.DROP_M2M].append(_m2m(old, field, old_state).reverse())
        else:
            phases[Phase.DROP_COLUMNS].append(
                DeleteColumn(old.app_label, old.object_name, old.db_table, field))
    for name, field in new_fields.items():
        if name in old_fields:
            continue
        if field.is_m2m:
            if field.auto_through:
                phases[Phase.CREATE_M2M].append(_m2m(new, field, new_state))
        else:
            phases[Phase.ADD_COLUMNS].append(
                AddColumn(new.app_label, new.object_name, new.db_table, field))
    for name in [n for n in new_fields if n in old_fields]:
        before, after = old_fields[name], new_fields[name]
        if before is after:  # the same frozen field (state shares equal plain fields)
            continue
        if before.is_m2m or after.is_m2m:
            _compare_m2m(old, new, before, after, old_state, new_state, phases)
            continue
        if before.db_definition() != after.db_definition():
            # a foreign key given up before the table it pointed to may go: its reverse
            # then restores the key after that table is back
            phase = Phase.DROP_REFERENCES if before.is_foreign_key and (
                not after.is_foreign_key or after.target != before.target) else Phase.ALTER_COLUMNS
            phases[phase].append(
                AlterColumn(new.app_label, new.object_name, new.db_table, before, after))
        if after.db_index and not before.db_index:
            phases[Phase.CREATE_CONSTRAINTS].append(CreateIndex(*_constraint(new, (name,))))
        if before.db_index and not after.db_index:
            phases[Phase.DROP_CONSTRAINTS].append(DeleteIndex(*_constraint(old, (name,))))
        if after.unique and not before.unique:
            phases[Phase.CREATE_CONSTRAINTS].append(CreateUnique(*_constraint(new, (name,))))
        if before.unique and not after.unique:
            phases[Phase.DROP_CONSTRAINTS].append(DeleteUnique(*_constraint(old, (name,))))
    for attr, create, delete in (("unique_together", CreateUnique, DeleteUnique),
                                 ("index_together", CreateIndex, DeleteIndex)):
        before_sets = {tuple(g) for g in getattr(old, attr)}
        after_sets = {tuple(g) for g in getattr(new, attr)}
        for fields in sorted(before_sets - after_sets):
            phases[Phase.DROP_CONSTRAINTS].append(delete(*_constraint(old, fields)))
        for fields in sorted(after_sets - before_sets):
            phases[Phase.CREATE_CONSTRAINTS].append(create(*_constraint(new, fields)))


def _compare_m2m(old: Model, new: Model, before: Field, after: Field, old_state: State,
                 new_state: State, phases: dict[Phase, list[Operation]]) -> None:
    if before.is_m2m and after.is_m2m:
        if before.auto_through and not after.auto_through:
            phases[Phase.DROP_M2M].append(_m2m(old, before, old_state).reverse())
        if not before.auto_through and after.auto_through:
            phases[Phase.CREATE_M2M].append(_m2m(new, after, new_state))
    elif before.is_m2m:  # M2M -> a column under the same name: the join table goes
        if before.auto_through:
            phases[Phase.DROP_M2M].append(_m2m(old, before, old_state).reverse())
        phases[Phase.ADD_COLUMNS].append(AddColumn(new.app_label, new.object_name, new.db_table,
                                               after))
    else:  # a column (a ForeignKey) -> M2M under the same name
        phases[Phase.DROP_COLUMNS].append(DeleteColumn(old.app_label, old.object_name,
                                                   old.db_table, before))
        if after.auto_through:
            phases[Phase.CREATE_M2M].append(_m2m(new, after, new_state))


def _constraint(model: Model, field_names) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    columns = []
    for name in field_names:
        try:
            columns.append(model.field(name).column)
        except KeyError:
            columns.append(name)
    return model.object_name, model.db_table, tuple(columns), tuple(field_names)


def _table_fields(model: Model) -> tuple[Field, ...]:
    return model.column_fields


def _m2m(model: Model, field: Field, state: State) -> CreateM2M:
    target_key = field.target or ""
    target = state.get(target_key)
    target_name = target.object_name if target else target_key.split(".")[-1]
    left, right = naming.m2m_column_stems(model.object_name, target_name)
    to = field.options.get("to")
    if field.target is None and isinstance(to, Source) and to.unknown is not None:
        # Only creating the join table needs its column names: an error when rendered.
        right = target_key = Source(to.code, to.code, to.unknown)
        right.need = f"the column names of the join table of '{model.key}.{field.name}'"
    db_table = field.options.get("db_table")
    return CreateM2M(
        object_name=model.object_name,
        field_name=field.name,
        table=_literal_name(db_table) if db_table else naming.m2m_auto_table(model.db_table,
                                                                              field.name),
        shortened=not db_table,
        left_field=left,
        left_model=model.key,
        right_field=right,
        right_model=target_key,
    )


def _literal_name(source: str) -> str:
    """A frozen option's value (South freezes the repr of a string)."""
    try:
        value = ast.literal_eval(source)
    except (ValueError, SyntaxError):
        return source
    return value if isinstance(value, str) else source


def _referencing_first(models: list[Model]) -> list[Model]:
    """Order models so each comes before the models it references (by FK)."""
    ordered: list[Model] = []
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(model: Model) -> None:
        if model.key in done or model.key in visiting:
            return
        visiting.add(model.key)
        for other in models:
            if other.key != model.key and any(
                f.target == model.key for f in other.column_fields if f.is_foreign_key
            ):
                visit(other)
        visiting.discard(model.key)
        done.add(model.key)
        ordered.append(model)

    for model in sorted(models, key=lambda m: m.key):
        visit(model)
    return ordered
