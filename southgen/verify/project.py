"""Find a project's South migrations and lay them out for the runner.

A South app is a folder holding ``migrations/`` (or ``south_migrations/``)
with ``NNNN_name.py`` files; its label is the folder's name. The runner
never imports the files in place: each app's migrations are copied into a
temporary package (``southgen_migrations.<label>``), with the caller's
overrides written instead of the on-disk text, and South is pointed at
those packages through ``SOUTH_MIGRATION_MODULES``.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from southgen.errors import SouthgenError
from southgen.fix.discover import discover as find_apps

STUB_PACKAGE = "southgen_apps"
MIGRATIONS_PACKAGE = "southgen_migrations"
# Frozen models of these contrib apps get their real app installed.
KNOWN_CONTRIB = ("sites", "admin", "sessions", "flatpages", "redirects", "comments")
FROZEN_KEY = re.compile(r"""^\s+u?['"]([A-Za-z_][\w]*)\.[\w]+['"]\s*:\s*\{""", re.MULTILINE)


@dataclass
class App:
    label: str
    path: Path  # the app folder
    migrations_dir: Path
    files: list[Path] = field(default_factory=list)


@dataclass
class Project:
    root: Path
    apps: dict[str, App]

    def migration_files(self) -> list[Path]:
        return [f for app in self.apps.values() for f in app.files]

    def app_for_file(self, path: Path) -> App | None:
        path = path.resolve()
        for app in self.apps.values():
            if path.parent == app.migrations_dir.resolve():
                return app
        return None


def discover(root: Path) -> Project:
    """The project's South apps, found as ``southgen fix`` finds them (South's own
    file rule; Django >= 1.7 migration folders skipped)."""
    root = Path(root)
    if not root.exists():
        raise SouthgenError("no such file or directory", root)
    if not root.is_dir():
        raise SouthgenError("not a directory (pass the project folder)", root)
    apps: dict[str, App] = {}
    for found in find_apps([root]).apps:
        if not found.files:
            continue
        label = found.app_label
        if label in apps:
            other = apps[label].migrations_dir
            raise SouthgenError(f"two apps labelled {label!r}: {other} and {found.folder}", root)
        apps[label] = App(label, found.folder.parent, found.folder, list(found.files))
    if not apps:
        raise SouthgenError("no South migrations found (looked for */migrations/NNNN_*.py)", root)
    return Project(root, dict(sorted(apps.items())))


CREATE_TABLE = re.compile(r"""db\.create_table\(\s*u?['"](\w+)['"]""")


def conflicting_apps(project: Project) -> dict[str, tuple[str, list[str]]]:
    """Apps whose migrations create the same tables as another app's (one
    app under two names, a demo copy of an app): only one of each pair can
    be installed. The one with the shorter history -> (the one kept, tables)."""
    tables: dict[str, set[str]] = {}
    for label, app in project.apps.items():
        for path in app.files:
            text = path.read_text(encoding="utf-8", errors="replace")
            tables.setdefault(label, set()).update(CREATE_TABLE.findall(text))
    left: dict[str, tuple[str, list[str]]] = {}
    labels = sorted(tables)
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            shared = tables[a] & tables[b]
            if not shared or a in left or b in left:
                continue
            shorter, kept = sorted((a, b), key=lambda x: (len(project.apps[x].files), x))
            left[shorter] = (kept, sorted(shared))
    return left


def frozen_app_labels(texts) -> set[str]:
    """App labels named as keys of the frozen ``models`` dicts."""
    labels: set[str] = set()
    for text in texts:
        labels.update(m.group(1) for m in FROZEN_KEY.finditer(text))
    return labels


@dataclass
class Layout:
    """The temporary folder the runner imports from."""

    dir: Path
    modules: dict[str, str]  # app label -> migrations package
    files: dict[Path, Path]  # laid-out file -> original file
    extra_contrib: list[str]
    app_order: list[str] = field(default_factory=list)  # INSTALLED_APPS order

    def original(self, path: str | Path | None) -> Path | None:
        if not path:
            return None
        return self.files.get(Path(path).resolve(), Path(path))

    def source(self, app: str, name: str) -> Path | None:
        """The user's file of ``app:name`` (for a migration that does not import)."""
        for laid_out, original in self.files.items():
            if laid_out.parent.parent.name == app and laid_out.stem == name:
                return original
        return None

    def cleanup(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def lay_out(project: Project, overrides: dict[Path, str] | None = None,
            stub_apps: bool = True) -> Layout:
    overrides = {Path(p).resolve(): text for p, text in (overrides or {}).items()}
    known = {p.resolve() for p in project.migration_files()}
    for path in overrides:
        if path not in known:
            raise SouthgenError("override for a file that is not a migration of this project", path)
    tmp = Path(tempfile.mkdtemp(prefix="southgen-verify-")).resolve()
    files: dict[Path, Path] = {}
    modules: dict[str, str] = {}
    texts: list[str] = []
    referenced_by_app: dict[str, set[str]] = {}
    package = tmp / MIGRATIONS_PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text("")
    if stub_apps:
        stubs = tmp / STUB_PACKAGE
        stubs.mkdir()
        (stubs / "__init__.py").write_text("")
    for label, app in project.apps.items():
        # <label>/migrations/ as on disk: migrations that look at their own
        # path (os.path.dirname(__file__)) see their app's folder name.
        (package / label).mkdir()
        (package / label / "__init__.py").write_text("")
        target = package / label / "migrations"
        target.mkdir()
        (target / "__init__.py").write_text("")
        for source in app.files:
            resolved = source.resolve()
            text = overrides.get(resolved)
            if text is None:
                text = source.read_text(encoding="utf-8", errors="replace")
            (target / source.name).write_text(text, encoding="utf-8")
            files[(target / source.name).resolve()] = source
            texts.append(text)
            referenced_by_app.setdefault(label, set()).update(frozen_app_labels([text]))
        modules[label] = f"{MIGRATIONS_PACKAGE}.{label}.migrations"
        if stub_apps:
            stub = stubs / label
            stub.mkdir()
            (stub / "__init__.py").write_text("")
            (stub / "models.py").write_text("")
    referenced = frozen_app_labels(texts)
    extra = sorted(
        label for label in referenced
        if label in KNOWN_CONTRIB and label not in project.apps
    )
    return Layout(tmp, modules, files, extra, app_order(referenced_by_app))


def app_order(references: dict[str, set[str]]) -> list[str]:
    """Apps before the apps whose frozen models refer to theirs, as a
    project's INSTALLED_APPS usually has them: South orders migrations of
    different apps without a ``depends_on`` by that list. Alphabetical
    otherwise; a cycle is broken at the app with the fewest unplaced ones."""
    remaining = {app: refs & set(references) - {app} for app, refs in references.items()}
    order: list[str] = []
    while remaining:
        app = min(remaining, key=lambda a: (len(remaining[a] - set(order)), a))
        order.append(app)
        del remaining[app]
    return order
