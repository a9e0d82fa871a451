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


def compare_rows(before: Snapshot, forwards: Snapshot, after: Snapshot,
                 rows_before: dict, rows_forwards: dict, rows_after: dict) -> list[DataLoss]:
    """Sample rows the forwards kept but the backwards did not.

    A row (or value) counts when it survived the forwards unchanged, in a
    table and column present in all three states: what the forwards itself
    drops or rewrites can't be expected back.
    """
    lost: list[DataLoss] = []
    t0, t1, t2 = tables(before), tables(forwards), tables(after)
    for name, rows0 in sorted(rows_before.items()):
        if not rows0 or name not in t1 or name not in t2:
            continue
        rows1, rows2 = rows_forwards.get(name), rows_after.get(name)
        if rows1 is None or rows2 is None:
            continue
        columns = pk_columns(t0[name]) or row_key_columns(t0[name])
        index1 = {_key(r, columns): r for r in rows1}
        index2 = {_key(r, columns): r for r in rows2}
        if None in index1 or None in index2:
            continue  # the key itself went away; the schema diff says so
        for row0 in rows0:
            key = _key(row0, columns)
            row1 = index1.get(key)
            if row1 is None:
                continue
            row2 = index2.get(key)
            if row2 is None:
                lost.append(DataLoss(name, _show_key(columns, key)))
                continue
            for column, value in row0.items():
                if column in row1 and column in row2 and row1[column] == value \
                        and row2[column] != value:
                    lost.append(DataLoss(name, _show_key(columns, key), column, value,
                                         row2[column]))
    return lost
