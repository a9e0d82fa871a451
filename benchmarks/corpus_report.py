"""How southgen fares on a folder of real South migrations.

    python benchmarks/corpus_report.py CORPUS [--setting NAME=VALUE ...] [--examples 2]

Runs ``southgen fix CORPUS --check --no-cache --format json`` and prints how
many migrations would be fixed, are to review, are fine and are in error,
then the errors grouped by kind (the message with its names, numbers and
quoted values blanked out), most frequent first, with a few files of each.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kind_of(message: str) -> str:
    """The message without what varies from file to file."""
    kind = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", message)
    kind = re.sub(r"/\S+", "PATH", kind)
    kind = re.sub(r"\b\d{4}_\w+(\.py)?", "MIGRATION", kind)
    kind = re.sub(r"\b[\w.]+\.[\w.]+\b", "NAME", kind)
    return re.sub(r"\d+", "N", kind)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--setting", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--examples", type=int, default=2, metavar="N",
                        help="files listed per error kind")
    args = parser.parse_args()
    command = [sys.executable, "-m", "southgen", "fix", str(args.corpus), "--check",
               "--no-cache", "--format", "json"]
    command += [f"--setting={s}" for s in args.setting]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if not done.stdout.strip():
        sys.stderr.write(done.stderr)
        return 2
    records = json.loads(done.stdout)["migrations"]
    actions = Counter(r["action"] for r in records)
    print(f"{len(records)} migrations in {elapsed:.1f} s: {actions['fix']} to fix, "
          f"{actions['review']} to review, {actions['ok']} ok, {actions['error']} in error")
    groups: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        if record["action"] == "error":
            groups[kind_of(record["message"])].append(record)
    for kind, members in sorted(groups.items(), key=lambda item: -len(item[1])):
        print(f"\n{len(members):5d}  {kind}")
        for record in members[: args.examples]:
            print(f"       {record['path']}:{record['line'] or ''} {record['message'][:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
