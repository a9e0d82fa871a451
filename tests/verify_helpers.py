"""Shared helpers for the verify/sql tests (real South, real databases)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DEVSET = ROOT / "tests" / "fixtures" / "verify" / "devset"
ENGINES = ("sqlite", "postgresql", "mysql")
BACKWARDS = re.compile(
    r"^    def backwards\(self, orm\):\n(?:(?:        .*|[ \t]*)(?:\n|\Z))*?(?=^ {0,4}\S|\Z)",
    re.MULTILINE)
RAISES = re.compile(r"^        raise RuntimeError\(", re.MULTILINE)


def example_sets() -> list[Path]:
    """Dirs under examples/ holding */migrations/0001_*.py."""
    if not EXAMPLES.is_dir():
        return []
    return sorted(p for p in EXAMPLES.iterdir()
                  if p.is_dir() and any(p.glob("*/migrations/0001_*.py")))


def database_url(request, engine: str) -> str | None:
    """None for SQLite, else the server fixture's URL (skips/fails like conftest)."""
    if engine == "sqlite":
        return None
    return request.getfixturevalue("pg_url" if engine == "postgresql" else "mysql_url")


@pytest.fixture(params=ENGINES)
def engine_url(request, legacy_runtime):  # noqa: ARG001 (marks the test legacy)
    return request.param, database_url(request, request.param)


def backwards_body(text: str) -> str:
    match = BACKWARDS.search(text)
    assert match, "no backwards() found"
    return match.group(0)


def replace_backwards(text: str, body: str) -> str:
    """The file text with backwards()'s body replaced by ``body`` (8-space indented)."""
    match = BACKWARDS.search(text)
    assert match, "no backwards() found"
    lines = "".join(f"        {line}\n" if line.strip() else "\n" for line in body.splitlines())
    return text[: match.start()] + "    def backwards(self, orm):\n" + lines + "\n" + \
        text[match.end():]


def deliberately_irreversible(path: Path) -> bool:
    """A backwards that raises on purpose (South's generated RuntimeError)."""
    return bool(RAISES.search(backwards_body(path.read_text())))


def scratch_databases(engine: str) -> set[str]:
    """Names of southgen scratch databases now on the test server."""
    if engine == "postgresql":
        cmd = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc",
               "SELECT datname FROM pg_database WHERE datname LIKE 'southgen\\_verify\\_%'"]
    else:
        cmd = ["mysql", "-h", "127.0.0.1", "-uroot", "-N", "-e",
               "SHOW DATABASES LIKE 'southgen\\_verify\\_%'"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=True)
    return {line.strip() for line in out.stdout.splitlines() if line.strip()}


def assert_no_scratch_left(engine: str, before: set[str], timeout: float = 30) -> None:
    """No southgen_verify_* database beyond those there before (other runs
    sharing the server may come and go meanwhile: wait for those)."""
    import time

    if engine == "sqlite":
        return
    leftover = scratch_databases(engine) - before
    deadline = time.monotonic() + timeout
    while leftover and time.monotonic() < deadline:
        time.sleep(1)
        leftover &= scratch_databases(engine)
    assert not leftover, f"scratch databases left behind: {leftover}"
