"""Read a South migration file statically: never imported, never executed.

The frozen ``models`` dict (often 100 KB) is cut out by text and parsed as
data by ``southgen.frozen``; the rest of the file (small) is parsed with
``ast``, after a lexical Python 2 -> 3 rewrite when it needs one.
"""

from __future__ import annotations

import ast
import io
import posixpath
import re
import tokenize
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from southgen.errors import SouthgenError
from southgen.evaluate import Evaluator
from southgen.frozen import FrozenModels, parse_frozen_models
from southgen.modulescope import bind, module_names
from southgen.py2compat import py2_to_py3
from southgen.symbolic import Unknown

_MODELS_START = re.compile(r"^([ \t]+)models[ \t]*=[ \t]*\{", re.M)
_STRING_OR_BRACE = re.compile(
    r"""[rRuUbB]{0,2}(?:'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"|'(?:\\.|[^\\'\n])*'"""
    r"""|"(?:\\.|[^\\"\n])*")|#[^\n]*|[{}\[\]()]""",
    re.S,
)


@dataclass(frozen=True)
class MethodSpan:
    """Where a method of the Migration class stands: 1-based, inclusive lines."""

    name: str
    first_line: int  # the ``def`` line (or its first decorator)
    last_line: int  # the last line of the body
    indent: str  # indentation of the ``def`` line
    body_indent: str
    node: ast.FunctionDef = field(compare=False, repr=False)


@dataclass(frozen=True)
class MigrationFile:
    path: Path
    text: str
    encoding: str
    newline: str
    class_name: str
    class_line: int
    base_names: tuple[str, ...]
    member_indent: str
    forwards: MethodSpan | None
    backwards: MethodSpan | None
    models: FrozenModels | None
    models_line: int | None
    complete_apps: tuple[str, ...] | None
    depends_on: tuple[tuple[str, str], ...]
    needed_by: tuple[tuple[str, str], ...]
    # module-level names as far as southgen knows them (``southgen.evaluate``)
    names: dict = field(default_factory=dict, compare=False, repr=False)
    # the whole module (frozen dict left out): module-level data and helpers forwards uses
    module: ast.Module | None = field(default=None, compare=False, repr=False)

    @property
    def name(self) -> str:
        return self.path.stem

    @cached_property
    def app_label(self) -> str:
        """The app this migration belongs to: the folder holding ``migrations/``."""
        if self.path.is_symlink():
            return self.path.resolve().parent.parent.name
        return _resolved_folder(self.path.parent).parent.name

    @property
    def is_data_migration(self) -> bool:
        return "DataMigration" in self.base_names

    def lines(self) -> list[str]:
        return self.text.splitlines(keepends=True)


@lru_cache(maxsize=256)
def _resolved_folder(folder: Path) -> Path:
    return folder.resolve()


def decode(raw: bytes, path: Path) -> tuple[str, str]:
    """Text and encoding, honouring a PEP 263 coding cookie."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError as exc:
        raise SouthgenError(f"bad coding cookie: {exc}", path, 1) from None
    try:
        return raw.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SouthgenError(f"cannot decode as {encoding}: {exc.reason}", path, line) from None


def read_migration(path: Path | str, raw: bytes | None = None) -> MigrationFile:
    try:
        return _read_migration(Path(path), raw)
    except RecursionError:  # a pathological expression: Python's own limits, not ours
        raise SouthgenError("nested too deeply to be read statically", path) from None


def _read_migration(path: Path, raw: bytes | None) -> MigrationFile:
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise SouthgenError(f"cannot read: {exc.strerror}", path) from None
    text, encoding = decode(raw, path)
    span, unchecked = _models_span(text, check=False)
    if not unchecked:
        return _read_text(path, text, encoding, span)[0]
    # South's layout: the dict ends at the first line holding just its indentation and
    # ``}``. Parsing it from there proves its brackets balance, so only a file whose
    # dict was not parsed from that span pays for counting them.
    try:
        migration, parsed = _read_text(path, text, encoding, span)
    except SouthgenError:
        if _span_balanced(text, span):
            raise
        return _read_text(path, text, encoding, _models_span(text)[0])[0]
    if parsed or _span_balanced(text, span):
        return migration
    return _read_text(path, text, encoding, _models_span(text)[0])[0]


def _span_balanced(text: str, span: tuple[int, int] | None) -> bool:
    return span is None or _balanced(text[span[0]: span[1]])


def _read_text(path: Path, text: str, encoding: str, span: tuple[int, int] | None
               ) -> tuple[MigrationFile, bool]:
    """The migration, and whether its frozen dict was parsed from ``span``."""
    # a one-character search is a memchr: most files have no CR at all
    newline = "\r\n" if "\r" in text and "\r\n" in text else "\n"
    skeleton = text if span is None else (
        text[: span[0]] + "{}" + "\n" * text.count("\n", span[0], span[1]) + text[span[1]:]
    )
    tree = _parse(skeleton, path)
    cls = _find_migration_class(tree, path)
    names = module_names(tree, path)
    scope = dict(names)
    evaluator = Evaluator(scope, path)
    attrs = _class_attributes(cls.body, evaluator)
    models, models_line = None, None
    parsed = False
    if "models" in attrs:
        node = attrs["models"]
        models_line = node.lineno
        found: object
        if span is not None and text.count("\n", 0, span[0]) + 1 == node.lineno:
            found = parse_frozen_models(text[span[0]: span[1]], path, models_line, names)
            parsed = True
        else:
            found = evaluator.data(node)
        if isinstance(found, Unknown):
            raise found.error("the frozen 'models'")
        if not isinstance(found, dict):
            raise SouthgenError("'models' is not a dict", path, models_line)
        models = found
    methods = {
        node.name: _method_span(node, text)
        for node in cls.body
        if isinstance(node, ast.FunctionDef) and node.name in ("forwards", "backwards")
    }
    member_indent = _indent_of(text, cls.body[0].lineno) if cls.body else "    "
    return MigrationFile(
        path=path,
        text=text,
        encoding=encoding,
        newline=newline,
        class_name=cls.name,
        class_line=cls.lineno,
        base_names=tuple(_base_name(b) for b in cls.bases),
        member_indent=member_indent,
        forwards=methods.get("forwards"),
        backwards=methods.get("backwards"),
        models=models,
        models_line=models_line,
        complete_apps=_string_tuple(attrs, "complete_apps", path, evaluator),
        depends_on=_pairs(attrs, "depends_on", path, evaluator),
        needed_by=_pairs(attrs, "needed_by", path, evaluator),
        names=names,
        module=tree,
    ), parsed


def read_frozen_models(path: Path, raw: bytes | None = None) -> FrozenModels | None:
    """Only the frozen dict of a file, cut out by text: what earlier definitions need,
    at a fraction of ``read_migration``'s cost. None when it has none that parses."""
    try:
        text, _ = decode(path.read_bytes() if raw is None else raw, path)
        span = _models_span(text)[0]
        if span is None:
            return None
        models = parse_frozen_models(text[span[0]: span[1]], path,
                                     text.count("\n", 0, span[0]) + 1)
    except (OSError, SouthgenError):
        return None
    return models if isinstance(models, dict) else None


def _models_span(text: str, check: bool = True) -> tuple[tuple[int, int] | None, bool]:
    """Character span of the frozen dict literal, from ``{`` to its ``}``, and whether
    its brackets are still to be checked (``check=False`` leaves that to the caller)."""
    match = _MODELS_START.search(text)
    if match is None:
        return None, False
    start = match.end() - 1
    closing = "\n" + match.group(1) + "}"
    end = text.find(closing, start)
    south_layout = text[start + 1: start + 3].lstrip(" \t")[:1] in ("\n", "\r")
    if end != -1 and south_layout and (
            not check or _balanced(text[start: end + len(closing)])):
        return (start, end + len(closing)), not check
    depth = 0
    for token in _STRING_OR_BRACE.finditer(text, start):
        char = token.group(0)
        if char in "{[(":
            depth += 1
        elif char in "}])":
            depth -= 1
            if depth == 0:
                return (start, token.end()), False
    return None, False


def _balanced(source: str) -> bool:
    # Fast path (C speed): every kind of bracket counts even. Strings holding
    # brackets that happen to compensate a structural imbalance exactly would
    # still fail to parse later, so nothing wrong is ever accepted silently.
    if all(source.count(a) == source.count(b) for a, b in ("{}", "[]", "()")):
        return True
    depth = 0
    for token in _STRING_OR_BRACE.finditer(source):
        char = token.group(0)
        if char in "{[(":
            depth += 1
        elif char in "}])":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _parse(source: str, path: Path) -> ast.Module:
    try:
        return ast.parse(source, filename=str(path))
    except SyntaxError as first:
        try:
            return ast.parse(py2_to_py3(source), filename=str(path))
        except (SyntaxError, tokenize.TokenError, IndentationError):
            pass
        raise SouthgenError(f"does not parse: {first.msg}", path, first.lineno) from None
    except ValueError as exc:  # e.g. NUL bytes
        raise SouthgenError(f"does not parse: {exc}", path) from None


def _find_migration_class(tree: ast.Module, path: Path) -> ast.ClassDef:
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    for cls in classes:
        if cls.name == "Migration":
            return cls
    for cls in classes:
        if any(_base_name(b).endswith("Migration") for b in cls.bases):
            return cls
    raise SouthgenError("no Migration class (not a South migration?)", path, 1)


def _class_attributes(body: list[ast.stmt], evaluator: Evaluator) -> dict[str, ast.expr]:
    """The class body's assignments, in an ``if`` only on the branch its (known) test
    takes; their values bound in ``evaluator``'s names as they go."""
    attrs: dict[str, ast.expr] = {}
    for node in body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    attrs[target.id] = node.value
                    if target.id != "models":  # big, and nothing refers to it
                        bind(target, evaluator.value(node.value), evaluator.names, evaluator)
        elif isinstance(node, ast.If):
            test = evaluator.value(node.test)
            if isinstance(test, (bool, int, str)):
                attrs.update(_class_attributes(node.body if test else node.orelse, evaluator))
    return attrs


def _evaluated(attrs: dict, name: str, evaluator: Evaluator):
    value = evaluator.value(attrs[name])
    unknown = _first_unknown(value)
    if unknown is not None:
        raise unknown.error(f"'{name}'")
    return value


def _first_unknown(value) -> Unknown | None:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, (list, tuple)):
        return next((u for u in map(_first_unknown, value) if u is not None), None)
    return None


def _string_tuple(attrs: dict, name: str, path: Path,
                  evaluator: Evaluator) -> tuple[str, ...] | None:
    if name not in attrs:
        return None
    value = _evaluated(attrs, name, evaluator)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise SouthgenError(f"'{name}' is not a list of strings", path, attrs[name].lineno)
    return tuple(value)


def _pairs(attrs: dict, name: str, path: Path,
           evaluator: Evaluator) -> tuple[tuple[str, str], ...]:
    """South's ``for app, name in depends_on``: any sequence of (app, migration) pairs;
    a migration name is taken as South does, file extension and folders stripped
    (``os.path.splitext(os.path.basename(name))[0]``)."""
    if name not in attrs:
        return ()
    value = _evaluated(attrs, name, evaluator)
    try:
        pairs = [(app, migration) for app, migration in value]
        if not all(isinstance(a, str) and isinstance(m, str) for a, m in pairs):
            raise TypeError
    except (TypeError, ValueError):
        raise SouthgenError(
            f"'{name}' is not a list of (app, migration) pairs", path, attrs[name].lineno
        ) from None
    return tuple((app, posixpath.splitext(posixpath.basename(migration))[0])
                 for app, migration in pairs)


def _method_span(node: ast.FunctionDef, text: str) -> MethodSpan:
    first = min([node.lineno] + [d.lineno for d in node.decorator_list])
    body_line = node.body[0].lineno if node.body else node.lineno
    body_indent = _indent_of(text, body_line)
    if body_line == node.lineno:  # ``def backwards(self, orm): pass``
        body_indent = _indent_of(text, node.lineno) + "    "
    return MethodSpan(
        name=node.name,
        first_line=first,
        last_line=node.end_lineno or node.lineno,
        indent=_indent_of(text, node.lineno),
        body_indent=body_indent,
        node=node,
    )


def _indent_of(text: str, line: int) -> str:
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    match = _INDENT.match(text, start)
    return match.group(0) if match else ""


_INDENT = re.compile(r"[ \t]*")


def _base_name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""
