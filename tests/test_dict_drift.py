"""Frozen dicts that drifted from the database, as in askbot's 0188: a data migration
freezes the models while a field's ``null=True`` is gone (South's ``datamigration``
freezes models.py, which changed without a schema migration), and a later migration
alters the column back to nullable with a bare ``pass`` backwards, because on the live
database the column never stopped being nullable. Made with real South 1.0.2.

A backwards that restores the drifted dict's NOT NULL does not round-trip where the
``pass`` does: ``fix`` keeps the ``pass`` and says why."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_southgen
from verify_helpers import database_url

from southgen.generate import generate_for_path
from southgen.reader import read_migration
from southgen.splice import splice_backwards
from southgen.verify import OK, verify_project

MODELS = """\
from django.db import models


class Member(models.Model):
    name = models.CharField(max_length=40)
    country = models.CharField(max_length=2, blank=True{null})
"""


def _fix(root: Path, *extra: str) -> dict[str, dict]:
    proc = run_southgen("fix", str(root), "--format", "json", "--no-cache", *extra)
    assert proc.returncode in (0, 1), proc.stderr
    return {r["migration"]: r for r in json.loads(proc.stdout)["migrations"]}


def _models(root: Path, null: bool) -> None:
    (root / "club" / "models.py").write_text(MODELS.format(null=", null=True" if null else ""))


@pytest.fixture(scope="module")
def drifted(south_project) -> Path:
    root, project = south_project("drift", ["club"])
    _models(root, null=True)
    project.manage("schemamigration", "club", "initial", "--initial")
    _models(root, null=False)  # the field changed, and no schema migration followed
    project.manage("datamigration", "club", "tidy_names")
    _models(root, null=True)
    project.manage("schemamigration", "club", "null_country", "--auto")
    _replace_backwards(root, "pass")
    return root


def _replace_backwards(root: Path, statement: str) -> None:
    third = next((root / "club" / "migrations").glob("0003_*.py"))
    migration = read_migration(third)
    assert migration.backwards is not None
    lines = migration.lines()
    body = f"    def backwards(self, orm):\n        {statement}\n"
    third.write_text("".join(lines[:migration.backwards.first_line - 1]) + body
                     + "".join(lines[migration.backwards.last_line:]))
    for compiled in third.parent.glob("*.pyc"):
        compiled.unlink()


def test_south_froze_the_drift(drifted: Path) -> None:
    folder = drifted / "club" / "migrations"
    tidy = read_migration(next(folder.glob("0002_*.py")))
    country = tidy.models["club.member"]["country"]
    assert "null" not in country[2]  # the dict says NOT NULL, the column is nullable
    assert "db.alter_column" in read_migration(next(folder.glob("0003_*.py"))).text


def test_fix_keeps_the_pass_and_says_why(drifted: Path) -> None:
    kept = _fix(drifted)["0003_null_country"]
    assert kept["action"] == "review"
    assert "0002_tidy_names's frozen dict" in kept["message"]
    assert "club_member.country" in kept["message"]
    forced = _fix(drifted, "--all")["0003_null_country"]
    assert forced["action"] == "fix"
    assert [r["message"] for r in forced["risks"] if "0002_tidy_names" in r["message"]] == [
        kept["message"].removeprefix("kept: backwards() is empty and ").removesuffix(
            "; regenerate it with --all")]


def test_generate_warns_of_the_drift_as_fix_reports_it(drifted: Path) -> None:
    third = next((drifted / "club" / "migrations").glob("0003_*.py"))
    proc = run_southgen("generate", str(third))
    assert proc.returncode == 0, proc.stderr
    warned = [line for line in proc.stderr.splitlines() if "0002_tidy_names" in line]
    assert len(warned) == 1
    assert "restores club_member.country as 0002_tidy_names's frozen dict" in warned[0]


def test_fix_keeps_a_raise_too(tmp_path: Path, drifted: Path) -> None:
    """South's own "Cannot reverse" stops before the wrong definition is written: better
    than a backwards that writes it."""
    copy = tmp_path / "project"
    shutil.copytree(drifted, copy)
    _replace_backwards(copy, 'raise RuntimeError("Cannot reverse this migration.")')
    kept = _fix(copy)["0003_null_country"]
    assert kept["action"] == "review"
    assert kept["message"].startswith("kept: backwards() raises and the generated backwards() "
                                      "restores club_member.country as 0002_tidy_names's")


@pytest.mark.parametrize("engine", ["sqlite", "postgresql", "mysql"])
def test_the_kept_pass_round_trips_and_the_drifted_one_does_not(drifted: Path, engine: str,
                                                                request) -> None:
    third = next((drifted / "club" / "migrations").glob("0003_*.py"))
    url = database_url(request, engine)
    kept = verify_project(drifted, database=url, only=["club:0003"])
    assert [r.status for r in kept.migrations] == [OK]
    generated = splice_backwards(read_migration(third),
                                 generate_for_path(third).method)
    replaced = verify_project(drifted, database=url, only=["club:0003"],
                              overrides={third: generated})
    # the column comes back NOT NULL: the schema after backwards is not the one before
    assert [r.status for r in replaced.migrations] == ["mismatch"]


def test_a_forwards_that_made_the_definition_is_trusted(tmp_path: Path,
                                                       drifted: Path) -> None:
    copy = tmp_path / "project"
    shutil.copytree(drifted, copy)
    tidy = next((copy / "club" / "migrations").glob("0002_*.py"))
    text = tidy.read_text()
    made = text.replace(
        '"Write your forwards methods here."',
        '"Write your forwards methods here."\n'
        "        db.alter_column(u'club_member', 'country', "
        "self.gf('django.db.models.fields.CharField')(max_length=2))", 1)
    assert made != text
    tidy.write_text(made)
    assert _fix(copy)["0003_null_country"]["action"] == "fix"
