"""Command line entry point: ``southgen <command> ...``.

Each command lives in its own module exposing ``register(subparsers)``; the
parser it adds sets ``func``, called with the parsed arguments and returning
the exit code. Exit codes follow black/ruff: 0 fine, 1 changes needed or
checks failed, 2 usage or input errors.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from southgen import __version__
from southgen.errors import SouthgenError

COMMAND_MODULES = (
    "southgen.commands.generate",
    "southgen.commands.fix",
    "southgen.commands.verify",
    "southgen.commands.sql",
)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; given the command named on the line, only that command's module is
    imported (a cached ``fix`` re-run should not pay for importing verify)."""
    parser = argparse.ArgumentParser(
        prog="southgen",
        description="Write the missing backwards() methods of Django South migrations.",
    )
    parser.add_argument("--version", action="version", version=f"southgen {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    chosen = [m for m in COMMAND_MODULES if m.rsplit(".", 1)[1] == command]
    for name in chosen or COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser(words[0] if words else None)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except SouthgenError as exc:
        print(f"southgen: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("southgen: interrupted", file=sys.stderr)
        return 130
