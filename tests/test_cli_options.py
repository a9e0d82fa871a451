"""Pins every command's options (names, help, defaults, choices, groups): option blocks
shared between commands must leave each command's command line as it was.

Regenerate on purpose with ``SOUTHGEN_REGEN_GOLDEN=1``."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import pytest

from southgen.cli import COMMAND_MODULES, build_parser

GOLDEN = Path(__file__).resolve().parent / "golden" / "cli_options.json"
COMMANDS = [module.rsplit(".", 1)[1] for module in COMMAND_MODULES]


def described(command: str) -> dict:
    parser = build_parser(command)
    (subparsers,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    sub = subparsers.choices[command]
    options = [{
        "options": action.option_strings, "dest": action.dest, "help": action.help,
        "metavar": action.metavar, "default": repr(action.default), "nargs": action.nargs,
        "choices": list(action.choices) if action.choices else None,
        "const": repr(action.const), "required": action.required,
        "type": getattr(action.type, "__name__", None), "action": type(action).__name__,
    } for action in sub._actions]
    groups = [[action.dest for action in group._group_actions]
              for group in sub._mutually_exclusive_groups]
    (listed,) = [a for a in subparsers._choices_actions if a.dest == command]
    return {"description": sub.description, "help": listed.help, "options": options,
            "exclusive": groups, "func": sub.get_default("func").__module__}


def test_every_command_is_pinned() -> None:
    assert set(COMMANDS) == {"generate", "fix", "verify", "sql", "review"}


@pytest.mark.parametrize("command", COMMANDS)
def test_command_line_unchanged(command: str) -> None:
    pinned = json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {}
    if os.environ.get("SOUTHGEN_REGEN_GOLDEN"):
        pinned[command] = described(command)
        GOLDEN.write_text(json.dumps(pinned, indent=1, sort_keys=True) + "\n")
    assert described(command) == pinned[command]
