"""``southgen verify``: prove with real South on a real database that each
migration's backwards undoes its forwards.

The Python API the ``fix --verify`` command calls::

    report = verify_project(root, database=None, python=None, settings=None,
                            overrides={path: new_file_text})
    report.passed(path)   # True when that migration verified ok
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from southgen.errors import SouthgenError
from southgen.runtime import LegacyRuntime, default_runtime, user_runtime
from southgen.verify.databases import Database, parse_url, scratch
from southgen.verify.engine import Verifier
from southgen.verify.project import STUB_PACKAGE, Layout, Project, discover, lay_out
from southgen.verify.report import (
    DATA_LOST,
    ERROR,
    IRREVERSIBLE,
    MISMATCH,
    OK,
    SKIPPED,
    ChainResult,
    DataLoss,
    Difference,
    MigrationError,
    MigrationResult,
    VerifyReport,
)
from southgen.verify.runner_client import RunnerClient
from southgen.verify.session import Session

__all__ = [
    "verify_project", "VerifyReport", "MigrationResult", "ChainResult", "Difference",
    "DataLoss", "MigrationError", "OK", "MISMATCH", "DATA_LOST", "ERROR", "IRREVERSIBLE",
    "SKIPPED", "legacy_runtime", "open_session",
]


def legacy_runtime(python: str | None) -> LegacyRuntime:
    return user_runtime(python) if python else default_runtime()


def runner_config(project: Project, layout: Layout, db: Database,
                  settings: str | None, server: Database | None = None) -> dict:
    config = {
        "engine": db.engine,
        "db": db.runner_config(),
        "server_db": server.name if server is not None else "",
        "migration_modules": layout.modules,
        "migration_files": [str(p) for p in layout.files],
        "extra_contrib": layout.extra_contrib,
    }
    root = str(project.root.resolve())
    if settings:
        config["settings"] = settings
        config["sys_path_first"] = [str(layout.dir), root, os.getcwd()]
        config["sys_path_last"] = [str(project.root.resolve().parent)]
    else:
        config["apps"] = [f"{STUB_PACKAGE}.{label}" for label in project.apps]
        config["sys_path_first"] = [str(layout.dir)]
        config["sys_path_last"] = [root]
    return config


@contextlib.contextmanager
def open_session(project: Project, *, database: str | None, python: str | None,
                 settings: str | None, overrides: dict[Path, str] | None = None
                 ) -> Iterator[Session]:
    """Scratch database + laid-out migrations + one runner process, all torn
    down on exit (also on an error, Ctrl-C or SIGTERM)."""
    server = parse_url(database)
    runtime = legacy_runtime(python)
    layout = lay_out(project, overrides, stub_apps=not settings)
    try:
        with scratch(server, runtime) as pending:
            # The runner sets Django and South up while the database is created.
            config = runner_config(project, layout, pending.db, settings, server)
            ready = None if server.engine == "sqlite" else pending.wait
            with RunnerClient(runtime, config, ready) as client:
                yield Session(client, layout, pending.db)
                if ready is not None:
                    pending.dropped = client.drop_database()
    finally:
        layout.cleanup()


def verify_project(
    root: Path,
    *,
    database: str | None = None,
    python: str | None = None,
    settings: str | None = None,
    overrides: dict[Path, str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> VerifyReport:
    """Verify every migration under ``root``; see the module docstring."""
    started = time.monotonic()
    project = discover(Path(root))
    server = parse_url(database)
    report = VerifyReport(Path(root), server.label())
    with open_session(project, database=database, python=python, settings=settings,
                      overrides=overrides) as session:
        report.runtime = dict(session.client.info or {})
        if progress is not None and session.database is not None:
            progress(f"scratch database {session.database.name} ({report.database})")
        plan, broken = session.plan()
        if broken:
            report.migrations = _broken_results(project, session, broken)
        else:
            planned = {m.key for m in plan}
            verifier = Verifier(session, plan, set(project.apps), progress)
            report.migrations, report.chain = verifier.run()
            report.migrations += _not_installed(project, planned)
        report.timings = session.client.timings
    report.seconds = time.monotonic() - started
    return report


def _broken_results(project: Project, session: Session, broken: list[dict]
                    ) -> list[MigrationResult]:
    """Some migration does not import: South can't order anything."""
    errors = {b["migration"]: session.error("import", b) for b in broken}
    results = []
    for label, app in project.apps.items():
        for path in app.files:
            key = f"{label}:{path.stem}"
            if key in errors:
                results.append(MigrationResult(label, path.stem, path, ERROR, error=errors[key]))
            else:
                results.append(MigrationResult(
                    label, path.stem, path, SKIPPED,
                    notes=[f"not run: {', '.join(sorted(errors))} does not import"]))
    return results


def _not_installed(project: Project, planned: set[str]) -> list[MigrationResult]:
    results = []
    for label, app in project.apps.items():
        for path in app.files:
            if f"{label}:{path.stem}" not in planned:
                results.append(MigrationResult(
                    label, path.stem, path, SKIPPED,
                    notes=["not run: South does not see this app (not in INSTALLED_APPS?)"]))
    return results


def find_project_for_file(path: Path) -> tuple[Project, str, str]:
    """The project around one migration file: (project, app label, name)."""
    path = Path(path)
    if not path.is_file():
        raise SouthgenError("no such file", path)
    migrations_dir = path.resolve().parent
    root = migrations_dir.parent.parent
    project = discover(root)
    app = project.app_for_file(path)
    if app is None or path.resolve() not in {f.resolve() for f in app.files}:
        raise SouthgenError("not a South migration (expected <app>/migrations/NNNN_name.py)",
                            path)
    return project, app.label, path.stem
