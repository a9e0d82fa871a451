"""fix compares a plan's operations with the file's backwards() without writing the
method out: what each operation says its template writes must be what reading the
written method back finds (``equivalence.operations``), for every kind."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import EXAMPLES

from southgen.errors import SouthgenError
from southgen.fix.equivalence import operations, planned_operations
from southgen.generate import Plan, generate_for_path, render
from southgen.operations.base import Operation
from southgen.operations.checks import ForeignKeyGuard, NotNullGuard, UniqueGuard
from southgen.operations.flow import Branch, Guarded
from southgen.operations.raw import (
    DataChange,
    DataNoop,
    DataRaise,
    ExecuteSQL,
    Irreversible,
    Opaque,
    RawDrop,
    RawDropColumn,
    SqlNoop,
)
from southgen.operations.schema import (
    AddColumn,
    AlterColumn,
    CreateIndex,
    CreatePrimaryKey,
    CreateTable,
    CreateUnique,
    DeleteForeignKey,
    DeleteM2M,
)
from southgen.operations.sqliteindexes import SqliteIndex, SqliteRunDeferred
from southgen.reader import read_migration
from southgen.state import Field
from southgen.symbolic import Source, Unknown

MIGRATION = read_migration(EXAMPLES / "blog" / "blog" / "migrations" / "0002_add_post_fields.py")
ID = Field("id", "django.db.models.fields.AutoField", (), (("primary_key", "True"),))
TITLE = Field("title", "django.db.models.fields.CharField", (),
              (("max_length", "100"), ("default", "u'caf\\xe9'")))
BODY = Field("body", "django.db.models.fields.TextField", (), (("null", "True"),))
HEADLINE = Field("headline", "django.db.models.fields.CharField", (),
                 (("max_length", "80"), ("db_column", "'head'")))


def plan_of(*ops: Operation, guards=()) -> Plan:
    return Plan(MIGRATION, None, (), tuple(ops), (), (), tuple(guards))


KINDS: list[Operation] = [
    CreateTable("blog", "Post", "blog_post", (ID, TITLE, BODY)),
    CreateTable("blog", "Post", "blog_post", (ID, TITLE, BODY)).reverse(),
    AddColumn("blog", "Post", "blog_post", TITLE),
    AddColumn("blog", "Post", "blog_post", TITLE).reverse(),
    AddColumn("blog", "Post", "blog_post", BODY, needs_value=True),
    AlterColumn("blog", "Post", "blog_post", TITLE, HEADLINE),
    AlterColumn("blog", "Post", "blog_post", BODY, TITLE, value="'x'"),
    AlterColumn("blog", "Post", "blog_post", TITLE, BODY).reverse(),
    CreateUnique("Post", "blog_post", ("title", "body"), ("title", "body")),
    CreateUnique("Post", "blog_post", ("title",), ("title",)).reverse(),
    CreateIndex("Post", "blog_post", ("title",), ("title",)),
    CreateIndex("Post", "blog_post", ("title",), ("title",)).reverse(),
    DeleteM2M("Post", "tags", "blog_post_tags", True, "post", "blog.Post", "tag", "blog.Tag"),
    DeleteM2M("Post", "tags", "my_tags", False, "post", "blog.Post", "tag", "blog.Tag"),
    CreatePrimaryKey("blog_post", ("id",)),
    CreatePrimaryKey("blog_post", ()),
    CreatePrimaryKey("blog_post", ("id",)).reverse(),
    DeleteForeignKey("blog_post", "author_id"),
    ExecuteSQL("CREATE INDEX i ON t (c)"),
    RawDrop("TABLE", "t", "CREATE TABLE t (id int)"),
    RawDrop("INDEX", "i", "CREATE INDEX i ON t (c)", "t"),
    RawDrop("TRIGGER", "g", "CREATE TRIGGER g ...", "t"),
    RawDropColumn("t", "c", "ALTER TABLE t ADD COLUMN c int"),
    SqlNoop("SELECT 1"),
    Irreversible("forwards ran 'X'", "no certain inverse"),
    Opaque("forwards loops", "unknown"),
    DataChange(("blog.Post",)),
    DataNoop(("blog.Post",)),
    DataRaise(("blog.Post",)),
    SqliteIndex("blog_post", "title"),
    SqliteRunDeferred(),
    Guarded((AddColumn("blog", "Post", "blog_post", BODY), ExecuteSQL("DROP VIEW v")), 3),
]


@pytest.mark.parametrize("op", KINDS, ids=lambda op: type(op).__name__)
def test_each_kind_lists_the_calls_its_template_writes(op: Operation) -> None:
    planned = plan_of(op, AddColumn("blog", "Post", "blog_post", BODY))
    assert planned_operations(planned) == operations(render(planned))


def test_guards_are_left_out_as_the_comparison_does() -> None:
    guards = (NotNullGuard("blog_post", "body", " (hint)"), UniqueGuard("blog_post", ("a", "b")),
              ForeignKeyGuard("blog_post", "author_id", "auth_user", "id", recreated=True))
    planned = plan_of(AddColumn("blog", "Post", "blog_post", BODY), guards=guards)
    assert planned_operations(planned) == operations(render(planned))
    assert sum(planned_operations(planned).values()) == 1


def test_kinds_whose_text_alone_tells_are_written_out() -> None:
    """A branch's condition is written as it is, and may be one the comparison leaves
    out (South's SQLite repair): only its text can tell."""
    sqlite_only = Branch("db.backend_name == 'sqlite3'",
                         (CreateIndex("Post", "blog_post", ("title",), ("title",)),))
    planned = plan_of(sqlite_only)
    assert planned_operations(planned) is None
    assert operations(render(planned)) == {}


def test_a_value_the_templates_refuse_is_left_to_them() -> None:
    """A frozen option copied from a module that computes it, written into one where its
    name is not defined: writing the method fails, and so must fix."""
    unknown = Source("x", "UID_LENGTH", Unknown("UID_LENGTH", "UID_LENGTH"), (("UID_LENGTH", 5),))
    field = replace(BODY, kwargs=(("max_length", unknown),))
    planned = plan_of(AddColumn("blog", "Post", "blog_post", field))
    assert planned_operations(planned) is None
    with pytest.raises(SouthgenError):
        render(planned)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*/*/migrations/0*.py")),
                         ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_every_example_compares_the_same_as_its_written_method(path: Path) -> None:
    generated = generate_for_path(path)
    found = planned_operations(generated)
    if found is not None:
        assert found == operations(generated.method)
