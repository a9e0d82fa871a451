"""Make Python 2 source parseable by Python 3's ``ast``, keeping every line in place.

Legacy migration files may use ``print "x"``, ``except E, e:``, ``0755``,
``ur''``, ``10L``, backticks and ``<>``. The rewrite is lexical, token by
token, and never changes which line a token stands on, so line numbers from
the rewritten source are the original file's line numbers.
"""

from __future__ import annotations

import io
import re
import tokenize

_OCTAL = re.compile(r"^0[0-7]+[lL]?$")
_LONG = re.compile(r"^(0[xX][0-9a-fA-F]+|\d+)[lL]$")
_STMT_START = {tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING}


def py2_to_py3(source: str) -> str:
    """Rewrite Python 2-only constructs; raises tokenize.TokenError on broken input."""
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    # Rows as the tokenizer counts them: not str.splitlines, which also breaks at
    # form feeds and NEL (latin-1 0x85), which a comment may hold.
    lines = re.findall(r"[^\n]*\n|[^\n]+\Z", source)
    edits: list[tuple[int, int, int, str]] = []  # (row, start col, end col, replacement)
    prev_significant: tokenize.TokenInfo | None = None
    open_print: list[int] = []  # bracket depth at which a print statement was opened
    depth = 0
    backtick_open = False
    for i, tok in enumerate(tokens):
        kind, text, (row, col), (erow, ecol), _ = tok
        if kind == tokenize.OP and text in "([{":
            depth += 1
        elif kind == tokenize.OP and text in ")]}":
            depth -= 1
        nxt = tokens[i + 1] if i + 1 < len(tokens) else tok  # the last one has none
        touching = nxt is not tok and nxt.start == (erow, ecol)
        if kind == tokenize.NUMBER and row == erow:
            if _OCTAL.match(text):
                edits.append((row, col, ecol, "0o" + text[1:].rstrip("lL")))
            elif _LONG.match(text):
                edits.append((row, col, ecol, text[:-1]))
            elif text == "0" and touching and nxt.type == tokenize.NUMBER and nxt.string.isdigit():
                edits.append((row, col, ecol, "0o"))  # 0755 tokenizes as 0, 755
            elif touching and nxt.type == tokenize.NAME and nxt.string in ("l", "L"):
                edits.append((nxt.start[0], nxt.start[1], nxt.end[1], ""))
        elif kind == tokenize.OP and text == "<" and touching and nxt.string == ">":
            edits.append((row, col, nxt.end[1], "!="))
        elif (kind == tokenize.NAME and text.lower() == "ur" and touching
              and nxt.type == tokenize.STRING):
            edits.append((row, col, ecol, "r"))
        elif kind == tokenize.STRING and re.match(r"^[uU][rR]", text):
            edits.append((row, col, col + 2, "r"))
        elif kind == tokenize.OP and text == "<>":
            edits.append((row, col, ecol, "!="))
        elif kind == tokenize.ERRORTOKEN and text == "`":
            edits.append((row, col, ecol, ")" if backtick_open else "repr("))
            backtick_open = not backtick_open
        elif kind == tokenize.NAME and text in ("print", "exec") and (
            prev_significant is None or prev_significant.type in _STMT_START
            or (prev_significant.type == tokenize.OP and prev_significant.string in (":", ";"))
        ):
            if nxt is not tok and not (nxt.type == tokenize.OP and nxt.string in ("(", "=", ".")):
                if nxt.type == tokenize.OP and nxt.string == ">>":
                    edits.append((nxt.start[0], nxt.start[1], nxt.end[1], ""))
                edits.append((row, ecol, ecol, "("))
                open_print.append(depth)
        elif kind == tokenize.NAME and text == "except":
            _fix_except(tokens, i, edits)
        if kind in (tokenize.NEWLINE, tokenize.COMMENT) or (
            kind == tokenize.OP and text == ";" and open_print and depth == open_print[-1]
        ):
            if open_print and (kind != tokenize.COMMENT or tokens[i + 1].type == tokenize.NEWLINE):
                open_print.pop()
                edits.append((row, col, col, ")"))
        if kind not in (tokenize.NL, tokenize.COMMENT):
            prev_significant = tok
    for row, start, end, replacement in sorted(edits, reverse=True):
        line = lines[row - 1]
        lines[row - 1] = line[:start] + replacement + line[end:]
    return "".join(lines)


def _fix_except(tokens: list[tokenize.TokenInfo], i: int, edits: list) -> None:
    """``except E, e:`` -> ``except E as e:`` (a top-level comma before the colon)."""
    depth = 0
    for tok in tokens[i + 1:]:
        if tok.type == tokenize.OP:
            if tok.string in "([{":
                depth += 1
            elif tok.string in ")]}":
                depth -= 1
            elif tok.string == ":" and depth == 0:
                return
            elif tok.string == "," and depth == 0:
                edits.append((tok.start[0], tok.start[1], tok.end[1], " as"))
                return
        elif tok.type == tokenize.NEWLINE:
            return
