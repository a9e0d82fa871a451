"""Forwards (what ran) + the frozen diff (what the schema should be) -> one list.

Each diff operation is matched to the ``db.*`` calls / SQL statements of
``forwards()`` by keys (``('add_column', table, column)`` ...). When they all
agree the diff's operations are used as they are. Otherwise forwards wins:
its operations are taken in the order they ran, a dropped-and-added column or
table that forwards renamed becomes the rename (values survive), and every
disagreement is noted for the report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from southgen.forwards import ForwardsRead
from southgen.operations.base import Key, Operation
from southgen.operations.raw import Opaque
from southgen.operations.risk import RiskKind


@dataclass(frozen=True)
class Reconciled:
    ops: list[Operation]
    notes: list[str]


def reconcile(diff: list[Operation], read: ForwardsRead, model_tables: set[str],
              made_by: Callable[[tuple], str | None] | None = None) -> Reconciled:
    """``made_by`` names the other migration whose forwards makes a change (by key)."""
    forwards = read.ops
    slots: dict[tuple, list[int]] = {}  # key -> the forwards operations offering it
    for index, op in enumerate(forwards):
        for key in op.keys():
            slots.setdefault(key, []).append(index)
    used: set[tuple[int, tuple]] = set()
    standing: dict[int, list[Operation]] = {}  # forwards index -> the diff ops it stands for
    unmatched: list[Operation] = []
    for op in diff:
        keys = op.keys()
        slot = _slot(slots, keys[0], used) if keys else None
        if slot is None:
            unmatched.append(op)
            continue
        standing.setdefault(slot, []).append(op)
        for key in keys[1:]:
            extra = _slot(slots, key, used)
            if extra is not None:
                standing.setdefault(extra, [])
    unmatched, renamed = _renames(unmatched, forwards, standing)
    leftover = [i for i in range(len(forwards)) if i not in standing]
    flow = any(_composite(op) for op in forwards)
    if not unmatched and not leftover and not renamed and not flow:
        return Reconciled(list(diff), [])
    notes: list[str] = []
    ops: list[Operation] = []
    for index, op in enumerate(forwards):
        if index in standing and not _composite(op):
            ops.extend(standing[index])
            continue
        ops.append(op)
        if index not in standing and _shows_in_models(op, model_tables):
            notes.append(f"forwards() {op.describe()}, which the frozen models do not show")
    unreadable = ", ".join(read.unknown)
    opaque = bool(unreadable) or any(forwards[i].unknown_schema_change for i in leftover)
    for op in unmatched:
        shown = f"the frozen models show that the migration {op.describe()}"
        if read.changes_no_schema or not opaque:
            keys = op.keys()
            maker = made_by(keys[0]) if keys and made_by is not None else None
            who = f"{maker} does it" if maker else "no migration of this app does it"
            data = read.changes_no_schema and any(not op.changes_schema for op in forwards)
            why = "makes no schema change (a data migration)" if data else "does not do it"
            notes.append(f"{shown}, but forwards() {why}: backwards leaves it alone ({who})")
        elif _destroys(op):
            ops.append(Opaque(shown.replace("the migration ", "forwards "),
                              f"forwards() calls {unreadable or 'db.* in a way'} southgen "
                              "cannot read, so whether it did is not known"))
        else:
            ops.append(op)
            notes.append(f"{shown}; forwards() does not show it plainly, so backwards "
                         "assumes it ran")
    return Reconciled(ops, notes)


def _slot(slots: dict, key: tuple, used: set) -> int | None:
    for index in slots.get(key, ()):
        if (index, key) not in used:
            used.add((index, key))
            return index
    return None


def _composite(op: Operation) -> bool:
    """An operation standing for others (a branch, a guarded block, an opaque loop)."""
    return op.stands_for_others


def _destroys(op: Operation) -> bool:
    """Whether undoing ``op`` loses data (drops a table or a column)."""
    risk = op.reverse().risk()
    return risk is not None and risk.kind == RiskKind.DATA_LOSS


def _renames(unmatched: list[Operation], forwards: list[Operation], standing: dict
             ) -> tuple[list[Operation], bool]:
    """A drop and an add that forwards did as a rename are the rename."""
    rest = list(unmatched)
    renamed = False
    for index, op in enumerate(forwards):
        if index in standing:
            continue
        replaced = op.replaces()
        if replaced is not None:
            pair = _pair(rest, replaced)
            if pair:
                for item in pair:
                    rest.remove(item)
                standing[index] = [op]
                renamed = True
    return rest, renamed


def _pair(ops: list[Operation], replaced: tuple[Key, Key]
          ) -> tuple[Operation, Operation] | None:
    gone, added = (next((o for o in ops if o.keys() == (key,)), None) for key in replaced)
    if gone is not None and added is not None:
        return gone, added
    return None


def _shows_in_models(op: Operation, model_tables: set[str]) -> bool:
    """Whether the frozen models would show ``op`` (it touches one of their tables)."""
    return op.changes_schema and op.shown_by_models(model_tables)
