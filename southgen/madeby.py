"""Which migration of the app makes a change the frozen dicts show but this
migration's forwards does not: read off the other migrations' ``db.*`` calls.

Only asked for the changes a note is about, so the app's other files are
read lazily, once per folder.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

from southgen.appmigrations import list_migrations
from southgen.calls import FieldDef, method_calls
from southgen.errors import SouthgenError
from southgen.forwards import field_of
from southgen.history import AppHistory
from southgen.lookup import column_in, model_in
from southgen.operations.flow import leaves
from southgen.reader import read_migration
from southgen.state import Field

CONSTRAINTS = ("create_index", "delete_index", "create_unique", "delete_unique")


def made_by(path: Path, key: tuple) -> str | None:
    """The nearest other migration of ``path``'s folder whose forwards makes ``key``."""
    try:
        folder = list_migrations(path.parent)
    except OSError:
        return None
    names = [p.name for p in folder]
    here = names.index(path.name) if path.name in names else len(names)
    order = sorted(range(len(folder)), key=lambda i: (abs(i - here), i))
    for index in order:
        if index != here and key in _keys(folder[index]):
            return folder[index].stem
    return None


@lru_cache(maxsize=4096)
def _keys(path: Path) -> frozenset:
    try:
        migration = read_migration(path)
    except (SouthgenError, OSError):
        return frozenset()
    if migration.forwards is None:
        return frozenset()
    keys = set()
    for call in method_calls(migration.forwards.node):
        key = _key(call.method, call.args)
        if key:
            keys.add(key)
    return frozenset(keys)


def _key(method: str, args: tuple) -> tuple | None:
    if not args:
        return None
    table = _name(args[0])
    if method in ("create_table", "delete_table"):
        return (method, table)
    if method == "add_column" and len(args) > 2 and isinstance(args[2], FieldDef):
        try:
            return (method, table, field_of(str(args[1]), args[2]).column)
        except ValueError:
            return None
    if method in ("delete_column", "alter_column") and len(args) > 1:
        return (method, table, str(args[1]))
    if method == "rename_table" and len(args) > 1:
        return (method, table, _name(args[1]))
    if method == "rename_column" and len(args) > 2:
        return (method, table, str(args[1]), str(args[2]))
    if method in CONSTRAINTS and len(args) > 1:
        columns = (args[1],) if isinstance(args[1], str) else tuple(map(str, args[1]))
        return (method, table, columns)
    return None


def _name(value) -> str:
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "shorten_name":
        return str(value[1])
    return str(value)


def drift_note(history: AppHistory, index: int, ops) -> str:
    """Why a column definition the backwards ``ops`` would restore is doubtful: the
    frozen dict that gave it belongs to a migration whose forwards() never touched the
    column. '' when nothing is."""
    for op in leaves(ops):
        given = op.given_definition
        if given is None:
            continue
        table, field = given
        made_at = unmade_definition(history, index, table, field)
        if made_at is not None:
            return (f"the generated backwards() restores {table}.{field.column} as "
                    f"{history.files[made_at].stem}'s frozen dict defines it, though no "
                    f"forwards() touched that column: the live column may differ")
    return ""


def unmade_definition(history: AppHistory, index: int, table: str, field: Field) -> int | None:
    """The migration before ``index`` whose frozen dict gave ``table``'s column the
    definition ``field`` has, when its forwards() never touches that column: the dicts
    drifted (a library changed its field, a hand edit), and a live database may still
    hold the column as an earlier forwards made it. None when some forwards made it,
    or when the history cannot tell."""
    wanted = _shape(field)
    matched = index  # the earliest migration seen whose dict shows ``field`` as it is
    for earlier in range(index - 1, -1, -1):
        state = history.defined(earlier)
        if state is None or model_in(state.values(), table) is None:
            continue  # no dict, or one that does not freeze the table: no evidence
        found = column_in(state.values(), table, field.column)
        if found is not None and _shape(found[1]) == wanted:
            matched = earlier
            continue
        if matched >= index or any(_touches(history, step, table, {field.name, field.column})
                                   for step in range(earlier + 1, matched + 1)):
            return None
        return matched
    return None


def _shape(field: Field) -> tuple:
    short_class, args, options = field.db_definition()
    return short_class.rsplit(".", 1)[-1], args, options


def _touches(history: AppHistory, index: int, table: str, names: set[str]) -> bool:
    """Whether ``index``'s forwards() makes any call naming the table and the column
    (a ``db.*`` call, a project's helper, raw SQL): loose, so that only a migration
    that plainly does not touch the column counts as not making it."""
    try:
        forwards = history.forwards(index)
    except SouthgenError:
        return True
    if forwards is None:
        return False
    for node in ast.walk(forwards.node):
        if not isinstance(node, ast.Call):
            continue
        texts = [c.value for c in ast.walk(node)
                 if isinstance(c, ast.Constant) and isinstance(c.value, str)]
        if any(table in text for text in texts) and any(
                name in text for text in texts for name in names):
            return True
    return False
