"""Measure, on a folder of South migrations, two ways a generated backwards
undoes something forwards never ran:

(a) data migrations (``DataMigration``, or forwards that works through the
    frozen orm) whose forwards makes no ``db.*`` schema call, but whose
    generated backwards has one;
(b) generated backwards that drop a table or column (``delete_table``,
    ``delete_column``, a join table, a raw ``DROP TABLE``) that forwards did
    not create (by ``create_table``, ``add_column``, a rename to it, or raw
    ``CREATE TABLE`` / ``ADD COLUMN``).

Forwards is read statically: its own ``db.*`` calls and those of the module's
helper functions it calls by name. Every migration of every South app below
FOLDER is generated with the default options.

Usage: python3 benchmarks/corpus_backwards.py FOLDER [--list]
"""

from __future__ import annotations

import argparse
import ast
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from southgen.calls import method_calls
from southgen.errors import SouthgenError
from southgen.fix.discover import discover
from southgen.forwards import IGNORED, field_of, orm_models
from southgen.generate import generate_for_path
from southgen.operations.raw import RawDrop, RawDropColumn
from southgen.operations.schema import DeleteColumn, DeleteM2M, DeleteTable
from southgen.py2compat import py2_to_py3
from southgen.reader import MigrationFile, read_migration
from southgen.sqlinvert import forward_ops

# what is no db.* schema call (for southgen versions whose operations do not say so)
NOT_SCHEMA = ("DataNoop", "DataRaise", "DataChange", "SqlNoop", "Irreversible", "Opaque",
              "InsertRows", "DeleteRows")
DML = ("INSERT", "UPDATE", "DELETE", "SELECT", "TRUNCATE")


def flat(ops) -> list:
    """Operations, with those nested in branches taken out."""
    out = []
    for op in ops:
        nested = getattr(op, "nested_ops", None)
        out.extend(flat(nested()) if callable(nested) else [op])
    return out


def is_schema_op(op) -> bool:
    if type(op).__name__ in NOT_SCHEMA or type(op).__name__.startswith("Sqlite"):
        return False
    return getattr(op, "changes_schema", True)


def forwards_calls(migration: MigrationFile) -> list:
    """The ``db.*`` calls of forwards and of the module helpers it names."""
    if migration.forwards is None:
        return []
    node = migration.forwards.node
    calls = list(method_calls(node))
    tree = getattr(migration, "module", None) or parsed(migration.text)
    named = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    named |= {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}
    if tree is not None:
        for helper in ast.walk(tree):
            if isinstance(helper, ast.FunctionDef) and helper.name in named \
                    and helper.name not in ("forwards", "backwards"):
                calls.extend(method_calls(helper))
    constants = class_constants(tree)
    return [resolve(c, constants) for c in calls if c.method not in IGNORED]


def parsed(text: str):
    """The module (for southgen versions whose MigrationFile does not keep it)."""
    for source in (text, py2_to_py3(text)):
        try:
            return ast.parse(source)
        except (SyntaxError, ValueError):
            continue
    return None


def class_constants(tree) -> dict[str, object]:
    """``self.NAME`` -> value for literal class attributes of the Migration class."""
    found = {}
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.ClassDef):
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
                        and isinstance(stmt.targets[0], ast.Name):
                    try:
                        found["self." + stmt.targets[0].id] = ast.literal_eval(stmt.value)
                    except (ValueError, SyntaxError, TypeError):
                        pass
    return found


def resolve(call, constants: dict):
    def value(v):
        source = getattr(v, "source", None)
        return constants.get(source, v) if isinstance(source, str) else v
    return replace(call, args=tuple(value(a) for a in call.args))


def is_schema_call(call) -> bool:
    if call.method == "raise":
        return False
    if call.method in ("execute", "execute_many"):
        sql = call.args[0] if call.args else None
        if not isinstance(sql, str):
            return True
        return any(not s.lstrip().upper().startswith(DML) for s in _statements(sql))
    return True


def _statements(sql: str) -> list[str]:
    return [s for s in sql.split(";") if s.strip()]


def table_name(value) -> str:
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "shorten_name":
        return str(value[1])
    return str(value)


def column_name(name, definition) -> str:
    try:
        return field_of(str(name), definition).column
    except ValueError:
        return str(name)


def created_by(calls) -> tuple[set[str], set[tuple[str, str]]]:
    tables: set[str] = set()
    columns: set[tuple[str, str]] = set()
    for call in calls:
        args = call.args
        if call.method == "create_table" and args:
            tables.add(table_name(args[0]))
        elif call.method == "rename_table" and len(args) > 1:
            tables.add(table_name(args[1]))
        elif call.method == "add_column" and len(args) > 2:
            columns.add((table_name(args[0]), column_name(args[1], args[2])))
        elif call.method == "rename_column" and len(args) > 2:
            columns.add((table_name(args[0]), str(args[2])))
        elif call.method in ("execute", "execute_many") and args and isinstance(args[0], str):
            for op in forward_ops(args[0]):
                inverse = getattr(op, "inverse", None)
                if isinstance(inverse, RawDrop) and inverse.kind == "TABLE":
                    tables.add(inverse.name)
                elif isinstance(inverse, RawDropColumn):
                    columns.add((inverse.table, inverse.column))
    return tables, columns


def drops(ops) -> list[tuple[str, str]]:
    """(table, column or '') of every table or column the backwards drops."""
    found = []
    for op in flat(ops):
        if isinstance(op, DeleteTable):
            found.append((op.table, ""))
        elif isinstance(op, DeleteM2M):
            found.append((op.table, ""))
        elif isinstance(op, DeleteColumn):
            found.append((op.table, op.field.column))
        elif isinstance(op, RawDrop) and op.kind == "TABLE":
            found.append((op.name, ""))
        elif isinstance(op, RawDropColumn):
            found.append((op.table, op.column))
    return found


def measure(folder: Path, show: bool) -> int:
    found = discover([folder])
    total = errors = broken = data_population = data_bad = drop_bad = drop_migrations = 0
    started = time.monotonic()
    for app in found.apps:
        for path in app.files:
            total += 1
            try:
                migration = read_migration(path)
                generated = generate_for_path(path)
            except SouthgenError:
                errors += 1
                continue
            try:
                ast.parse(textwrap.dedent(generated.method))
            except SyntaxError as exc:
                broken += 1
                print(f"generated backwards does not parse: {path}: {exc}")
            calls = forwards_calls(migration)
            node = migration.forwards.node if migration.forwards else None
            is_data = migration.is_data_migration or bool(
                node is not None and orm_models(node, migration.app_label))
            backwards = [op for op in flat(generated.backwards_ops) if is_schema_op(op)]
            if is_data and not any(is_schema_call(c) for c in calls):
                data_population += 1
                if backwards:
                    data_bad += 1
                    if show:
                        names = sorted({type(op).__name__ for op in backwards})
                        print(f"(a) {path}: {', '.join(names)}")
            tables, columns = created_by(calls)
            wrong = [(t, c) for t, c in drops(generated.backwards_ops)
                     if t not in tables and (not c or (t, c) not in columns)]
            if wrong:
                drop_migrations += 1
                drop_bad += len(wrong)
                if show:
                    listed = ", ".join(f"{t}.{c}" if c else t for t, c in wrong)
                    print(f"(b) {path}: drops {listed}")
    elapsed = time.monotonic() - started
    print(f"migrations: {total} in {len(found.apps)} apps ({errors} not generated: errors), "
          f"{elapsed:.1f} s")
    if broken:
        print(f"generated backwards that do not parse: {broken}")
    print(f"(a) data migrations with no db.* schema call in forwards: {data_population}; "
          f"whose generated backwards has a schema call: {data_bad}")
    print(f"(b) generated backwards dropping a table/column forwards did not create: "
          f"{drop_migrations} migrations, {drop_bad} drops")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--list", action="store_true", help="name each migration counted")
    args = parser.parse_args()
    return measure(args.folder, args.list)


if __name__ == "__main__":
    sys.exit(main())
