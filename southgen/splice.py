"""Put a generated ``backwards()`` into the file's text, touching nothing else.

An existing method keeps its ``def`` line(s) and only its body is replaced;
a missing one is inserted right after ``forwards()``. Every byte outside
that span, newlines and encoding included, is left as it was.
"""

from __future__ import annotations

import re

from southgen.reader import MethodSpan, MigrationFile

_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


def split_lines(text: str) -> list[str]:
    """Lines as Python's parser counts them, ends kept. Not ``str.splitlines``, which
    also breaks at form feeds, NEL (latin-1 0x85) and other characters a comment may hold."""
    return _LINE.findall(text)


def splice_backwards(migration: MigrationFile, method: str) -> str:
    """The file's new text with ``method`` (a whole rendered method) in place."""
    lines = split_lines(migration.text)
    nl = migration.newline
    span = migration.backwards
    if span is not None:
        if span.node.body[0].lineno > span.node.lineno:
            header = _def_lines(lines, span)
            new = header + [method.split("\n", 1)[1]]
        else:  # ``def backwards(self, orm): pass`` on one line
            new = [method]
        if not lines[span.last_line - 1].endswith(("\n", "\r")):
            new[-1] = new[-1].rstrip("\r\n")  # the body ended the file: so does the new one
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
