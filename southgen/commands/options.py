"""The command-line options several commands share, each block declared once
(how a backwards() is generated: ``commands/generate.py``)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from southgen.errors import SouthgenError

FORMATS = ("text", "json", "github", "sarif")


def add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, default=[Path(".")], metavar="PATH",
                        help="migration files, migrations folders, apps or project roots "
                             "(default: the current folder)")


def existing_paths(args: argparse.Namespace) -> list[Path]:
    paths: list[Path] = args.paths
    for path in paths:
        if not path.exists():
            raise SouthgenError("no such file or folder", path)
    return paths


def add_format(parser: argparse.ArgumentParser, formats: tuple[str, ...] = FORMATS,
               help: str = "report format") -> None:
    parser.add_argument("--format", "--output-format", dest="format", choices=formats,
                        default="text", help=help)


def add_color(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour the output (default: only on a terminal)")


def use_colour(choice: str, stream) -> bool:
    if choice != "auto":
        return choice == "always"
    return stream.isatty() and not os.environ.get("NO_COLOR")


def add_jobs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", type=int, default=0, metavar="N",
                        help="worker processes (default: one per CPU)")


def add_verify_python(parser: argparse.ArgumentParser) -> None:
    """--python for the commands whose --verify runs the project's migrations."""
    parser.add_argument("--python", metavar="PYTHON",
                        help="Python 2.7 interpreter with the project's dependencies, "
                             "for --verify")


def add_runtime_options(parser: argparse.ArgumentParser,
                        formats: tuple[str, ...] = ("text", "json")) -> None:
    """Where and how the commands that run South (verify, sql) run it."""
    parser.add_argument(
        "--database", metavar="URL",
        help="server to create the scratch database on: postgresql://user@host:port/db or "
             "mysql://user@host:port/db (default: a temporary SQLite file)")
    parser.add_argument(
        "--python", metavar="PYTHON",
        help="legacy interpreter with Django and South (default: southgen's own Python 2.7 "
             "runtime with Django 1.6 and South 1.0)")
    parser.add_argument(
        "--settings", metavar="MODULE",
        help="run with the project's own Django settings module (its DATABASES are "
             "replaced by the scratch database)")
    add_format(parser, formats)
