"""``southgen generate FILE``: print the backwards() method for one migration."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from southgen.fix.config import Config, find_config
from southgen.generate import (
    DATA_POLICIES,
    Options,
    generate_for_path,
    parse_default,
    parse_setting,
)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "generate", help="print a complete backwards() method for one migration",
        description="Print a complete, ready-to-paste backwards() method for a South migration.",
    )
    parser.add_argument("file", type=Path, help="the migration file")
    add_generation_options(parser)
    parser.set_defaults(func=run)


def add_generation_options(parser: argparse.ArgumentParser) -> None:
    """How a backwards() is generated (generate, fix, review)."""
    parser.add_argument(
        "--default", action="append", default=[], metavar="APP.MODEL.FIELD=VALUE",
        help="one-off value (Python source) for restoring a NOT NULL field with no default; "
             "repeatable",
    )
    parser.add_argument(
        "--setting", action="append", default=[], metavar="NAME=VALUE",
        help="a Django setting (or module-level name) the migrations compute with, e.g. "
             "AUTH_USER_MODEL=accounts.Customer; repeatable",
    )
    parser.add_argument("--templates", type=Path, metavar="DIR",
                        help="folder of templates overriding the built-in ones by name")
    parser.add_argument(
        "--data-policy", choices=DATA_POLICIES, default="noop",
        help="backwards of a data migration: 'noop' (default: leave the rows, with a comment) "
             "or 'raise'; either way it is flagged for review",
    )
    guards = parser.add_mutually_exclusive_group()
    guards.add_argument(
        "--guards", dest="guards", action="store_true", default=None,
        help="check, at the top of backwards() and before any DDL, for NULLs / duplicates / "
             "orphaned rows that would make it fail halfway (the default)",
    )
    guards.add_argument("--no-guards", dest="guards", action="store_false",
                        help="leave those checks out")


def options_from(args: argparse.Namespace, base_defaults: dict[str, str] | None = None,
                 base_settings: dict[str, str] | None = None) -> Options:
    defaults = dict(base_defaults or {})
    defaults.update(parse_default(item) for item in args.default)
    settings = dict(base_settings or {})
    settings.update(parse_setting(item) for item in getattr(args, "setting", []))
    return Options(defaults=defaults, templates_dir=args.templates,
                   data_policy=getattr(args, "data_policy", "noop"),
                   guards=_guards(args), settings=settings)


def _guards(args: argparse.Namespace) -> bool:
    """Guards are on unless ``--no-guards`` was given."""
    return getattr(args, "guards", None) is not False


def project_options(args: argparse.Namespace, config: Config,
                    settings: dict[str, str] | None) -> Options:
    """The command line's options over the project's config (its templates folder
    when the line names none)."""
    options = options_from(args, config.defaults, settings)
    if options.templates_dir is None and config.templates is not None:
        options = replace(options, templates_dir=config.templates)
    return options


def run(args: argparse.Namespace) -> int:
    config = find_config(args.file)
    generated = generate_for_path(args.file, project_options(args, config, config.settings))
    sys.stdout.write(generated.method.replace("\r\n", "\n"))
    sys.stdout.flush()  # the method first, then what to review about it
    for note in generated.notes:
        print(f"southgen: warning: {generated.migration.path}: {note}", file=sys.stderr)
    for risk in generated.risks:
        if risk.message not in generated.notes:
            print(f"southgen: {risk.kind}: {risk.message}", file=sys.stderr)
    return 0
