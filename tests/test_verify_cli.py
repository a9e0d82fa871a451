"""``southgen verify`` as a user runs it: exit codes, formats, --settings,
--python, and the scratch database dropped even when interrupted."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys

import pytest
from conftest import run_southgen
from verify_helpers import (
    DEVSET,
    EXAMPLES,
    ROOT,
    assert_no_scratch_left,
    database_url,
    replace_backwards,
    scratch_databases,
)


@pytest.mark.usefixtures("legacy_runtime")
def test_ok_project_is_quiet_and_exits_0():
    proc = run_southgen("verify", str(DEVSET))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("verified: 11 migrations on sqlite (11 ok)")
    assert proc.stderr == ""
    assert "\033[" not in proc.stdout  # no colour off a terminal


@pytest.mark.usefixtures("legacy_runtime")
def test_broken_project_exits_1_with_json(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(DEVSET, project)
    path = project / "blog" / "migrations" / "0002_add_slug.py"
    path.write_text(replace_backwards(path.read_text(), "db.delete_column(u'blog_post', 'slug')\n"
                                      "db.delete_column(u'blog_post', 'reviewer_id')\n"))
    text = run_southgen("verify", str(project))
    assert text.returncode == 1
    assert "blog:0002_add_slug" in text.stdout
    assert "mismatch" in text.stdout
    assert "column blog_post.published: left behind by backwards" in text.stdout
    assert "verification failed: 11 migrations" in text.stdout

    proc = run_southgen("verify", str(project), "--format", "json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["ok"] is False
    assert data["counts"]["mismatch"] == 1
    (bad,) = [m for m in data["migrations"] if m["status"] != "ok"]
    assert bad["key"] == "blog:0002_add_slug"
    assert bad["path"] == str(path)
    assert bad["differences"][0] == {
        "kind": "column", "table": "blog_post", "name": "published", "change": "extra",
        "attribute": "", "before": None, "after": None}
    assert data["chain"]["status"] == "ok"


@pytest.mark.parametrize(("args", "message"), [
    (["verify", "no/such/dir"], "no such file or directory"),
    (["verify", str(ROOT / "southgen")], "no South migrations found"),
    (["verify", str(DEVSET), "--database", "oracle://x/y"], "unsupported scheme"),
    (["verify", str(DEVSET), "--database", "sqlite:////tmp/prod.db"], "scratch"),
    (["verify", str(DEVSET), "--python", "/no/such/python"], "no such interpreter"),
])
def test_input_errors_exit_2_in_one_line(args, message):
    proc = run_southgen(*args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
@pytest.mark.usefixtures("legacy_runtime")
def test_bad_settings_module_exits_2_and_drops_the_database(engine, request):
    url = database_url(request, engine)
    before = scratch_databases(engine) if url else set()
    args = ["--database", url] if url else []
    proc = run_southgen("verify", str(DEVSET), "--settings", "no_such_settings_module", *args)
    assert proc.returncode == 2, proc.stdout
    assert "could not set up Django and South" in proc.stderr
    assert "no_such_settings_module" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert_no_scratch_left(engine, before)


def test_project_settings_and_own_python(tmp_path, legacy_runtime):
    """--settings uses the user's settings and apps; their database is never touched."""
    example = EXAMPLES / "blog"
    if not (example / "settings.py").exists():
        pytest.fail("examples/blog/settings.py is missing")
    wrapper = tmp_path / "python"
    wrapper.write_text(
        "#!/bin/sh\n"
        f"PYTHONPATH={os.pathsep.join(legacy_runtime.pythonpath)} "
        f"exec {legacy_runtime.python} \"$@\"\n")
    wrapper.chmod(0o755)
    user_db = tmp_path / "users-own.sqlite3"
    env_db = os.environ.get("SOUTHGEN_EXAMPLE_DB")
    os.environ["SOUTHGEN_EXAMPLE_DB"] = str(user_db)
    try:
        proc = run_southgen("verify", str(example), "--settings", "settings",
                            "--python", str(wrapper), "--format", "json")
    finally:
        if env_db is None:
            os.environ.pop("SOUTHGEN_EXAMPLE_DB")
        else:
            os.environ["SOUTHGEN_EXAMPLE_DB"] = env_db
    data = json.loads(proc.stdout)
    statuses = {m["key"]: m["status"] for m in data["migrations"]}
    assert statuses["blog:0001_initial"] == "ok"
    assert set(statuses.values()) <= {"ok", "irreversible"}
    assert data["runtime"]["django"].startswith("1.")
    assert not user_db.exists()


def _verify_then_signal(engine: str, url: str, sig: int) -> tuple[str, int, str]:
    """Start a real `southgen verify`, wait until it is mid-run, send `sig`."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "southgen", "verify", str(DEVSET), "--database", url, "-v"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    name, done = None, 0
    assert proc.stderr is not None
    for line in proc.stderr:
        found = re.search(r"scratch database (southgen_verify_\w+)", line)
        if found:
            name = found.group(1)
        if re.search(r": (ok|mismatch|error)$", line.strip()):
            done += 1
            if done == 2:
                break
    assert name is not None, "no scratch database announced"
    assert name in scratch_databases(engine)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    return name, proc.returncode, err


@pytest.mark.parametrize("engine", ["postgresql", "mysql"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.usefixtures("legacy_runtime")
def test_interrupted_run_drops_its_scratch_database(engine, sig, request):
    url = database_url(request, engine)
    before = scratch_databases(engine)
    name, code, err = _verify_then_signal(engine, url, sig)
    assert code == (130 if sig == signal.SIGINT else 128 + sig), err
    if sig == signal.SIGINT:
        assert "southgen: interrupted" in err
    assert name not in scratch_databases(engine)
    assert_no_scratch_left(engine, before)
