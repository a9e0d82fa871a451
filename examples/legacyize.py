"""Make a copy of the examples look like a neglected legacy project.

    python examples/legacyize.py DEST        # copies examples/ to DEST, then strips

South writes a complete backwards(); real legacy projects lost many of them.
Every migration but the first of each app gets, in turn: ``pass``, a
``raise RuntimeError("Cannot reverse this migration.")``, no backwards() at
all, or keeps its own. Used by the review tests, the README screenshot and
the review benchmark.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from southgen.reader import read_migration  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent
STYLES = ("pass", "raise", "missing", "keep")


def strip_backwards(path: Path, style: str) -> None:
    migration = read_migration(path)
    span = migration.backwards
    if span is None or style == "keep":
        return
    lines = migration.lines()
    body = span.body_indent
    newline = migration.newline
    replacement = {
        "pass": [f"{span.indent}def backwards(self, orm):{newline}", f"{body}pass{newline}"],
        "raise": [f"{span.indent}def backwards(self, orm):{newline}",
                  f'{body}raise RuntimeError("Cannot reverse this migration."){newline}'],
        "missing": [],
    }[style]
    lines[span.first_line - 1:span.last_line] = replacement
    path.write_text("".join(lines), encoding=migration.encoding)


def legacyize(root: Path) -> None:
    """Strip the backwards() of every migrations folder below ``root`` in place."""
    for folder in sorted(root.rglob("migrations")):
        files = sorted(p for p in folder.glob("[0-9][0-9][0-9][0-9]_*.py"))
        for index, path in enumerate(files[1:]):
            strip_backwards(path, STYLES[index % len(STYLES)])


def main() -> None:
    dest = Path(sys.argv[1])
    shutil.copytree(EXAMPLES, dest, ignore=shutil.ignore_patterns("steps", "*.pyc"))
    legacyize(dest)


if __name__ == "__main__":
    main()
