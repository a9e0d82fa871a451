"""Schema snapshots as the runner reads them from the database itself.

A snapshot is the runner's JSON: ``{"vendor": ..., "tables": {name: table}}``
with, per table, ``columns`` ({name: {type, null, default, pk, auto}}),
``order``, ``indexes`` ([{name, columns, unique, primary, constraint, using}]),
``fks`` ([{name, columns, ref_table, ref_columns, deferrable}]) and
``checks`` ([{name, definition}]). SQLite from sqlite_master/PRAGMA,
PostgreSQL from pg_catalog, MySQL/MariaDB from information_schema.
"""

from __future__ import annotations

from typing import Any

Snapshot = dict[str, Any]
SYSTEM_TABLES = frozenset({"south_migrationhistory"})


def tables(snapshot: Snapshot) -> dict[str, dict[str, Any]]:
    return snapshot.get("tables", {})


def pk_columns(table: dict[str, Any]) -> list[str]:
    return [name for name in table.get("order", table["columns"]) if table["columns"][name]["pk"]]


def row_key_columns(table: dict[str, Any]) -> list[str]:
    """Columns that identify a row: the primary key, else every column."""
    return pk_columns(table) or list(table.get("order", table["columns"]))


def user_tables(snapshot: Snapshot) -> dict[str, dict[str, Any]]:
    return {name: t for name, t in tables(snapshot).items() if name not in SYSTEM_TABLES}


def foreign_keys(table: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Single-column foreign keys: column -> (referenced table, column)."""
    found = {}
    for fk in table.get("fks", []):
        if len(fk["columns"]) == 1 and fk.get("ref_table"):
            ref_columns = fk.get("ref_columns") or [None]
            found[fk["columns"][0]] = (fk["ref_table"], ref_columns[0])
    return found
