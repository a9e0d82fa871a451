"""Sample rows: one plausible row for each empty table, from its real columns.

Values come from the column types the database reports; foreign keys point
at a row of the referenced table (``{"$ref": [table, column]}``, resolved
by the runner at insert time); auto-increment keys are left to the database.
Text and numbers are distinct per column (its name is in the text, numbers
come from a hash of it), so that a column holding another's values after
forwards means the values moved there: a rename (see compare.py).
"""

from __future__ import annotations

import re
import zlib
from typing import Any

from southgen.verify.snapshot import Snapshot, foreign_keys, user_tables

INT = re.compile(r"^(tiny|small|medium|big)?int(eger)?\b|^(small|big)?serial\b|^int[248]\b")
LENGTH = re.compile(r"\((\d+)(?:\s*,\s*(\d+))?\)")
SKIP_TYPES = ("geometry", "point", "polygon", "linestring", "tsvector", "array", "[]")


def _length(ctype: str) -> tuple[int | None, int | None]:
    match = LENGTH.search(ctype)
    if not match:
        return None, None
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None


def sample_value(ctype: str, column: str, seed: int = 1) -> Any:
    """A value for a column of this database type, or ``...`` for none."""
    t = ctype.lower().strip()
    if any(s in t for s in SKIP_TYPES):
        return ...
    if t.startswith("tinyint(1)") or t in ("bool", "boolean"):
        return True
    if t.startswith(("decimal", "numeric")):
        digits, scale = _length(t)
        scale = scale or 0
        whole = 1 if digits is None or digits - scale >= 1 else 0
        return f"{whole}.{'5'.ljust(scale, '0')}" if scale else str(whole or 0)
    if INT.match(t) or t.startswith("unsigned") or t == "year":
        return 2001 if t == "year" else distinct_int(column, seed, t.startswith("tinyint"))
    if t.startswith(("real", "double", "float")):
        return 1.5
    if t == "date":
        return "2001-02-03"
    if t.startswith(("timestamp", "datetime")):
        return "2001-02-03 04:05:06"
    if t.startswith("time"):
        return "04:05:06"
    if t == "uuid" or t.startswith("uuid"):
        return f"12345678-1234-5678-1234-56781234567{seed % 10}"
    if t.startswith(("inet", "cidr")):
        return "127.0.0.1"
    if t.startswith("json"):
        return "{}"
    if t.startswith(("bytea", "blob", "longblob", "mediumblob", "tinyblob", "binary",
                     "varbinary")):
        return "ab"
    if "char" in t or "text" in t or "clob" in t or t.startswith(("enum", "set", "string")):
        limit, _ = _length(t)
        text = f"{column}-{seed}"
        if limit is not None and len(text) > limit:
            text = (f"s{seed}")[:limit] if limit < len(column) + 2 else text[:limit]
        return text
    return ...


def distinct_int(column: str, seed: int = 1, tiny: bool = False) -> int:
    """A number of its own for this column (fits a signed tinyint when
    ``tiny``); plain ``seed`` for key-like columns (``id``, ``*_id``), which
    may come to reference another table's first row."""
    if column == "id" or column.endswith("_id"):
        return seed
    spread = zlib.crc32(column.encode("utf-8")) + seed
    return 10 + spread % 90 if tiny else 100 + spread % 9000


def _insert_order(names: list[str], deps: dict[str, set[str]]) -> list[str]:
    """Referenced tables first; cycles broken in name order."""
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str) -> None:
        if state.get(name):
            return
        state[name] = 1
        for dep in sorted(deps.get(name, ())):
            if dep in deps and dep != name:
                visit(dep)
        state[name] = 2
        order.append(name)

    for name in names:
        visit(name)
    return order


def sample_rows(snapshot: Snapshot, seed: int = 1) -> list[dict[str, Any]]:
    """One insert per user table, in foreign key order. The runner skips
    tables that already hold rows (``only_if_empty``)."""
    user = user_tables(snapshot)
    deps = {name: {ref for ref, _ in foreign_keys(t).values()} for name, t in user.items()}
    rows = []
    for name in _insert_order(sorted(user), deps):
        table = user[name]
        fks = foreign_keys(table)
        values: dict[str, Any] = {}
        for column in table.get("order", table["columns"]):
            info = table["columns"][column]
            if info.get("auto"):
                continue
            if column in fks:
                ref_table, ref_column = fks[column]
                fallback = None if info["null"] else seed
                if ref_table == name and info["null"]:
                    values[column] = None
                elif ref_table in user or ref_table in snapshot.get("tables", {}):
                    values[column] = {"$ref": [ref_table, ref_column or "id"],
                                      "fallback": fallback}
                else:
                    values[column] = fallback
                continue
            value = sample_value(info["type"], column, seed)
            if value is ...:
                if info["null"] or info.get("default") is not None:
                    continue
                value = str(seed)
            values[column] = value
        rows.append({"table": name, "values": values})
    return rows
