"""Parse a frozen ``models`` dict as data, fast.

South pretty-prints the dict one model block per ``'app.model': {...}``
entry, one field per line. Consecutive migrations repeat almost every block
verbatim, so each block's text is parsed once (``ast.literal_eval``) and
cached by its text; anything not in South's layout falls back to parsing the
whole dict. Nothing is ever executed: what is not a literal is evaluated
statically against the module's names (``southgen.evaluate``): computed strings
come back as ``Text``, values southgen cannot know as ``Unknown``.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

from southgen.errors import SouthgenError
from southgen.evaluate import Evaluator
from southgen.symbolic import Unknown, settings_key

FrozenModels = dict[str, dict]

# One model entry as South prints it: the key line, field lines, closing brace.
_BLOCK = re.compile(r"^([ \t]+)u?'([^'\n]+)': (\{\r?\n.*?^\1\}),?[ \t]*\r?$", re.M | re.S)
_SHELL = re.compile(r"\s*\{[\s,]*\}\s*")


def parse_frozen_models(source: str, path: Path | str | None, first_line: int,
                        names: dict | None = None) -> FrozenModels:
    """``source`` is the dict literal text, starting at ``first_line`` of ``path``;
    ``names`` the module's names (``southgen.evaluate.module_names``)."""
    fast = _parse_blocks(source, names, path, first_line)
    if fast is not None:
        return fast
    return _parse_whole(source, path, first_line, names)


# A block's key: South's quoted 'app.model', or a module-level name (user_model_label).
_KEY = re.compile(r"^([ \t]+)(?:u?'([^'\n]+)'|([A-Za-z_]\w*)): \{\r?\n", re.M)
_TAIL = re.compile(r",?[ \t]*\r?(?=\n|\Z)")


def _split_blocks(source: str) -> tuple[list[tuple[str, str, str | None, int]],
                                        list[str]] | None:
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
        start = source.rindex("{", match.start(), match.end())
        blocks.append((match.group(2), source[start: close + len(closing)], match.group(3),
                       start))
        end = tail.end()
        match = _KEY.search(source, end)
    gaps.append(source[end:])
    return blocks, gaps


def _parse_blocks(source: str, names: dict | None, path: object,
                  first_line: int) -> FrozenModels | None:
    body = source.strip()
    if not (body.startswith("{") and body.endswith("}")):
        return None
    split = _split_blocks(source)
    if split is not None:
        models: FrozenModels = {}
        for key, block, name, start in split[0]:
            parsed = _parse_block_of(key or name, block)
            if parsed is None and names is not None:
                line = first_line + source.count("\n", 0, start)
                parsed = _evaluate_block(block, names, str(path), line)
            if name is not None:
                named = names.get(name) if names is not None else None
                if not isinstance(named, (str, Unknown)):
                    return None
                key = named  # type: ignore[assignment]  # an Unknown key stays symbolic
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


_EVALUATED: dict[tuple, dict | None] = {}


def _evaluate_block(block: str, names: dict, path: str, line: int) -> dict | None:
    """A block with computed values, evaluated against the module's names; kept while
    the same file is read again (a batch reads each earlier migration many times)."""
    used = tuple((k, repr(v)) for k, v in names.items() if k in block)
    key = (block, used, settings_key(), path, line)
    if key not in _EVALUATED:
        if len(_EVALUATED) > 2000:
            _EVALUATED.clear()
        try:
            tree = ast.parse(block, mode="eval")
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            _EVALUATED[key] = None
        else:
            value = Evaluator(names, Path(path), line).data(tree.body)
            _EVALUATED[key] = value if isinstance(value, dict) else None
    return _EVALUATED[key]


# Each model's block as last seen, and its value: the next migration's dict mostly
# repeats it, and comparing two texts costs far less than hashing one for the cache.
_LAST_BLOCKS: dict[str | None, tuple[str, dict | None]] = {}


def _parse_block_of(key: str | None, block: str) -> dict | None:
    last = _LAST_BLOCKS.get(key)
    if last is not None and last[0] == block:
        return last[1]
    parsed = _parse_block(block)
    if len(_LAST_BLOCKS) > 20000:
        _LAST_BLOCKS.clear()
    _LAST_BLOCKS[key] = (block, parsed)
    return parsed


@lru_cache(maxsize=20000)
def _parse_block(block: str) -> dict | None:
    by_lines = _parse_lines(block)
    if by_lines is not None:
        return by_lines
    try:
        value = ast.literal_eval(block)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _parse_lines(block: str) -> dict | None:
    """A block one entry a line, as South prints it, parsed line by line: a model
    changed by a migration differs from its previous block by a line or two, and
    only those are parsed anew. The same dict as the whole block's (entries in
    order, a repeated key's last value where its first stood); None when a line
    does not stand on its own (a string or bracket across lines, a comment, a
    missing comma), for the whole block to decide."""
    lines = [line.strip() for line in block[1:-1].split("\n")]
    lines = [line for line in lines if line]
    if any(not line.endswith(",") for line in lines[:-1]):
        return None
    merged: dict = {}
    for line in lines:
        entries = _parse_line(line)
        if entries is None:
            return None
        merged.update(entries)
    return merged


@lru_cache(maxsize=20000)
def _parse_line(line: str) -> dict | None:
    try:
        value = ast.literal_eval("{" + line + "}")
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _parse_whole(source: str, path: Path | str | None, first_line: int,
                 names: dict | None = None) -> FrozenModels:
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        line = first_line + (exc.lineno or 1) - 1
        raise SouthgenError(f"frozen models dict does not parse: {exc.msg}", path, line) from None
    bad = _first_non_literal(tree.body)
    if bad is not None and names is not None:
        value = Evaluator(names, Path(str(path)), first_line).data(tree.body)
    elif bad is not None:
        line = first_line + getattr(bad, "lineno", 1) - 1
        snippet = ast.unparse(bad)[:60]
        raise SouthgenError(
            f"frozen models dict is not literal data ({snippet!r} would have to be executed)",
            path, line,
        )
    else:
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
