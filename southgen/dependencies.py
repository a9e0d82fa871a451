"""South's cross-app dependencies (``depends_on`` / ``needed_by``), checked on disk.

A name is a migration's module name exactly, as South imports it (the reader
has already stripped a ``.py`` and any folders, as South does; South's prefix
matching is for the command line only). An app that is not beside this one in
the project (``auth``, a third-party app) cannot be checked and is taken on trust.
"""

from __future__ import annotations

from pathlib import Path

from southgen.appmigrations import list_migrations
from southgen.errors import SouthgenError
from southgen.reader import MigrationFile


def check_dependencies(migration: MigrationFile) -> None:
    """Raise a SouthgenError naming the first dependency that does not exist."""
    if not migration.depends_on and not migration.needed_by:
        return
    project = migration.path.resolve().parent.parent.parent
    for attribute, pairs in (("depends_on", migration.depends_on),
                             ("needed_by", migration.needed_by)):
        for app, name in pairs:
            folder = project / app / "migrations"
            if not folder.is_dir():
                continue
            if not _exists(folder, name):
                raise SouthgenError(
                    f"broken dependency chain: {attribute} names {app}.{name}, "
                    f"but {folder} has no such migration",
                    migration.path, _line_of(migration.text, attribute))


def _exists(folder: Path, name: str) -> bool:
    return any(p.stem == name for p in list_migrations(folder))


def _line_of(text: str, attribute: str) -> int | None:
    at = text.find(attribute)
    return None if at == -1 else text.count("\n", 0, at) + 1
