"""verify and sql on a project whose code is not there: stand-ins for missing
modules and custom field classes, tables for models of an absent app, and a
migration that cannot run at all isolated with what depends on it.

The fixture (tests/fixtures/verify/standins, built with real South by
build_standins.py) holds only migration folders: no blog/fields.py, no
taggit, no blogtools; blog 0005 raises when imported, blog 0006 comes after
it and notes 0005 depends on blog 0006. notes 0003 is a data migration
whose forwards fails (no admin user): notes 0004 after it is still judged."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import run_southgen
from verify_helpers import assert_no_scratch_left, database_url, scratch_databases

from southgen.verify import ERROR, OK, SKIPPED, verify_project
from southgen.verify.databases import RUNNER

STANDINS = Path(__file__).resolve().parent / "fixtures" / "verify" / "standins"
BLOG = STANDINS / "blog" / "migrations"
JUDGED = ["blog:0001_initial", "blog:0002_post_tag", "blog:0003_post_summary",
          "blog:0004_fill_summary", "notes:0001_initial", "notes:0002_note_pinned",
          "notes:0004_note_archived"]


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_everything_that_can_run_is_judged(engine, request, legacy_runtime):  # noqa: ARG001
    url = database_url(request, engine)
    before = scratch_databases(engine) if url else set()
    report = verify_project(STANDINS, database=url)
    status = {r.key: r for r in report.migrations}
    assert {k: status[k].status for k in JUDGED} == dict.fromkeys(JUDGED, OK)
    assert report.chain is not None
    assert report.chain.status == OK

    broken = status["blog:0005_post_slug"]
    assert broken.status == SKIPPED
    assert broken.cause is None
    assert broken.error is not None
    assert broken.error.type == "KeyError"
    assert broken.error.file == str(BLOG / "0005_post_slug.py")
    assert broken.error.line == 9
    failing = status["notes:0003_pin_admin_notes"]
    assert failing.status == ERROR
    assert failing.error is not None
    assert failing.error.phase == "forwards"
    assert failing.error.type == "DoesNotExist"
    assert any("recorded as applied without running it" in n for n in failing.notes)
    for key in ("blog:0006_post_views", "notes:0005_note_post"):
        assert status[key].status == SKIPPED
        assert status[key].cause == "blog:0005_post_slug"
    assert report.skip_reasons == {
        "blog:0005_post_slug": "does not import: KeyError: 'BLOG_SLUG_LENGTH'"}

    stood_in = {(s["kind"], s["name"], s["as"]) for s in report.stand_ins}
    assert stood_in == {
        ("module", "blogtools", None), ("module", "blogtools.progress", None),
        ("field", "blog.fields.MarkdownField", "TextField"),
        ("field", "blog.fields.ColourField", "CharField"),
    }
    assert report.absent_models == ["taggit.tag"]
    assert [(a["migration"], a["target"]) for a in report.assumed] == [
        ("blog:0002_post_tag", "taggit:0001_initial")]
    assert_no_scratch_left(engine, before)


def test_text_report_says_each_reason_once(legacy_runtime):  # noqa: ARG001
    proc = run_southgen("verify", str(STANDINS))
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout
    assert out.count("BLOG_SLUG_LENGTH") == 2  # the migration's own error, then the summary
    assert "skipped: 2 migrations after blog 0005 (does not import: KeyError: " \
        "'BLOG_SLUG_LENGTH')\n" in out
    assert "blog:0006_post_views" not in out
    assert "notes:0005_note_post" not in out
    assert "stand-in: field blog.fields.ColourField as CharField\n" in out
    assert "stand-in: module blogtools.progress (first needed by blog:0004_fill_summary)\n" in out
    assert out.count("stand-in: module blogtools\n") + \
        out.count("stand-in: module blogtools (") == 1
    assert "--python PY --settings MOD" in out
    assert "verification failed: 11 migrations on sqlite (7 ok, 1 error, 3 skipped) in " in out


def test_json_has_time_and_cause_per_migration(legacy_runtime):  # noqa: ARG001
    proc = run_southgen("verify", str(STANDINS), "--format", "json")
    data = json.loads(proc.stdout)
    by_key = {m["key"]: m for m in data["migrations"]}
    assert all(by_key[k]["seconds"] > 0 for k in JUDGED)
    assert by_key["notes:0005_note_post"]["cause"] == "blog:0005_post_slug"
    assert data["counts"] == {"ok": 7, "mismatch": 0, "data_lost": 0, "error": 1,
                              "irreversible": 0, "skipped": 3}


def test_only_and_exclude(legacy_runtime):  # noqa: ARG001
    report = verify_project(STANDINS, only=["blog:0003"])
    assert [(r.key, r.status) for r in report.migrations] == [("blog:0003_post_summary", OK)]
    assert report.chain is None
    report = verify_project(STANDINS, only=["notes"], exclude=["blog"])
    assert [(r.key, r.status) for r in report.migrations] == [
        ("notes:0001_initial", OK), ("notes:0002_note_pinned", OK),
        ("notes:0003_pin_admin_notes", ERROR), ("notes:0004_note_archived", OK),
        ("notes:0005_note_post", OK)]
    # blog left out: its Post gets a table from the latest frozen definition.
    assert report.absent_models == ["blog.post", "taggit.tag"]


@pytest.mark.parametrize(("args", "message"), [
    (["--only", "shop"], "--only shop: no such app in the project"),
    (["--only", "blog:0099"], "--only blog:0099: no such migration in blog"),
    (["--exclude", "shop"], "--exclude shop: no such app in the project"),
])
def test_bad_selection_is_a_usage_error(args, message):
    proc = run_southgen("verify", str(STANDINS), *args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_sql_of_a_migration_whose_neighbours_do_not_import(legacy_runtime):  # noqa: ARG001
    proc = run_southgen("sql", str(BLOG / "0003_post_summary.py"), "--backwards")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("-- blog:0003_post_summary backwards on sqlite\n")
    # The stood-in ColourField is the CharField its frozen options describe.
    assert '"colour" varchar(7) NOT NULL' in proc.stdout
    assert '"summary"' not in proc.stdout.split('INSERT INTO "_south_new_blog_post"')[0]


def test_sql_after_a_migration_that_does_not_import(legacy_runtime):  # noqa: ARG001
    proc = run_southgen("sql", str(BLOG / "0006_post_views.py"), "--forwards")
    assert proc.returncode == 2
    assert "blog:0005_post_slug does not import: KeyError: 'BLOG_SLUG_LENGTH'" in proc.stderr


SETTINGS_MIGRATION = """\
from south.db import db
from south.v2 import SchemaMigration
from django.conf import settings


class Migration(SchemaMigration):

    def forwards(self, orm):
        assert getattr(settings, "SHOP_FLAG", False) is False
        assert not hasattr(settings, "SHOP_OTHER_FLAG")
        db.create_table('shop_price', (
            ('id', self.gf('django.db.models.fields.AutoField')(primary_key=True)),
            ('currency', self.gf('django.db.models.fields.CharField')(
                max_length=8, default=settings.SHOP_DEFAULT_CURRENCY)),
        ))

    def backwards(self, orm):
        db.delete_table('shop_price')

    models = {}
    complete_apps = ['shop']
"""


def test_a_setting_the_project_has_is_stood_in_only_where_read(tmp_path, legacy_runtime):  # noqa: ARG001
    folder = tmp_path / "shop" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    (folder / "0001_initial.py").write_text(SETTINGS_MIGRATION)
    report = verify_project(tmp_path)
    assert [(r.key, r.status) for r in report.migrations] == [("shop:0001_initial", OK)]
    assert [(s["kind"], s["name"]) for s in report.stand_ins] == [
        ("setting", "SHOP_DEFAULT_CURRENCY")]


FIELD_CHOICES = """
import sys
sys.path.insert(0, %(legacy)r)
from django.conf import settings
settings.configure(INSTALLED_APPS=["django.contrib.contenttypes"])
import southgen_standins as s
cases = [
    ("MoneyField", {"max_digits": 10, "decimal_places": 2, "null": True}),
    ("TreeForeignKey", {"to": "auth.User", "level_indicator": "-"}),
    ("AutoOneToOneField", {"to": "auth.User"}),
    ("SortedManyToManyField", {"to": "auth.User"}),
    ("KeywordsField", {"to": "x.Keyword", "object_id_field": "'object_pk'"}),
    ("AutoSlugField", {"max_length": 50, "populate_from": "title"}),
    ("ThumbnailerImageField", {"max_length": 100}),
    ("CountryField", {"max_length": 2}),
    ("PickledObjectField", {}),
]
for name, options in cases:
    field = s.stand_in_field("app.fields." + name)(**options)
    print("%%s %%s" %% (name, type(field).__name__))
"""


def test_custom_field_classes_become_the_nearest_django_field(legacy_runtime):
    script = FIELD_CHOICES % {"legacy": str(RUNNER.parent)}
    proc = subprocess.run([str(legacy_runtime.python), "-c", script], capture_output=True,
                          text=True, env=legacy_runtime.env())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n") == [
        "MoneyField DecimalField", "TreeForeignKey ForeignKey",
        "AutoOneToOneField OneToOneField", "SortedManyToManyField ManyToManyField",
        "KeywordsField GenericRelation", "AutoSlugField SlugField",
        "ThumbnailerImageField ImageField", "CountryField CharField",
        "PickledObjectField TextField", ""]
