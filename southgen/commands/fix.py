"""``southgen fix PATH...``: find, review and write the missing backwards() of a project.

    southgen fix myproject/                 # which migrations need a backwards, and why
    southgen fix myproject/ --diff          # what --write would change
    southgen fix myproject/ --write         # apply in place
    southgen fix myproject/ --check         # CI / pre-commit: exit 1 if anything would change
    southgen fix myproject/ --format json   # one record per migration

Exit codes: 0 nothing to do (or all written), 1 changes needed (``--check``),
2 errors (any file that could not be read, computed or written).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from southgen.commands.generate import add_generation_options, project_options
from southgen.commands.options import (
    add_color,
    add_format,
    add_jobs,
    add_paths,
    add_verify_python,
    existing_paths,
)
from southgen.errors import SouthgenError
from southgen.fix.cache import code_fingerprint, default_cache_dir, folder_fingerprint
from southgen.fix.config import find_config
from southgen.fix.discover import Discovery, discover
from southgen.fix.fixer import (
    ERROR,
    FIX,
    REVIEW,
    Result,
    Settings,
    fix_all,
    settings_fingerprint,
    tune_gc,
)
from southgen.fix.report import (
    Progress,
    Style,
    display_path,
    github_report,
    json_report,
    result_lines,
    sarif_report,
    summary_line,
    unified_diff,
)
from southgen.fix.writer import write_atomic


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "fix", help="write the missing backwards() of every South migration below PATH",
        description="Find South migrations whose backwards() is missing, empty or raising, "
                    "and (re)generate it in place. Without --write nothing is changed.",
    )
    add_paths(parser)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="apply the changes in place")
    mode.add_argument("--check", action="store_true",
                      help="exit 1 if any migration would change (for CI and pre-commit)")
    parser.add_argument("--diff", action="store_true",
                        help="print a unified diff of what --write would do")
    parser.add_argument("--all", dest="regenerate_all", action="store_true",
                        help="regenerate every backwards(), hand-written ones included")
    add_format(parser, help="report format (json: one record per migration; github: "
                            "GitHub Actions annotations; sarif: SARIF 2.1.0)")
    add_color(parser)
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="report errors only")
    add_jobs(parser)
    parser.add_argument("--no-cache", action="store_true",
                        help="do not read or write the result cache")
    add_generation_options(parser)
    parser.add_argument("--verify", action="store_true",
                        help="write only backwards() that pass verification on a scratch "
                             "database (southgen verify)")
    parser.add_argument("--database", metavar="URL",
                        help="database server for --verify")
    add_verify_python(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = existing_paths(args)
    config = find_config(_common_root(paths))
    options = project_options(args, config, config.settings)
    if options.templates_dir is not None and not options.templates_dir.is_dir():
        raise SouthgenError("templates folder does not exist", options.templates_dir)
    discovery = discover(paths, config.exclude, config.root)
    if discovery.django_packages:
        count = len(discovery.django_packages)
        print(f"southgen: skipped {count} Django >= 1.7 migrations package"
              f"{'s' * (count != 1)} (not South): "
              + ", ".join(display_path(p) for p in discovery.django_packages), file=sys.stderr)
    results = compute(discovery, Settings(
        options=options,
        regenerate_all=args.regenerate_all,
        want_text=args.write or args.diff or args.verify,
        cache_dir=None if args.no_cache else default_cache_dir(),
    ), args.jobs)
    if args.verify:
        _verify(results, discovery.apps, args)
    if args.write:
        _write(results)
    return _report(results, discovery.django_packages, args)


def compute(discovery: Discovery, settings: Settings, jobs: int) -> list[Result]:
    """Every discovered migration's result, with the cache key of this code and these
    options, and a progress bar on a terminal (shared by ``fix`` and ``review``)."""
    options = settings.options
    settings = replace(settings, fingerprint=settings_fingerprint(
        code_fingerprint(), options, settings.regenerate_all,
        folder_fingerprint(options.templates_dir)))
    progress = Progress(discovery.total)
    tune_gc()
    try:
        return fix_all(discovery.apps, settings, jobs=jobs, progress=progress.advance)
    finally:
        progress.close()


def _common_root(paths: list[Path]) -> Path:
    resolved = [p.resolve() for p in paths]
    return Path(os.path.commonpath([str(p) for p in resolved]))


def _verify(results: list[Result], apps, args: argparse.Namespace) -> None:
    """Keep only the fixes whose backwards() pass verification (southgen.verify)."""
    from southgen.verify import IRREVERSIBLE, verify_project  # loaded only for --verify

    overrides = {r.path.resolve(): r.new_text for r in results
                 if r.action == FIX and r.new_text is not None}
    if not overrides:
        return
    root = Path(os.path.commonpath([str(app.folder.resolve().parent.parent) for app in apps]))
    report = verify_project(root, database=args.database, python=args.python,
                            settings=None, overrides=overrides)
    for result in results:
        if result.action == FIX and not report.passed(result.path.resolve()):
            found = report.result_for(result.path.resolve())
            status = found.status if found is not None else "not verified"
            result.new_text = None
            if status == IRREVERSIBLE:  # a refusal to guess: nothing to verify
                result.action = REVIEW
                result.message = ("the generated backwards() is irreversible (see below): "
                                  "not written with --verify")
            else:
                result.action = ERROR
                result.message = (f"the generated backwards() did not pass verification "
                                  f"({status}): not written")


def _write(results: list[Result]) -> None:
    for result in results:
        if result.action != FIX or result.new_text is None:
            continue
        try:
            write_atomic(result.path, result.new_text.encode(result.encoding), result.sha1)
        except SouthgenError as exc:
            result.action = ERROR
            result.message = exc.message
            result.line = None
        else:
            result.written = True


def _report(results: list[Result], django_packages: list[Path], args) -> int:
    errors = any(r.action == ERROR for r in results)
    changes = any(r.action == FIX for r in results)
    if args.format == "json":
        sys.stdout.write(json_report(results, django_packages=django_packages))
    elif args.format in ("github", "sarif"):
        report = github_report if args.format == "github" else sarif_report
        sys.stdout.write(report(results))
    else:
        diff_mode = args.diff
        out = sys.stderr if diff_mode else sys.stdout
        if diff_mode:
            style = Style(sys.stdout, args.color)
            for result in results:
                if result.action == FIX:
                    sys.stdout.write(unified_diff(result, style))
            sys.stdout.flush()
        style = Style(out, args.color)
        for result in results:
            if args.quiet and result.action != ERROR:
                continue
            for line in result_lines(result, write=args.write, style=style):
                print(line, file=out)
        if not args.quiet:
            print(summary_line(results, write=args.write), file=sys.stderr)
    if errors:
        return 2
    if args.check and changes:
        return 1
    return 0
