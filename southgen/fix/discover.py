"""Which South migrations a PATH means: a file, a migrations folder, an app, a project.

Every migrations package below a folder is found (``migrations/``, or
``south_migrations/`` as projects moving to Django 1.7 renamed them); the
packages of Django >= 1.7 migrations are skipped, and counted.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from southgen.appmigrations import is_migration_file, list_migrations
from southgen.errors import SouthgenError

PACKAGE_NAMES = ("migrations", "south_migrations")
_PRUNED = {"__pycache__", "node_modules", "site-packages", "dist-packages", ".southgen-cache"}
_DJANGO = re.compile(
    rb"^\s*from\s+django\.db\s+import\s+[^\n]*\bmigrations\b|\(\s*migrations\.Migration\s*\)",
    re.M,
)
_SOUTH = re.compile(rb"^\s*(from|import)\s+south\b", re.M)


@dataclass
class AppFolder:
    folder: Path  # the migrations package
    files: list[Path]  # every migration in it, in South's order
    selected: set[str] | None = None  # names to check; None: all of them

    @property
    def app_label(self) -> str:
        return self.folder.parent.name

    def wanted(self, path: Path) -> bool:
        return self.selected is None or path.name in self.selected


@dataclass
class Discovery:
    apps: list[AppFolder] = field(default_factory=list)
    django_packages: list[Path] = field(default_factory=list)
    excluded: int = 0  # migrations left out by the configuration

    @property
    def total(self) -> int:
        return sum(len([p for p in app.files if app.wanted(p)]) for app in self.apps)


def discover(paths: list[Path], exclude: tuple[str, ...] = (), root: Path | None = None
             ) -> Discovery:
    found: dict[Path, AppFolder] = {}
    django: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise SouthgenError("no such file or folder", path)
        if path.is_file():
            if not (path.suffix == ".py" and is_migration_file(path)):
                continue  # __init__.py, or a stray file handed over by pre-commit
            folder = path.parent
            names = {path.name}
        else:
            folder, names = None, None
        folders = [folder] if folder is not None else list(_packages_below(path))
        for package in folders:
            key = package.resolve()
            if key in django:
                continue
            if key not in found:
                files = list_migrations(package)
                if _is_django_package(files):
                    django.add(key)
                    continue
                found[key] = AppFolder(package, files, set() if names is not None else None)
            app = found[key]
            if names is None:
                app.selected = None
            elif app.selected is not None:
                app.selected |= names
    discovery = Discovery(django_packages=sorted(django))
    base = (root or Path.cwd()).resolve()
    for app in found.values():
        before = len([p for p in app.files if app.wanted(p)])
        _apply_exclude(app, exclude, base)
        discovery.excluded += before - len([p for p in app.files if app.wanted(p)])
        if app.selected is None or app.selected:
            discovery.apps.append(app)
    discovery.apps.sort(key=lambda a: str(a.folder))
    return discovery


def _packages_below(path: Path):
    if path.name in PACKAGE_NAMES and (path / "__init__.py").is_file():
        yield path
        return
    for dirpath, dirnames, filenames in os.walk(path):
        if "pyvenv.cfg" in filenames:
            dirnames[:] = []
            continue
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in _PRUNED)
        here = Path(dirpath)
        if here.name in PACKAGE_NAMES and "__init__.py" in filenames and here != path:
            yield here
            dirnames[:] = []
        elif here == path and here.name in PACKAGE_NAMES:
            yield here


def _is_django_package(files: list[Path]) -> bool:
    for path in files[:3]:
        try:
            head = path.read_bytes()[:8192]
        except OSError:
            continue
        if _SOUTH.search(head):
            return False
        if _DJANGO.search(head):
            return True
    return False


def _apply_exclude(app: AppFolder, patterns: tuple[str, ...], base: Path) -> None:
    if not patterns:
        return
    app_dir = app.folder.parent.resolve()
    names = {app.app_label, _relative(app_dir, base), _relative(app.folder.resolve(), base)}
    if any(fnmatch(name, pattern) for name in names for pattern in patterns):
        app.selected = set()
        return
    kept = {p.name for p in app.files if app.wanted(p)
            and not any(fnmatch(_relative(p.resolve(), base), pattern) or fnmatch(p.name, pattern)
                        for pattern in patterns)}
    if app.selected is not None or len(kept) != len(app.files):
        app.selected = kept


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
