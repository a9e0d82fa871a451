"""``southgen sql FILE --backwards|--forwards``: the SQL that migration runs.

The migration runs with real South on a scratch database (SQLite by default,
or ``--database URL``) and each statement South executes is printed,
formatted with sqlparse. Exit 1 when the migration fails (the SQL up to the
failure is still printed), 2 on usage or input errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from southgen.commands.options import add_runtime_options
from southgen.verify import find_project_for_file, open_session
from southgen.verify.databases import parse_url
from southgen.verify.sql import capture, format_sql


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "sql", help="print the SQL a migration's forwards() or backwards() runs",
        description="Run one migration's forwards() or backwards() on a scratch database "
                    "and print the SQL South executes, formatted.",
    )
    parser.add_argument("file", type=Path, help="the migration file")
    direction = parser.add_mutually_exclusive_group(required=True)
    direction.add_argument("--backwards", dest="direction", action="store_const",
                           const="backwards", help="the SQL of backwards()")
    direction.add_argument("--forwards", dest="direction", action="store_const",
                           const="forwards", help="the SQL of forwards()")
    add_runtime_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project, app, name = find_project_for_file(args.file)
    server = parse_url(args.database)
    with open_session(project, database=args.database, python=args.python,
                      settings=args.settings) as session:
        captured = capture(session, app, name, args.direction)
    captured.database = server.label()
    if args.format == "json":
        data = asdict(captured)
        data["statements"] = [{"sql": s, "formatted": format_sql(s)} for s in captured.statements]
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        out = [f"-- {captured.migration} {captured.direction} on {captured.database}"]
        out += [format_sql(s) for s in captured.statements]
        if not captured.statements:
            out.append("-- (no SQL)")
        sys.stdout.write("\n\n".join(out) + "\n")
    if captured.error is not None:
        print(f"southgen: {captured.migration}: {captured.error}", file=sys.stderr)
        return 1
    return 0
