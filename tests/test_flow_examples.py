"""Backwards undo what forwards ran (issue 13), on examples/flow: migrations made
with real South 1.0.2 whose forwards have control flow, data work, a project's own
field class, M2M <-> column changes and --freeze. Their round trip through verify
on SQLite, PostgreSQL and MariaDB is in test_roundtrip_generated.py; here, what
each generated backwards does and does not do."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_southgen
from south_ops import calls_of, operations

from southgen.calls import method_calls
from southgen.forwards import read_forwards
from southgen.generate import Options, find_previous, generate, generate_for_path
from southgen.lookup import StatesLookup
from southgen.operations.flow import Branch, Guarded
from southgen.operations.raw import DataChange, Opaque
from southgen.operations.rows import InsertRows
from southgen.operations.schema import DeleteColumn, RenameTable
from southgen.reader import read_migration

FLOW = EXAMPLES / "flow" / "lib" / "migrations"


def _generated(number: str, **options):
    (path,) = FLOW.glob(f"{number}_*.py")
    return generate_for_path(path, Options(**options))


def _calls(method: str) -> list[tuple]:
    node = ast.parse("class M:\n" + method).body[0].body[0]
    return [(c.method, *c.args[:2]) for c in method_calls(node)]


def test_if_else_on_the_backend_is_mirrored_with_each_branch_inverted() -> None:
    generated = _generated("0002")
    (branch,) = generated.backwards_ops
    assert isinstance(branch, Branch)
    assert branch.condition == "db.backend_name == 'postgres'"
    method = generated.method
    assert method.index("if db.backend_name == 'postgres':") < method.index(
        "DROP INDEX lib_book_title_like") < method.index("else:") < method.index(
        "db.delete_index('lib_book', ['title'])")
    assert not generated.notes


def test_a_loop_over_a_module_level_list_is_unrolled() -> None:
    generated = _generated("0003")
    assert [type(op) for op in generated.backwards_ops] == [RenameTable, RenameTable]
    assert [(c[0], c[1]) for c in _calls(generated.method)] == [
        ("rename_table", "lib_label"), ("rename_table", "lib_collection")]
    assert "delete_table" not in generated.method


def test_try_except_around_a_drop_is_a_guarded_restore() -> None:
    generated = _generated("0004")
    (guarded,) = generated.backwards_ops
    assert isinstance(guarded, Guarded)
    assert "try:\n" in generated.method
    assert "except Exception:\n" in generated.method
    assert "db.add_column('lib_book', 'isbn'," in generated.method


def test_data_migration_deletes_its_literal_rows_and_runs_no_schema_call() -> None:
    generated = _generated("0005")
    assert {c[0] for c in _calls(generated.method)} == set()  # no db.* call at all
    assert "orm['lib.Tag'].objects.filter(name='fiction').delete()" in generated.method
    assert "orm['lib.Tag'].objects.filter(name='poetry').delete()" in generated.method
    # the sanity check (if count != 2: raise) is not "forwards cannot run"
    assert not any(op.irreversible for op in generated.backwards_ops)
    # the dict shows Book.pages added, forwards does not add it: only a note
    assert any("lib_book.pages" in note and "data migration" in note
               and "0006_pages_and_readers does it" in note for note in generated.notes)


def test_join_table_made_with_a_project_field_class_is_dropped_again() -> None:
    generated = _generated("0006")
    assert ("delete_table", "lib_book_readers") in _calls(generated.method)
    assert not any(op.irreversible for op in generated.backwards_ops)


def test_other_apps_in_complete_apps_are_not_diffed_as_created() -> None:
    generated = _generated("0007")
    assert "django_content_type" not in generated.method


def test_m2m_and_foreign_key_changes_under_the_same_name_match_south() -> None:
    for number in ("0007", "0008", "0009"):
        generated = _generated(number)
        (path,) = FLOW.glob(f"{number}_*.py")
        south = read_migration(path).backwards.node
        assert operations(generated.method) == calls_of(south), number


def test_guard_never_queries_the_table_the_backwards_recreates() -> None:
    generated = _generated("0009")
    (guard,) = generated.guards
    assert "lib_collection" not in dict(guard.names).values()
    assert generated.method.index("db.supports_foreign_keys") < generated.method.index(
        "db.create_table('lib_collection'")


def test_sqlite_gets_back_the_index_of_an_added_foreign_key() -> None:
    method = _generated("0008").method
    assert "if db.backend_name == 'sqlite3':" in method
    assert "db.create_index('lib_book', ['author_id'])" in method


def _read(body: str, module: str = ""):
    source = module + "\nclass Migration:\n    def forwards(self, orm):\n" + "".join(
        f"        {line}\n" for line in body.strip().splitlines())
    tree = ast.parse(source)
    node = tree.body[-1].body[0]
    return read_forwards(node, "lib", {}, StatesLookup([]), tree)


def test_conditions_southgen_can_name_and_those_it_cannot() -> None:
    named = _read("if settings.USE_X and is_pg():\n    db.rename_table('a', 'b')",
                  "from django.conf import settings\ndef is_pg():\n    return True\n")
    assert isinstance(named.ops[0], Branch)
    local = _read("tables = connection.introspection.table_names()\n"
                  "if 'a' in tables:\n    db.rename_table('a', 'b')")
    (op,) = local.ops
    assert isinstance(op, Opaque)
    assert op.covers == (("rename_table", "a", "b"),)


def test_helpers_and_class_constants_are_read_where_forwards_calls_them() -> None:
    read = _read("rename(some_call(), 'c')",
                 "def rename(old, new):\n    db.rename_table(old, new)\n")
    (op,) = read.ops  # the helper is read; its argument is not literal: flagged
    assert isinstance(op, Opaque)
    assert "some_call()" in op.reason
    source = ("class Migration:\n    OLD = 'a'\n"
              "    def forwards(self, orm):\n        self.move(self.OLD)\n"
              "    def move(self, table):\n        db.rename_table(table, 'b')\n")
    tree = ast.parse(source)
    read = read_forwards(tree.body[0].body[1], "lib", {}, StatesLookup([]), tree)
    assert [(op.old, op.new) for op in read.ops] == [("a", "b")]


def test_get_or_create_rows_are_deleted_and_flagged() -> None:
    read = _read("orm['auth.Group'].objects.get_or_create(name='mods', defaults={'x': 1})")
    (rows,) = read.ops
    assert isinstance(rows, InsertRows)
    assert rows.values == (("name", "'mods'"),)
    assert rows.reverse().risk().kind == "review"


def test_rows_are_not_deleted_when_forwards_writes_other_rows_too() -> None:
    read = _read("g = orm['auth.Group'].objects.create(name='mods')\n"
                 "for u in orm['auth.User'].objects.all():\n    u.groups.add(g)")
    assert [type(op) for op in read.ops] == [DataChange]


def test_unknown_helpers_do_not_make_the_backwards_drop_what_the_dicts_show() -> None:
    path = FLOW / "0006_pages_and_readers.py"
    migration = read_migration(path)
    text = migration.text.replace("db.add_column('lib_book', 'pages'",
                                  "safe_add_column('lib_book', 'pages'")
    previous = read_migration(FLOW / "0004_try_drop_isbn.py")  # its dict has no pages
    changed = read_migration(path, text.encode())
    generated = generate(changed, previous)
    assert not any(isinstance(op, DeleteColumn) for op in generated.backwards_ops)
    assert any(op.irreversible for op in generated.backwards_ops)
    assert "safe_add_column" in " ".join(r.message for r in generated.risks)
    assert find_previous(path) is not None


def _app_copy(tmp_path: Path, backwards: str) -> Path:
    folder = tmp_path / "lib" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    for name in ("0004_try_drop_isbn.py", "0005_seed_tags.py"):
        shutil.copy(FLOW / name, folder / name)
    path = folder / "0005_seed_tags.py"
    text = path.read_text()
    start = text.index("    def backwards(self, orm):\n")
    end = text.index("\n    models = {")
    path.write_text(text[:start] + "    def backwards(self, orm):\n" + backwards + "\n" +
                    text[end:])
    return path


def test_fix_keeps_a_deliberate_raise_under_every_data_policy(tmp_path: Path) -> None:
    path = _app_copy(tmp_path, '        raise RuntimeError("the tags cannot be told apart")\n')
    before = path.read_text()
    for policy in ("noop", "raise"):
        proc = run_southgen("fix", str(path.parent), "--write", "--no-cache",
                            "--data-policy", policy)
        assert path.read_text() == before, proc.stdout + proc.stderr
        assert "raises on purpose" in proc.stdout
    proc = run_southgen("fix", str(path.parent), "--write", "--no-cache", "--all")
    assert path.read_text() != before


def test_fix_keeps_an_explained_pass(tmp_path: Path) -> None:
    path = _app_copy(tmp_path, "        # the seeded tags may be in use by then: keep them\n"
                               "        pass\n")
    before = path.read_text()
    proc = run_southgen("fix", str(path.parent), "--write", "--no-cache")
    assert path.read_text() == before
    assert "does nothing on purpose" in proc.stdout


def test_fix_and_generate_report_the_same_risks() -> None:
    path = FLOW / "0007_tags_as_text.py"
    generated = generate_for_path(path)
    proc = run_southgen("fix", str(path), "--format", "json", "--no-cache")
    (record,) = [r for r in json.loads(proc.stdout)["migrations"]
                 if r["path"].endswith(path.name)]
    assert {(r["kind"], r["message"]) for r in record["risks"]} == {
        (r.kind, r.message) for r in generated.risks}
    assert record["risks"]


def test_fix_keeps_an_empty_backwards_rather_than_a_raise(tmp_path: Path) -> None:
    folder = tmp_path / "lib" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    shutil.copy(FLOW / "0001_initial.py", folder / "0001_initial.py")
    text = (FLOW / "0001_initial.py").read_text()
    start = text.index("    def forwards(self, orm):\n")
    end = text.index("\n    models = {")
    path = folder / "0002_drop_legacy.py"
    path.write_text(text[:start] + "    def forwards(self, orm):\n"
                    "        db.delete_table('legacy_stuff')\n\n"
                    "    def backwards(self, orm):\n        pass\n" + text[end:])
    before = path.read_text()
    proc = run_southgen("fix", str(folder), "--write", "--no-cache")
    assert path.read_text() == before
    assert "kept: backwards() is empty and the generated one would raise" in proc.stdout


def test_a_branch_holding_only_what_cannot_be_undone_still_parses() -> None:
    read = _read("if db.backend_name == 'mysql':\n"
                 "    if table_ok(t):\n        db.execute(make_sql(t))",
                 "def table_ok(t):\n    return True\n")
    (branch,) = read.ops
    generated_ops = [branch.reverse()]
    from southgen.render import render_backwards

    method = render_backwards(generated_ops)
    ast.parse("class M:\n" + method)
    assert "        pass" in method


def test_a_condition_on_the_database_contents_is_not_mirrored() -> None:
    # after forwards renamed the table, the same test would be false in backwards
    read = _read("if 'old' in connection.introspection.table_names():\n"
                 "    db.rename_table('old', 'new')")
    assert isinstance(read.ops[0], Opaque)
    helper = _read("if table_exists('old'):\n    db.rename_table('old', 'new')",
                   "def table_exists(name):\n"
                   "    return name in connection.introspection.table_names()\n")
    assert isinstance(helper.ops[0], Opaque)
    vendor = _read("if connection.vendor == 'postgresql':\n    db.rename_table('old', 'new')")
    assert isinstance(vendor.ops[0], Branch)


@pytest.mark.usefixtures("legacy_runtime")
def test_fix_writes_every_flow_backwards_which_then_round_trips(tmp_path: Path) -> None:
    from southgen.verify import OK, verify_project

    project = tmp_path / "flow"
    shutil.copytree(EXAMPLES / "flow", project)
    for path in sorted((project / "lib" / "migrations").glob("0*.py")):
        text = path.read_text()
        start = text.index("    def backwards(self, orm):\n")
        end = text.index("\n    models = {")
        path.write_text(text[:start] + "    def backwards(self, orm):\n        pass\n" +
                        text[end:])
    first = run_southgen("fix", str(project), "--write", "--no-cache")
    assert "9 migrations fixed" in first.stderr, first.stdout + first.stderr
    second = run_southgen("fix", str(project), "--write", "--no-cache")
    assert "nothing to fix" in second.stderr
    report = verify_project(project)
    assert [(r.key, r.status) for r in report.migrations if r.status != OK] == []
