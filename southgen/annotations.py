"""Findings for CI: GitHub Actions workflow commands and SARIF 2.1.0 logs.

Both ``fix --format github|sarif`` and ``verify --format github|sarif`` turn
their results into ``Finding`` objects and hand them here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from southgen import __version__

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

# GitHub's annotation levels, and SARIF's for the same finding.
SARIF_LEVELS = {"error": "error", "warning": "warning", "notice": "note"}


@dataclass(frozen=True)
class Rule:
    id: str
    name: str  # PascalCase, as SARIF tools show it
    summary: str


@dataclass(frozen=True)
class Finding:
    rule: Rule
    level: str  # error | warning | notice
    path: str | None  # relative to the working directory, POSIX style; None: the project
    line: int | None
    title: str
    message: str


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_lines(findings: list[Finding]) -> str:
    """``::warning file=F,line=L,title=T::message`` per finding (as ruff's github output)."""
    out = []
    for finding in findings:
        props = [f"file={_escape_property(finding.path)}"] if finding.path else []
        if finding.path and finding.line:
            props.append(f"line={finding.line}")
        props.append(f"title={_escape_property(finding.title)}")
        out.append(f"::{finding.level} {','.join(props)}::{_escape_data(finding.message)}\n")
    return "".join(out)


def sarif_log(findings: list[Finding], rules: list[Rule]) -> str:
    """A SARIF 2.1.0 log with one run of southgen."""
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = []
    for finding in findings:
        result = {
            "ruleId": finding.rule.id,
            "ruleIndex": index[finding.rule.id],
            "level": SARIF_LEVELS[finding.level],
            "message": {"text": f"{finding.title}: {finding.message}"},
        }
        if finding.path:
            physical: dict = {"artifactLocation": {"uri": finding.path,
                                                   "uriBaseId": "%SRCROOT%"}}
            if finding.line:
                physical["region"] = {"startLine": finding.line}
            result["locations"] = [{"physicalLocation": physical}]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "southgen",
                "version": __version__,
                "rules": [{
                    "id": rule.id,
                    "name": rule.name,
                    "shortDescription": {"text": rule.summary},
                } for rule in rules],
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2) + "\n"


def relative(path: Path) -> str:
    """``path`` relative to the working directory (as CI checks it out), POSIX style."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()
