"""The pipeline for one migration: read -> state -> diff -> invert -> plan -> render.

``plan()`` gives the backwards as operations, guards, risks and notes (no
text); ``render()`` writes it as the ``def backwards`` method. ``generate()``
does both; it takes already-read files (so a batch can read each file once
and hand it on as the next migration's previous one); ``generate_for_path``
is the single-file entry point behind ``southgen generate``.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from southgen.dependencies import check_dependencies
from southgen.diff import diff_states
from southgen.errors import SouthgenError
from southgen.forwards import read_forwards
from southgen.history import AppHistory, Before, Definitions
from southgen.invert import invert
from southgen.lookup import Lookup
from southgen.madeby import drift_note, made_by
from southgen.operations.base import Operation
from southgen.operations.checks import Guard
from southgen.operations.flow import flatten, map_leaves
from southgen.operations.guards import add_guards
from southgen.operations.raw import DataChange, DataPolicy
from southgen.operations.risk import Risk, RiskKind
from southgen.operations.sqliteindexes import keep_sqlite_indexes
from southgen.reader import MigrationFile
from southgen.reconcile import reconcile
from southgen.render import render_backwards, render_operation
from southgen.state import State, build_state
from southgen.symbolic import given_settings, writing_into

DATA_POLICIES = tuple(policy.value for policy in DataPolicy)


@dataclass(frozen=True)
class Options:
    defaults: Mapping[str, str] = field(default_factory=dict)  # 'app.Model.field' -> source
    templates_dir: Path | None = None
    data_policy: str = DataPolicy.NOOP  # what backwards does about a data change
    guards: bool = True  # checks before any DDL (NULLs, duplicates, orphans); --no-guards
    # The project's settings as typed (--setting NAME=VALUE): see southgen.evaluate.
    settings: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """What the backwards does, before any text: its operations, guards, risks, notes."""

    migration: MigrationFile
    previous: MigrationFile | None
    forwards_ops: tuple[Operation, ...]
    backwards_ops: tuple[Operation, ...]
    risks: tuple[Risk, ...]
    notes: tuple[str, ...] = ()  # where forwards() and the frozen models disagree
    guards: tuple[Guard, ...] = ()  # checks run before the backwards operations


@dataclass(frozen=True)
class Generated(Plan):
    method: str = ""  # the whole ``def backwards`` method, in the file's indentation and newlines


def app_labels(migration: MigrationFile) -> set[str]:
    """The apps whose models this migration owns (others in the dict are partial)."""
    return set(migration.complete_apps or ()) or {migration.app_label}


def generate(migration: MigrationFile, previous: MigrationFile | None,
             options: Options = Options(), lookup: Lookup | None = None,
             unreadable: tuple[Path, ...] = (), before: tuple[State | None, str | None]
             | None = None, new_state: State | None = None) -> Generated:
    """The plan for the migration's backwards, rendered (see ``plan``)."""
    planned = plan(migration, previous, options, lookup, unreadable, before, new_state)
    return Generated(**vars(planned), method=render(planned, options))


def plan(migration: MigrationFile, previous: MigrationFile | None,
         options: Options = Options(), lookup: Lookup | None = None,
         unreadable: tuple[Path, ...] = (), before: tuple[State | None, str | None]
         | None = None, new_state: State | None = None) -> Plan:
    """``lookup`` answers for earlier definitions (by default, the history of the
    migration's folder); ``unreadable`` lists the files passed over between
    ``previous`` and ``migration`` because they could not be read; ``before`` is
    the state before the migration when it is not ``previous``'s dict (merged
    branches), with the note that says so; ``new_state`` the migration's own
    state when the caller has built it already."""
    if options.data_policy not in DATA_POLICIES:
        raise SouthgenError(f"unknown data policy {options.data_policy!r} "
                            f"(expected one of {', '.join(DATA_POLICIES)})")
    new = new_state
    if new is None and migration.models is not None:
        new = build_state(migration.models, migration.path, migration.models_line,
                          migration.text)
    old: State = {}
    if before is not None:
        old = before[0] or {}
    elif previous is not None and previous.models is not None:
        old = build_state(previous.models, previous.path, previous.models_line, previous.text)
    if lookup is None:
        history, index = AppHistory.of_file(migration.path)
        lookup = Definitions(history).at(index)
    node = migration.forwards.node if migration.forwards else None
    read = read_forwards(node, migration.app_label, new or {}, lookup, migration.module,
                         migration.names)
    if migration.is_data_migration and all(op.changes_schema for op in read.ops):
        read.ops.append(DataChange(()))
    notes: list[str] = [before[1]] if before is not None and before[1] else []
    if unreadable:
        notes.append(f"the state before this migration is {previous.name if previous else 'empty'}"
                     f"'s: {', '.join(p.name for p in unreadable)} could not be read")
    if new is None:
        if not read.ops:
            raise SouthgenError("no frozen 'models' dict in the Migration class, and forwards() "
                                "does nothing southgen can invert", migration.path,
                                migration.class_line)
        forwards = read.ops
    else:
        diff = diff_states(old, new, app_labels(migration), compared_apps(migration, previous))
        tables = {m.db_table for state in (old, new) for m in state.values()}
        reconciled = reconcile(diff, read, tables, lambda key: made_by(migration.path, key))
        forwards = reconciled.ops
        notes += reconciled.notes
    backwards = map_leaves(invert(forwards, options.defaults),
                           lambda op: op.under_data_policy(options.data_policy))
    guards: list[Guard] = []
    if options.guards:
        backwards, guards = add_guards(backwards, lookup)
    backwards = keep_sqlite_indexes(backwards)
    risks = tuple(risk for op in flatten([*guards, *backwards])
                  if (risk := op.risk()) is not None)
    risks += tuple(Risk(RiskKind.REVIEW, note) for note in notes)
    return Plan(migration, previous, tuple(forwards), tuple(backwards), risks, tuple(notes),
                tuple(guards))


def render(planned: Plan, options: Options = Options()) -> str:
    """The whole ``def backwards`` method, in the file's indentation and newlines."""
    migration = planned.migration
    indent, unit = method_indentation(migration)
    with writing_into(migration.names):
        return render_backwards(list(planned.backwards_ops), indent=indent, unit=unit,
                                newline=migration.newline, templates_dir=options.templates_dir,
                                preamble=[render_operation(g, options.templates_dir)
                                          for g in planned.guards])


def compared_apps(migration: MigrationFile, previous: MigrationFile | None) -> set[str]:
    """The apps whose models may be created or deleted by the diff: the migration's own,
    and another app only where both dicts hold it complete (``--freeze``); elsewhere
    another app's models are only partly frozen, or were not frozen before."""
    own = {migration.app_label}
    before = set(previous.complete_apps or ()) if previous is not None else set()
    return own | (app_labels(migration) & before)


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
    """The nearest earlier readable migration with a frozen dict; None for an app's first."""
    history, index = AppHistory.of_file(path)
    return _previous(history, index)[0]


def _previous(history: AppHistory, index: int) -> tuple[MigrationFile | None, Before]:
    before = history.before(index)
    if before.index is not None:
        return history.migration(before.index), before
    error = history.missing_before(index)
    if error is not None:
        raise error
    return None, before


def plan_at(history: AppHistory, index: int, options: Options = Options(),
            lookup: Lookup | None = None) -> Plan:
    """The plan for migration ``index`` of its app's history: the state before it as
    South's order makes it (merged branches, unreadable files passed over)."""
    previous, before = _previous(history, index)
    return plan(history.migration(index), previous, options,
                lookup or Definitions(history).at(index), before.unreadable,
                history.state_before(index), history.state(index))


def generate_for_path(path: Path | str, options: Options = Options()) -> Generated:
    path = Path(path)
    if not path.is_file():
        raise SouthgenError("no such file", path)
    with given_settings(options.settings):
        history, index = AppHistory.of_file(path)
        check_dependencies(history.migration(index))
        planned = plan_at(history, index, options)
        generated = Generated(**vars(planned), method=render(planned, options))
        drift = drift_note(history, index, generated.backwards_ops)
        if not drift:
            return generated
        return replace(generated, notes=(*generated.notes, drift),
                       risks=(*generated.risks, Risk(RiskKind.REVIEW, drift)))


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


def parse_setting(text: str) -> tuple[str, str]:
    """``AUTH_USER_MODEL=accounts.Customer`` -> (``'AUTH_USER_MODEL'``, ``'accounts.Customer'``)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip().isidentifier():
        raise SouthgenError(f"--setting {text!r}: expected NAME=VALUE")
    return name.strip(), value.strip()
