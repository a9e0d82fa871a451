"""Benchmark ``southgen fix --check`` on large synthetic legacy projects.

    python benchmarks/bench_fix.py [--scenario apps|long|all] [--profile realistic|simple]

Two project shapes, built in a temp folder in South's own pretty-print layout:
``apps``, 20 apps x 100 migrations of about 100 KB, and ``long``, one app of
500 migrations of about 65 KB. The realistic profile (default) has forwards as
legacy histories do: add/alter/delete column, create/delete table, a rename by
hand, raw SQL, data migrations, and about 10% of backwards missing or raising;
create/delete table and delete column make southgen look up earlier
definitions. Each shape is timed cold (empty result cache, page cache warm),
re-run with nothing changed, and at half size (10 vs 20 apps, 250 vs 500
migrations) to show the cost is linear. Reports migrations per second and peak
memory (main process plus its largest worker, through RUSAGE_CHILDREN, times
the number of jobs). Targets on a 2-core machine: many apps cold < 3 s and
re-run < 0.3 s, one app cold < 2 s, peak < 250 MB, 500 vs 250 migrations
<= 2.2x.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEADER = """\
# -*- coding: utf-8 -*-
from south.utils import datetime_utils as datetime
from south.db import db
from south.v2 import SchemaMigration
from django.db import models


class Migration(SchemaMigration):

"""

FIELD_KINDS = (
    ("django.db.models.fields.CharField", "{'max_length': '%d'}", "max_length=%d"),
    ("django.db.models.fields.IntegerField", "{'default': '0'}", "default=0"),
    ("django.db.models.fields.BooleanField", "{'default': 'False'}", "default=False"),
    ("django.db.models.fields.DateTimeField", "{'null': 'True', 'blank': 'True'}",
     "null=True, blank=True"),
    ("django.db.models.fields.TextField", "{'blank': 'True'}", "blank=True"),
)


class App:
    """One app's schema as it evolves, migration after migration."""

    def __init__(self, label: str, models: int, fields: int):
        self.label = label
        self.models: dict[str, dict[str, tuple[str, str, str]]] = {}
        for m in range(models):
            name = f"model{m:02d}"
            columns = {"id": ("django.db.models.fields.AutoField", "{'primary_key': 'True'}",
                              "primary_key=True")}
            for f in range(fields - 1):
                path, frozen, source = FIELD_KINDS[(m + f) % len(FIELD_KINDS)]
                if "%d" in frozen:
                    frozen, source = frozen % (50 + f), source % (50 + f)
                columns[f"field{f:02d}"] = (path, frozen, source)
            self.models[name] = columns

    def object_name(self, model: str) -> str:
        return model.capitalize()

    def table(self, model: str) -> str:
        return f"{self.label}_{model}"

    def frozen(self) -> str:
        blocks = []
        for model in sorted(self.models):
            lines = [f"        u'{self.label}.{model}': {{",
                     f"            'Meta': {{'object_name': '{self.object_name(model)}'}},"]
            fields = self.models[model]
            for name in sorted(fields):
                path, frozen, _ = fields[name]
                key = f"u'{name}'" if name == "id" else f"'{name}'"
                lines.append(f"            {key}: ('{path}', [], {frozen}),")
            lines[-1] = lines[-1].rstrip(",")
            blocks.append("\n".join(lines) + "\n        }")
        return "    models = {\n" + ",\n".join(blocks) + "\n    }\n"


def field_def(field: tuple[str, str, str]) -> str:
    return f"self.gf('{field[0]}')({field[2]})"


def initial(app: App) -> tuple[list[str], list[str]]:
    forwards, backwards = [], []
    for model, fields in sorted(app.models.items()):
        name = app.object_name(model)
        forwards.append(f"        # Adding model '{name}'")
        forwards.append(f"        db.create_table(u'{app.table(model)}', (")
        for field, spec in fields.items():
            forwards.append(f"            ('{field}', {field_def(spec)}),")
        forwards.append("        ))")
        forwards.append(f"        db.send_create_signal(u'{app.label}', ['{name}'])\n")
        backwards.append(f"        # Deleting model '{name}'")
        backwards.append(f"        db.delete_table(u'{app.table(model)}')\n")
    return forwards, backwards


def evolve(app: App, number: int) -> tuple[list[str], list[str]]:
    """Change a field or two; return South's forwards and backwards bodies."""
    models = sorted(app.models)
    forwards, backwards = [], []
    for step in range(1 + number % 2):
        model = models[(number * 7 + step * 13) % len(models)]
        fields = app.models[model]
        table = app.table(model)
        name = app.object_name(model)
        if (number + step) % 3:
            column = f"extra{number:03d}_{step}"
            spec = ("django.db.models.fields.CharField",
                    "{'max_length': '40', 'null': 'True', 'blank': 'True'}",
                    "max_length=40, null=True, blank=True")
            fields[column] = spec
            forwards += [f"        # Adding field '{name}.{column}'",
                         f"        db.add_column(u'{table}', '{column}',",
                         f"                      {field_def(spec)},",
                         "                      keep_default=False)\n"]
            backwards += [f"        # Deleting field '{name}.{column}'",
                          f"        db.delete_column(u'{table}', '{column}')\n"]
        else:
            column = next(f for f, s in fields.items() if "CharField" in s[0]
                          and "null" not in s[1])
            old = fields[column]
            length = 60 + number % 200
            new = (old[0], f"{{'max_length': '{length}'}}", f"max_length={length}")
            fields[column] = new
            forwards += [f"        # Changing field '{name}.{column}'",
                         f"        db.alter_column(u'{table}', '{column}', {field_def(new)})\n"]
            backwards += [f"        # Changing field '{name}.{column}'",
                          f"        db.alter_column(u'{table}', '{column}', {field_def(old)})\n"]
    return forwards, backwards


def evolve_realistic(app: App, number: int) -> tuple[list[str], list[str], bool]:
    """One step of a hand-maintained history: South's own operations, plus data
    migrations and raw SQL. Returns forwards, backwards and whether it is a data
    migration. Create/delete table and delete column make southgen look earlier
    definitions up."""
    kind = number % 10
    models = sorted(app.models)
    if kind == 0:  # data migration: rows only, the frozen dict unchanged
        model = models[number % len(models)]
        name = app.object_name(model)
        return ([f"        for row in orm['{app.label}.{name}'].objects.all():",
                 "            row.save()"],
                ["        pass"], True)
    if kind == 1:  # a new model
        model = f"added{number:03d}"
        columns = {"id": ("django.db.models.fields.AutoField", "{'primary_key': 'True'}",
                          "primary_key=True"),
                   "title": ("django.db.models.fields.CharField", "{'max_length': '80'}",
                             "max_length=80")}
        app.models[model] = columns
        name, table = app.object_name(model), app.table(model)
        forwards = [f"        # Adding model '{name}'", f"        db.create_table(u'{table}', ("]
        forwards += [f"            ('{f}', {field_def(spec)})," for f, spec in columns.items()]
        forwards += ["        ))", f"        db.send_create_signal(u'{app.label}', ['{name}'])"]
        return forwards, [f"        db.delete_table(u'{table}')"], False
    if kind == 2 and len(models) > 8:  # a model deleted (an added one, or an old one)
        added = [m for m in models if m.startswith("added")]
        model = added[0] if added else models[-1]
        table = app.table(model)
        del app.models[model]
        return ([f"        # Deleting model '{app.object_name(model)}'",
                 f"        db.delete_table(u'{table}')"],
                ["        raise RuntimeError(\"Cannot reverse this migration.\")"], False)
    model = models[(number * 7) % len(models)]
    fields = app.models[model]
    table, name = app.table(model), app.object_name(model)
    if kind == 3:  # a column dropped
        extra = [f for f in fields if f.startswith("extra")]
        if extra:
            del fields[extra[0]]
            return ([f"        # Deleting field '{name}.{extra[0]}'",
                     f"        db.delete_column(u'{table}', '{extra[0]}')"],
                    ["        pass"], False)
    if kind == 4:  # a column renamed by hand
        extra = [f for f in fields if f.startswith("extra")]
        if extra:
            new = f"renamed{number:03d}"
            fields[new] = fields.pop(extra[0])
            return ([f"        db.rename_column(u'{table}', '{extra[0]}', '{new}')"],
                    [f"        db.rename_column(u'{table}', '{new}', '{extra[0]}')"], False)
    if kind == 5:  # raw SQL
        index = f"{table}_bench_{number}"
        return ([f"        db.execute('CREATE INDEX {index} ON {table} (id)')"],
                [f"        db.execute('DROP INDEX {index}')"], False)
    forwards, backwards = evolve(app, number)
    return forwards, backwards, False


def migration_text(app: App, forwards: list[str], backwards: list[str], kind: int,
                   data: bool = False) -> str:
    header = HEADER.replace("SchemaMigration", "DataMigration") if data else HEADER
    parts = [header, "    def forwards(self, orm):\n", "\n".join(forwards), "\n\n"]
    if kind == 0:
        parts.append("    def backwards(self, orm):\n        pass\n\n")
    elif kind == 2:
        parts.append("    def backwards(self, orm):\n        raise RuntimeError("
                     "\"Cannot reverse this migration.\")\n\n")
    elif kind == 3:
        parts += ["    def backwards(self, orm):\n", "\n".join(backwards), "\n\n"]
    parts += [app.frozen(), f"\n    complete_apps = ['{app.label}']\n"]
    return "".join(parts)


def backwards_kind(profile: str, n: int, a: int) -> int:
    """0 pass, 1 missing, 2 raising, 3 present. The realistic profile has about 10%
    missing or raising and a few empty, as legacy projects do."""
    if profile == "simple":
        return (n + a) % 4
    return {0: 1, 1: 2, 2: 0}.get((n * 7 + a) % 20, 3)


def build(root: Path, apps: int, migrations: int, models: int, fields: int,
          profile: str = "realistic") -> int:
    size = 0
    for a in range(apps):
        app = App(f"app{a:02d}", models, fields)
        folder = root / app.label / "migrations"
        folder.mkdir(parents=True)
        (root / app.label / "__init__.py").write_text("")
        (folder / "__init__.py").write_text("")
        for n in range(1, migrations + 1):
            data = False
            if n == 1:
                forwards, backwards = initial(app)
            elif profile == "simple":
                forwards, backwards = evolve(app, n)
            else:
                forwards, backwards, data = evolve_realistic(app, n)
            text = migration_text(app, forwards, backwards, backwards_kind(profile, n, a), data)
            path = folder / f"{n:04d}_auto_step_{n}.py"
            path.write_text(text)
            size += len(text)
    return size


RUNNER = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from southgen.cli import main
start = time.perf_counter()
code = main(sys.argv[3:])
wall = time.perf_counter() - start
json.dump({"code": code, "wall": wall,
           "self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
           "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss},
          open(sys.argv[2], "w"))
"""


def run_fix(paths: list[Path], cache: Path, jobs: int) -> dict:
    """One ``southgen fix --check`` process; wall time measured inside it."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as stats:
        out = stats.name
    env = {**os.environ, "SOUTHGEN_FIX_CACHE": str(cache)}
    args = [sys.executable, "-c", RUNNER, str(ROOT), out, "fix", "--check", "-q",
            "--jobs", str(jobs), *map(str, paths)]
    start = time.perf_counter()
    proc = subprocess.run(args, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"southgen fix failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    data = json.loads(Path(out).read_text())
    os.unlink(out)
    data["process_wall"] = elapsed
    data["peak_mb"] = (data["self_kb"] + jobs * data["children_kb"]) / 1024
    return data


def show(label: str, data: dict, migrations: int) -> None:
    print(f"  {label:<26} {data['wall']:6.2f} s  ({data['process_wall']:.2f} s with start-up)"
          f"  {migrations / data['wall']:6.0f} migrations/s  peak {data['peak_mb']:4.0f} MB"
          f" (main {data['self_kb'] / 1024:.0f} MB, largest worker "
          f"{data['children_kb'] / 1024:.0f} MB)  exit {data['code']}")


def measure(work: Path, name: str, apps: int, migrations: int, models: int, fields: int,
            profile: str, jobs: int) -> tuple[dict, dict, dict]:
    """Cold, warm and half-size cold runs of one project shape."""
    project = work / name
    start = time.perf_counter()
    size = build(project, apps, migrations, models, fields, profile)
    count = apps * migrations
    print(f"{name}: {count} migrations ({apps} apps x {migrations}, {profile} forwards), "
          f"{size / count / 1024:.0f} KB per file, {size / 2**20:.0f} MB, "
          f"built in {time.perf_counter() - start:.1f} s; {jobs} jobs")
    paths = [project]
    run_fix(paths, work / f"{name}-warmup", jobs)  # the page cache, as in daily use
    cold = run_fix(paths, work / f"{name}-cache", jobs)
    show("cold (empty cache)", cold, count)
    warm = run_fix(paths, work / f"{name}-cache", jobs)
    show("re-run (nothing changed)", warm, count)
    if apps > 1:
        half = sorted(p for p in project.iterdir() if p.is_dir())[: apps // 2]
        half_count = len(half) * migrations
        label = f"{len(half)} apps"
    else:
        half = [work / f"{name}-half"]
        app = next(p for p in project.iterdir() if p.is_dir())
        folder = half[0] / app.name / "migrations"
        folder.mkdir(parents=True)
        files = sorted(p for p in (app / "migrations").iterdir() if p.name != "__init__.py")
        half_count = len(files) // 2
        for path in [app / "migrations" / "__init__.py", *files[:half_count]]:
            (folder / path.name).write_bytes(path.read_bytes())
        label = f"{half_count} migrations"
    run_fix(half, work / f"{name}-half-warmup", jobs)
    half_cold = run_fix(half, work / f"{name}-half-cache", jobs)
    show(f"cold, {label}", half_cold, half_count)
    print(f"  linearity: {count} / {half_count} migrations = "
          f"{cold['wall'] / half_cold['wall']:.2f}x time (2.00 is linear)")
    return cold, warm, half_cold


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=("apps", "long", "all"), default="all",
                        help="apps: 20 apps x 100 migrations x ~100 KB; long: one app of "
                             "500 migrations x ~65 KB")
    parser.add_argument("--profile", choices=("realistic", "simple"), default="realistic",
                        help="simple: only add/alter column (the first release's benchmark)")
    parser.add_argument("--apps", type=int, default=20)
    parser.add_argument("--migrations", type=int, default=100)
    parser.add_argument("--long-migrations", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="southgen-bench-"))
    targets = []
    if args.scenario in ("apps", "all"):
        cold, warm, _ = measure(work, "apps", args.apps, args.migrations, 40, 25,
                                args.profile, args.jobs)
        targets += [("many apps cold < 3 s", cold["wall"] < 3),
                    ("many apps re-run < 0.3 s", warm["wall"] < 0.3),
                    ("many apps peak < 250 MB", max(cold["peak_mb"], warm["peak_mb"]) < 250)]
    if args.scenario in ("long", "all"):
        cold, warm, half = measure(work, "long", 1, args.long_migrations, 26, 25,
                                   args.profile, args.jobs)
        targets += [("one app cold < 2 s", cold["wall"] < 2),
                    ("one app peak < 250 MB", max(cold["peak_mb"], warm["peak_mb"]) < 250),
                    ("one app linear (<= 2.2x)", cold["wall"] / half["wall"] <= 2.2)]
    for label, met in targets:
        print(f"target {label}: {'met' if met else 'NOT met'}")
    if not args.keep:
        subprocess.run(["rm", "-rf", str(work)], check=False)
    else:
        print(f"kept {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
