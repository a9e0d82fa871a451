"""The pipeline for one migration: read -> state -> diff -> invert -> render.

``generate()`` takes already-read files (so a batch can read each file once
and hand it on as the next migration's previous one); ``generate_for_path``
is the single-file entry point behind ``southgen generate``.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from southgen.appmigrations import number_of, previous_migrations
from southgen.diff import diff_states
from southgen.errors import SouthgenError
from southgen.invert import invert
from southgen.ops import Operation, Risk
from southgen.reader import MigrationFile, read_migration
from southgen.render import render_backwards
from southgen.state import build_state


@dataclass(frozen=True)
class Options:
    defaults: Mapping[str, str] = field(default_factory=dict)  # 'app.Model.field' -> source
    templates_dir: Path | None = None


@dataclass(frozen=True)
class Generated:
    migration: MigrationFile
    previous: MigrationFile | None
    forwards_ops: tuple[Operation, ...]
    backwards_ops: tuple[Operation, ...]
    method: str  # the whole ``def backwards`` method, in the file's indentation and newlines
    risks: tuple[Risk, ...]


def app_labels(migration: MigrationFile) -> set[str]:
    """The apps whose models this migration owns (others in the dict are partial)."""
    return set(migration.complete_apps or ()) or {migration.app_label}


def generate(migration: MigrationFile, previous: MigrationFile | None,
             options: Options = Options()) -> Generated:
    if migration.models is None:
        raise SouthgenError("no frozen 'models' dict in the Migration class",
                            migration.path, migration.class_line)
    new = build_state(migration.models, migration.path, migration.models_line, migration.text)
    old = {}
    if previous is not None and previous.models is not None:
        old = build_state(previous.models, previous.path, previous.models_line, previous.text)
    forwards = diff_states(old, new, app_labels(migration))
    backwards = invert(forwards, options.defaults)
    indent, unit = method_indentation(migration)
    method = render_backwards(backwards, indent=indent, unit=unit, newline=migration.newline,
                              templates_dir=options.templates_dir)
    risks = tuple(risk for op in backwards if (risk := op.risk()) is not None)
    return Generated(migration, previous, tuple(forwards), tuple(backwards), method, risks)


def method_indentation(migration: MigrationFile) -> tuple[str, str]:
    """(indent of the ``def`` line, one indentation step) as the file uses them."""
    for span in (migration.backwards, migration.forwards):
        if span is not None and span.body_indent.startswith(span.indent):
            step = span.body_indent[len(span.indent):]
            if step:
                return span.indent, step
    member = migration.member_indent or "    "
    return member, member


def find_previous(path: Path) -> MigrationFile | None:
    """The nearest earlier migration with a frozen dict; None for an app's first one."""
    earlier = previous_migrations(path)
    for candidate in earlier:
        migration = read_migration(candidate)
        if migration.models is not None:
            return migration
    number = number_of(path)
    if earlier or (number is not None and number > 1):
        missing = f"{number - 1:04d}_*.py" if number and not earlier else "a frozen models dict"
        raise SouthgenError(
            f"previous migration missing: no earlier migration with {missing} "
            f"in {path.parent}", path, 1)
    return None


def generate_for_path(path: Path | str, options: Options = Options()) -> Generated:
    path = Path(path)
    if not path.is_file():
        raise SouthgenError("no such file", path)
    migration = read_migration(path)
    return generate(migration, find_previous(path), options)


def parse_default(text: str) -> tuple[str, str]:
    """``blog.Post.slug="''"`` -> (``'blog.Post.slug'``, ``"''"``)."""
    key, sep, value = text.partition("=")
    if not sep or key.count(".") != 2 or not all(key.split(".")):
        raise SouthgenError(f"--default {text!r}: expected app.Model.field=VALUE")
    try:
        ast.parse(value.strip(), mode="eval")
    except SyntaxError:
        raise SouthgenError(f"--default {text!r}: VALUE is not a Python expression") from None
    return key.strip(), value.strip()
