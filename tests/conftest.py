"""Shared fixtures: the real legacy runtime and real database servers."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

PG_URL = os.environ.get("SOUTHGEN_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
MYSQL_URL = os.environ.get("SOUTHGEN_TEST_MYSQL", "mysql://root@127.0.0.1:3306/test")


def _load_build_examples():
    spec = importlib.util.spec_from_file_location("build_examples",
                                                  EXAMPLES / "build_examples.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


# the real-South project builder of examples/, for fixtures South writes in a test
build_examples = _load_build_examples()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """``legacy``, ``db`` and ``slow`` follow from the fixtures and parameters a test uses,
    so a new test cannot forget them. Real South in Python 2.7 (``legacy``) is what takes
    the time: 85% of the suite's, so those tests are ``slow`` too."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        params = {str(v) for v in callspec.params.values()} if callspec else set()
        if "legacy_runtime" in fixtures:
            item.add_marker(pytest.mark.legacy)
            item.add_marker(pytest.mark.slow)
        if fixtures & {"pg_url", "mysql_url"} or params & {"postgresql", "mysql"}:
            item.add_marker(pytest.mark.db)


def _unavailable(reason: str):
    """Skip locally; in CI a missing prerequisite is a failure, never a skip."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def private_fix_cache(tmp_path_factory, monkeypatch) -> None:
    """Every test gets its own result cache (run_southgen passes os.environ on), never
    the user's own ``~/.cache/southgen/fix``."""
    monkeypatch.setenv("SOUTHGEN_FIX_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def legacy_runtime():
    from southgen.errors import SouthgenError
    from southgen.runtime import default_runtime, find_python27

    if find_python27() is None:
        _unavailable("no Python 2.7 on this machine")
    try:
        return default_runtime()
    except SouthgenError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def south_project(tmp_path_factory, legacy_runtime):
    """A factory of new Django 1.6 projects with real South, one app folder each."""
    def make(name: str, apps: list[str]):
        root = tmp_path_factory.mktemp(name) / "project"
        root.mkdir()
        build_examples.write_project(root, name, apps)
        return root, build_examples.Project(legacy_runtime, root, verbose=False)
    return make


def _server_up(cmd: list[str]) -> bool:
    try:
        return subprocess.run(cmd, capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.fixture(scope="session")
def pg_url() -> str:
    if not _server_up(["pg_isready", "-h", "127.0.0.1", "-p", "5432"]):
        _unavailable("PostgreSQL is not running on 127.0.0.1:5432")
    return PG_URL


@pytest.fixture(scope="session")
def mysql_url() -> str:
    if not _server_up(["mysqladmin", "-h", "127.0.0.1", "-uroot", "ping"]):
        _unavailable("MariaDB is not running on 127.0.0.1:3306")
    return MYSQL_URL


def run_southgen(*args: str, cwd: Path | None = None, input: str | None = None):
    """Run the real CLI in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "southgen", *args],
        capture_output=True, text=True, cwd=cwd, input=input,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
