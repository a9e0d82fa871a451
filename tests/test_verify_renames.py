"""Data lost through a rename: a backwards that drops and re-creates what the
forwards renamed gives the schema back but not the values. The verifier
sees the rename in the database (the values moved to the new name) and
expects them back under the old name. Real South, every database."""

from __future__ import annotations

from verify_helpers import EXAMPLES, engine_url, replace_backwards  # noqa: F401

from southgen.verify import DATA_LOST, OK, verify_project

LEGACY = EXAMPLES / "legacy"
CRM = LEGACY / "crm" / "migrations"
RENAME_COLUMN = CRM / "0002_rename_phone_column.py"
RENAME_TABLE = CRM / "0003_rename_ticket_table.py"

DROP_AND_ADD_COLUMN = """\
db.delete_column('crm_customer', 'phone_number')
db.add_column('crm_customer', 'phone',
              self.gf('django.db.models.fields.CharField')(default='', max_length=30, blank=True),
              keep_default=False)
"""
DROP_AND_CREATE_TABLE = """\
db.delete_table('crm_support_ticket')
db.create_table('crm_ticket', (
    ('id', self.gf('django.db.models.fields.AutoField')(primary_key=True)),
    ('customer', self.gf('django.db.models.fields.related.ForeignKey')(to=orm['crm.Customer'])),
    ('subject', self.gf('django.db.models.fields.CharField')(max_length=200)),
    ('body', self.gf('django.db.models.fields.TextField')()),
    ('status', self.gf('django.db.models.fields.CharField')(default='open', max_length=20)),
))
"""


def test_renames_undone_by_rename_are_ok(engine_url):  # noqa: F811
    _, url = engine_url
    report = verify_project(LEGACY, database=url)
    for path in (RENAME_COLUMN, RENAME_TABLE):
        result = report.result_for(path)
        assert result.status == OK, [str(d) for d in result.differences + result.data_lost]


def test_drop_and_recreate_instead_of_rename_loses_the_data(engine_url):  # noqa: F811
    _, url = engine_url
    overrides = {
        RENAME_COLUMN: replace_backwards(RENAME_COLUMN.read_text(), DROP_AND_ADD_COLUMN),
        RENAME_TABLE: replace_backwards(RENAME_TABLE.read_text(), DROP_AND_CREATE_TABLE),
    }
    report = verify_project(LEGACY, database=url, overrides=overrides)

    column = report.result_for(RENAME_COLUMN)
    assert column.status == DATA_LOST, column
    assert column.differences == []  # the schema is back: only the values tell
    assert [(x.table, x.column, x.after) for x in column.data_lost] == [
        ("crm_customer", "phone", "")]
    assert column.data_lost[0].before.startswith("phone")
    assert "crm_customer" in str(column.data_lost[0])
    assert "phone" in str(column.data_lost[0])

    table = report.result_for(RENAME_TABLE)
    assert table.status == DATA_LOST, table
    assert table.differences == [], [str(d) for d in table.differences]
    assert [(x.table, x.column) for x in table.data_lost] == [("crm_ticket", None)]
    assert "is gone after backwards" in str(table.data_lost[0])

    # The rest of the set is unaffected.
    others = {r.key: r.status for r in report.migrations
              if r.path not in (RENAME_COLUMN, RENAME_TABLE)}
    assert DATA_LOST not in others.values(), others


def _table(*columns: str) -> dict:
    return {"columns": {c: {"type": "varchar(30)", "null": True, "default": None,
                            "pk": c == "id", "auto": c == "id"} for c in columns},
            "order": list(columns), "indexes": [], "fks": [], "checks": []}


def test_only_moved_distinctive_values_make_a_rename():
    from southgen.verify.compare import compare_rows

    def snap(**tables: dict) -> dict:
        return {"vendor": "postgresql", "tables": tables}

    before = snap(t=_table("id", "old"))
    forwards = snap(t=_table("id", "new"))
    rows0 = {"t": [{"id": 1, "old": "old-1"}]}
    # The values moved: a rename, and the backwards must bring them back.
    lost = compare_rows(before, forwards, before, rows0, {"t": [{"id": 1, "new": "old-1"}]},
                        {"t": [{"id": 1, "old": ""}]})
    assert [(x.table, x.column, x.before, x.after) for x in lost] == [("t", "old", "old-1", "")]
    # A new column that happens to hold a trivial equal value is no rename.
    trivial = {"t": [{"id": 1, "old": True}]}
    assert compare_rows(before, forwards, before, trivial, {"t": [{"id": 1, "new": True}]},
                        {"t": [{"id": 1, "old": False}]}) == []
    # A dropped column with a different new one: nothing expected back.
    assert compare_rows(before, forwards, before, rows0, {"t": [{"id": 1, "new": "x-1"}]},
                        {"t": [{"id": 1, "old": ""}]}) == []
    # A renamed table: the same rows under a new name.
    renamed = snap(u=_table("id", "old"))
    assert [(x.table, x.column) for x in compare_rows(
        before, renamed, before, rows0, {"u": rows0["t"]}, {"t": []})] == [("t", None)]
