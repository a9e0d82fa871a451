"""Raw SQL inversion: certain inverses only; everything else flagged."""

from __future__ import annotations

import pytest

from southgen.operations.raw import Irreversible, RawDrop, RawDropColumn
from southgen.operations.schema import RenameColumn, RenameTable
from southgen.sqlinvert import forward_ops


def _inverse(sql: str):
    (op,) = forward_ops(sql)
    return op.reverse()


@pytest.mark.parametrize(("sql", "kind", "name"), [
    ("CREATE TABLE t (id integer)", "TABLE", "t"),
    ("create view v as select 1", "VIEW", "v"),
    ("CREATE SEQUENCE s START 5", "SEQUENCE", "s"),
    ("CREATE UNIQUE INDEX ix ON t (a, b)", "INDEX", "ix"),
    ('CREATE INDEX "ix" ON "t" (a)', "INDEX", '"ix"'),
])
def test_creates_invert_to_drops(sql: str, kind: str, name: str) -> None:
    inverse = _inverse(sql)
    assert isinstance(inverse, RawDrop)
    assert (inverse.kind, inverse.name) == (kind, name)


def test_index_drop_is_dialect_specific() -> None:
    inverse = _inverse("CREATE INDEX ix ON t (a)")
    assert inverse.sql == "DROP INDEX ix"
    assert inverse.mysql_sql == "DROP INDEX ix ON t"


def test_trigger_and_function_drops() -> None:
    trigger = _inverse("CREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW EXECUTE PROCEDURE f()")
    assert (trigger.sql, trigger.mysql_sql, trigger.sqlite_sql) == (
        "DROP TRIGGER trg ON t", "DROP TRIGGER trg", "DROP TRIGGER trg")
    function = _inverse("CREATE FUNCTION f(a integer, b text) RETURNS int AS $$ SELECT 1; $$ "
                        "LANGUAGE sql")
    assert function.sql == "DROP FUNCTION f(a integer, b text)"


def test_alter_table_add_column_and_renames() -> None:
    assert _inverse("ALTER TABLE crm_customer ADD COLUMN is_vip boolean NOT NULL DEFAULT false"
                    ) == RawDropColumn("crm_customer", "is_vip", "ALTER TABLE crm_customer ADD "
                                       "COLUMN is_vip boolean NOT NULL DEFAULT false")
    assert _inverse("ALTER TABLE a RENAME TO b") == RenameTable("", "b", "a")
    assert _inverse('ALTER TABLE "t" RENAME COLUMN x TO y') == RenameColumn("", "t", "y", "x")


@pytest.mark.parametrize("sql", [
    "INSERT INTO t VALUES (1)", "UPDATE t SET a = 1", "DELETE FROM t", "DROP TABLE old",
    "CREATE OR REPLACE VIEW v AS SELECT 1", "CREATE TABLE IF NOT EXISTS t (id int)",
    "ALTER TABLE t ADD CONSTRAINT c UNIQUE (a)", "ALTER TABLE t ALTER COLUMN a SET NOT NULL",
    "GRANT SELECT ON t TO bob",
])
def test_everything_else_is_irreversible_and_quoted(sql: str) -> None:
    inverse = _inverse(sql)
    assert isinstance(inverse, Irreversible)
    assert sql in inverse.risk().message
    assert inverse.risk().kind == "irreversible"


def test_statements_are_split_in_order() -> None:
    ops = forward_ops("CREATE TABLE a (id int); CREATE VIEW v AS SELECT 1;\nUPDATE a SET id = 2")
    assert [type(op.reverse()).__name__ for op in ops] == ["RawDrop", "RawDrop", "Irreversible"]
