"""Raw SQL from ``db.execute`` -> forward operations whose inverse is certain.

Statements are split and tokenised with sqlparse. CREATE TABLE / INDEX /
VIEW / SEQUENCE / TRIGGER / FUNCTION invert to the matching DROP, ALTER
TABLE ... ADD COLUMN to dropping the column, RENAME TO / RENAME COLUMN to the
rename back. Anything else (INSERT, UPDATE, DELETE, DROP, CREATE OR REPLACE,
IF NOT EXISTS, ...) has no certain inverse and stays flagged.
"""

from __future__ import annotations

from southgen.operations.base import Operation
from southgen.operations.raw import ExecuteSQL, RawDrop, RawDropColumn, SqlNoop
from southgen.operations.schema import RenameColumn, RenameTable

DROPPABLE = ("TABLE", "VIEW", "INDEX", "SEQUENCE", "TRIGGER", "FUNCTION")


def split(sql: str) -> list[str]:
    import sqlparse  # here: most migrations run no SQL of their own

    return [s.strip().rstrip(";").strip() for s in sqlparse.split(sql) if s.strip(" ;\n\t")]


def forward_ops(sql: str) -> list[Operation]:
    """One ExecuteSQL (with its inverse when certain) per statement, in order."""
    return [statement_op(statement) for statement in split(sql)]


def statement_op(sql: str) -> ExecuteSQL:
    words = _words(sql)
    upper = [w.upper() for w in words]
    if not upper:
        return ExecuteSQL(sql, reason="empty statement")
    head = upper[0]
    if head == "CREATE":
        return _create(sql, words, upper)
    if head == "ALTER" and upper[1:2] == ["TABLE"]:
        return _alter_table(sql, words, upper)
    if head in ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "REPLACE", "MERGE"):
        return ExecuteSQL(sql, reason="it changes rows, and the old rows are not known")
    if head == "DROP":
        return ExecuteSQL(sql, reason="what it dropped is not known")
    if head in ("SELECT", "SHOW", "EXPLAIN", "SET", "ANALYZE", "VACUUM"):
        return ExecuteSQL(sql, SqlNoop(sql)) if head != "SET" else ExecuteSQL(
            sql, reason="the previous setting is not known")
    return ExecuteSQL(sql, reason="southgen does not know its inverse")


def _create(sql: str, words: list[str], upper: list[str]) -> ExecuteSQL:
    rest = upper[1:]
    if rest[:2] == ["OR", "REPLACE"]:
        return ExecuteSQL(sql, reason="CREATE OR REPLACE may have replaced an older definition")
    index = 1
    unique = False
    while index < len(upper) and upper[index] in ("UNIQUE", "TEMP", "TEMPORARY", "MATERIALIZED",
                                                  "DEFINER", "ALGORITHM"):
        unique |= upper[index] == "UNIQUE"
        index += 1
    kind = upper[index] if index < len(upper) else ""
    if kind not in DROPPABLE:
        return ExecuteSQL(sql, reason=f"southgen does not know how to undo CREATE {kind}".strip())
    if upper[index + 1: index + 4] == ["IF", "NOT", "EXISTS"]:
        return ExecuteSQL(sql, reason="IF NOT EXISTS: the object may have been there before")
    if upper[index + 1: index + 2] == ["CONCURRENTLY"]:
        index += 1
    if index + 1 >= len(words):
        return ExecuteSQL(sql, reason="the statement names no object")
    name = words[index + 1]
    table = ""
    signature = ""
    if kind in ("INDEX", "TRIGGER"):
        if "ON" not in upper[index + 2:]:
            return ExecuteSQL(sql, reason=f"CREATE {kind} names no table")
        on = upper.index("ON", index + 2)
        table = words[on + 1] if on + 1 < len(words) else ""
    if kind == "FUNCTION":
        signature = _signature(words, index + 2)
    return ExecuteSQL(sql, RawDrop(kind, name, sql, table=table, signature=signature))


def _alter_table(sql: str, words: list[str], upper: list[str]) -> ExecuteSQL:
    if len(words) < 4:
        return ExecuteSQL(sql, reason="incomplete ALTER TABLE")
    index = 2
    if upper[index: index + 2] == ["IF", "EXISTS"] or upper[index] == "ONLY":
        return ExecuteSQL(sql, reason="ALTER TABLE IF EXISTS / ONLY is not inverted")
    table = words[index]
    action = upper[index + 1:]
    if action[:2] == ["RENAME", "TO"] and len(action) == 3:
        return ExecuteSQL(sql, RenameTable("", unquote(words[-1]), unquote(table)))
    if action[:2] == ["RENAME", "COLUMN"] and len(action) == 5 and action[3] == "TO":
        old, new = unquote(words[index + 3]), unquote(words[-1])
        return ExecuteSQL(sql, RenameColumn("", unquote(table), new, old))
    if action[:1] == ["ADD"] and "," not in words:
        column_at = index + 2 + (action[1:2] == ["COLUMN"])
        if column_at < len(words) and upper[column_at] not in (
                "CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "INDEX", "KEY", "CHECK", "IF"):
            return ExecuteSQL(sql, RawDropColumn(unquote(table), unquote(words[column_at]), sql))
    return ExecuteSQL(sql, reason="southgen only inverts ALTER TABLE ... ADD COLUMN and renames")


def unquote(name: str) -> str:
    """``"name"`` / `` `name` `` / ``[name]`` -> ``name`` (for South's own quoting)."""
    if len(name) > 1 and (name[0], name[-1]) in (('"', '"'), ("`", "`"), ("[", "]")):
        return name[1:-1]
    return name


def _signature(words: list[str], start: int) -> str:
    """``(a integer, b text)`` after a function's name, as written."""
    if start >= len(words) or words[start] != "(":
        return ""
    depth = 0
    parts: list[str] = []
    for word in words[start:]:
        depth += word == "("
        depth -= word == ")"
        parts.append(word)
        if depth == 0:
            break
    text = " ".join(parts)
    return text.replace("( ", "(").replace(" )", ")").replace(" ,", ",")


def _words(sql: str) -> list[str]:
    """Significant tokens; names keep their quotes, dotted names are one word."""
    from sqlparse import tokens as T

    statements = _statements(sql)
    if not statements:
        return []
    words: list[str] = []
    for token in statements[0].flatten():
        if token.is_whitespace or token.ttype in T.Comment:
            continue
        value = token.value
        if token.ttype in T.Keyword and " " in value:
            words.extend(value.split())
            continue
        if words and (value == "." or words[-1].endswith(".")):
            words[-1] += value
            continue
        words.append(value)
    return words


def _statements(sql: str) -> list:
    """``sqlparse.parse`` without its grouping, which words do not need (it changes no
    token but a wildcard into an operator) and which costs three quarters of the time;
    grouped still where nesting could make grouping give up."""
    import sqlparse
    from sqlparse.engine import FilterStack

    if sql.count("(") > 50:
        return list(sqlparse.parse(sql))
    return list(FilterStack().run(sql))
