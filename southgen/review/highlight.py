"""Python source and backwards() diffs as highlighted HTML (Pygments)."""

from __future__ import annotations

import difflib
import re
import textwrap
from html import escape

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers.python import Python2Lexer
from pygments.lexers.sql import SqlLexer
from pygments.styles import get_style_by_name

# Migrations are Python 2 more often than not (print statements, u'' literals).
_LEXER = Python2Lexer(stripnl=False, ensurenl=True)
_SQL_LEXER = SqlLexer(stripnl=False, ensurenl=True)
_FORMATTER = HtmlFormatter(nowrap=True)
# Names, punctuation and whitespace keep the text colour in both themes: without
# their spans an initial migration's forwards() weighs half as much.
_PLAIN_SPAN = re.compile(r'<span class="[npw]">([^<]*)</span>')
LIGHT_STYLE = "default"
DARK_STYLE = "monokai"


def _highlighted_lines(source: str) -> list[str]:
    """One HTML fragment per source line; Pygments closes every span at a line end."""
    if not source:
        return []
    html = _PLAIN_SPAN.sub(r"\1", highlight(source, _LEXER, _FORMATTER))
    return html.rstrip("\n").split("\n")


def _dedent(source: str | None) -> str:
    return textwrap.dedent(source.replace("\r\n", "\n").replace("\t", "    ")) if source else ""


def code(source: str | None) -> str:
    """Highlighted lines of ``source`` (dedented), for a ``<pre>``."""
    lines = _highlighted_lines(_dedent(source))
    return "".join(f'<span class="ln">{line}\n</span>' for line in lines)


def sql(statements: tuple[str, ...]) -> str:
    """Formatted SQL statements, highlighted, a blank line between them."""
    if not statements:
        return ""
    html = highlight("\n\n".join(statements), _SQL_LEXER, _FORMATTER)
    lines = _PLAIN_SPAN.sub(r"\1", html).rstrip("\n").split("\n")
    return "".join(f'<span class="ln">{line}\n</span>' for line in lines)


def backwards_diff(current: str | None, generated: str) -> tuple[str, int, int]:
    """The backwards() now and the generated one as one full-context diff: every
    line a span, ``d`` deleted, ``i`` inserted, ``c`` in both (so a CSS switch can
    show either method alone). Returns (html, lines deleted, lines inserted)."""
    old_source, new_source = _dedent(current), _dedent(generated)
    old_plain, new_plain = old_source.splitlines(), new_source.splitlines()
    old_html, new_html = _highlighted_lines(old_source), _highlighted_lines(new_source)
    if len(old_html) != len(old_plain) or len(new_html) != len(new_plain):
        old_html = [escape(line) for line in old_plain]  # never expected: stay correct
        new_html = [escape(line) for line in new_plain]
    out, deleted, inserted = [], 0, 0
    matcher = difflib.SequenceMatcher(None, old_plain, new_plain, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += [f'<span class="ln ln-c">{line}\n</span>' for line in new_html[j1:j2]]
            continue
        out += [f'<span class="ln ln-d">{line}\n</span>' for line in old_html[i1:i2]]
        out += [f'<span class="ln ln-i">{line}\n</span>' for line in new_html[j1:j2]]
        deleted += i2 - i1
        inserted += j2 - j1
    return "".join(out), deleted, inserted


_SKIPPED_RULES = ("pre", "td.", "span.linenos", ".hl .hll", ".hl { background")


def _style_rules(name: str) -> str:
    rules = HtmlFormatter(style=get_style_by_name(name)).get_style_defs(".hl").splitlines()
    return "\n".join(rule for rule in rules if not rule.startswith(_SKIPPED_RULES))


def style_css() -> str:
    """Pygments' rules for the light theme, and the dark one under prefers-color-scheme
    (the page's own colours give the background)."""
    return (f"{_style_rules(LIGHT_STYLE)}\n@media screen and (prefers-color-scheme: dark) {{\n"
            f"{_style_rules(DARK_STYLE)}\n}}\n")
