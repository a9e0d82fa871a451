"""A South app's migrations folder: which files are migrations, in South's order."""

from __future__ import annotations

import re
from pathlib import Path

# South's own rule (south/migration/base.py): any module name but __init__, sorted.
MIGRATION_FILENAME = re.compile(r"(?!__init__)[0-9a-zA-Z_]*\.py$")


def list_migrations(folder: Path) -> list[Path]:
    return sorted(
        (p for p in folder.iterdir() if p.is_file() and MIGRATION_FILENAME.fullmatch(p.name)),
        key=lambda p: p.name,
    )


def is_migration_file(path: Path) -> bool:
    return bool(MIGRATION_FILENAME.fullmatch(path.name))


def number_of(path: Path) -> int | None:
    match = re.match(r"(\d+)", path.name)
    return int(match.group(1)) if match else None
