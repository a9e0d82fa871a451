"""Forward operations -> the backwards operations: each reversed, last first.

A restored NOT NULL column with no default needs a value for the rows that
exist: a blank char field gets ``''`` (as South does), a user-supplied
one-off ``--default app.Model.field=VALUE`` is used when given, and
otherwise the operation stays irreversible (the rendered code raises).
"""

from __future__ import annotations

from collections.abc import Mapping

from southgen.operations.base import Operation


def invert(forwards: list[Operation],
           defaults: Mapping[str, str] | None = None) -> list[Operation]:
    defaults = {k.lower(): v for k, v in (defaults or {}).items()}
    backwards = []
    for op in reversed(forwards):
        backwards.append(_supply_value(op.inverted(lambda ops: invert(ops, defaults)), defaults))
    return backwards


def _supply_value(op: Operation, defaults: dict[str, str]) -> Operation:
    wanted = op.wanted_value
    if wanted is None:
        return op
    key, field = wanted
    if key.lower() in defaults:
        return op.with_value(defaults[key.lower()])
    if field.blank_char:
        return op.with_value(repr(""))
    return op
