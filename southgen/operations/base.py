"""The operation base: each operation is plain immutable data that knows its
``reverse()``, the keys it matches forwards' calls by, how it reads in a note,
the names it makes or renames and the guard it needs before it runs.

An operation is rendered by the template named by its ``template`` attribute
(``templates/<template>.j2``), which receives the operation as ``op``.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any, ClassVar

from southgen.operations.risk import Risk
from southgen.state import Field

if TYPE_CHECKING:
    from collections.abc import Callable

    from southgen.lookup import Lookup
    from southgen.operations.checks import Guard
    from southgen.operations.guards import Names

Key = tuple  # ('add_column', table, column): what an operation does, matchable
DbCallSpec = tuple  # ('delete_column', (table, column), ()): a db.* call, as data


class Operation:
    template: str = ""
    # South's SQLite backend remakes the table to run it (and drops the deferred SQL)
    remakes_sqlite_table: bool = False
    # a raise over what southgen cannot read or undo (not a value the user can give)
    unknown_inverse: bool = False
    deletes_rows: bool = False  # rows deleted through the orm: no db.* call
    inserts_rows: bool = False  # rows inserted through the orm with literal values
    unreadable: bool = False  # forwards did something southgen cannot read

    def reverse(self) -> Operation:
        raise NotImplementedError

    def inverted(self, invert_block: Callable[[list[Operation]], list[Operation]]  # noqa: ARG002
                ) -> Operation:
        """Its backwards counterpart; a block of forwards (``if``, ``try``) inverts each
        of its blocks with ``invert_block`` instead."""
        return self.reverse()

    def keys(self) -> tuple[Key, ...]:
        """What the operation does, as matchable keys; the first is its main one."""
        return ()

    def describe(self) -> str:
        """What the operation does, for a note ("forwards() <describe()>")."""
        return type(self).__name__

    def db_calls(self) -> tuple[DbCallSpec, ...] | None:
        """The ``db.*`` calls its built-in template writes, as they read back: (method,
        args, keyword args), a ``Field`` standing for its ``self.gf(...)(...)``. What a
        comparison with a hand-written backwards needs, without the text. None when
        only the written text can tell."""
        return None

    def with_value(self, value: str) -> Operation:  # noqa: ARG002 (only some take one)
        """The operation given the one-off default value (Python source) it lacks."""
        return self

    @property
    def wanted_value(self) -> tuple[str, Field] | None:
        """('app.Model.field', field) when a one-off default would make it reversible."""
        return None

    def under_data_policy(self, policy: str) -> Operation:  # noqa: ARG002 (data only)
        return self

    def under_condition(self, condition: str) -> Operation:  # noqa: ARG002 (rows only)
        """The operation as forwards ran it only if ``condition`` (Python source) held."""
        return self

    def replaces(self) -> tuple[Key, Key] | None:
        """A rename (or its certain inverse in raw SQL): the keys of the drop and the add
        it stands for, when the frozen models show those."""
        return None

    def keys_undone(self) -> tuple[Key, ...]:
        """The keys of the forwards call this operation is the certain inverse of."""
        return ()

    def shown_by_models(self, model_tables: set[str]) -> bool:
        """Whether frozen models would show it, given it changes the schema."""
        keys = self.keys()
        return not keys or keys[0][1] in model_tables

    @property
    def stands_for_others(self) -> bool:
        """A branch, a guarded block, an opaque loop: it may run several operations."""
        return False

    @property
    def unknown_schema_change(self) -> bool:
        """A schema change southgen cannot read."""
        return False

    # The names it makes and renames, as the backwards runs (for the guards' queries).
    @property
    def created_table(self) -> str:
        return ""

    @property
    def added_column(self) -> tuple[str, str] | None:
        return None

    @property
    def renamed_table(self) -> tuple[str, str] | None:
        return None

    @property
    def renamed_column(self) -> tuple[str, str, str] | None:
        """(table, old, new)."""
        return None

    @property
    def plain_index(self) -> tuple[str, str] | None:
        """(table, column) of a non-unique index it leaves to South's deferred SQL."""
        return None

    @property
    def given_definition(self) -> tuple[str, Field] | None:
        """(table, field): a column definition it gives, read off a frozen dict."""
        return None

    def guards(self, names: Names, lookup: Lookup) -> tuple[Operation, list[Guard]]:  # noqa: ARG002
        """The operation to run (made conditional on the guards) and the guards it
        needs, on the names tables and columns have before the backwards began."""
        return self, []

    def risk(self) -> Risk | None:
        return None

    @property
    def irreversible(self) -> bool:
        return False

    @property
    def changes_schema(self) -> bool:
        """A db.* schema call (not work on rows): a data migration's backwards has none."""
        return True


class Mirrored(Operation):
    """One of two operations that undo each other (create and delete a table, a
    column, an index ...), declared once with ``mirror_pair``: each reverses into
    the other, carrying the fields they share."""

    mirror: ClassVar[Any]  # the other dataclass of the pair

    def reverse(self) -> Operation:
        shared = {f.name: getattr(self, f.name) for f in fields(self.mirror)
                  if hasattr(self, f.name)}
        return self.mirror(**shared, **self.reversed_with())

    def reversed_with(self) -> dict[str, object]:
        """What the reverse needs besides the shared fields."""
        return {}


def mirror_pair(first: type[Mirrored], second: type[Mirrored]) -> None:
    first.mirror, second.mirror = second, first


