"""Differential test: southgen's backwards() against real South's, on random models.

For each fixed seed, ``model_evolution.Evolution`` makes a random but valid
sequence of Django 1.6 ``models.py`` versions for two apps (``alpha`` and
``beta``, with relations both ways). Real South 1.0.2 (the legacy runtime)
writes ``schemamigration --initial`` and then ``--auto`` migrations for them
in a throwaway project, one process per command, answering its NOT NULL
questions on stdin: a one-off value (choice 2), or for a step whose only
questions are about backwards, sometimes "disable the backwards migration"
(choice 3). Each migration's backwards() must then be the same database
operations as southgen generates from the frozen models (compared as in
``test_generate_examples``, one-off values passed as ``Options(defaults=...)``),
and southgen must find forwards() and the frozen diff in agreement.

Deliberate differences, left out of the comparison (see ``_deliberate`` and
``compare``): southgen keeps a field's default on an alter_column that makes
the column NOT NULL again; and with its data checks on, it guards such a
restore instead of raising, so a migration where South was told to raise is
compared with southgen's guard-less output.

South's output is made reproducible as in ``examples/build_examples.py``
(``setarch -R``, a fixed environment); the comparison does not depend on it.
"""

from __future__ import annotations

import ast
import difflib
import os
import random
import re
import textwrap
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import build_examples
from model_evolution import APPS, Evolution, questions

from southgen.calls import DbCall, FieldDef, Unresolved, method_calls
from southgen.fix.equivalence import normalise
from southgen.generate import Generated, Options, find_previous, generate
from southgen.reader import MigrationFile, read_migration

# More for a longer hunt: SOUTHGEN_DIFFERENTIAL_SEEDS=50 SOUTHGEN_DIFFERENTIAL_STEPS=20
SEEDS = range(int(os.environ.get("SOUTHGEN_DIFFERENTIAL_SEEDS", "8")))
STEPS = int(os.environ.get("SOUTHGEN_DIFFERENTIAL_STEPS", "15"))
ONE_OFF_VALUES = ("0", "1", "'x'", "datetime.datetime(2001, 2, 3, 4, 5)")


@dataclass
class Made:
    """One migration South wrote, with what led to it."""

    app: str
    step: int
    path: Path
    mutations: list[str]
    models_diff: str
    answers: str


def _answers(asked: list[str], rng: random.Random) -> str:
    if not asked:
        return ""
    if all(kind == "backwards" for kind in asked) and rng.random() < 0.4:
        return "3\n" * len(asked)
    value = rng.choice(ONE_OFF_VALUES)
    return f"2\n{value}\n" * len(asked)


def _newest_migration(app_dir: Path) -> Path:
    return max((app_dir / "migrations").glob("0*.py"), key=lambda p: p.name)


def run_south(runtime, root: Path, seed: int) -> list[Made]:
    """Evolve the models of ``seed`` and have South write a migration per changed app."""
    root.mkdir(parents=True)
    build_examples.write_project(root, f"differential{seed}", list(APPS))
    project = build_examples.Project(runtime, root, verbose=False)
    evolution = Evolution(seed)
    answer_rng = random.Random(f"answers-{seed}")
    made: list[Made] = []
    texts = {app: "" for app in APPS}
    migrated = dict(texts)
    frozen = {app: evolution.snapshot() for app in APPS}  # as of the app's last migration
    for step in range(STEPS + 1):
        mutations = evolution.step() if step else ["initial models"]
        new_texts = {app: evolution.render(app) for app in APPS}
        changed = [app for app in APPS if new_texts[app] != texts[app]]
        for app in changed:  # all first: relations cross apps
            (root / app / "models.py").write_text(new_texts[app])
        for app in changed:
            # South compares with the last migration's frozen models, which miss changes
            # that made no migration (a default, say): ask as of then.
            answers = _answers(questions(frozen[app], evolution.models, app), answer_rng)
            command = "--auto" if step else "--initial"
            proc = project.manage("schemamigration", app, f"step{step:02d}", command,
                                  stdin=answers, check=False)
            output = proc.stdout + proc.stderr
            if proc.returncode != 0:
                if step and "Nothing seems to have changed" in output:
                    continue  # e.g. only Meta.db_table or a default changed
                pytest.fail(f"seed {seed} step {step}: South failed on {app} "
                            f"({'; '.join(mutations)}), answers {answers!r}:\n{output}\n"
                            f"{new_texts[app]}")
            diff = "".join(difflib.unified_diff(
                migrated[app].splitlines(True), new_texts[app].splitlines(True),
                f"{app}/models.py (last migration)", f"{app}/models.py (step {step})"))
            migrated[app] = new_texts[app]
            frozen[app] = evolution.snapshot()
            made.append(Made(app, step, _newest_migration(root / app), mutations, diff,
                             answers))
        texts = new_texts
    return made


# --- comparing ----------------------------------------------------------------


def _one_off_values(south_calls: list[DbCall], app_label: str, unguarded: Generated) -> dict:
    """The values South was given for NOT NULL restores, read off its own backwards
    (as ``test_generate_examples._south_one_off_values``, plus non-literal values
    such as ``datetime.datetime(...)``, which come back as source text)."""
    restored = {}
    for call in south_calls:
        if call.method in ("add_column", "alter_column") and isinstance(call.args[2], FieldDef):
            restored[(call.args[0], call.args[1])] = dict(call.args[2].kwargs).get("default")
    defaults = {}
    for op in unguarded.backwards_ops:
        if not op.irreversible:
            continue
        field = op.field if hasattr(op, "field") else op.new
        column_key = field.name if hasattr(op, "field") else field.column
        value = restored.get((op.table, column_key))
        if value is not None:
            source = value.source if isinstance(value, Unresolved) else repr(value)
            defaults[f"{app_label}.{op.object_name}.{field.name}"] = source
    return defaults


def _without_default(call: DbCall) -> DbCall:
    field = call.args[2]
    kwargs = tuple((k, v) for k, v in field.kwargs if k != "default")
    stripped = FieldDef(field.field_class, field.args, kwargs)
    return DbCall(call.method, (*call.args[:2], stripped, *call.args[3:]), call.kwargs,
                  call.line)


def _deliberate(ours: list[DbCall], south: list[DbCall]) -> list[DbCall]:
    """Drop southgen's deliberate extras from its calls.

    South strips ``default`` from the field definitions of a changed field
    (``remove_useless_attributes`` edits them in place), so an alter_column
    that makes a column NOT NULL again loses the field's real default; southgen
    keeps it, so the rows that are NULL by then get a value. Only where South's
    alter_column of that column has no default (it has one where it was given a
    one-off value) is ours compared without it.
    """
    south_with_default = {
        (c.args[0], c.args[1]) for c in south
        if c.method == "alter_column" and isinstance(c.args[2], FieldDef)
        and "default" in dict(c.args[2].kwargs)
    }
    return [
        _without_default(c)
        if c.method == "alter_column" and isinstance(c.args[2], FieldDef)
        and (c.args[0], c.args[1]) not in south_with_default
        else c
        for c in ours
    ]


def _method_node(source: str) -> ast.FunctionDef:
    node = ast.parse(textwrap.dedent(source)).body[0]
    assert isinstance(node, ast.FunctionDef)
    return node


_TABLE_RENAME_NOTE = re.compile(
    r"^the frozen models show that the migration renames table '\w+' to '\w+', "
    r"but forwards\(\) does not do it: backwards leaves it alone"
    r"( \((no migration of this app|\w+) does it\))?$")


def compare(made: Made, seed: int) -> str | None:
    """None when southgen's backwards does what South's does, else the report."""
    migration: MigrationFile = read_migration(made.path)
    previous = find_previous(made.path)
    south = method_calls(migration.backwards.node, skip_guards=True)
    # Where South was told to raise (choice 3), compare without southgen's data checks:
    # with them, a column made NOT NULL again is restored unless it holds NULLs (a guard,
    # not compared) instead of always raising, deliberately; without them southgen
    # raises as South does.
    if any(c.method == "raise" for c in south):
        options = Options(guards=False)
    else:
        unguarded = generate(migration, previous, Options(guards=False))
        options = Options(defaults=_one_off_values(south, migration.app_label, unguarded))
    generated = generate(migration, previous, options)
    ours = _deliberate(method_calls(_method_node(generated.method), skip_guards=True), south)
    expected = Counter(normalise(c) for c in south)
    got = Counter(normalise(c) for c in ours)
    # Where forwards() and the frozen diff disagree, southgen follows forwards (and notes
    # it), which would hide a wrong diff. South's forwards is its own diff, so the only
    # expected disagreement is a changed Meta.db_table, which South never detects.
    unexpected_notes = [n for n in generated.notes if not _TABLE_RENAME_NOTE.search(n)]
    if got == expected and not unexpected_notes:
        return None
    only_south = sorted((expected - got).elements())
    only_ours = sorted((got - expected).elements())
    return "\n".join([
        f"seed {seed} step {made.step}: {made.app}/migrations/{made.path.name}",
        "mutations: " + "; ".join(made.mutations),
        f"answers to South: {made.answers!r}" if made.answers else "answers to South: none",
        made.models_diff.rstrip("\n"),
        "only in South's backwards:", *(f"  {c}" for c in only_south),
        "only in southgen's backwards:", *(f"  {c}" for c in only_ours),
        "South's backwards operations:", *(f"  {c}" for c in sorted(expected.elements())),
        "southgen's backwards operations:", *(f"  {c}" for c in sorted(got.elements())),
        *(f"southgen note: {n}" for n in generated.notes),
        *(["(notes other than table renames are failures)"] if unexpected_notes else []),
        "southgen's method:", generated.method.rstrip("\n"),
    ])


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed{seed}")
def test_backwards_matches_south(seed: int, tmp_path: Path, legacy_runtime) -> None:
    made = run_south(legacy_runtime, tmp_path / f"seed{seed}", seed)
    assert len(made) > STEPS // 2
    failures = [report for m in made if (report := compare(m, seed)) is not None]
    assert not failures, f"{len(failures)} of {len(made)} migrations differ:\n\n" + (
        "\n\n".join(failures))


def test_evolution_is_deterministic() -> None:
    def run(seed: int) -> list[str]:
        evolution = Evolution(seed)
        out = []
        for _ in range(STEPS):
            out += evolution.step()
            out += [evolution.render(app) for app in APPS]
        return out

    assert run(3) == run(3)
    assert run(3) != run(4)

