"""Put a generated ``backwards()`` into the file's text, touching nothing else.

An existing method keeps its ``def`` line(s) and only its body is replaced;
a missing one is inserted right after ``forwards()``. Every byte outside
that span, newlines and encoding included, is left as it was.
"""

from __future__ import annotations

from southgen.reader import MethodSpan, MigrationFile


def splice_backwards(migration: MigrationFile, method: str) -> str:
    """The file's new text with ``method`` (a whole rendered method) in place."""
    lines = migration.text.splitlines(keepends=True)
    nl = migration.newline
    span = migration.backwards
    if span is not None:
        if span.node.body[0].lineno > span.node.lineno:
            header = _def_lines(lines, span)
            new = header + [method.split("\n", 1)[1]]
        else:  # ``def backwards(self, orm): pass`` on one line
            new = [method]
        return "".join(lines[: span.first_line - 1] + new + lines[span.last_line:])
    at = migration.forwards.last_line if migration.forwards else migration.class_line
    before = lines[:at]
    if before and not before[-1].endswith(("\n", "\r")):
        before[-1] += nl
    separator = [nl] if migration.forwards else []
    return "".join(before + separator + [method] + lines[at:])


def _def_lines(lines: list[str], span: MethodSpan) -> list[str]:
    """The ``def`` statement's own lines (a signature may span several)."""
    last = span.node.body[0].lineno - 1
    for number in range(span.node.lineno, span.node.body[0].lineno):
        if lines[number - 1].split("#", 1)[0].rstrip().endswith(":"):
            last = number
            break
    return lines[span.first_line - 1: last]
