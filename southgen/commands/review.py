"""``southgen review PATH``: write an HTML page to review every backwards() fix would write.

    southgen review myproject/                        # review.html
    southgen review myproject/ -o /tmp/review.html
    southgen review myproject/ --verify --database postgresql://postgres@127.0.0.1/postgres
    southgen review myproject/ --sql --database sqlite --database mysql://root@127.0.0.1/test

One card per migration that would be fixed, is flagged for review or is in
error (forwards as read, the backwards now and generated as a highlighted
diff, risks, notes, verify's verdict per database); ok ones are listed,
collapsed. Exit codes: 0 written, 2 usage or input errors.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from southgen.commands.fix import compute
from southgen.commands.generate import add_generation_options, project_options
from southgen.commands.options import add_jobs, add_paths, add_verify_python, existing_paths
from southgen.errors import SouthgenError
from southgen.fix.cache import default_cache_dir
from southgen.fix.config import find_config
from southgen.fix.discover import discover
from southgen.fix.fixer import Settings
from southgen.fix.report import display_path
from southgen.review.collect import OUTCOME_LABELS, OUTCOMES, add_sql, add_verdicts, collect
from southgen.review.html import render


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "review", help="write an HTML page to review the backwards() southgen would write",
        description="Write one self-contained HTML page (no network needed) showing, "
                    "migration by migration, what forwards() does, the backwards() southgen "
                    "would write against the one in the file, its risks and, with --verify, "
                    "whether it passed on a scratch database.",
    )
    add_paths(parser)
    parser.add_argument("-o", "--output", type=Path, default=Path("review.html"),
                        metavar="FILE", help="the HTML file to write (default: review.html)")
    parser.add_argument("--all", dest="regenerate_all", action="store_true",
                        help="compare every backwards(), as fix --all would regenerate them")
    add_jobs(parser)
    add_generation_options(parser)
    parser.add_argument("--verify", action="store_true",
                        help="verify every migration (the generated backwards() where fix "
                             "would write one) and show the verdict per database")
    parser.add_argument("--sql", action="store_true",
                        help="show the SQL each backwards() runs, captured from real South "
                             "on a scratch database per --database")
    parser.add_argument("--database", metavar="URL", action="append",
                        help="database server for --verify and --sql, repeatable (default: a "
                             "scratch SQLite file)")
    add_verify_python(parser)
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = existing_paths(args)
    if args.database and not (args.verify or args.sql):
        raise SouthgenError("--database needs --verify or --sql")
    root = Path(os.path.commonpath([str(p.resolve()) for p in paths]))
    config = find_config(root)
    options = project_options(args, config, config.settings)
    discovery = discover(paths, config.exclude, config.root)
    results = compute(discovery, Settings(
        options=options,
        regenerate_all=args.regenerate_all,
        want_text=args.verify or args.sql,
        want_detail=True,
        cache_dir=default_cache_dir(),
    ), args.jobs)
    review = collect(results)
    databases = args.database or [None]
    if args.verify and discovery.apps:
        add_verdicts(review, discovery.apps, databases, args.python)
    if args.sql and discovery.apps:
        add_sql(review, discovery.apps, databases, args.python)
    title = ", ".join(display_path(p) for p in paths)
    _write(args.output, render(review, title=title, jobs=args.jobs))
    if not args.quiet:
        counts = review.counts()["all"]
        summary = ", ".join(f"{counts[o]} {OUTCOME_LABELS[o]}" for o in OUTCOMES if counts[o])
        count = f"{len(results)} migration{'s' * (len(results) != 1)}"
        print(f"southgen: wrote {display_path(args.output)} ({count}: {summary or 'none'})",
              file=sys.stderr)
    return 0


def _write(path: Path, html: str) -> None:
    """Atomically: a reader never sees half a page."""
    folder = path.resolve().parent
    if not folder.is_dir():
        raise SouthgenError("folder does not exist", folder)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(html)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
