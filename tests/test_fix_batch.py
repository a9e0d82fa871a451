"""``southgen fix`` in a batch: errors stay with their file, writes are safe,
configuration comes from the project, the cache never hides a change."""

from __future__ import annotations

import ast
import dataclasses
import io
import json
import os
import shutil
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_southgen
from test_fix import make_project, migration_files, snapshot

from southgen.commands.fix import _write
from southgen.errors import SouthgenError
from southgen.fix import classify
from southgen.fix.cache import default_cache_dir
from southgen.fix.discover import discover
from southgen.fix.fixer import ERROR, FIX, Settings, fix_all
from southgen.fix.report import Progress
from southgen.fix.writer import sha1, write_atomic


def _error_lines(proc) -> list[str]:
    return [line for line in proc.stdout.splitlines() if ": error: " in line]


def test_a_bad_file_leaves_the_others_fixed_and_itself_untouched(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    bad = root / "orders" / "migrations" / "0005_drop_order_total.py"  # the app's last one
    text = bad.read_text()
    lines = text.splitlines(keepends=True)
    broken_line = next(i for i, line in enumerate(lines, 1) if "def forwards" in line)
    lines[broken_line - 1] = lines[broken_line - 1].replace("(self, orm):", "(self, orm)")
    bad.write_text("".join(lines))
    bad_bytes = bad.read_bytes()

    proc = run_southgen("fix", str(root), "--write")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    errors = _error_lines(proc)
    assert len(errors) == 1, proc.stdout
    assert f"{bad.name}:{broken_line}: error: does not parse" in errors[0]
    assert bad.read_bytes() == bad_bytes
    for path in migration_files(root):
        if path != bad:
            assert "def backwards" in path.read_text(), path
            assert path.name in proc.stdout
    again = run_southgen("fix", str(root), "--check")
    assert again.returncode == 2
    assert len(_error_lines(again)) == 1


def test_an_unreadable_migration_is_one_error(tmp_path: Path) -> None:
    """A broken frozen dict mid-app is one error: its successor starts from the nearest
    earlier readable state and says which; the other apps are fixed."""
    root = make_project(tmp_path, sets=("shop",))
    bad = root / "catalog" / "migrations" / "0002_add_brands.py"
    text = bad.read_text()
    marker = "'Meta': {'object_name': 'Supplier'}"
    assert marker in text
    bad.write_text(text.replace(marker, "'Meta': {'object_name': __import__('os').name}"))
    line = next(i for i, x in enumerate(bad.read_text().splitlines(), 1) if "__import__" in x)
    proc = run_southgen("fix", str(root), "--write", "--format", "json")
    assert proc.returncode == 2
    records = {r["migration"]: r for r in json.loads(proc.stdout)["migrations"]}
    assert records["0002_add_brands"]["action"] == "error"
    assert records["0002_add_brands"]["line"] == line
    assert "without executing migration code" in records["0002_add_brands"]["message"]
    successor = records["0003_digital_products"]
    assert successor["action"] == "fix"
    assert successor["written"] is True
    assert {"kind": "review", "message": "the state before this migration is 0001_initial's: "
                                         "0002_add_brands.py could not be read"
            } in successor["risks"]
    assert records["0004_retire_promotions"]["written"] is True  # its previous is readable
    orders = [r for r in records.values() if r["app"] == "orders"]
    assert orders
    assert all(r["written"] for r in orders)


def test_missing_previous_migration_is_an_error_for_that_file(tmp_path: Path) -> None:
    root = make_project(tmp_path, sets=("blog",))
    first = root / "blog" / "migrations" / "0001_initial.py"
    first.unlink()
    proc = run_southgen("fix", str(root), "--check")
    assert proc.returncode == 2
    errors = _error_lines(proc)
    assert len(errors) == 1
    assert "0002_add_post_fields.py:1: error: previous migration missing" in errors[0]


def test_atomic_write_keeps_the_file_mode(tmp_path: Path) -> None:
    root = make_project(tmp_path, sets=("blog",))
    files = migration_files(root)
    for index, path in enumerate(files):
        path.chmod(0o640 if index % 2 else 0o604)
    assert run_southgen("fix", str(root), "--write").returncode == 0
    for index, path in enumerate(files):
        assert stat.S_IMODE(path.stat().st_mode) == (0o640 if index % 2 else 0o604)
        assert "def backwards" in path.read_text()
    leftovers = [p for p in (root / "blog" / "migrations").iterdir()
                 if p.name.startswith(".") or p.suffix == ".southgen-tmp"]
    assert leftovers == []


def test_file_changed_between_read_and_write_is_not_overwritten(tmp_path: Path) -> None:
    root = make_project(tmp_path, sets=("blog",))
    discovery = discover([root])
    results = fix_all(discovery.apps, Settings(want_text=True), jobs=1)
    assert all(r.action == FIX for r in results)
    changed = root / "blog" / "migrations" / "0003_add_categories_and_tags.py"
    edited = changed.read_bytes() + b"# edited by a colleague meanwhile\n"
    changed.write_bytes(edited)

    _write(results)
    by_path = {r.path: r for r in results}
    assert by_path[changed].action == ERROR
    assert "changed on disk since it was read" in by_path[changed].message
    assert changed.read_bytes() == edited
    for path, result in by_path.items():
        if path != changed:
            assert result.written
            assert "def backwards" in path.read_text()


def test_write_atomic_refuses_a_stale_hash(tmp_path: Path) -> None:
    target = tmp_path / "m.py"
    target.write_bytes(b"old\n")
    target.chmod(0o600)
    with pytest.raises(SouthgenError, match="changed on disk"):
        write_atomic(target, b"new\n", sha1(b"something else"))
    assert target.read_bytes() == b"old\n"
    write_atomic(target, b"new\n", sha1(b"old\n"))
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.py"]


def test_write_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.py"
    real.write_bytes(b"old\n")
    link = tmp_path / "link.py"
    link.symlink_to(real)
    write_atomic(link, b"new\n", sha1(b"old\n"))
    assert link.is_symlink()
    assert real.read_bytes() == b"new\n"


def test_pyproject_config_excludes_apps_and_gives_defaults(tmp_path: Path) -> None:
    root = make_project(tmp_path, config=None)
    (root / "pyproject.toml").write_text(
        '[project]\nname = "legacy"\n\n'
        "[tool.southgen]\n"
        'exclude = ["orders", "catalog/migrations/0005_*"]\n'
        "[tool.southgen.defaults]\n"
        '"catalog.Product.weight" = 0\n')
    sub = root / "catalog"  # found by walking up from PATH
    proc = run_southgen("fix", str(root), "--format", "json")
    records = json.loads(proc.stdout)["migrations"]
    names = {r["migration"] for r in records}
    assert not any(r["app"] == "orders" for r in records)
    assert "0005_loosen_constraints" not in names
    assert "0004_retire_promotions" in names
    assert run_southgen("fix", str(sub), "--write").returncode == 0
    retire = sub / "migrations" / "0004_retire_promotions.py"
    assert "IntegerField')(default=0)" in retire.read_text()
    assert "Cannot reverse this migration" not in retire.read_text()


def test_tox_ini_templates_override_built_in_ones(tmp_path: Path) -> None:
    root = make_project(tmp_path, sets=("blog",), config=None)
    templates = root / "southgen-templates"
    templates.mkdir()
    (templates / "delete_column.j2").write_text(
        "# Team style: dropping {{ op.table }}.{{ op.field.column }}\n"
        "db.delete_column({{ op.table|py }}, {{ op.field.column|py }})\n")
    (root / "tox.ini").write_text("[tox]\nenvlist = py27\n\n[southgen]\n"
                                  "templates = southgen-templates\n")
    assert run_southgen("fix", str(root), "--write").returncode == 0
    text = (root / "blog" / "migrations" / "0002_add_post_fields.py").read_text()
    assert "# Team style: dropping blog_post.slug" in text
    # --templates on the command line wins over the configuration.
    other = tmp_path / "cli-templates"
    other.mkdir()
    (other / "delete_column.j2").write_text(
        "# CLI style\ndb.delete_column({{ op.table|py }}, {{ op.field.column|py }})\n")
    proc = run_southgen("fix", str(root), "--write", "--all", "--templates", str(other))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "# CLI style" in (root / "blog" / "migrations" / "0002_add_post_fields.py").read_text()


def test_configured_templates_keep_the_generation_options(tmp_path: Path) -> None:
    """--no-guards and --data-policy survive a configuration that sets ``templates``."""
    root = make_project(tmp_path, sets=("blog", "legacy"),
                        config="[southgen]\ntemplates = team-templates\n")
    (root / "team-templates").mkdir()
    proc = run_southgen("fix", str(root), "--write", "--no-guards", "--data-policy", "raise")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    texts = {p.name: p.read_text() for p in migration_files(root)}
    assert [name for name, text in texts.items() if "Guard before" in text] == []
    assert "(--data-policy raise)" in texts["0008_fill_display_name.py"]


def test_bad_configuration_is_one_clear_error(tmp_path: Path) -> None:
    root = make_project(tmp_path, sets=("blog",), config="[southgen]\ndefault = x\n")
    proc = run_southgen("fix", str(root))
    assert proc.returncode == 2
    assert "unknown southgen setting(s): default" in proc.stderr
    assert "setup.cfg" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cache_never_hides_a_change(tmp_path: Path, monkeypatch) -> None:
    """A result is reused only while the file, every earlier migration (the state
    before it and the definitions lookups find), southgen and the options are the
    same: here, counting what is computed."""
    from southgen.fix import fixer

    root = make_project(tmp_path, sets=("blog",))
    cache = tmp_path / "fix-cache"
    computed: list[str] = []
    real = fixer.plan_at

    def counting(history, index, *args):
        computed.append(history.files[index].name)
        return real(history, index, *args)

    monkeypatch.setattr(fixer, "plan_at", counting)
    apps = discover([root]).apps
    settings = Settings(cache_dir=cache, fingerprint="f1")
    first = fix_all(apps, settings, jobs=1)
    assert len(computed) == 9
    assert list(cache.glob("*.json"))
    computed.clear()
    assert _outcomes(fix_all(apps, settings, jobs=1)) == _outcomes(first)
    assert computed == []  # nothing changed: nothing computed

    files = sorted(p.name for p in (root / "blog" / "migrations").glob("0*.py"))
    earlier = root / "blog" / "migrations" / "0003_add_categories_and_tags.py"
    earlier.write_bytes(earlier.read_bytes())  # a new mtime, the same content
    fix_all(apps, settings, jobs=1)
    assert computed == []
    earlier.write_bytes(earlier.read_bytes() + b"# touched\n")
    fix_all(apps, settings, jobs=1)
    assert computed == files[2:]  # it, and every later one
    computed.clear()
    fix_all(apps, replace(settings, fingerprint="f2"), jobs=1)  # other options or code
    assert len(computed) == 9
    computed.clear()
    texts = fix_all(apps, replace(settings, fingerprint="f2", want_text=True), jobs=1)
    assert len(computed) == 9  # fixes are recomputed when their new text is needed
    assert all(r.new_text for r in texts)


def test_cache_is_used_by_the_command(tmp_path: Path) -> None:
    root = make_project(tmp_path, sets=("blog",))
    cold = run_southgen("fix", str(root), "--check")
    assert list(default_cache_dir().glob("*.json"))
    warm = run_southgen("fix", str(root), "--check")
    assert (warm.returncode, warm.stdout) == (cold.returncode, cold.stdout) == (1, warm.stdout)
    assert run_southgen("fix", str(root), "--write").returncode == 0
    assert run_southgen("fix", str(root), "--check").returncode == 0
    # Options are part of the key.
    with_default = run_southgen("fix", str(root), "--check", "--all",
                                "--default", "blog.Post.word_count=0")
    assert with_default.returncode == 1
    assert "0009_drop_word_count.py" in with_default.stdout


def _outcomes(results) -> list[tuple]:
    return [(r.path, r.status, r.action, r.message, r.operations, r.risks) for r in results]


def test_parallel_and_serial_runs_agree(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    serial = run_southgen("fix", str(root), "--format", "json", "--jobs", "1", "--no-cache")
    parallel = run_southgen("fix", str(root), "--format", "json", "--jobs", "2", "--no-cache")
    assert json.loads(serial.stdout) == json.loads(parallel.stdout)
    # Force the process pool even on this small set.
    from southgen.fix import fixer
    apps = discover([root]).apps
    settings = Settings(options=fixer.Options(defaults={"blog.Post.reading_time": "5"}))
    original = fixer.POOL_THRESHOLD
    fixer.POOL_THRESHOLD = 0
    try:
        pooled = fix_all(apps, settings, jobs=2)
    finally:
        fixer.POOL_THRESHOLD = original
    serial_results = fix_all(apps, settings, jobs=1)
    assert [(r.path, r.action, r.operations) for r in pooled] == [
        (r.path, r.action, r.operations) for r in serial_results]


def test_chunks_of_one_app_give_the_results_of_one_walk(tmp_path: Path) -> None:
    """A long app cut into chunks across processes: every result, new text included,
    is the one a single walk gives (chunks start from the state before them)."""
    root = make_project(tmp_path)
    apps = discover([root]).apps
    settings = Settings(want_text=True)
    serial = fix_all(apps, settings, jobs=1)
    for size in (1, 2, 3):
        chunked = fix_all(apps, settings, jobs=2, chunk_size=size)
        assert [dataclasses.asdict(r) for r in chunked] == [
            dataclasses.asdict(r) for r in serial]


@pytest.mark.parametrize(("body", "kind"), [
    (None, classify.MISSING),
    ("pass", classify.EMPTY),
    ('"Write your backwards methods here."', classify.EMPTY),
    ("...", classify.EMPTY),
    ('raise RuntimeError("Cannot reverse this migration.")', classify.RAISES),
    ("raise NotImplementedError", classify.RAISES),
    ("raise NotImplementedError()", classify.RAISES),
    ('raise Exception("Cannot reverse this migration. Ask ops.")', classify.RAISES),
    ("db.delete_column('blog_post', 'slug')", classify.PRESENT),
    ("if db.backend_name == 'sqlite':\n        raise RuntimeError('no')\n    "
     "db.delete_column('t', 'c')", classify.PRESENT),
    ("orm['crm.Customer'].objects.update(display_name='')", classify.PRESENT),
])
def test_classify(body: str | None, kind: str) -> None:
    from southgen.reader import _method_span

    if body is None:
        assert classify.classify(None) == kind
        return
    source = f"def backwards(self, orm):\n    {body}\n"
    node = ast.parse(source).body[0]
    assert classify.classify(_method_span(node, source)) == kind


def test_progress_bar_only_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    now = [0.0]

    def clock() -> float:
        return now[0]

    quiet = io.StringIO()
    bar = Progress(1000, quiet, clock=clock)
    now[0] = 5.0
    bar.advance(500)
    bar.close()
    assert quiet.getvalue() == ""
    tty = Tty()
    bar = Progress(1000, tty, clock=clock)
    bar.advance(100)
    assert tty.getvalue() == ""  # not in a run's first second
    now[0] = 6.5
    bar.advance(400)
    assert "500/1000" in tty.getvalue()
    bar.close()
    assert tty.getvalue().endswith("\r")


def test_examples_tree_runs_clean(tmp_path: Path) -> None:
    """The whole examples/ folder, legacy set included: no crash, no error."""
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("__pycache__"))
    before = snapshot(root)
    proc = run_southgen("fix", str(root), "--format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    records = json.loads(proc.stdout)["migrations"]
    assert len(records) == len(list(root.glob("*/*/migrations/0*.py")))
    assert {r["action"] for r in records} <= {"ok", "review"}
    assert snapshot(root) == before
    assert os.environ.get("SOUTHGEN_FIX_CACHE")


@pytest.mark.usefixtures("legacy_runtime")
def test_verify_writes_only_backwards_that_pass(tmp_path: Path) -> None:
    root = make_project(tmp_path, sets=("blog",))
    before = snapshot(root)
    proc = run_southgen("fix", str(root), "--write", "--verify", "--format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    records = {r["migration"]: r for r in json.loads(proc.stdout)["migrations"]}
    refused = records.pop("0009_drop_word_count")  # no value for word_count: irreversible
    assert refused["action"] == "review"
    assert refused["written"] is False
    word_count = root / "blog" / "migrations" / "0009_drop_word_count.py"
    assert word_count.read_bytes() == before[word_count]
    assert all(r["written"] for r in records.values())
