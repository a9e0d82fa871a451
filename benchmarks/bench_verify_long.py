"""Benchmark: is ``southgen verify`` linear in the length of an app's history?

Builds a synthetic app whose migrations each add one column to one table
(South 1.0's text for ``db.add_column``, frozen dict included) and verifies
it at two lengths on SQLite. Prints the wall time, the mean time per
migration, and the mean of the first and last tenth of the migrations: for a
linear verify the two tenths cost the same; a quadratic one (e.g. every
migration module reloaded at every step) makes the last tenth grow with N.

    python benchmarks/bench_verify_long.py [--sizes 100 400]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from southgen.verify import verify_project  # noqa: E402

HEADER = """\
# -*- coding: utf-8 -*-
from south.db import db
from south.v2 import SchemaMigration


class Migration(SchemaMigration):

    def forwards(self, orm):
{forwards}

    def backwards(self, orm):
{backwards}

    models = {{
        u'long.item': {{
            'Meta': {{'object_name': 'Item'}},
            u'id': ('django.db.models.fields.AutoField', [], {{'primary_key': 'True'}}),
{fields}
        }}
    }}

    complete_apps = ['long']
"""
FIELD = "            'c{n}': ('django.db.models.fields.IntegerField', [], {{'default': '0'}}),"
CREATE = """\
        db.create_table(u'long_item', (
            (u'id', self.gf('django.db.models.fields.AutoField')(primary_key=True)),
        ))"""
ADD = """\
        db.add_column(u'long_item', 'c{n}',
                      self.gf('django.db.models.fields.IntegerField')(default=0),
                      keep_default=False)"""


def build(root: Path, size: int) -> None:
    folder = root / "long" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    for n in range(1, size + 1):
        forwards = CREATE if n == 1 else ADD.format(n=n)
        backwards = ("        db.delete_table(u'long_item')" if n == 1 else
                     f"        db.delete_column(u'long_item', 'c{n}')")
        fields = "\n".join(FIELD.format(n=k) for k in range(2, n + 1))
        (folder / f"{n:04d}_step.py").write_text(
            HEADER.format(forwards=forwards, backwards=backwards, fields=fields))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 400])
    args = parser.parse_args()
    print(f"{'migrations':>10} {'wall s':>8} {'ms/migration':>13} {'first tenth':>12} "
          f"{'last tenth':>11}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            build(Path(tmp), size)
            started = time.monotonic()
            report = verify_project(Path(tmp))
            wall = time.monotonic() - started
        assert report.counts()["ok"] == size, report.counts()
        seconds = [r.seconds for r in report.migrations]
        tenth = max(1, size // 10)
        first = 1000 * sum(seconds[:tenth]) / tenth
        last = 1000 * sum(seconds[-tenth:]) / tenth
        print(f"{size:>10} {wall:>8.1f} {1000 * wall / size:>13.1f} {first:>10.1f}ms "
              f"{last:>9.1f}ms")


if __name__ == "__main__":
    main()
