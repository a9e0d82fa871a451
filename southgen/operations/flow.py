"""Control flow of ``forwards()`` kept in its operations: an ``if``/``else`` on a
condition southgen can name, and a ``try`` around operations.

Each is mirrored in ``backwards()``: the same ``if``/``else`` with every
branch inverted, the inverse operations under the same ``try``. The nested
operations stay operations, so inverting, reconciling and checking them is
done on them as on any other (``nested_ops`` / ``map_ops``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from southgen.operations.base import DbCallSpec, Key, Operation
from southgen.operations.risk import Risk, RiskKind

OpsFunction = Callable[[list[Operation]], list[Operation]]


class _Nesting(Operation):
    """What an ``if`` or a ``try`` of forwards holds: the nested operations decide."""

    line: int
    where = ""  # how the block reads in a note: "if <condition>", "try"

    def nested_ops(self) -> list[Operation]:
        raise NotImplementedError

    def map_ops(self, function: OpsFunction) -> Operation:
        raise NotImplementedError

    def reverse(self) -> Operation:
        return self.map_ops(lambda ops: [op.reverse() for op in reversed(ops)])

    def inverted(self, invert_block: OpsFunction) -> Operation:
        return self.map_ops(invert_block)

    def keys(self) -> tuple[Key, ...]:
        return tuple(key for inner in self.nested_ops() for key in inner.keys())

    def describe(self) -> str:
        return (f"runs {len(self.nested_ops())} operation(s) under `{self.where}` "
                f"(line {self.line})")

    @property
    def stands_for_others(self) -> bool:
        return True

    @property
    def irreversible(self) -> bool:
        return any(op.irreversible for op in self.nested_ops())

    @property
    def changes_schema(self) -> bool:
        return any(op.changes_schema for op in self.nested_ops())


@dataclass(frozen=True)
class Branch(_Nesting):
    """``if condition: then else: otherwise``; ``condition`` is Python source."""

    condition: str
    then: tuple[Operation, ...]
    otherwise: tuple[Operation, ...] = ()
    line: int = 0
    template = "branch"

    def nested_ops(self) -> list[Operation]:
        return [*self.then, *self.otherwise]

    def map_ops(self, function: OpsFunction) -> Branch:
        return Branch(self.condition, tuple(function(list(self.then))),
                      tuple(function(list(self.otherwise))), self.line)

    @property
    def where(self) -> str:  # type: ignore[override]
        return f"if {self.condition}"


@dataclass(frozen=True)
class Guarded(_Nesting):
    """Operations forwards ran under ``try: ... except: pass``: they may not have run,
    so their inverse runs under the same ``try``."""

    body: tuple[Operation, ...]
    line: int = 0
    template = "guarded"
    where = "try"

    def nested_ops(self) -> list[Operation]:
        return list(self.body)

    def map_ops(self, function: OpsFunction) -> Guarded:
        return Guarded(tuple(function(list(self.body))), self.line)

    def db_calls(self) -> tuple[DbCallSpec, ...] | None:
        calls: list[DbCallSpec] = []
        for op in self.body:
            inner = op.db_calls()
            if inner is None:
                return None
            calls += inner
        return tuple(calls)

    def risk(self) -> Risk:
        return Risk(RiskKind.REVIEW,
                    f"forwards ran operations under try/except (line {self.line}): "
                    "backwards undoes them under the same try, ignoring a failure")


def flatten(ops) -> list[Operation]:
    """Every operation, those nested in branches included (the branches themselves too)."""
    found: list[Operation] = []
    for op in ops:
        found.append(op)
        nested = getattr(op, "nested_ops", None)
        if nested is not None:
            found.extend(flatten(nested()))
    return found


def leaves(ops) -> list[Operation]:
    """Every operation that is not a branch, nested ones included."""
    return [op for op in flatten(ops) if not hasattr(op, "nested_ops")]


def map_leaves(ops: list[Operation], function: Callable[[Operation], Operation | None],
               drop_none: bool = False) -> list[Operation]:
    """``function`` applied to every non-branch operation, the branches kept; with
    ``drop_none`` an operation it maps to None is left out."""
    result = []
    for op in ops:
        if hasattr(op, "map_ops"):
            result.append(op.map_ops(lambda inner: map_leaves(inner, function, drop_none)))
        else:
            mapped = function(op)
            if mapped is not None or not drop_none:
                result.append(mapped)
    return result
