"""A South app's migrations folder: which files are migrations, in South's order."""

from __future__ import annotations

import os
import re
from pathlib import Path

# South's own rule (south/migration/base.py): any module name but __init__, sorted.
MIGRATION_FILENAME = re.compile(r"(?!__init__)[0-9a-zA-Z_]*\.py$")


def list_migrations(folder: Path) -> list[Path]:
    with os.scandir(folder) as entries:
        found = [folder / entry.name for entry in entries
                 if MIGRATION_FILENAME.fullmatch(entry.name) and _is_file(entry, folder)]
    return sorted(found, key=lambda p: p.name)


def _is_file(entry: os.DirEntry, folder: Path) -> bool:
    """``Path.is_file``, from the directory listing (no stat) unless it is a link."""
    if entry.is_symlink():
        return (folder / entry.name).is_file()
    return entry.is_file(follow_symlinks=False)


def is_migration_file(path: Path) -> bool:
    return bool(MIGRATION_FILENAME.fullmatch(path.name))


def number_of(path: Path) -> int | None:
    match = re.match(r"(\d+)", path.name)
    return int(match.group(1)) if match else None
