"""Branches merged by hand, as teams did: two ``schemamigration --auto`` runs on two
branches both wrote a 0002, each frozen dict blind to the other branch; the data
migration written after the merge knows both. Made with real South 1.0.2; the
backwards southgen writes for every migration round-trip through verify."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from verify_helpers import database_url

from southgen.generate import generate_for_path
from southgen.reader import read_migration
from southgen.splice import splice_backwards
from southgen.verify import OK, verify_project

BOOK = """\
from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=100)
{isbn}

{author}"""
ISBN = "    isbn = models.CharField(max_length=13, null=True, blank=True)\n"
AUTHOR = """class Author(models.Model):
    name = models.CharField(max_length=80, unique=True)
"""


def _models(root: Path, isbn: bool, author: bool) -> None:
    (root / "shelf" / "models.py").write_text(
        BOOK.format(isbn=ISBN if isbn else "", author=AUTHOR if author else ""))


@pytest.fixture(scope="module")
def merged(south_project) -> Path:
    root, project = south_project("merged", ["shelf"])
    _models(root, isbn=False, author=False)
    project.manage("schemamigration", "shelf", "initial", "--initial")
    migrations = root / "shelf" / "migrations"
    aside = root / "branch-a"
    aside.mkdir()
    _models(root, isbn=False, author=True)  # branch A
    project.manage("schemamigration", "shelf", "add_author", "--auto")
    branch_a = next(migrations.glob("0002_*.py"))
    shutil.move(str(branch_a), aside / branch_a.name)
    for compiled in migrations.glob("0002_*.pyc"):
        compiled.unlink()
    _models(root, isbn=True, author=False)  # branch B, from the same 0001
    project.manage("schemamigration", "shelf", "add_isbn", "--auto")
    shutil.move(str(aside / branch_a.name), migrations / branch_a.name)  # the merge
    _models(root, isbn=True, author=True)
    project.manage("datamigration", "shelf", "after_merge")
    return root


def test_south_wrote_two_branches_with_one_number(merged: Path) -> None:
    names = sorted(p.name for p in (merged / "shelf" / "migrations").glob("0*.py"))
    assert names == ["0001_initial.py", "0002_add_author.py", "0002_add_isbn.py",
                     "0003_after_merge.py"]
    isbn_branch = read_migration(merged / "shelf" / "migrations" / "0002_add_isbn.py")
    assert "shelf.author" not in isbn_branch.models  # blind to the other branch


def test_no_backwards_undoes_the_other_branch(merged: Path) -> None:
    folder = merged / "shelf" / "migrations"
    after_merge = generate_for_path(folder / "0003_after_merge.py")
    # a data migration runs no DDL back, and nothing of either branch is dropped
    assert [type(op).__name__ for op in after_merge.backwards_ops] == ["DataNoop"]
    assert any("merges the branches 0002_add_author.py, 0002_add_isbn.py" in note
               for note in after_merge.notes)
    isbn = generate_for_path(folder / "0002_add_isbn.py")
    assert [(type(op).__name__, op.table, op.field.column) for op in isbn.backwards_ops] == [
        ("DeleteColumn", "shelf_book", "isbn")]
    assert any("a merged branch" in note for note in isbn.notes)
    assert not any("shelf_author" in note for note in isbn.notes)  # the other branch: not ours


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_generated_backwards_round_trip(merged: Path, engine: str, request) -> None:
    overrides = {}
    for path in sorted((merged / "shelf" / "migrations").glob("0*.py")):
        generated = generate_for_path(path)
        overrides[path] = splice_backwards(read_migration(path), generated.method)
    report = verify_project(merged, database=database_url(request, engine),
                            overrides=overrides)
    failures = [(r.key, r.status, [str(d) for d in r.differences], str(r.error or ""))
                for r in report.migrations if r.status != OK]
    assert failures == []
    assert len(report.migrations) == 4
