"""Deliberately wrong backwards() are caught, on every database, through the
``overrides`` API the fix command uses (one runner process per database)."""

from __future__ import annotations

from pathlib import Path

import pytest
from verify_helpers import (  # noqa: F401
    DEVSET,
    assert_no_scratch_left,
    engine_url,
    replace_backwards,
    scratch_databases,
)

from southgen.verify import (
    DATA_LOST,
    IRREVERSIBLE,
    MISMATCH,
    OK,
    verify_project,
)

BLOG = DEVSET / "blog" / "migrations"
SHOP = DEVSET / "shop" / "migrations"

MISSING_DELETE_COLUMN = """\
db.delete_column(u'blog_post', 'slug')
db.delete_column(u'blog_post', 'reviewer_id')
"""
WRONG_TYPE = """\
db.alter_column(u'blog_post', 'body', self.gf('django.db.models.fields.TextField')(default='x'))
db.alter_column(u'blog_post', 'title', self.gf('django.db.models.fields.CharField')(max_length=150))
"""
INDEX_NOT_RECREATED = "pass\n"
DROP_AND_RECREATE = """\
db.delete_table(u'shop_product')
db.create_table(u'shop_product', (
    (u'id', self.gf('django.db.models.fields.AutoField')(primary_key=True)),
    ('name', self.gf('django.db.models.fields.CharField')(max_length=80)),
    ('price', self.gf('django.db.models.fields.DecimalField')(max_digits=8, decimal_places=2)),
    ('post', self.gf('django.db.models.fields.related.ForeignKey')(to=orm['blog.Post'], null=True)),
))
"""
IRREVERSIBLE_BODY = """\
raise RuntimeError("Cannot reverse this migration. 'Product.sku' values cannot be restored.")
"""

BROKEN = {
    BLOG / "0002_add_slug.py": MISSING_DELETE_COLUMN,
    BLOG / "0003_widen_title.py": WRONG_TYPE,
    BLOG / "0008_unindex_title.py": INDEX_NOT_RECREATED,
    SHOP / "0002_add_sku.py": DROP_AND_RECREATE,
    SHOP / "0003_fill_sku.py": IRREVERSIBLE_BODY,
}


def overrides() -> dict[Path, str]:
    return {path: replace_backwards(path.read_text(), body) for path, body in BROKEN.items()}


def test_devset_as_written_verifies(engine_url):  # noqa: F811
    engine, url = engine_url
    before = scratch_databases(engine) if url else set()
    report = verify_project(DEVSET, database=url)
    assert [(r.key, r.status) for r in report.migrations if not r.ok] == []
    assert report.chain is not None
    assert report.chain.status == OK
    assert report.ok
    assert_no_scratch_left(engine, before)


def test_wrong_backwards_are_reported(engine_url):  # noqa: F811
    engine, url = engine_url
    report = verify_project(DEVSET, database=url, overrides=overrides())
    statuses = {r.key: r.status for r in report.migrations}
    assert statuses == {
        "blog:0001_initial": OK,
        "blog:0002_add_slug": MISMATCH,
        "blog:0003_widen_title": MISMATCH,
        "blog:0004_title_index": OK,
        "blog:0005_tags": OK,
        "blog:0006_reviewer_fk": OK,
        "blog:0007_drop_body": OK,
        "blog:0008_unindex_title": MISMATCH,
        "shop:0001_initial": OK,
        "shop:0002_add_sku": DATA_LOST,
        "shop:0003_fill_sku": IRREVERSIBLE,
    }, report.to_json()
    assert not report.ok
    by_key = {r.key: r for r in report.migrations}

    # A missing delete_column: the column left behind, named.
    left = by_key["blog:0002_add_slug"].differences
    assert {(d.kind, d.table, d.name, d.change) for d in left} == {
        ("column", "blog_post", "published", "extra")}, [str(d) for d in left]
    assert "column blog_post.published: left behind by backwards" in str(left[0])

    # A wrong type restored: that column's type, before and after.
    wrong = by_key["blog:0003_widen_title"].differences
    assert [(d.table, d.name, d.attribute) for d in wrong] == [("blog_post", "title", "type")]
    assert "100" in wrong[0].before
    assert "150" in wrong[0].after

    # A dropped index not recreated.
    index = by_key["blog:0008_unindex_title"].differences
    assert [(d.kind, d.table, d.name, d.change) for d in index] == [
        ("index", "blog_post", "(title)", "missing")]

    # Drop-and-recreate where forwards only added columns: the rows are gone.
    lost = by_key["shop:0002_add_sku"]
    assert lost.differences == []
    assert [(x.table, x.column) for x in lost.data_lost] == [("shop_product", None)]

    # Irreversible: the migration's own RuntimeError, with its file and line.
    irreversible = by_key["shop:0003_fill_sku"].error
    assert irreversible is not None
    assert irreversible.type == "RuntimeError"
    assert irreversible.file == str(SHOP / "0003_fill_sku.py")
    assert "Cannot reverse" in irreversible.message

    assert report.result_for(SHOP / "0002_add_sku.py").status == DATA_LOST
    assert report.passed(BLOG / "0004_title_index.py")
    assert not report.passed(BLOG / "0002_add_slug.py")
    assert report.chain is not None
    assert report.chain.stops_at == "shop:0003_fill_sku"


@pytest.fixture(params=["sqlite", "mysql"])
def no_ddl_transactions(request, legacy_runtime):  # noqa: ARG001 (marks the test legacy)
    """The databases where South dry-runs first and, on failure, dry-runs the
    backwards to print a recovery hint."""
    return None if request.param == "sqlite" else request.getfixturevalue("mysql_url")


def test_real_forwards_error_is_reported_and_blocks_dependents(no_ddl_transactions):
    bad = SHOP / "0001_initial.py"
    text = bad.read_text().replace("def forwards(self, orm):\n",
                                   "def forwards(self, orm):\n        db.execute('SELEC 1')\n", 1)
    # South's error path dry-runs this backwards; its RuntimeError used to hide the real error.
    text = replace_backwards(text, IRREVERSIBLE_BODY)
    report = verify_project(DEVSET, database=no_ddl_transactions, overrides={bad: text})
    statuses = {r.key: r.status for r in report.migrations}
    assert statuses["shop:0001_initial"] == "error"
    assert statuses["shop:0002_add_sku"] == statuses["shop:0003_fill_sku"] == "skipped"
    assert all(statuses[k] == OK for k in statuses if k.startswith("blog:"))
    error = report.result_for(bad).error
    assert error.phase == "forwards", error
    assert "SELEC" in error.message, error
    assert error.type != "RuntimeError"
    assert error.file == str(bad)


DROP_M2M_FORWARDS = """\
db.delete_column(u'blog_post', 'body')
db.delete_table(db.shorten_name(u'blog_tag_posts'))
"""
RECREATE_M2M_THEN_REMAKE = """\
m2m_table_name = db.shorten_name(u'blog_tag_posts')
db.create_table(m2m_table_name, (
    ('id', models.AutoField(verbose_name='ID', primary_key=True, auto_created=True)),
    ('tag', models.ForeignKey(orm[u'blog.tag'], null=False)),
    ('post', models.ForeignKey(orm[u'blog.post'], null=False))
))
db.create_unique(m2m_table_name, ['tag_id', 'post_id'])
db.add_column(u'blog_post', 'body',
              self.gf('django.db.models.fields.TextField')(null=True),
              keep_default=False)
"""


def test_south_sqlite_remake_bug_is_exposed(engine_url):  # noqa: F811
    """South's SQLite _remake_table throws away the index SQL deferred earlier
    in the same migration: the verifier must show it, not paper over it."""
    engine, url = engine_url
    path = BLOG / "0007_drop_body.py"
    text = path.read_text().replace(
        "        db.delete_column(u'blog_post', 'body')\n",
        "".join(f"        {line}\n" for line in DROP_M2M_FORWARDS.splitlines()), 1)
    text = replace_backwards(text, RECREATE_M2M_THEN_REMAKE)
    report = verify_project(DEVSET, database=url, overrides={path: text})
    result = report.result_for(path)
    if engine == "sqlite":
        assert result.status == MISMATCH
        assert {(d.kind, d.table, d.name, d.change) for d in result.differences} == {
            ("index", "blog_tag_posts", "(tag_id)", "missing"),
            ("index", "blog_tag_posts", "(post_id)", "missing"),
        }
    else:
        assert result.status == OK, [str(d) for d in result.differences]
