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
    text = migration.text
    nl = migration.newline
    span = migration.backwards
    if span is not None:
        starts = _line_starts(text, span.last_line + 1)
        if span.node.body[0].lineno > span.node.lineno:
            header = _def_lines(text, starts, span)
            new = header + method.split("\n", 1)[1]
        else:  # ``def backwards(self, orm): pass`` on one line
            new = method
        last = text[starts[span.last_line - 1]: starts[span.last_line]]
        if not last.endswith(("\n", "\r")):
            new = new.rstrip("\r\n")  # the body ended the file: so does the new one
        return text[: starts[span.first_line - 1]] + new + text[starts[span.last_line]:]
    at = migration.forwards.last_line if migration.forwards else migration.class_line
    starts = _line_starts(text, at)
    before = text[: starts[at]]
    if before and not before.endswith(("\n", "\r")):
        before += nl
    separator = nl if migration.forwards else ""
    return before + separator + method + text[starts[at]:]


def _line_starts(text: str, count: int) -> list[int]:
    """Where lines 1 .. ``count`` + 1 begin (as ``split_lines`` counts them), the end of
    the text for a line past it: only the lines a splice needs are looked for."""
    starts = [0]
    while len(starts) <= count:
        end = text.find("\n", starts[-1])
        starts.append(len(text) if end == -1 or starts[-1] >= len(text) else end + 1)
    return starts


def _def_lines(text: str, starts: list[int], span: MethodSpan) -> str:
    """The ``def`` statement's own lines (a signature may span several)."""
    last = span.node.body[0].lineno - 1
    for number in range(span.node.lineno, span.node.body[0].lineno):
        line = text[starts[number - 1]: starts[number]]
        if line.split("#", 1)[0].rstrip().endswith(":"):
            last = number
            break
    return text[starts[span.first_line - 1]: starts[last]]
