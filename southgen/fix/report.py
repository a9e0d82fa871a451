"""What ``southgen fix`` tells: a quiet text report, unified diffs, JSON, a progress bar."""

from __future__ import annotations

import difflib
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable, TextIO

from southgen import __version__
from southgen.annotations import Finding, Rule, github_lines, relative, sarif_log
from southgen.fix.fixer import ERROR, FIX, REVIEW, Result
from southgen.splice import split_lines

JSON_FORMAT = 1


class Style:
    """ANSI colours, only when asked or writing to a terminal (and NO_COLOR is unset)."""

    def __init__(self, stream: TextIO, mode: str = "auto"):
        if mode == "auto":
            self.enabled = (hasattr(stream, "isatty") and stream.isatty()
                            and not os.environ.get("NO_COLOR"))
        else:
            self.enabled = mode == "always"

    def _wrap(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.enabled else text

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def red(self, text: str) -> str:
        return self._wrap("31", text)

    def green(self, text: str) -> str:
        return self._wrap("32", text)

    def yellow(self, text: str) -> str:
        return self._wrap("33", text)

    def cyan(self, text: str) -> str:
        return self._wrap("36", text)


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def result_lines(result: Result, *, write: bool, style: Style) -> list[str]:
    """One line per migration with something to say (quiet: nothing for OK ones)."""
    where = display_path(result.path)
    if result.action == ERROR:
        at = f"{where}:{result.line}" if result.line else where
        return [f"{at}: {style.red('error')}: {result.message}"]
    if result.action == REVIEW:
        lines = [f"{where}: {style.yellow('review')}: {result.message}"]
    elif result.action == FIX:
        done = ("fixed" if result.written else "not written") if write else "would fix"
        count = f"{result.operations} operation{'s' * (result.operations != 1)}"
        lines = [f"{where}: {style.bold(done)}: {result.message} -> {count}"]
    else:
        return []
    colour = {"data-loss": style.red, "irreversible": style.red, "review": style.yellow}
    for risk in result.risks:
        lines.append(f"    {colour.get(risk.kind, str)(risk.kind)}: {risk.message}")
    return lines


def summary_line(results: list[Result], *, write: bool) -> str:
    counts = Counter(r.action for r in results)
    fixed = sum(1 for r in results if r.action == FIX and (r.written or not write))
    parts = []
    if fixed:
        verb = "fixed" if write else "would be fixed"
        parts.append(f"{fixed} migration{'s' * (fixed != 1)} {verb}")
    if counts[REVIEW]:
        parts.append(f"{counts[REVIEW]} to review")
    if counts[ERROR]:
        parts.append(f"{counts[ERROR]} error{'s' * (counts[ERROR] != 1)}")
    checked = f"{len(results)} migration{'s' * (len(results) != 1)} checked"
    if not parts:
        return f"All done: nothing to fix ({checked})."
    return ", ".join(parts) + f" ({checked})."


def unified_diff(result: Result, style: Style) -> str:
    if result.old_text is None or result.new_text is None:
        return ""
    name = display_path(result.path)
    old = split_lines(result.old_text)
    new = split_lines(result.new_text)
    out = []
    for line in difflib.unified_diff(old, new, f"a/{name}", f"b/{name}"):
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        if line.startswith(("+++", "---")):
            out.append(style.bold(line.rstrip("\n")) + "\n")
        elif line.startswith("@@"):
            out.append(style.cyan(line.rstrip("\n")) + "\n")
        elif line.startswith("+"):
            out.append(style.green(line.rstrip("\n")) + "\n")
        elif line.startswith("-"):
            out.append(style.red(line.rstrip("\n")) + "\n")
        else:
            out.append(line)
    return "".join(out)


def json_report(results: list[Result], *, django_packages: list[Path]) -> str:
    records = [{
        "path": display_path(r.path),
        "app": r.app,
        "migration": r.name,
        "backwards": r.status,
        "action": r.action,
        "changed": r.action == FIX,
        "written": r.written,
        "message": r.message,
        "line": r.line,
        "operations": r.operations,
        "risks": [{"kind": risk.kind, "message": risk.message} for risk in r.risks],
    } for r in results]
    counts = Counter(r.action for r in results)
    return json.dumps({
        "format": JSON_FORMAT,
        "southgen": __version__,
        "migrations": records,
        "skipped_django_packages": [display_path(p) for p in django_packages],
        "summary": {"checked": len(results), "fix": counts[FIX], "review": counts[REVIEW],
                    "error": counts[ERROR], "written": sum(r.written for r in results)},
    }, indent=2) + "\n"


RISK_CATEGORIES = ("data-loss", "irreversible", "guarded", "review")
FIX_RULES = {
    FIX: Rule("backwards-needed", "BackwardsNeeded",
              "backwards() is missing, empty or raising: southgen fix --write generates it"),
    REVIEW: Rule("backwards-differs", "BackwardsDiffers",
                 "a hand-written backwards() differs from the frozen models' changes"),
    ERROR: Rule("migration-error", "MigrationError",
                "the migration could not be read or its backwards() computed"),
}
RISK_RULES = {
    "data-loss": Rule("risk-data-loss", "RiskDataLoss",
                      "the backwards() drops a column or table: its values are lost"),
    "irreversible": Rule("risk-irreversible", "RiskIrreversible",
                         "the backwards() raises: something forwards() did cannot be undone"),
    "guarded": Rule("risk-guarded", "RiskGuarded",
                    "the backwards() stops before any DDL when live data would break it"),
    "review": Rule("risk-review", "RiskReview",
                   "a change that values may not survive, or that needs a human look"),
}
FIX_TITLES = {FIX: "southgen: would fix", REVIEW: "southgen: to review",
              ERROR: "southgen: error"}


def risk_category(kind: str, message: str) -> str:
    """data-loss | irreversible | guarded | review (a guard is reported as a review risk)."""
    return "guarded" if kind == "review" and message.startswith("guarded:") else kind


def findings(results: list[Result]) -> list[Finding]:
    """One finding per fixed, flagged or broken migration, and one per risk, at the
    line of ``def backwards`` (or of the Migration class when it has none)."""
    out = []
    for result in results:
        if result.action not in FIX_RULES:
            continue
        path, line = relative(result.path), result.line or 1
        message = result.message
        if result.action == FIX:
            count = f"{result.operations} operation{'s' * (result.operations != 1)}"
            message += f": southgen fix --write generates it ({count})"
        level = "error" if result.action == ERROR else "warning"
        out.append(Finding(FIX_RULES[result.action], level, path, line,
                           FIX_TITLES[result.action], message))
        for risk in result.risks:
            category = risk_category(risk.kind, risk.message)
            level = "warning" if category in ("data-loss", "irreversible") else "notice"
            out.append(Finding(RISK_RULES[category], level, path, line,
                               f"southgen: {category}", risk.message))
    return out


def github_report(results: list[Result]) -> str:
    return github_lines(findings(results))


def sarif_report(results: list[Result]) -> str:
    return sarif_log(findings(results), [*FIX_RULES.values(), *RISK_RULES.values()])


class Progress:
    """A one-line bar on stderr, only on a terminal, and only once a run has taken
    longer than ``delay`` seconds (a quick run prints nothing)."""

    def __init__(self, total: int, stream: TextIO = sys.stderr, delay: float = 1.0,
                 clock: Callable[[], float] = time.monotonic):
        self.total = total
        self.done = 0
        self.stream = stream
        self.clock = clock
        self.show_after = clock() + delay
        self.enabled = hasattr(stream, "isatty") and stream.isatty()
        self.shown = False

    def advance(self, count: int) -> None:
        self.done += count
        if not self.enabled or self.clock() < self.show_after:
            return
        self.shown = True
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        self.stream.write(f"\r[{'#' * filled}{' ' * (width - filled)}] "
                          f"{self.done}/{self.total} migrations")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()
