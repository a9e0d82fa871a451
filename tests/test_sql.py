"""``southgen sql FILE --backwards|--forwards``: the SQL South really runs."""

from __future__ import annotations

import json

import pytest
from conftest import run_southgen
from verify_helpers import DEVSET, database_url

BLOG = DEVSET / "blog" / "migrations"


@pytest.mark.usefixtures("legacy_runtime")
def test_backwards_sql_on_sqlite():
    proc = run_southgen("sql", str(BLOG / "0004_title_index.py"), "--backwards")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("-- blog:0004_title_index backwards on sqlite\n")
    # South's SQLite backend drops a unique constraint by remaking the table.
    assert 'CREATE TABLE "_south_new_blog_post" (\n    "body" TEXT,' in proc.stdout
    assert 'DROP INDEX "blog_post_9246ed76";' in proc.stdout
    assert "south_migrationhistory" not in proc.stdout


@pytest.mark.parametrize("engine", ["postgresql", "mysql"])
@pytest.mark.usefixtures("legacy_runtime")
def test_forwards_sql_on_servers(engine, request):
    url = database_url(request, engine)
    proc = run_southgen("sql", str(BLOG / "0002_add_slug.py"), "--forwards", "--database", url)
    assert proc.returncode == 0, proc.stderr
    quote = '"' if engine == "postgresql" else "`"
    assert f"ALTER TABLE {quote}blog_post{quote} ADD COLUMN {quote}slug{quote} varchar(50)" \
        in proc.stdout
    assert "information_schema" not in proc.stdout


@pytest.mark.usefixtures("legacy_runtime")
def test_multi_action_alter_is_one_action_a_line(pg_url):
    proc = run_southgen("sql", str(BLOG / "0003_widen_title.py"), "--backwards",
                        "--database", pg_url, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["migration"] == "blog:0003_widen_title"
    assert data["error"] is None
    formatted = [s["formatted"] for s in data["statements"]]
    assert 'ALTER TABLE "blog_post"\n    ALTER COLUMN "title" TYPE varchar(100),' in \
        "\n".join(formatted)


@pytest.mark.usefixtures("legacy_runtime")
def test_failing_backwards_prints_sql_so_far_and_exits_1():
    path = DEVSET.parent / "irreversible" / "blog" / "migrations" / "0002_irreversible.py"
    proc = run_southgen("sql", str(path), "--backwards")
    assert proc.returncode == 1
    assert "RuntimeError: Cannot reverse this migration" in proc.stderr
    assert "-- blog:0002_irreversible backwards on sqlite" in proc.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["sql", str(BLOG / "0001_initial.py")], "one of the arguments --backwards --forwards"),
    (["sql", str(BLOG / "__init__.py"), "--forwards"], "not a South migration"),
    (["sql", str(BLOG / "nope.py"), "--forwards"], "no such file"),
])
def test_sql_usage_errors_exit_2(args, message):
    proc = run_southgen(*args)
    assert proc.returncode == 2
    assert message in proc.stderr
