"""``southgen fix`` on copies of the real South sets, with their backwards() taken away.

Each copied migration loses its backwards() in turn one of three ways (body
``pass``, method removed, body raising), the way legacy projects lose them;
``southgen fix --write`` must bring back what South wrote, compared as
database operations. One-off values South was given for NOT NULL restores
come from a ``setup.cfg`` ``[southgen]`` section, as a team would set them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_southgen
from south_ops import calls_of

from southgen.reader import read_migration
from southgen.splice import split_lines

SETS = ("blog", "shop")
# The values South's questioner was given (see examples/README.md); word_count was refused.
SETUP_CFG = """\
[metadata]
name = legacy-project

[southgen]
defaults =
    blog.Comment.email = 'anonymous@example.com'
    blog.Post.reading_time = 5
    catalog.Product.weight = 0
"""
WAYS = ("pass", "remove", "raise")


def strip_backwards(path: Path, way: str) -> None:
    """Take the file's backwards() away: ``pass`` body, no method, or a raising body."""
    migration = read_migration(path)
    span = migration.backwards
    lines = split_lines(migration.text)
    nl = migration.newline
    body_start = span.node.body[0].lineno
    if way == "remove":
        new = lines[: span.first_line - 1] + lines[span.last_line:]
    else:
        body = ("pass" if way == "pass"
                else 'raise RuntimeError("Cannot reverse this migration.")')
        new = lines[: body_start - 1] + [span.body_indent + body + nl] + lines[span.last_line:]
    path.write_bytes("".join(new).encode(migration.encoding))


def make_project(tmp_path: Path, sets=SETS, config: str | None = SETUP_CFG) -> Path:
    """A project root holding copies of the sets' apps, backwards() stripped."""
    root = tmp_path / "project"
    root.mkdir(parents=True)
    for name in sets:
        for app in sorted(p.parent for p in (EXAMPLES / name).glob("*/migrations")):
            shutil.copytree(app / "migrations", root / app.name / "migrations")
            (root / app.name / "__init__.py").write_text("")
    if config is not None:
        (root / "setup.cfg").write_text(config)
    for index, path in enumerate(migration_files(root)):
        strip_backwards(path, WAYS[index % len(WAYS)])
    return root


def migration_files(root: Path) -> list[Path]:
    return sorted(root.glob("*/migrations/0*.py"))


def original_of(path: Path) -> Path:
    for name in SETS:
        candidate = EXAMPLES / name / path.parent.parent.name / "migrations" / path.name
        if candidate.is_file():
            return candidate
    raise AssertionError(path)


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_check_write_restores_south_backwards_and_is_idempotent(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    files = migration_files(root)
    stripped = snapshot(root)

    check = run_southgen("fix", str(root), "--check")
    assert check.returncode == 1, check.stderr
    assert snapshot(root) == stripped  # --check never writes
    for path in files:
        assert path.name in check.stdout
    assert "would be fixed" in check.stderr

    write = run_southgen("fix", str(root), "--write")
    assert write.returncode == 0, write.stdout + write.stderr
    for path in files:
        restored = read_migration(path).backwards
        assert restored is not None, path
        south = read_migration(original_of(path)).backwards
        assert calls_of(restored.node) == calls_of(south.node), path

    written = snapshot(root)
    again = run_southgen("fix", str(root), "--write")
    assert again.returncode == 0, again.stderr
    assert snapshot(root) == written  # a second --write changes nothing
    assert "nothing to fix" in again.stderr
    final = run_southgen("fix", str(root), "--check")
    assert final.returncode == 0, final.stdout + final.stderr
    assert final.stdout == ""  # quiet when there is nothing to say


def test_without_configured_defaults_the_not_null_restores_raise(tmp_path: Path) -> None:
    root = make_project(tmp_path, config=None)
    proc = run_southgen("fix", str(root), "--write")
    assert proc.returncode == 0, proc.stderr
    drop = root / "blog" / "migrations" / "0008_drop_reading_time.py"
    text = drop.read_text()
    assert "raise RuntimeError(" in text
    assert "--default blog.Post.reading_time=VALUE" in proc.stdout  # the risk, annotated
    assert "irreversible" in proc.stdout
    # Giving the value afterwards on the command line replaces the raise.
    given = run_southgen("fix", str(root), "--write", "--default", "blog.Post.reading_time=5")
    assert given.returncode == 0, given.stderr
    restored = read_migration(drop).backwards
    assert calls_of(restored.node) == calls_of(read_migration(original_of(drop)).backwards.node)


def test_diff_shows_exactly_what_write_does(tmp_path: Path) -> None:
    one = make_project(tmp_path / "one")
    two = make_project(tmp_path / "two")
    diff = run_southgen("fix", str(one), "--diff", "--color=never", cwd=one)
    assert diff.returncode == 0, diff.stderr
    assert diff.stdout.startswith("--- a/")
    assert "\033[" not in diff.stdout  # no colour when not on a terminal
    subprocess.run(["git", "apply", "--whitespace=nowarn", "-"], input=diff.stdout.encode(),
                   cwd=one, check=True)
    assert run_southgen("fix", str(two), "--write").returncode == 0
    assert {p.relative_to(one): b for p, b in snapshot(one).items()} == {
        p.relative_to(two): b for p, b in snapshot(two).items()}


def test_diff_is_coloured_when_asked(tmp_path: Path) -> None:
    root = make_project(tmp_path, sets=("blog",))
    proc = run_southgen("fix", str(root), "--diff", "--color=always")
    assert "\033[32m+" in proc.stdout
    assert "\033[31m-" in proc.stdout


def test_json_report(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    proc = run_southgen("fix", str(root), "--format", "json", cwd=root)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["format"] == 1
    records = report["migrations"]
    assert [r["path"] for r in records] == [
        str(p.relative_to(root)) for p in migration_files(root)]
    for record in records:
        assert set(record) >= {"path", "app", "migration", "backwards", "action", "changed",
                               "written", "message", "line", "operations", "risks"}
        assert record["action"] == "fix"
        assert record["changed"] is True
        assert record["written"] is False
        assert record["backwards"] in ("missing", "empty", "raises")
        assert all(set(risk) == {"kind", "message"} for risk in record["risks"])
        assert all(risk["kind"] in ("data-loss", "irreversible", "review")
                   for risk in record["risks"])
    by_name = {r["migration"]: r for r in records}
    assert by_name["0002_add_post_fields"]["operations"] == 4
    assert Counter(r["backwards"] for r in records) == Counter(
        WAYS[i % 3].replace("pass", "empty").replace("remove", "missing").replace(
            "raise", "raises") for i in range(len(records)))
    kinds = {risk["kind"] for r in records for risk in r["risks"]}
    assert {"data-loss", "irreversible"} <= kinds  # 0009: word_count cannot be restored
    assert report["summary"] == {"checked": len(records), "fix": len(records), "review": 0,
                                 "error": 0, "written": 0}

    write = run_southgen("fix", str(root), "--write", "--format", "json")
    assert write.returncode == 0
    assert json.loads(write.stdout)["summary"]["written"] == len(records)
    after = json.loads(run_southgen("fix", str(root), "--format", "json").stdout)
    assert {r["action"] for r in after["migrations"]} == {"ok"}
    assert {r["backwards"] for r in after["migrations"]} <= {"present", "raises"}


def test_present_backwards_that_differs_is_reported_not_overwritten(tmp_path: Path) -> None:
    root = make_project(tmp_path, sets=("blog",))
    assert run_southgen("fix", str(root), "--write").returncode == 0
    target = root / "blog" / "migrations" / "0002_add_post_fields.py"
    text = target.read_text()
    edited = text.replace("db.delete_column('blog_post', 'slug')",
                          "db.delete_column('blog_post', 'slug_renamed')")
    assert edited != text
    target.write_text(edited)

    proc = run_southgen("fix", str(root), "--check")
    assert proc.returncode == 0, proc.stdout  # a review warning is not a change
    assert "0002_add_post_fields.py" in proc.stdout
    assert "review" in proc.stdout
    assert target.read_text() == edited
    assert run_southgen("fix", str(root), "--write").returncode == 0
    assert target.read_text() == edited  # never silently overwritten

    forced = run_southgen("fix", str(root), "--write", "--all")
    assert forced.returncode == 0
    assert "slug_renamed" not in target.read_text()
    assert "--all" in forced.stdout
    assert run_southgen("fix", str(root), "--check", "--all").returncode == 0


def test_present_south_backwards_are_left_alone(tmp_path: Path) -> None:
    """The untouched South sets: nothing to do, apart from the hand-picked one-off
    values of three NOT NULL restores, reported for review until configured."""
    root = tmp_path / "project"
    for name in SETS:
        shutil.copytree(EXAMPLES / name, root / name)
    before = snapshot(root)
    bare = run_southgen("fix", str(root), "--check")
    assert bare.returncode == 0
    reviewed = {line.split(":")[0].rsplit("/", 1)[-1] for line in bare.stdout.splitlines()
                if ": review: " in line}
    assert reviewed == {"0004_change_comment_fields.py", "0008_drop_reading_time.py",
                        "0004_retire_promotions.py"}
    (root / "setup.cfg").write_text(SETUP_CFG)
    configured = run_southgen("fix", str(root), "--check")
    assert configured.returncode == 0
    assert configured.stdout == ""
    assert run_southgen("fix", str(root), "--write").returncode == 0
    assert snapshot(root) == {**before, root / "setup.cfg": SETUP_CFG.encode()}


@pytest.mark.parametrize("target", ["file", "folder", "app"])
def test_path_may_be_a_file_a_migrations_folder_or_an_app(tmp_path: Path, target: str) -> None:
    root = make_project(tmp_path, sets=("blog",))
    folder = root / "blog" / "migrations"
    path = {"file": folder / "0003_add_categories_and_tags.py", "folder": folder,
            "app": root / "blog"}[target]
    proc = run_southgen("fix", str(path), "--format", "json")
    records = json.loads(proc.stdout)["migrations"]
    expected = 1 if target == "file" else len(list(folder.glob("0*.py")))
    assert len(records) == expected
    assert all(r["action"] == "fix" for r in records)


def test_pre_commit_style_file_list(tmp_path: Path) -> None:
    """pre-commit hands over file names, ``__init__.py`` included."""
    root = make_project(tmp_path, sets=("shop",))
    files = [str(p) for p in sorted((root / "orders" / "migrations").glob("*.py"))]
    proc = run_southgen("fix", "--check", *files)
    assert proc.returncode == 1
    assert proc.stdout.count("would fix") == 5
    assert "catalog" not in proc.stdout
    hooks = (Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml").read_text()
    assert "id: southgen-fix" in hooks
    assert "entry: southgen fix --check" in hooks
    assert r"files: migrations/.*\.py" in hooks


def test_django_17_migrations_are_skipped_once(tmp_path: Path) -> None:
    root = make_project(tmp_path, sets=("blog",))
    for app in ("newapp", "otherapp"):
        folder = root / app / "migrations"
        folder.mkdir(parents=True)
        (folder / "__init__.py").write_text("")
        (folder / "0001_initial.py").write_text(
            "from django.db import migrations, models\n\n\n"
            "class Migration(migrations.Migration):\n"
            "    dependencies = []\n    operations = []\n")
    proc = run_southgen("fix", str(root), "--check")
    assert proc.returncode == 1
    assert proc.stderr.count("Django >= 1.7") == 1
    assert "skipped 2 Django >= 1.7 migrations packages" in proc.stderr
    assert "newapp" not in proc.stdout


def test_quiet_by_default_and_no_colour_off_a_terminal(tmp_path: Path) -> None:
    root = make_project(tmp_path, sets=("blog",))
    assert run_southgen("fix", str(root), "--write").returncode == 0
    proc = run_southgen("fix", str(root))
    assert proc.returncode == 0
    assert proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [
        "All done: nothing to fix (9 migrations checked)."]
    assert "\033[" not in proc.stderr


def test_generated_files_compile_under_python27(tmp_path: Path, legacy_runtime) -> None:
    root = make_project(tmp_path)
    assert run_southgen("fix", str(root), "--write").returncode == 0
    for path in migration_files(root):
        proc = legacy_runtime.run(["-m", "py_compile", str(path)], capture_output=True,
                                  text=True)
        assert proc.returncode == 0, (path, proc.stderr)


def test_generate_and_review_read_the_project_config_as_fix_does(tmp_path: Path) -> None:
    """The configured one-off values shape what ``generate`` prints and what ``review``
    shows, exactly as they shape what ``fix --write`` writes."""
    root = make_project(tmp_path)
    written = tmp_path / "written"
    shutil.copytree(root, written)
    assert run_southgen("fix", str(written), "--write").returncode == 0
    compared = 0
    for path in migration_files(root):
        generate = run_southgen("generate", str(path))
        assert generate.returncode == 0, generate.stderr
        fixed = read_migration(written / path.relative_to(root))
        assert fixed.backwards is not None
        method = "".join(fixed.lines()[fixed.backwards.first_line - 1:fixed.backwards.last_line])
        assert generate.stdout.rstrip("\n") == method.replace("\r\n", "\n").rstrip("\n"), path
        compared += "anonymous@example.com" in generate.stdout
    assert compared  # a configured value is in play
    page = tmp_path / "review.html"
    assert run_southgen("review", str(root), "-o", str(page), "-q").returncode == 0
    assert "anonymous@example.com" in page.read_text()
    assert "blog.Comment.email=VALUE" not in page.read_text()


def test_output_format_is_the_ruff_spelling_of_format(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    ruff = run_southgen("fix", str(root), "--check", "--output-format", "github")
    ours = run_southgen("fix", str(root), "--check", "--format", "github")
    assert ruff.returncode == ours.returncode == 1
    assert ruff.stdout == ours.stdout
    assert ruff.stdout.startswith("::")
