"""Which migration of the app makes a change the frozen dicts show but this
migration's forwards does not: read off the other migrations' ``db.*`` calls.

Only asked for the changes a note is about, so the app's other files are
read lazily, once per folder.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from southgen.appmigrations import list_migrations
from southgen.calls import FieldDef, method_calls
from southgen.errors import SouthgenError
from southgen.forwards import field_of
from southgen.reader import read_migration

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
