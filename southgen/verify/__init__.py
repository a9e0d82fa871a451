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
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from southgen.errors import SouthgenError
from southgen.runtime import LegacyRuntime, default_runtime, user_runtime
from southgen.verify.databases import Database, parse_url, scratch
from southgen.verify.engine import Verifier
from southgen.verify.project import (
    STUB_PACKAGE,
    Layout,
    Project,
    conflicting_apps,
    discover,
    lay_out,
)
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
    VerifyStatus,
)
from southgen.verify.runner_client import RunnerClient
from southgen.verify.session import Planned, Session

__all__ = [
    "verify_project", "VerifyReport", "MigrationResult", "ChainResult", "Difference",
    "DataLoss", "MigrationError", "VerifyStatus", "OK", "MISMATCH", "DATA_LOST", "ERROR",
    "IRREVERSIBLE", "SKIPPED", "legacy_runtime", "open_session",
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
        config["apps"] = [f"{STUB_PACKAGE}.{label}" for label in layout.app_order]
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
            with RunnerClient(runtime, config, ready, cwd=layout.dir) as client:
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
    only: list[str] | None = None,
    exclude: list[str] | None = None,
) -> VerifyReport:
    """Verify every migration under ``root``; see the module docstring.
    ``only`` takes ``APP`` or ``APP:MIGRATION`` (a name or its prefix);
    ``exclude`` leaves apps out as if they were not in the project."""
    started = time.monotonic()
    project = discover(Path(root))
    chosen = set(exclude or []) | {item.partition(":")[0] for item in only or []}
    left_out = {old: f"its migrations create tables {new}'s also create ({', '.join(shared[:3])}"
                     f"{', ...' if len(shared) > 3 else ''}): only one of them can be installed; "
                     f"--only {old} --exclude {new} verifies it"
                for old, (new, shared) in conflicting_apps(project).items()
                if old not in chosen and new not in chosen}
    whole = project
    project = without_apps(project, [*(exclude or []), *left_out])
    dropped = {p.resolve() for label in left_out for p in whole.apps[label].files}
    overrides = {p: t for p, t in (overrides or {}).items() if Path(p).resolve() not in dropped}
    selection = Selection.parse(only or [], project)
    server = parse_url(database)
    report = VerifyReport(Path(root), server.label())
    with open_session(project, database=database, python=python, settings=settings,
                      overrides=overrides) as session:
        report.runtime = dict(session.client.info or {})
        if progress is not None and session.database is not None:
            progress(f"scratch database {session.database.name} ({report.database})")
        plan = selection.trim(session.plan())
        planned = {m.key for m in plan}
        verifier = Verifier(session, plan, selection.judged, progress,
                            chain=not selection.migrations)
        report.migrations, report.chain = verifier.run()
        report.migrations += _not_installed(project, planned, selection)
        report.skip_reasons = verifier.reasons
        report.stand_ins = session.client.stand_ins
        report.assumed = session.assumed
        report.absent_models = session.absent_models
        report.left_out = left_out
        report.migrations += [
            MigrationResult(label, path.stem, path, SKIPPED, cause=label)
            for label in left_out for path in whole.apps[label].files]
        report.timings = session.client.timings
    report.seconds = time.monotonic() - started
    return report


def without_apps(project: Project, labels: list[str]) -> Project:
    """The project without these apps: to South they are absent apps."""
    for label in labels:
        if label not in project.apps:
            raise SouthgenError(f"--exclude {label}: no such app in the project", project.root)
    apps = {k: v for k, v in project.apps.items() if k not in labels}
    if not apps:
        raise SouthgenError("--exclude leaves no app to verify", project.root)
    return Project(project.root, apps)


@dataclass(frozen=True)
class Selection:
    """Which migrations are verified (the others are only applied as needed)."""

    apps: frozenset[str] = frozenset()  # every migration of these apps
    migrations: frozenset[tuple[str, str]] = frozenset()  # (app, name or prefix)

    @classmethod
    def parse(cls, only: list[str], project: Project) -> Selection:
        if not only:
            return cls(frozenset(project.apps))
        apps, migrations = set(), set()
        for item in only:
            app, _, name = item.partition(":")
            if app not in project.apps:
                raise SouthgenError(f"--only {item}: no such app in the project", project.root)
            if not name:
                apps.add(app)
            elif not any(p.stem.startswith(name) for p in project.apps[app].files):
                raise SouthgenError(f"--only {item}: no such migration in {app}", project.root)
            else:
                migrations.add((app, name))
        return cls(frozenset(apps), frozenset(migrations))

    def judged(self, m: Planned) -> bool:
        return m.app in self.apps or any(
            m.app == app and m.name.startswith(name) for app, name in self.migrations)

    def trim(self, plan: list[Planned]) -> list[Planned]:
        """The verified migrations and what they need, in South's order."""
        needed = {m.key for m in plan if self.judged(m)}
        for m in plan:
            if m.key in needed:
                needed.update(m.requires)
        return [m for m in plan if m.key in needed]

    def covers(self, app: str, name: str) -> bool:
        return self.judged(Planned(app, name, None, [], None))


def _not_installed(project: Project, planned: set[str], selection: Selection
                   ) -> list[MigrationResult]:
    results = []
    for label, app in project.apps.items():
        for path in app.files:
            if selection.covers(label, path.stem) and f"{label}:{path.stem}" not in planned:
                results.append(MigrationResult(
                    label, path.stem, path, SKIPPED,
                    notes=["not run: South does not see this app (not in INSTALLED_APPS?)"]))
    return results


def find_project_for_file(path: Path) -> tuple[Project, str, str]:
    """The project around one migration file, cut down to the file's app and
    the apps it depends on: (project, app label, name)."""
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
    needed = apps_needed(project, app.label)
    return Project(project.root, {k: v for k, v in project.apps.items() if k in needed}), \
        app.label, path.stem


DEPENDS_ON = re.compile(r"\bdepends_on\s*=")
PAIR = re.compile(r"""\(\s*u?['"](\w+)['"]\s*,\s*u?['"]\w+['"]\s*\)""")


def apps_needed(project: Project, label: str) -> set[str]:
    """``label`` and the apps of the project its migrations depend on, transitively
    (read from ``depends_on`` by text: a file that does not parse still counts)."""
    needed, todo = {label}, [label]
    while todo:
        for path in project.apps[todo.pop()].files:
            text = path.read_text(encoding="utf-8", errors="replace")
            for match in DEPENDS_ON.finditer(text):
                block = text[match.end():match.end() + 2000].split("\n\n", 1)[0]
                for dep in PAIR.findall(block):
                    if dep in project.apps and dep not in needed:
                        needed.add(dep)
                        todo.append(dep)
    return needed
