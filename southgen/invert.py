"""Forward operations -> the backwards operations: each reversed, last first.

A restored NOT NULL column with no default needs a value for the rows that
exist: a blank char field gets ``''`` (as South does), a user-supplied
one-off ``--default app.Model.field=VALUE`` is used when given, and
otherwise the operation stays irreversible (the rendered code raises).
"""

from __future__ import annotations

from collections.abc import Mapping

from southgen.ops import AddColumn, AlterColumn, Operation, with_value


def invert(forwards: list[Operation],
           defaults: Mapping[str, str] | None = None) -> list[Operation]:
    defaults = {k.lower(): v for k, v in (defaults or {}).items()}
    backwards = []
    for op in reversed(forwards):
        if hasattr(op, "map_ops"):  # a branch: each of its blocks inverted on its own
            backwards.append(op.map_ops(lambda ops: invert(ops, defaults)))
            continue
        reverse = op.reverse()
        if reverse.irreversible and isinstance(reverse, (AddColumn, AlterColumn)):
            reverse = _supply_value(reverse, defaults)
        backwards.append(reverse)
    return backwards


def _supply_value(op: AddColumn | AlterColumn, defaults: dict[str, str]) -> Operation:
    field = op.field if isinstance(op, AddColumn) else op.new
    key = f"{op.app_label}.{op.object_name}.{field.name}".lower()
    if key in defaults:
        return with_value(op, defaults[key])
    if field.blank_char:
        return with_value(op, repr(""))
    return op
