"""Guards: with NULLs in a column backwards makes NOT NULL again, or duplicates
under a unique constraint it restores, the generated backwards raises the
guard's message before any DDL, and the schema is exactly as before — with
real South on SQLite and MariaDB (no transactional DDL; South dry-runs first)."""

from __future__ import annotations

from pathlib import Path

import pytest

from southgen.generate import Options, find_previous, generate
from southgen.reader import read_migration
from southgen.splice import splice_backwards

HEADER = """# -*- coding: utf-8 -*-
from south.db import db
from south.v2 import SchemaMigration
from django.db import models


class Migration(SchemaMigration):

"""
FIELDS = """    models = {
        u'guarded.member': {
            'Meta': {'object_name': 'Member'},
            u'id': ('django.db.models.fields.AutoField', [], {'primary_key': 'True'}),
            'nickname': ('django.db.models.fields.CharField', [], {%s'max_length': '20'}),
            'code': ('django.db.models.fields.CharField', [], {%s'max_length': '10'})
        }
    }

    complete_apps = ['guarded']
"""
INITIAL = HEADER + """    def forwards(self, orm):
        db.create_table(u'guarded_member', (
            (u'id', self.gf('django.db.models.fields.AutoField')(primary_key=True)),
            ('nickname', self.gf('django.db.models.fields.CharField')(max_length=20)),
            ('code', self.gf('django.db.models.fields.CharField')(unique=True, max_length=10)),
        ))
        db.send_create_signal(u'guarded', ['Member'])

    def backwards(self, orm):
        db.delete_table(u'guarded_member')

""" + FIELDS % ("", "'unique': 'True', ")
RELAX = HEADER + """    def forwards(self, orm):
        db.delete_unique(u'guarded_member', ['code'])
        db.alter_column(u'guarded_member', 'nickname',
                        self.gf('django.db.models.fields.CharField')(max_length=20, null=True))

""" + FIELDS % ("'null': 'True', ", "")


def _project(tmp_path: Path) -> tuple[Path, dict[Path, str]]:
    folder = tmp_path / "project" / "guarded" / "migrations"
    folder.mkdir(parents=True)
    (folder.parent / "__init__.py").write_text("")
    (folder.parent / "models.py").write_text("")
    (folder / "__init__.py").write_text("")
    (folder / "0001_initial.py").write_text(INITIAL)
    relax = folder / "0002_relax.py"
    relax.write_text(RELAX)
    migration = read_migration(relax)
    generated = generate(migration, find_previous(relax), Options(guards=True))
    return folder.parent.parent, {relax: splice_backwards(migration, generated.method)}


def test_guards_are_generated(tmp_path: Path) -> None:
    _, overrides = _project(tmp_path)
    text = next(iter(overrides.values()))
    assert "db.alter_column(" in text
    assert "db.create_unique('guarded_member', ['code'])" in text
    backwards = text[text.index("def backwards"):]
    first_ddl = min(backwards.index("db.alter_column("), backwards.index("db.create_unique("))
    assert backwards.index("IS NULL") < first_ddl
    assert backwards.index("HAVING COUNT(*) > 1") < first_ddl
    assert backwards.count("if not db.dry_run and db.execute(") == 2
    assert "Cannot reverse" not in backwards  # the NULL check replaces the blanket raise
    compile(text, "0002_relax.py", "exec")


def test_without_guards_the_not_null_restore_raises(tmp_path: Path) -> None:
    _project(tmp_path)
    relax = tmp_path / "project" / "guarded" / "migrations" / "0002_relax.py"
    plain = generate(read_migration(relax), find_previous(relax), Options(guards=False))
    assert "Cannot reverse this migration" in plain.method
    assert "db.dry_run" not in plain.method


ROWS = {
    "nulls": [{"id": 1, "nickname": None, "code": "a"}, {"id": 2, "nickname": "x", "code": "b"}],
    "duplicates": [{"id": 1, "nickname": "x", "code": "a"},
                   {"id": 2, "nickname": "y", "code": "a"}],
    "clean": [{"id": 1, "nickname": "x", "code": "a"}, {"id": 2, "nickname": "y", "code": "b"}],
}
MESSAGES = {
    "nulls": "guarded_member.nickname holds NULL values and backwards makes it NOT NULL again",
    "duplicates": "guarded_member holds duplicate values of (code)",
}


@pytest.mark.parametrize("case", sorted(ROWS))
@pytest.mark.parametrize("engine", ["sqlite", "mysql"])
@pytest.mark.usefixtures("legacy_runtime")
def test_guard_stops_backwards_before_any_ddl(engine: str, case: str, tmp_path: Path,
                                              request) -> None:
    from southgen.verify import open_session
    from southgen.verify.compare import compare_schemas
    from southgen.verify.project import discover

    url = None if engine == "sqlite" else request.getfixturevalue("mysql_url")
    root, overrides = _project(tmp_path)
    with open_session(discover(root), database=url, python=None, settings=None,
                      overrides=overrides) as session:
        assert session.migrate("guarded", None).ok
        inserted = session.client.call(
            "insert_rows", rows=[{"table": "guarded_member", "values": v} for v in ROWS[case]])
        assert inserted["errors"] == []
        before = session.snapshot()
        applied = session.applied()
        outcome = session.migrate("guarded", "0001_initial")
        if case == "clean":
            assert outcome.ok, outcome.error
            return
        assert not outcome.ok
        assert outcome.error.get("type") == "RuntimeError"
        assert MESSAGES[case] in outcome.error.get("message", "")
        assert "backwards stopped before changing anything" in outcome.error["message"]
        after = session.snapshot()
        assert compare_schemas(before, after) == []
        assert after == before
        assert session.applied() == applied
