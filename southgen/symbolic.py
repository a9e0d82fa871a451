"""Values a migration module computes, as southgen carries them.

``Unknown``: a value southgen cannot know statically, kept as its source
expression, with the ``--setting`` that would give it. ``Text``: a string the
module builds (``"orm['%s']" % user_orm_label``) as literal parts and holes,
so generated code can write the module's own expression (``orm[user_orm_label]``)
instead of one project's value. ``Source``: a frozen option's source text as
a ``str`` (its value, what South sees) that also knows how generated code
writes it.

The project's settings (``--setting NAME=VALUE``, ``[southgen] settings``) are
in effect for a whole run: ``given_settings()`` sets them, ``setting()`` reads.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from southgen.errors import SouthgenError

_SETTINGS: dict[str, object] = {}


@contextmanager
def given_settings(values: Mapping[str, str]) -> Iterator[None]:
    """Make ``values`` (NAME -> VALUE as typed) the settings of the project read."""
    global _SETTINGS
    before, _SETTINGS = _SETTINGS, {name: setting_value(v) for name, v in values.items()}
    try:
        yield
    finally:
        _SETTINGS = before


def setting_value(text: str) -> object:
    """``100`` -> 100, ``'x'`` -> 'x', ``accounts.Customer`` -> 'accounts.Customer'."""
    try:
        return ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text.strip()


MISSING = object()


def setting(name: str, default: object = MISSING) -> object:
    """A given setting, else ``default``; ``MISSING`` when neither."""
    return _SETTINGS.get(name, default)


def settings_key() -> tuple:
    return tuple(sorted((k, repr(v)) for k, v in _SETTINGS.items()))


@dataclass(frozen=True, eq=False)
class Unknown:
    expression: str | ast.AST  # as the module writes it (a node: written out when asked)
    setting: str | None = None  # the --setting that gives it, when there is one
    why: str = ""  # e.g. "imported from oscar.core.compat, which southgen cannot read"
    path: Path | None = None
    line: int | None = None

    @property
    def source(self) -> str:
        expression = self.expression
        if not isinstance(expression, str):  # unparsed only when needed: it is slow
            expression = _unparse(expression)
            object.__setattr__(self, "expression", expression)
        return expression

    def _identity(self) -> tuple:
        return self.source, self.setting, self.why

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unknown) and self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    def named(self, name: str) -> Unknown:
        """The same value, bound to a module-level name (its setting, if it had none)."""
        return Unknown(self.expression, self.setting or name, self.why, self.path, self.line)

    def error(self, what: str) -> SouthgenError:
        why = f" ({self.why})" if self.why else ""
        if self.setting:
            hint = (f"give it with --setting {self.setting}=VALUE or in [southgen] settings")
        else:
            hint = "southgen cannot know it without executing migration code, which it never does"
        error = SouthgenError(f"{what} needs the value of {self.source}{why}: {hint}",
                              self.path, self.line)
        error.unknown = self
        return error


def _unparse(node: ast.AST) -> str:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return node.name
    try:
        return ast.unparse(node)
    except Exception:
        return "<expression>"


def require(value: object, what: str) -> object:
    """``value`` when southgen knows it; the one-line error naming the setting if not."""
    if value is None or value.__class__ is str:  # the common case, first: it is hot
        return value
    unknown = getattr(value, "unknown", None) if isinstance(value, str) else value
    if isinstance(unknown, Unknown):
        raise unknown.error(what)
    return value


@dataclass(frozen=True)
class Hole:
    source: str  # the sub-expression as written
    value: object  # what it evaluates to (may be Unknown)
    number_source: str | None = None  # for ``str(X)`` of a number: X's source


@dataclass(frozen=True)
class Text:
    parts: tuple[str | Hole, ...]
    # the module-level names the expression uses, with their values there
    bindings: tuple[tuple[str, object], ...] = ()

    @property
    def value(self) -> str | Unknown:
        out = []
        for part in self.parts:
            value = part.value if isinstance(part, Hole) else part
            if isinstance(value, Unknown):
                return value
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                return Unknown(part.source if isinstance(part, Hole) else repr(part))
            out.append(value if isinstance(value, str) else str(value))
        return "".join(out)

    def code(self) -> str | None:
        """How generated code writes this text's value as Python source, through
        the module's own names; None when it cannot."""
        holes = [p for p in self.parts if isinstance(p, Hole)]
        marks = [f"SOUTHGENHOLE{i}X" for i in range(len(holes))]
        marked = iter(marks)
        text = "".join(next(marked) if isinstance(p, Hole) else p for p in self.parts)
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
        except (tokenize.TokenError, IndentationError, SyntaxError):
            return None
        by_mark = dict(zip(marks, holes))
        lines = text.splitlines(keepends=True) or [""]
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line))
        out, at = [], 0
        for token in tokens:
            begin = starts[token.start[0] - 1] + token.start[1]
            end = starts[token.end[0] - 1] + token.end[1]
            replacement = _token_code(token, by_mark)
            if replacement is None:
                if any(m in token.string for m in marks):
                    return None
                continue
            out.append(text[at:begin])
            out.append(replacement)
            at = end
        out.append(text[at:])
        return "".join(out)


def _token_code(token: tokenize.TokenInfo, by_mark: dict[str, Hole]) -> str | None:
    if token.type == tokenize.NAME and token.string in by_mark:
        hole = by_mark[token.string]
        if hole.number_source is not None:
            return hole.number_source
        return None
    if token.type != tokenize.STRING or not any(m in token.string for m in by_mark):
        return None
    try:
        literal = ast.literal_eval(token.string)
    except (ValueError, SyntaxError):
        return None
    pieces: list[str] = []
    rest = literal
    while rest:
        mark = min((m for m in by_mark if m in rest), key=rest.index, default=None)
        if mark is None:
            pieces.append(repr(rest))
            break
        before, rest = rest.split(mark, 1)
        if before:
            pieces.append(repr(before))
        hole = by_mark[mark]
        pieces.append(hole.source if isinstance(hole.value, (str, Unknown))
                      else f"str({hole.source})")
    return " + ".join(pieces) if pieces else "''"


class Source(str):
    """A frozen option's source text (its value, as South reads it) that knows how
    generated code writes it (``code``), and whether southgen knows the value."""

    code: str
    unknown: Unknown | None
    bindings: tuple[tuple[str, object], ...]  # names ``code`` uses, with their values
    need: str | None = None  # what southgen needs the value for, when it does

    def __new__(cls, text: str, code: str, unknown: Unknown | None = None,
                bindings: tuple[tuple[str, object], ...] = ()) -> Source:
        made = super().__new__(cls, text)
        made.code = code
        made.unknown = unknown
        made.bindings = bindings
        return made

    def __reduce__(self):
        return Source, (str(self), self.code, self.unknown, self.bindings)


def source_of(text: Text, what: str) -> str:
    """The Source of a frozen option the module computes."""
    value, code = text.value, text.code()
    if isinstance(value, Unknown):
        if code is None:
            raise value.error(what)
        return Source(code, code, value, text.bindings)
    return Source(value, code if code is not None else value, None, text.bindings)


_WRITING_INTO: list[dict] = []  # the names of the module generated code goes into


@contextmanager
def writing_into(names: dict) -> Iterator[None]:
    """Generated code goes into a module with these names: a ``Source`` is written
    the module's way only where this module binds the names it uses alike."""
    _WRITING_INTO.append(names)
    try:
        yield
    finally:
        _WRITING_INTO.pop()


def code_of(value: str) -> str:
    """How generated code writes a frozen option (``Source`` or plain source text)."""
    if not isinstance(value, Source):
        return value
    if _WRITING_INTO:
        names = _WRITING_INTO[-1]
        if any(names.get(name, MISSING) != bound for name, bound in value.bindings):
            if value.unknown is not None:  # e.g. copied from an earlier migration's module
                raise value.unknown.error(f"writing {value.code} where it is not defined")
            return str(value)
    return value.code
