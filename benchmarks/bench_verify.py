"""Benchmark: ``southgen verify`` vs. verifying by hand with manage.py.

For each example set (``examples/<set>/`` with ``*/migrations/0001_*.py``):

* southgen: ``verify_project`` (one runner process per database: every
  migration forwards, backwards, forwards again, with schema snapshots and
  sample rows, then the whole chain);
* naive: what a user would do by hand, each step its own ``manage.py
  migrate`` process: per migration forwards, backwards, forwards again, then
  every app to zero and back to latest. (No schema comparison at all: a
  lower bound for the manual way.)

    python benchmarks/bench_verify.py                      # SQLite
    python benchmarks/bench_verify.py --database postgresql://postgres@127.0.0.1:5432/postgres

Then where southgen's time went: inside South's own migrate calls (its DDL,
introspection and history; the same work the naive way does, minus the
process starts), southgen's checks (schema snapshots, sample rows), runner
start (process, Django/South setup, scratch database creation overlapped,
syncdb), dropping the database, and the rest; and the speedup bound if
everything but South's migrate were free.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from southgen.runtime import LegacyRuntime, default_runtime  # noqa: E402
from southgen.verify import verify_project  # noqa: E402
from southgen.verify.databases import Database, parse_url, scratch_database  # noqa: E402

ENGINES = {"sqlite": "django.db.backends.sqlite3",
           "postgresql": "django.db.backends.postgresql_psycopg2",
           "mysql": "django.db.backends.mysql"}
MYSQL_SHIM = "try:\n    import MySQLdb\nexcept ImportError:\n    import pymysql\n" \
             "    pymysql.install_as_MySQLdb()\n"


def example_sets() -> list[Path]:
    examples = ROOT / "examples"
    return sorted(p for p in examples.iterdir()
                  if p.is_dir() and any(p.glob("*/migrations/0001_*.py")))


def bench_settings(db: Database) -> str:
    settings = {"ENGINE": ENGINES[db.engine], "NAME": db.name, "USER": db.user,
                "PASSWORD": db.password, "HOST": db.host, "PORT": str(db.port or "")}
    shim = MYSQL_SHIM if db.engine == "mysql" else ""
    return f"{shim}from settings import *  # noqa\nDATABASES = {{'default': {settings!r}}}\n"


def naive(example: Path, order: list[tuple[str, str, str | None]], runtime: LegacyRuntime,
          server: Database) -> tuple[float, int]:
    """Seconds and manage.py processes for the by-hand round trips."""
    with tempfile.TemporaryDirectory(prefix="southgen-bench-") as tmp:
        project = Path(tmp) / example.name
        shutil.copytree(example, project)
        started = time.monotonic()  # a fresh database is part of the job, as for southgen
        with scratch_database(server, runtime) as db:
            (project / "bench_settings.py").write_text(bench_settings(db))
            env = runtime.env({**os.environ, "DJANGO_SETTINGS_MODULE": "bench_settings"})
            runs = 0

            def manage(*args: str) -> bool:
                nonlocal runs
                runs += 1
                proc = subprocess.run(
                    [str(runtime.python), "manage.py", *args, "--settings=bench_settings"],
                    cwd=project, env=env, capture_output=True, text=True)
                return proc.returncode == 0

            manage("syncdb", "--noinput")
            for app, name, prev in order:
                manage("migrate", app, name)
                manage("migrate", app, prev or "zero")
                manage("migrate", app, name)
            apps = list(dict.fromkeys(app for app, _, _ in order))
            for app in reversed(apps):
                manage("migrate", app, "zero")
            for app in apps:
                manage("migrate", app)
        return time.monotonic() - started, runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="server URL (default: SQLite)")
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args()
    runtime = default_runtime()
    server = parse_url(args.database)
    print(f"database: {server.label()}   runtime: {runtime.python}")
    print(f"{'set':10} {'migrations':>10} {'southgen':>10} {'naive':>10} {'processes':>10} "
          f"{'speedup':>8}")
    total_ours = total_naive = 0.0
    timings: dict[str, float] = {}
    for example in example_sets():
        started = time.monotonic()
        report = verify_project(example, database=args.database)
        ours = time.monotonic() - started
        total_ours += ours
        for kind, seconds in report.timings.items():
            timings[kind] = timings.get(kind, 0.0) + seconds
        order = [(r.app, r.name, None) for r in report.migrations]
        previous: dict[str, str] = {}
        for i, (app, name, _) in enumerate(order):
            order[i] = (app, name, previous.get(app))
            previous[app] = name
        if args.skip_naive:
            print(f"{example.name:10} {len(order):10d} {ours:9.2f}s")
            continue
        slow, runs = naive(example, order, runtime, server)
        total_naive += slow
        print(f"{example.name:10} {len(order):10d} {ours:9.2f}s {slow:9.2f}s {runs:10d} "
              f"{slow / ours:7.1f}x")
    if not args.skip_naive and total_ours:
        print(f"{'total':10} {'':10} {total_ours:9.2f}s {total_naive:9.2f}s {'':10} "
              f"{total_naive / total_ours:7.1f}x")
    print_breakdown(timings, total_ours, total_naive)
    return 0


def print_breakdown(timings: dict[str, float], total: float, naive_total: float) -> None:
    south = timings.get("south", 0.0)
    parts = [
        ("South's migrate (in the runner)", south),
        ("  migrate requests' overhead", timings.get("migrate", 0.0) - south),
        ("checks: snapshots, sample rows", sum(timings.get(k, 0.0) for k in (
            "snapshot", "insert_rows", "read_rows", "applied", "reset"))),
        ("runner start + scratch database", timings.get("start", 0.0)),
        ("drop scratch database", timings.get("drop_database", 0.0)),
    ]
    parts.append(("other (Python side, plan, exit)", total - sum(s for _, s in parts)))
    print("\nwhere southgen's time went (all sets):")
    for label, seconds in parts:
        share = 100 * seconds / total if total else 0.0
        print(f"  {label:34} {seconds:7.2f}s {share:5.1f}%")
    if naive_total and south:
        print(f"  speedup bound if all but South's migrate were free: "
              f"{naive_total / south:.1f}x")


if __name__ == "__main__":
    sys.exit(main())
