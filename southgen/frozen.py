"""Parse a frozen ``models`` dict as data, fast.

South pretty-prints the dict one model block per ``'app.model': {...}``
entry, one field per line. Consecutive migrations repeat almost every block
verbatim, so each block's text is parsed once (``ast.literal_eval``) and
cached by its text; anything not in South's layout falls back to parsing the
whole dict. Nothing is ever evaluated: only literals are accepted.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

from southgen.errors import SouthgenError

FrozenModels = dict[str, dict]

# One model entry as South prints it: the key line, field lines, closing brace.
_BLOCK = re.compile(r"^([ \t]+)u?'([^'\n]+)': (\{\r?\n.*?^\1\}),?[ \t]*\r?$", re.M | re.S)
_SHELL = re.compile(r"\s*\{[\s,]*\}\s*")


def parse_frozen_models(source: str, path: Path | str | None, first_line: int) -> FrozenModels:
    """``source`` is the dict literal text, starting at ``first_line`` of ``path``."""
    fast = _parse_blocks(source)
    if fast is not None:
        return fast
    return _parse_whole(source, path, first_line)


_KEY = re.compile(r"^([ \t]+)u?'([^'\n]+)': \{\r?\n", re.M)
_TAIL = re.compile(r",?[ \t]*\r?(?=\n|\Z)")


def _split_blocks(source: str) -> tuple[list[tuple[str, str]], list[str]] | None:
    """What ``_BLOCK.finditer`` finds, by plain string search: South closes every
    block with a line holding just its key's indentation and ``}``. None when the
    layout is anything else (the regex then decides)."""
    first = _KEY.search(source)
    if first is None:
        return None
    indent = first.group(1)
    closing = "\n" + indent + "}"
    blocks, gaps, end = [], [], 0
    match: re.Match[str] | None = first
    while match is not None:
        if match.group(1) != indent:
            return None
        close = source.find(closing, match.end() - 1)
        if close == -1:
            return None
        tail = _TAIL.match(source, close + len(closing))
        if tail is None:
            return None
        gaps.append(source[end: match.start()])
        blocks.append((match.group(2), source[source.index("{", match.end(2)): close
                                              + len(closing)]))
        end = tail.end()
        match = _KEY.search(source, end)
    gaps.append(source[end:])
    return blocks, gaps


def _parse_blocks(source: str) -> FrozenModels | None:
    body = source.strip()
    if not (body.startswith("{") and body.endswith("}")):
        return None
    split = _split_blocks(source)
    if split is not None:
        models: FrozenModels = {}
        for key, block in split[0]:
            parsed = _parse_block(block)
            if parsed is None:
                return None
            models[key] = parsed
        if _SHELL.fullmatch("".join(split[1])):
            return models
    models = {}
    gaps = []  # the text between the blocks: must be the dict's own shell
    end = 0
    for match in _BLOCK.finditer(source):
        key, block = match.group(2), match.group(3)
        parsed = _parse_block(block)
        if parsed is None:
            return None
        models[key] = parsed
        gaps.append(source[end: match.start()])
        end = match.end()
    gaps.append(source[end:])
    if not _SHELL.fullmatch("".join(gaps)):
        return None  # text outside the recognised blocks: not South's layout
    return models


@lru_cache(maxsize=20000)
def _parse_block(block: str) -> dict | None:
    try:
        value = ast.literal_eval(block)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _parse_whole(source: str, path: Path | str | None, first_line: int) -> FrozenModels:
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        line = first_line + (exc.lineno or 1) - 1
        raise SouthgenError(f"frozen models dict does not parse: {exc.msg}", path, line) from None
    bad = _first_non_literal(tree.body)
    if bad is not None:
        line = first_line + getattr(bad, "lineno", 1) - 1
        snippet = ast.unparse(bad)[:60]
        raise SouthgenError(
            f"frozen models dict is not literal data ({snippet!r} would have to be executed)",
            path, line,
        )
    value = ast.literal_eval(tree.body)
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise SouthgenError("frozen models is not a dict of model dicts", path, first_line)
    return value


def _first_non_literal(node: ast.AST) -> ast.AST | None:
    if isinstance(node, ast.Constant):
        return None
    if isinstance(node, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
        children = (
            [*node.keys, *node.values] if isinstance(node, ast.Dict) else list(node.elts)
        )
        for child in children:
            if child is None:
                return node  # a ** splat
            bad = _first_non_literal(child)
            if bad is not None:
                return bad
        return None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return _first_non_literal(node.operand)
    return node
