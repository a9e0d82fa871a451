"""Benchmark ``southgen fix --check`` on a large synthetic legacy project.

    python benchmarks/bench_fix.py [--apps 20] [--migrations 100] [--models 40] [--fields 25]

Builds, in a temp folder, APPS apps x MIGRATIONS South migrations whose
frozen dicts hold MODELS models x FIELDS fields (about 100 KB per file) in
South's own pretty-print layout; consecutive migrations differ by a field or
two, and backwards() bodies are a mix of ``pass``, missing, raising and
present. Then times ``southgen fix --check`` cold (empty result cache) and on
a re-run with nothing changed, reports migrations per second and peak memory
(the main process plus its worker processes, through RUSAGE_CHILDREN), and
checks linearity by timing half the apps. Targets on a 2-core machine: the
whole set under 5 s cold and 1 s re-run, under 300 MB, linear.
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


def migration_text(app: App, forwards: list[str], backwards: list[str], kind: int) -> str:
    parts = [HEADER, "    def forwards(self, orm):\n", "\n".join(forwards), "\n\n"]
    if kind == 0:
        parts.append("    def backwards(self, orm):\n        pass\n\n")
    elif kind == 2:
        parts.append("    def backwards(self, orm):\n        raise RuntimeError("
                     "\"Cannot reverse this migration.\")\n\n")
    elif kind == 3:
        parts += ["    def backwards(self, orm):\n", "\n".join(backwards), "\n\n"]
    parts += [app.frozen(), f"\n    complete_apps = ['{app.label}']\n"]
    return "".join(parts)


def build(root: Path, apps: int, migrations: int, models: int, fields: int) -> int:
    size = 0
    for a in range(apps):
        app = App(f"app{a:02d}", models, fields)
        folder = root / app.label / "migrations"
        folder.mkdir(parents=True)
        (root / app.label / "__init__.py").write_text("")
        (folder / "__init__.py").write_text("")
        for n in range(1, migrations + 1):
            forwards, backwards = initial(app) if n == 1 else evolve(app, n)
            text = migration_text(app, forwards, backwards, (n + a) % 4)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=20)
    parser.add_argument("--migrations", type=int, default=100)
    parser.add_argument("--models", type=int, default=40)
    parser.add_argument("--fields", type=int, default=25)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", action="store_true", help="keep the generated project")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="southgen-bench-"))
    project = work / "project"
    start = time.perf_counter()
    size = build(project, args.apps, args.migrations, args.models, args.fields)
    count = args.apps * args.migrations
    print(f"built {count} migrations ({args.apps} apps x {args.migrations}), "
          f"{size / count / 1024:.0f} KB per file, {size / 2**20:.0f} MB "
          f"in {time.perf_counter() - start:.1f} s; {args.jobs} jobs")

    def show(label: str, data: dict, migrations: int) -> None:
        print(f"{label:<22} {data['wall']:6.2f} s  ({data['process_wall']:.2f} s with start-up)"
              f"  {migrations / data['wall']:7.0f} migrations/s  peak {data['peak_mb']:.0f} MB"
              f" (main {data['self_kb'] / 1024:.0f} MB, largest worker "
              f"{data['children_kb'] / 1024:.0f} MB)  exit {data['code']}")

    cache = work / "cache"
    cold = run_fix([project], cache, args.jobs)
    show("cold", cold, count)
    warm = run_fix([project], cache, args.jobs)
    show("re-run (cached)", warm, count)

    half = sorted(project.iterdir())[: args.apps // 2]
    half_cold = run_fix(half, work / "cache-half", args.jobs)
    show(f"cold, {len(half)} apps", half_cold, len(half) * args.migrations)
    ratio = cold["wall"] / half_cold["wall"]
    print(f"linearity: {args.apps} apps / {len(half)} apps = {ratio:.2f}x time "
          f"(2.00 is linear)")
    ok = cold["wall"] < 5 and warm["wall"] < 1 and max(cold["peak_mb"], warm["peak_mb"]) < 300
    print("targets (cold < 5 s, re-run < 1 s, peak < 300 MB):", "met" if ok else "NOT met")
    if not args.keep:
        subprocess.run(["rm", "-rf", str(work)], check=False)
    else:
        print(f"kept {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
