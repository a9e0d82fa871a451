"""``southgen verify PATH``: round-trip every migration with real South on a
scratch database and report the backwards that don't undo their forwards.

    southgen verify myproject/                                  # SQLite scratch file
    southgen verify myproject/ --database postgresql://user@host:5432/postgres
    southgen verify myproject/ --database mysql://root@host:3306/test
    southgen verify myproject/ --python /path/to/venv/bin/python --settings myproject.settings
    southgen verify myproject/ --only blog --only shop:0007 --exclude legacy

Exit codes: 0 every migration verified, 1 something did not, 2 usage or input errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from southgen.commands.options import add_color, add_runtime_options, use_colour
from southgen.verify import verify_project
from southgen.verify.report import render_github, render_sarif, render_text


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "verify", help="prove on a scratch database that each backwards() undoes its forwards()",
        description="Run every South migration forwards, backwards and forwards again on a "
                    "scratch database, comparing the schema and sample rows before and after.",
    )
    parser.add_argument("path", type=Path, help="the project folder")
    add_runtime_options(parser, formats=("text", "json", "github", "sarif"))
    parser.add_argument("--only", action="append", metavar="APP[:MIGRATION]",
                        help="verify only this app, or this one migration (a name or its "
                             "number); the migrations it needs are applied, not verified. "
                             "Repeatable")
    parser.add_argument("--exclude", action="append", metavar="APP",
                        help="leave this app out, as if it were not in the project (its "
                             "frozen models get stand-in tables). Repeatable")
    add_color(parser)
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list every migration and show progress on stderr")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    progress = None
    if args.verbose:
        def progress(message: str) -> None:
            print(f"southgen: {message}", file=sys.stderr, flush=True)

    report = verify_project(args.path, database=args.database, python=args.python,
                            settings=args.settings, progress=progress, only=args.only,
                            exclude=args.exclude)
    if args.format == "json":
        sys.stdout.write(report.to_json() + "\n")
    elif args.format == "github":
        sys.stdout.write(render_github(report))
    elif args.format == "sarif":
        sys.stdout.write(render_sarif(report))
    else:
        text = render_text(report, colour=use_colour(args.color, sys.stdout),
                           verbose=args.verbose)
        sys.stdout.write(text + "\n")
    return 0 if report.ok else 1
