"""Each operation kind: what the diff of two frozen states makes of it, its reverse()
and its keys() (what reconcile matches forwards' db.* calls by)."""

from __future__ import annotations

from pathlib import Path

import pytest

from southgen.diff import diff_states
from southgen.forwards import ForwardsRead
from southgen.lookup import StatesLookup
from southgen.operations.base import Operation
from southgen.operations.flow import Branch, Guarded
from southgen.operations.guards import add_guards
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
from southgen.operations.rows import DeleteRows, InsertRows
from southgen.operations.schema import (
    AddColumn,
    AlterColumn,
    CreateForeignKey,
    CreateIndex,
    CreateM2M,
    CreatePrimaryKey,
    CreateTable,
    CreateUnique,
    DeleteColumn,
    DeleteForeignKey,
    DeleteIndex,
    DeleteM2M,
    DeletePrimaryKey,
    DeleteUnique,
    RenameColumn,
    RenameTable,
)
from southgen.reconcile import reconcile
from southgen.state import State, build_state

PATH = Path("/project/blog/migrations/0002_change.py")
AUTO = ("django.db.models.fields.AutoField", [], {"primary_key": "True"})
TITLE = ("django.db.models.fields.CharField", [], {"max_length": "100"})
BODY = ("django.db.models.fields.TextField", [], {"null": "True"})
TAGS = ("django.db.models.fields.related.ManyToManyField", [],
        {"to": "orm['blog.Post']", "symmetrical": "False"})


def post_state(meta: dict | None = None, **fields: tuple) -> State:
    frozen = {"blog.post": {"Meta": {"object_name": "Post", **(meta or {})}, "id": AUTO,
                            "title": TITLE, **fields}}
    return build_state(frozen, PATH, None)


BASE = post_state()
TITLE_FIELD = BASE["blog.post"].fields[1]
BODY_STATE = post_state(body=BODY)
BODY_FIELD = BODY_STATE["blog.post"].fields[-1]
M2M = CreateM2M("Post", "tags", "blog_post_tags", True, "from_post", "blog.post",
                "to_post", "blog.post")


def diff(old: State, new: State) -> list[Operation]:
    return diff_states(old, new, {"blog"})


def test_diff_creates_and_deletes_a_table() -> None:
    [created] = diff({}, BASE)
    assert created == CreateTable("blog", "Post", "blog_post", BASE["blog.post"].fields)
    assert diff(BASE, {}) == [created.reverse()]
    assert created.keys() == (("create_table", "blog_post"),)
    assert created.reverse().keys() == (("delete_table", "blog_post"),)


def test_diff_adds_and_deletes_a_column() -> None:
    [added] = diff(BASE, BODY_STATE)
    assert added == AddColumn("blog", "Post", "blog_post", BODY_FIELD)
    assert diff(BODY_STATE, BASE) == [DeleteColumn("blog", "Post", "blog_post", BODY_FIELD)]
    assert added.keys() == (("add_column", "blog_post", "body"),)
    assert added.reverse().keys() == (("delete_column", "blog_post", "body"),)


def test_diff_alters_a_column() -> None:
    longer = post_state(title=("django.db.models.fields.CharField", [], {"max_length": "200"}))
    [altered] = diff(BASE, longer)
    assert isinstance(altered, AlterColumn)
    assert (altered.old, altered.new) == (TITLE_FIELD, longer["blog.post"].fields[1])
    assert altered.reverse() == AlterColumn("blog", "Post", "blog_post", altered.new, altered.old)
    assert altered.keys() == (("alter_column", "blog_post", "title"),)


@pytest.mark.parametrize(("meta", "created", "deleted", "key"), [
    ("unique_together", CreateUnique, DeleteUnique, "unique"),
    ("index_together", CreateIndex, DeleteIndex, "index"),
])
def test_diff_creates_and_deletes_a_constraint(meta: str, created: type, deleted: type,
                                               key: str) -> None:
    constrained = post_state({meta: "(('id', 'title'),)"})
    [made] = diff(BASE, constrained)
    assert made == created("Post", "blog_post", ("id", "title"), ("id", "title"))
    assert diff(constrained, BASE) == [deleted("Post", "blog_post", ("id", "title"),
                                               ("id", "title"))]
    assert made.reverse() == diff(constrained, BASE)[0]
    assert made.keys() == ((f"create_{key}", "blog_post", ("id", "title")),)
    assert made.reverse().keys() == ((f"delete_{key}", "blog_post", ("id", "title")),)


def test_diff_creates_and_deletes_an_m2m_table() -> None:
    tagged = post_state(tags=TAGS)
    assert diff(BASE, tagged) == [M2M]
    assert diff(tagged, BASE) == [M2M.reverse()]
    assert isinstance(M2M.reverse(), DeleteM2M)
    assert M2M.keys() == (("create_table", "blog_post_tags"),
                          ("create_unique", "blog_post_tags", ("from_post_id", "to_post_id")))
    assert M2M.reverse().keys() == (("delete_table", "blog_post_tags"),)


def test_renamed_column_keys() -> None:
    renamed = AlterColumn("blog", "Post", "blog_post", TITLE_FIELD,
                          TITLE_FIELD.with_option("db_column", "'headline'"))
    assert renamed.keys() == (("alter_column", "blog_post", "headline"),
                              ("rename_column", "blog_post", "title", "headline"))


SCHEMA_KINDS: list[Operation] = [
    CreateTable("blog", "Post", "blog_post", BASE["blog.post"].fields),
    AddColumn("blog", "Post", "blog_post", BODY_FIELD),
    CreateUnique("Post", "blog_post", ("title",), ("title",)),
    CreateIndex("Post", "blog_post", ("title",), ("title",)),
    M2M,
    RenameColumn("Post", "blog_post", "title", "headline"),
    RenameTable("Post", "blog_post", "blog_article"),
    CreatePrimaryKey("blog_post", ("id",)),
    CreateForeignKey("blog_post", "author_id", "auth_user", "id"),
    DataChange(("blog.Post",)),
    InsertRows("auth.Group", "orm['auth.Group'].objects", (("name", "'editors'"),), "create"),
    Opaque("forwards drops a table", "it is not known which"),
]


@pytest.mark.parametrize("op", SCHEMA_KINDS, ids=lambda op: type(op).__name__)
def test_reverse_of_the_reverse_is_the_operation(op: Operation) -> None:
    assert op.reverse() != op
    if isinstance(op, Opaque):  # undone by a raise that names it, which reverses to it
        assert op.reverse() == Irreversible(op.description, op.reason)
    assert op.reverse().reverse() == op


@pytest.mark.parametrize(("op", "keys"), [
    (RenameColumn("Post", "blog_post", "title", "headline"),
     (("rename_column", "blog_post", "title", "headline"),)),
    (RenameTable("Post", "blog_post", "blog_article"),
     (("rename_table", "blog_post", "blog_article"),)),
    (CreatePrimaryKey("blog_post", ("id",)), ()),
    (DeletePrimaryKey("blog_post", ("id",)), ()),
    (CreateForeignKey("blog_post", "author_id", "auth_user", "id"), ()),
    (DeleteForeignKey("blog_post", "author_id"), ()),
    (DataChange(("blog.Post",)), ()),
    (DataNoop(()), ()),
    (DataRaise(()), ()),
    (SqlNoop("SELECT 1"), ()),
    (Irreversible("forwards ran 'X'", "no certain inverse"), ()),
    (Opaque("forwards loops", "unknown", ("delete_table", "x"), (("add_column", "y", "z"),)),
     (("delete_table", "x"), ("add_column", "y", "z"))),
    (ExecuteSQL("CREATE TABLE t (id int)", RawDrop("TABLE", "t", "CREATE TABLE t (id int)")),
     (("create_table", "t"),)),
    (ExecuteSQL("ALTER TABLE t ADD COLUMN c int",
                RawDropColumn("t", "c", "ALTER TABLE t ADD COLUMN c int")),
     (("add_column", "t", "c"),)),
    (ExecuteSQL("ALTER TABLE t RENAME TO u", RenameTable("", "u", "t")),
     (("rename_table", "t", "u"),)),
    (ExecuteSQL("CREATE VIEW v AS SELECT 1", RawDrop("VIEW", "v", "CREATE VIEW v AS SELECT 1")),
     ()),
    (ExecuteSQL("UPDATE t SET c = 1"), ()),
    (DeleteRows("auth.Group", "orm['auth.Group'].objects", (("name", "'x'"),), "create"), ()),
    (Branch("settings.DEBUG", (RenameTable("", "a", "b"),), (DataChange(()),)),
     (("rename_table", "a", "b"),)),
    (Guarded((RenameColumn("", "t", "a", "b"), RenameTable("", "c", "d"))),
     (("rename_column", "t", "a", "b"), ("rename_table", "c", "d"))),
], ids=lambda value: type(value).__name__ if isinstance(value, Operation) else "")
def test_keys(op: Operation, keys: tuple) -> None:
    assert op.keys() == keys


def test_raw_sql_reverse_is_its_certain_inverse_or_a_raise() -> None:
    drop = RawDrop("TABLE", "t", "CREATE TABLE t (id int)")
    assert ExecuteSQL(drop.created_by, drop).reverse() == drop
    assert drop.reverse() == ExecuteSQL(drop.created_by, drop)
    raw = ExecuteSQL("UPDATE t SET c = 1")
    assert raw.reverse() == Irreversible("forwards ran 'UPDATE t SET c = 1'",
                                         "no certain inverse")


def test_branch_and_guarded_reverse_their_blocks_last_first() -> None:
    first, second = RenameTable("", "a", "b"), RenameColumn("", "t", "x", "y")
    branch = Branch("flag", (first, second), (DataChange(()),), line=3)
    assert branch.reverse() == Branch("flag", (second.reverse(), first.reverse()),
                                      (DataNoop(()),), line=3)
    assert Guarded((first, second), 4).reverse() == Guarded((second.reverse(),
                                                             first.reverse()), 4)


@pytest.mark.parametrize(("op", "text"), [
    (SCHEMA_KINDS[0], "creates table blog_post"),
    (SCHEMA_KINDS[0].reverse(), "drops table blog_post"),
    (SCHEMA_KINDS[1], "adds column blog_post.body"),
    (SCHEMA_KINDS[1].reverse(), "drops column blog_post.body"),
    (SCHEMA_KINDS[2], "adds a unique constraint on blog_post"),
    (SCHEMA_KINDS[2].reverse(), "drops a unique constraint on blog_post"),
    (SCHEMA_KINDS[3], "creates an index on blog_post"),
    (SCHEMA_KINDS[3].reverse(), "drops an index on blog_post"),
    (M2M, "creates the join table blog_post_tags of 'Post.tags'"),
    (M2M.reverse(), "drops the join table blog_post_tags of 'Post.tags'"),
    (RenameColumn("Post", "blog_post", "title", "headline"),
     "renames column blog_post.title to 'headline'"),
    (RenameTable("Post", "blog_post", "blog_article"),
     "renames table 'blog_post' to 'blog_article'"),
    (ExecuteSQL("DROP VIEW v"), "runs 'DROP VIEW v'"),
    (Opaque("forwards loops over x", "unknown"), "loops over x"),
    (Guarded((DataChange(()),), 7), "runs 1 operation(s) under `try` (line 7)"),
    (Branch("flag", (DataChange(()),), (DataChange(()),), 9),
     "runs 2 operation(s) under `if flag` (line 9)"),
    (CreatePrimaryKey("blog_post", ("id",)), "CreatePrimaryKey"),
], ids=lambda value: type(value).__name__ if isinstance(value, Operation) else "")
def test_describe(op: Operation, text: str) -> None:
    assert op.describe() == text


def test_a_join_table_renamed_into_a_through_model_is_the_rename() -> None:
    """An M2M given a ``through`` model whose table forwards renamed the join table to
    (django-oscar's offer 0027): the diff's drop of the join table and creation of the
    new table are that rename, not changes forwards did not make."""
    through = CreateTable("blog", "PostTag", "blog_posttag", BASE["blog.post"].fields)
    rename = RenameTable("PostTag", "blog_post_tags", "blog_posttag")
    reconciled = reconcile([M2M.reverse(), through], ForwardsRead([rename]),
                           {"blog_post", "blog_posttag"})
    assert reconciled.ops == [rename]
    assert reconciled.notes == []


def test_no_guard_queries_a_column_the_backwards_added_and_renamed() -> None:
    """A column the backwards adds and then renames (an alter with a new db_column) did
    not exist before it began under either name: a guard on it would query nothing."""
    added = AddColumn("blog", "Post", "blog_post", BODY_FIELD)
    renamed = AlterColumn("blog", "Post", "blog_post", BODY_FIELD,
                          BODY_FIELD.with_option("db_column", "'text'"))
    unique = CreateUnique("Post", "blog_post", ("text",), ("body",))
    ops, guards = add_guards([added, renamed, unique], StatesLookup())
    assert ops == [added, renamed, unique]
    assert guards == []
