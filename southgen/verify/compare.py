"""Compare two schema snapshots, and the sample rows across a round trip."""

from __future__ import annotations

from collections import Counter
from typing import Any

from southgen.verify.report import DataLoss, Difference
from southgen.verify.snapshot import Snapshot, pk_columns, row_key_columns, tables

COLUMN_ATTRIBUTES = (("type", "type"), ("null", "null"), ("default", "default"),
                     ("pk", "primary key"))


def _show(attribute: str, value: Any) -> str:
    if attribute == "null":
        return "NULL" if value else "NOT NULL"
    if attribute == "pk":
        return "primary key" if value else "not primary key"
    if attribute == "default":
        return "no default" if value is None else f"default {value}"
    return str(value)


def compare_schemas(before: Snapshot, after: Snapshot) -> list[Difference]:
    """What ``after`` (post backwards) differs in from ``before`` (pre forwards)."""
    vendor = before.get("vendor") or after.get("vendor")
    old, new = tables(before), tables(after)
    diffs: list[Difference] = []
    for name in sorted(old.keys() - new.keys()):
        diffs.append(Difference("table", name, "", "missing"))
    for name in sorted(new.keys() - old.keys()):
        diffs.append(Difference("table", name, "", "extra"))
    for name in sorted(old.keys() & new.keys()):
        diffs += _compare_table(name, old[name], new[name], vendor)
    return diffs


def _compare_table(name: str, old: dict, new: dict, vendor: str | None) -> list[Difference]:
    diffs: list[Difference] = []
    ocols, ncols = old["columns"], new["columns"]
    for column in [c for c in old.get("order", ocols) if c not in ncols]:
        diffs.append(Difference("column", name, column, "missing"))
    for column in [c for c in new.get("order", ncols) if c not in ocols]:
        diffs.append(Difference("column", name, column, "extra"))
    for column in [c for c in old.get("order", ocols) if c in ncols]:
        for key, label in COLUMN_ATTRIBUTES:
            if ocols[column].get(key) != ncols[column].get(key):
                diffs.append(Difference(
                    "column", name, column, "changed", label,
                    _show(key, ocols[column].get(key)), _show(key, ncols[column].get(key)),
                ))
    diffs += _compare_indexes(name, old, new)
    # South's SQLite backend declares no foreign key support and Django never
    # enables them there: remade tables drop REFERENCES, which is harmless.
    if vendor != "sqlite":
        diffs += _compare_fks(name, old, new)
    diffs += _compare_multiset(
        name, "check", old.get("checks", []), new.get("checks", []),
        key=lambda c: c["definition"], label=lambda c: f" {c['definition']}")
    return diffs


def _index_kind(index: dict) -> str:
    return "unique" if index["unique"] else "index"


def _compare_indexes(name: str, old: dict, new: dict) -> list[Difference]:
    def signature(index: dict) -> tuple:
        return (tuple(index["columns"]), bool(index["unique"]), index.get("using", ""))

    olds = [i for i in old.get("indexes", []) if not i.get("primary")]
    news = [i for i in new.get("indexes", []) if not i.get("primary")]
    return _compare_multiset(
        name, _index_kind, olds, news, key=signature,
        label=lambda i: f"({', '.join(i['columns'])})", detail=lambda i: i.get("name") or "")


def _compare_fks(name: str, old: dict, new: dict) -> list[Difference]:
    def signature(fk: dict) -> tuple:
        return (tuple(fk["columns"]), fk["ref_table"], tuple(fk["ref_columns"]),
                fk.get("deferrable", ""))

    def label(fk: dict) -> str:
        return (f".{', '.join(fk['columns'])} -> "
                f"{fk['ref_table']}.{', '.join(str(c) for c in fk['ref_columns'])}")

    return _compare_multiset(
        name, "foreign_key", old.get("fks", []), new.get("fks", []), key=signature,
        label=label, detail=lambda fk: " ".join(x for x in (fk.get("name"), fk.get(
            "deferrable")) if x))


def _compare_multiset(table: str, kind, olds: list, news: list, *, key, label,
                      detail=None) -> list[Difference]:
    """Items compared by signature, names ignored; ``kind`` is a str or a
    function of the item."""
    ocount, ncount = Counter(key(i) for i in olds), Counter(key(i) for i in news)
    diffs = []
    for items, surplus, change in ((olds, ocount - ncount, "missing"),
                                   (news, ncount - ocount, "extra")):
        for item in items:
            sig = key(item)
            if surplus.get(sig, 0) <= 0:
                continue
            surplus[sig] -= 1
            named = detail(item) if detail else ""
            diffs.append(Difference(
                kind(item) if callable(kind) else kind, table, label(item), change, "",
                named if change == "missing" else None, named if change == "extra" else None,
            ))
    return diffs


def _key(row: dict, columns: list[str]) -> tuple | None:
    if any(c not in row for c in columns):
        return None
    return tuple(row[c] for c in columns)


def _show_key(columns: list[str], key: tuple) -> str:
    return ", ".join(f"{c}={v}" for c, v in zip(columns, key))


def distinctive(value: Any) -> bool:
    """A value that can't be in a new column or table by chance: the sample
    values are made distinct per column (see sampling.py)."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float)):
        return abs(value) >= 10
    return isinstance(value, str) and len(value) >= 3


def table_renames(before: Snapshot, forwards: Snapshot, rows_before: dict,
                  rows_forwards: dict) -> dict[str, str]:
    """Tables the forwards renamed, old -> new: a table gone and a new one
    holding exactly its rows (some value distinctive)."""
    t0, t1 = tables(before), tables(forwards)
    gone = [n for n in sorted(t0.keys() - t1.keys()) if rows_before.get(n)]
    new = [n for n in sorted(t1.keys() - t0.keys()) if rows_forwards.get(n)]
    found: dict[str, str] = {}
    for old in gone:
        rows = rows_before[old]
        if not any(distinctive(v) for row in rows for v in row.values()):
            continue
        same = [n for n in new if rows_forwards[n] == rows]
        if len(same) == 1 and same[0] not in found.values():
            found[old] = same[0]
    return found


def column_renames(old: dict, new: dict, rows0: list[dict], rows1: list[dict]) -> dict[str, str]:
    """Columns of one table the forwards renamed, old -> new: a column gone
    and a new one holding exactly its values, row by row (some distinctive)."""
    gone = [c for c in old.get("order", old["columns"]) if c not in new["columns"]]
    added = [c for c in new.get("order", new["columns"]) if c not in old["columns"]]
    if not gone or not added:
        return {}
    columns = pk_columns(old) or [c for c in row_key_columns(old) if c in new["columns"]]
    if not columns or any(c not in new["columns"] for c in columns):
        return {}
    index1 = {_key(r, columns): r for r in rows1}
    pairs = [(row0, row1) for row0 in rows0
             if (row1 := index1.get(_key(row0, columns))) is not None]
    if not pairs:
        return {}
    found: dict[str, str] = {}
    for column in gone:
        if not any(distinctive(r0.get(column)) for r0, _ in pairs):
            continue
        same = [c for c in added
                if all(column in r0 and c in r1 and r1[c] == r0[column] for r0, r1 in pairs)]
        if len(same) == 1 and same[0] not in found.values():
            found[column] = same[0]
    return found


def compare_rows(before: Snapshot, forwards: Snapshot, after: Snapshot,
                 rows_before: dict, rows_forwards: dict, rows_after: dict) -> list[DataLoss]:
    """Sample rows the forwards kept but the backwards did not.

    A row (or value) counts when it survived the forwards unchanged, in a
    table and column present before and after the round trip: what the
    forwards itself drops or rewrites can't be expected back. A table or
    column the forwards renamed (its rows or values moved, as the database
    shows) counts under its new name after forwards.
    """
    lost: list[DataLoss] = []
    t0, t1, t2 = tables(before), tables(forwards), tables(after)
    renamed = table_renames(before, forwards, rows_before, rows_forwards)
    for name, rows0 in sorted(rows_before.items()):
        moved = renamed.get(name, name)
        if not rows0 or name not in t0 or moved not in t1 or name not in t2:
            continue
        rows1, rows2 = rows_forwards.get(moved), rows_after.get(name)
        if rows1 is None or rows2 is None:
            continue
        as_columns = {c: c for c in t0[name]["columns"] if c in t1[moved]["columns"]}
        as_columns.update(column_renames(t0[name], t1[moved], rows0, rows1))
        columns = pk_columns(t0[name]) or row_key_columns(t0[name])
        if any(c not in as_columns for c in columns):
            continue  # the key itself went away; the schema diff says so
        index1 = {_key(r, [as_columns[c] for c in columns]): r for r in rows1}
        index2 = {_key(r, columns): r for r in rows2}
        if None in index1 or None in index2:
            continue
        for row0 in rows0:
            key = _key(row0, columns)
            row1 = index1.get(key)
            if key is None or row1 is None:
                continue
            row2 = index2.get(key)
            if row2 is None:
                lost.append(DataLoss(name, _show_key(columns, key)))
                continue
            for column, value in row0.items():
                kept = as_columns.get(column)
                if kept in row1 and row1[kept] == value and column in row2 \
                        and row2[column] != value:
                    lost.append(DataLoss(name, _show_key(columns, key), column, value,
                                         row2[column]))
    return lost
