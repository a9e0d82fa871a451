"""The SQL one migration's forwards or backwards runs, captured from South.

The migration really runs on a scratch database (South's dry run skips
SQLite table remakes, so its output would be incomplete): the database is
first brought to N-1 (forwards) or N (backwards), then South's
``db.execute`` is recorded while that one step runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sqlparse

from southgen.errors import SouthgenError
from southgen.verify.report import MigrationError
from southgen.verify.session import Session


@dataclass
class CapturedSQL:
    migration: str
    direction: str
    database: str
    statements: list[str] = field(default_factory=list)  # params filled in
    error: MigrationError | None = None


def literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def interpolate(sql: str, params: list[Any]) -> str:
    """Fill DB-API ``%s`` placeholders with SQL literals (for display only)."""
    if not params:
        return sql.replace("%%", "%") if "%s" not in sql else sql
    out, values, i = [], iter(params), 0
    while i < len(sql):
        if sql.startswith("%%", i):
            out.append("%")
            i += 2
        elif sql.startswith("%s", i):
            out.append(literal(next(values, None)))
            i += 2
        else:
            out.append(sql[i])
            i += 1
    return "".join(out)


def _depths(text: str, start: int = 0):
    """(index, char, parenthesis depth after it) for each char outside quotes."""
    depth, quote = 0, ""
    for i in range(start, len(text)):
        char = text[i]
        if quote:
            if char == quote:
                quote = ""
            continue
        if char in "'\"`":
            quote = char
            continue
        depth += (char == "(") - (char == ")")
        yield i, char, depth


def _split_top_level(text: str) -> list[str]:
    """Split on commas outside quotes and parentheses."""
    parts, start = [], 0
    for i, char, depth in _depths(text):
        if char == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def _matching_paren(text: str, open_at: int) -> int:
    for i, char, depth in _depths(text, open_at):
        if char == ")" and depth == 0:
            return i
    return -1


CREATE_TABLE = re.compile(r"^CREATE\s+TABLE\s+(\S+)\s*\(", re.IGNORECASE)
ALTER_TABLE = re.compile(r"^ALTER\s+TABLE\s+(\S+)\s+", re.IGNORECASE)
INDENT = "    "


def format_sql(statement: str) -> str:
    """One statement, keywords upper-cased; column lists and multi-action
    ALTER TABLEs one item a line, anything else long reindented by sqlparse."""
    text = sqlparse.format(statement.strip().rstrip(";").strip(), keyword_case="upper",
                           strip_whitespace=True)
    create = CREATE_TABLE.match(text)
    if create:
        close = _matching_paren(text, create.end() - 1)
        if close > 0:
            items = _split_top_level(text[create.end():close])
            body = ",\n".join(INDENT + item for item in items)
            rest = text[close + 1:].strip()
            return f"CREATE TABLE {create.group(1)} (\n{body}\n){' ' + rest if rest else ''};"
    alter = ALTER_TABLE.match(text)
    if alter:
        actions = _split_top_level(text[alter.end():])
        if len(actions) > 1:
            body = ",\n".join(INDENT + action for action in actions)
            return f"ALTER TABLE {alter.group(1)}\n{body};"
    if len(text) > 80:
        text = sqlparse.format(text, reindent=True, keyword_case="upper")
    return text.strip() + ";"


def capture(session: Session, app: str, name: str, direction: str) -> CapturedSQL:
    by_key = {m.key: m for m in session.plan()}
    key = f"{app}:{name}"
    migration = by_key.get(key)
    if migration is None:
        raise SouthgenError(f"South does not see {key} (is the app installed?)")
    for required in [*migration.requires, key]:
        broken = by_key[required].broken if required in by_key else None
        if broken:
            error = session.error("import", broken)
            raise SouthgenError(f"{required} does not import: {error.type}: {error.first_line} "
                                "(to run it with the project's own code: --python PY "
                                "--settings MOD)")
    result = CapturedSQL(key, direction, "")
    needed = list(migration.requires) + ([key] if direction == "backwards" else [])
    for dep in needed:
        dep_app, dep_name = dep.split(":", 1)
        outcome = session.migrate(dep_app, dep_name)
        if not outcome.ok:
            result.error = session.error(f"preparing ({dep} forwards)", outcome.error)
            return result
    target = name if direction == "forwards" else (migration.prev or "zero")
    outcome = session.capture(app, target)
    result.statements = [interpolate(s["sql"], s.get("params") or []) for s in outcome.statements]
    if not outcome.ok:
        result.error = session.error(direction, outcome.error)
    return result
