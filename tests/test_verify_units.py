"""The Python 3 side of verify on its own: URLs, layout, compare, samples, SQL text."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from verify_helpers import DEVSET, ROOT, backwards_body, replace_backwards

from southgen.errors import SouthgenError
from southgen.verify.compare import compare_rows, compare_schemas
from southgen.verify.databases import parse_url
from southgen.verify.project import discover, lay_out
from southgen.verify.sampling import sample_rows, sample_value
from southgen.verify.sql import format_sql, interpolate

RUNNER = ROOT / "southgen" / "legacy" / "runner.py"


def table(columns, indexes=(), fks=()):
    return {
        "columns": {name: {"type": t, "null": n, "default": None, "pk": name == "id",
                           "auto": name == "id"} for name, t, n in columns},
        "order": [c[0] for c in columns],
        "indexes": list(indexes), "fks": list(fks), "checks": [],
    }


def snap(vendor="postgresql", **tables):
    return {"vendor": vendor, "tables": tables}


POST = [("id", "integer", False), ("title", "varchar(100)", False)]


def test_parse_url():
    assert parse_url(None).engine == "sqlite"
    assert parse_url("sqlite").engine == "sqlite"
    db = parse_url("postgresql://bob:s%40cret@db.local:5433/postgres")
    assert (db.engine, db.user, db.password, db.host, db.port, db.name) == \
        ("postgresql", "bob", "s@cret", "db.local", 5433, "postgres")
    assert parse_url("mysql://root@127.0.0.1:3306/test").engine == "mysql"
    with pytest.raises(SouthgenError, match="unsupported scheme"):
        parse_url("oracle://x/y")
    with pytest.raises(SouthgenError, match="scratch"):
        parse_url("sqlite:////var/db/prod.sqlite3")


def test_discover_and_layout_with_override(tmp_path):
    project = discover(DEVSET)
    assert list(project.apps) == ["blog", "shop"]
    target = project.apps["blog"].files[1]
    layout = lay_out(project, {target: "# replaced\n"})
    try:
        copied = layout.dir / "southgen_migrations" / "blog" / "migrations" / target.name
        assert copied.read_text() == "# replaced\n"
        assert layout.original(copied) == target
        assert (layout.dir / "southgen_apps" / "shop" / "models.py").read_text() == ""
    finally:
        layout.cleanup()
    assert not layout.dir.exists()
    with pytest.raises(SouthgenError, match="not a migration"):
        lay_out(project, {tmp_path / "x.py": ""})
    with pytest.raises(SouthgenError, match="no South migrations"):
        discover(tmp_path)


def test_compare_names_table_column_and_index():
    before = snap(blog_post=table(POST, indexes=[
        {"name": "i1", "columns": ["title"], "unique": False, "primary": False, "using": ""}]))
    after = snap(blog_post=table(POST[:1] + [("title", "varchar(200)", True),
                                             ("slug", "varchar(50)", False)]),
                 blog_tag=table(POST))
    diffs = {str(d) for d in compare_schemas(before, after)}
    assert diffs == {
        "table blog_tag: left behind by backwards",
        "column blog_post.slug: left behind by backwards",
        "column blog_post.title: type is varchar(200) after backwards, was varchar(100)",
        "column blog_post.title: null is NULL after backwards, was NOT NULL",
        "index blog_post(title): missing after backwards (i1)",
    }
    assert compare_schemas(before, before) == []


def test_compare_ignores_index_names_but_not_foreign_keys():
    fk = {"name": "fk1", "columns": ["user_id"], "ref_table": "auth_user",
          "ref_columns": ["id"], "deferrable": ""}
    idx = {"name": "a", "columns": ["title"], "unique": True, "primary": False, "using": ""}
    before = snap("mysql", t=table(POST, [idx]))
    after = snap("mysql", t=table(POST, [dict(idx, name="b")], [fk]))
    assert [str(d) for d in compare_schemas(before, after)] == [
        "foreign key t.user_id -> auth_user.id: left behind by backwards (fk1)"]
    # South's SQLite backend has no foreign keys: not compared there.
    assert compare_schemas(snap("sqlite", t=table(POST)), snap("sqlite", t=table(POST, [], [fk]))) \
        == []


def test_compare_rows_only_counts_what_the_forwards_kept():
    schema = snap(t=table(POST))
    rows0 = {"t": [{"id": 1, "title": "a"}, {"id": 2, "title": "b"}]}
    rows1 = {"t": [{"id": 1, "title": "a"}, {"id": 2, "title": "changed by forwards"}]}
    rows2 = {"t": [{"id": 2, "title": "b"}]}
    lost = compare_rows(schema, schema, schema, rows0, rows1, rows2)
    assert [str(x) for x in lost] == ["table t: row id=1 is gone after backwards"]
    rows2 = {"t": [{"id": 1, "title": None}, {"id": 2, "title": "b"}]}
    lost = compare_rows(schema, schema, schema, rows0, rows1, rows2)
    assert [(x.table, x.row, x.column) for x in lost] == [("t", "id=1", "title")]
    # A table the forwards dropped is not expected back with its rows.
    assert compare_rows(schema, snap(), schema, rows0, {}, {"t": []}) == []


def test_sample_values_fit_their_columns():
    assert sample_value("varchar(3)", "title") == "s1"
    assert sample_value("character varying(100)", "title") == "title-1"
    assert sample_value("numeric(8,2)", "price") == "1.50"
    assert sample_value("tinyint(1)", "flag") is True
    # Numbers are distinct per column (a renamed column is recognised by its
    # values), except key-like ones, which may come to reference a first row.
    assert sample_value("int(11)", "n") == sample_value("integer", "n") >= 100
    assert sample_value("int(11)", "n") != sample_value("int(11)", "m")
    assert 10 <= sample_value("tinyint(4)", "n") <= 99
    assert sample_value("smallint", "n") <= 9099
    assert sample_value("int(11)", "author_id") == 1
    assert sample_value("timestamp with time zone", "at") == "2001-02-03 04:05:06"
    assert sample_value("interval", "x") is ...
    parent = table(POST)
    child = table([("id", "integer", False), ("post_id", "integer", False)], fks=[
        {"name": "", "columns": ["post_id"], "ref_table": "blog_post", "ref_columns": ["id"],
         "deferrable": ""}])
    rows = sample_rows(snap(blog_comment=child, blog_post=parent,
                            south_migrationhistory=table(POST)))
    assert [r["table"] for r in rows] == ["blog_post", "blog_comment"]
    assert rows[1]["values"] == {"post_id": {"$ref": ["blog_post", "id"], "fallback": 1}}


def test_sql_text():
    assert interpolate("UPDATE t SET c=%s WHERE c IS NULL", ["it's"]) == \
        "UPDATE t SET c='it''s' WHERE c IS NULL"
    assert format_sql('create table "t" ("id" integer primary key, "n" numeric(8, 2))') == (
        'CREATE TABLE "t" (\n    "id" integer PRIMARY KEY,\n    "n" numeric(8, 2)\n);')
    assert format_sql('ALTER TABLE "t" ALTER COLUMN "a" TYPE int, ALTER COLUMN "a" DROP DEFAULT') \
        == 'ALTER TABLE "t"\n    ALTER COLUMN "a" TYPE int,\n    ALTER COLUMN "a" DROP DEFAULT;'


def test_replace_backwards_helper():
    path = DEVSET / "blog" / "migrations" / "0004_title_index.py"
    text = replace_backwards(path.read_text(), "pass")
    assert backwards_body(text) == "    def backwards(self, orm):\n        pass\n\n"
    assert "def forwards" in text
    assert "models = {" in text


def test_runner_compiles_on_python3():
    subprocess.run([sys.executable, "-m", "py_compile", str(RUNNER)], check=True)


def test_statuses_are_their_names_in_json_and_text():
    from southgen.verify.report import MigrationResult, VerifyReport, VerifyStatus

    report = VerifyReport(ROOT, "sqlite")
    report.migrations = [MigrationResult("blog", f"000{i}_x", None, status)
                         for i, status in enumerate(VerifyStatus)]
    data = json.loads(report.to_json())
    assert [m["status"] for m in data["migrations"]] == [
        "ok", "mismatch", "data_lost", "error", "irreversible", "skipped"]
    assert data["counts"] == dict.fromkeys(
        ["ok", "mismatch", "data_lost", "error", "irreversible", "skipped"], 1)
    assert f"{VerifyStatus.DATA_LOST}" == str(VerifyStatus.DATA_LOST) == "data_lost"
    assert VerifyStatus("irreversible") is VerifyStatus.IRREVERSIBLE
