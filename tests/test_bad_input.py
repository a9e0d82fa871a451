"""Bad input: one clear line naming the file (and line), exit 2, no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_southgen

SOURCE = EXAMPLES / "blog" / "blog" / "migrations"


def _app(tmp_path: Path) -> Path:
    folder = tmp_path / "blog" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    return folder


def _assert_clean_error(proc, path: Path, *words: str, line: int | None = None) -> None:
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(path) in lines[0]
    if line is not None:
        assert f"{path}:{line}:" in lines[0]
    for word in words:
        assert word in lines[0]


def test_file_that_does_not_parse(tmp_path: Path) -> None:
    folder = _app(tmp_path)
    bad = folder / "0001_initial.py"
    bad.write_text("from south.db import db\n\nclass Migration(object):\n    def forwards(self\n")
    _assert_clean_error(run_southgen("generate", str(bad)), bad, "does not parse")


def test_no_migration_class(tmp_path: Path) -> None:
    folder = _app(tmp_path)
    bad = folder / "0001_initial.py"
    bad.write_text("x = 1\n")
    _assert_clean_error(run_southgen("generate", str(bad)), bad, "no Migration class", line=1)


def test_no_models_dict(tmp_path: Path) -> None:
    folder = _app(tmp_path)
    bad = folder / "0001_initial.py"
    bad.write_text(
        "class Migration(SchemaMigration):\n"
        "    def forwards(self, orm):\n        pass\n"
        "    def backwards(self, orm):\n        pass\n"
    )
    _assert_clean_error(run_southgen("generate", str(bad)), bad, "no frozen 'models' dict", line=1)


def test_frozen_dict_that_is_not_literal_data(tmp_path: Path) -> None:
    folder = _app(tmp_path)
    source = (SOURCE / "0001_initial.py").read_text()
    marker = "'Meta': {'object_name': 'Post'}"
    assert marker in source
    bad = folder / "0001_initial.py"
    bad.write_text(source.replace(marker, "'Meta': {'object_name': __import__('os').getcwd()}"))
    line = bad.read_text().splitlines().index(
        next(x for x in bad.read_text().splitlines() if "__import__" in x)) + 1
    proc = run_southgen("generate", str(bad))
    _assert_clean_error(proc, bad, "without executing migration code", line=line)


def test_missing_previous_migration(tmp_path: Path) -> None:
    folder = _app(tmp_path)
    shutil.copy(SOURCE / "0003_add_categories_and_tags.py", folder)
    target = folder / "0003_add_categories_and_tags.py"
    _assert_clean_error(run_southgen("generate", str(target)), target, "previous migration missing")


def test_unknown_field_class(tmp_path: Path) -> None:
    folder = _app(tmp_path)
    source = (SOURCE / "0001_initial.py").read_text()
    bad = folder / "0001_initial.py"
    marker = ": ('django.db.models.fields.CharField'"
    assert marker in source
    bad.write_text(source.replace(marker, ": ('CharField'", 1))
    line = next(i for i, x in enumerate(bad.read_text().splitlines(), 1) if "('CharField'" in x)
    _assert_clean_error(run_southgen("generate", str(bad)), bad, "unknown field class", line=line)


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "0001_nothing.py"
    _assert_clean_error(run_southgen("generate", str(missing)), missing, "no such file")


@pytest.mark.parametrize("value", ["blog.Post=1", "blog.Post.slug=(", "nonsense"])
def test_bad_default_option(value: str) -> None:
    proc = run_southgen("generate", str(SOURCE / "0002_add_post_fields.py"), "--default", value)
    assert proc.returncode == 2
    assert "--default" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_usage_error_exits_2() -> None:
    proc = run_southgen("generate")
    assert proc.returncode == 2


def test_broken_dependency_chain(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "shop", tmp_path / "shop")
    target = tmp_path / "shop" / "orders" / "migrations" / "0002_add_order_lines.py"
    text = target.read_text()
    assert '("catalog", "0001_initial")' in text
    target.write_text(text.replace('("catalog", "0001_initial")', '("catalog", "0099_missing")'))
    line = next(i for i, x in enumerate(target.read_text().splitlines(), 1) if "depends_on" in x)
    proc = run_southgen("generate", str(target))
    _assert_clean_error(proc, target, "broken dependency chain", "catalog.0099_missing", line=line)
    fixed = run_southgen("fix", str(tmp_path / "shop"), "--check", "-q")
    assert fixed.returncode == 2
    assert f"{target}:{line}: error: broken dependency chain" in fixed.stdout + fixed.stderr


def test_fix_in_tests_uses_a_private_result_cache(tmp_path_factory) -> None:
    """run_southgen passes os.environ on: no test may write into the user's own cache."""
    from southgen.fix.cache import default_cache_dir

    base = tmp_path_factory.getbasetemp().resolve()
    assert default_cache_dir().resolve().is_relative_to(base)


def test_a_dictless_migration_needs_no_earlier_dict(tmp_path: Path) -> None:
    """South's early files had no frozen dict: one inverted from forwards() alone is not
    refused because the files before it have none either (a real project's
    tracdb 0002)."""
    folder = tmp_path / "crm" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    dictless = (EXAMPLES / "legacy" / "crm" / "migrations"
                / "0005_ticket_status_index.py").read_text()
    (folder / "0001_first.py").write_text(dictless.replace("crm_ticket_status_idx", "first_idx"))
    target = folder / "0002_second.py"
    target.write_text(dictless)
    proc = run_southgen("generate", str(target))
    assert proc.returncode == 0, proc.stderr
    assert "DROP INDEX crm_ticket_status_idx" in proc.stdout
