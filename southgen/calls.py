"""Read the ``db.*`` calls of a migration method statically, as data.

Used to compare a generated backwards with South's own (as operations, not
text), and to read what a hand-written ``forwards()`` does. Arguments are
resolved to Python values where they are literals, to ``FieldDef`` for
``self.gf('path')(...)`` / ``models.X(...)`` field constructions, to what
``southgen.evaluate`` knows of the module's names (``orm[user_orm_label]``,
``max_length=UID_LENGTH``: in a field's options a ``Source`` that generated
code writes as the module does), and to ``Unresolved`` (the source text) for
anything else: flagged, never guessed.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field

from southgen.evaluate import Evaluator
from southgen.symbolic import Source, Unknown


@dataclass(frozen=True)
class FieldDef:
    field_class: str  # dotted path for self.gf(...), 'models.X' for models.X(...)
    args: tuple
    kwargs: tuple[tuple[str, object], ...]

    @property
    def short_class(self) -> str:
        return self.field_class.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class OrmRef:
    model: str  # 'app.model', lower case; 'app.model:field' for South 0.6's field references
    code: str | None = field(default=None, compare=False)  # ``orm[user_orm_label]``

    @property
    def source(self) -> str:
        text = f"orm[{self.model!r}]"
        return Source(text, self.code) if self.code else text


@dataclass(frozen=True)
class Unresolved:
    source: str


@dataclass(frozen=True)
class DbCall:
    method: str  # 'create_table', ... or 'raise' for a raise statement
    args: tuple
    kwargs: tuple[tuple[str, object], ...]
    line: int

    def kwarg(self, name: str, default=None):
        return dict(self.kwargs).get(name, default)


def method_calls(node: ast.FunctionDef, skip_guards: bool = False,
                 module: Mapping[str, object] | None = None) -> list[DbCall]:
    """The ``db.*`` calls (and raises) of a method, in order; ``m2m_table_name = ...``
    style local assignments are followed, and the module's names (``module``, from
    ``southgen.evaluate.module_names``). ``skip_guards`` leaves out the data checks
    (``if not db.dry_run and ...: raise``) that run before any DDL."""
    names: dict[str, ast.expr] = {}
    if module:
        names[MODULE_NAMES] = module  # type: ignore[assignment]
    calls: list[DbCall] = []
    for stmt in _walk_statements(node.body, skip_guards):
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(
            stmt.targets[0], ast.Name
        ):
            names[stmt.targets[0].id] = stmt.value
        elif isinstance(stmt, ast.Raise):
            calls.append(DbCall("raise", (source(stmt.exc) if stmt.exc else "",), (),
                                stmt.lineno))
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            call = db_call(stmt.value, names)
            if call is not None:
                calls.append(call)
    return calls


def _walk_statements(body: list[ast.stmt], skip_guards: bool = False):
    for stmt in body:
        if skip_guards and (is_guard(stmt) or is_sqlite_repair(stmt)):
            continue
        yield stmt
        for attr in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, attr, None)
            if isinstance(inner, list) and not isinstance(stmt, (ast.FunctionDef, ast.ClassDef)):
                yield from _walk_statements(inner, skip_guards)


def is_guard(stmt: ast.stmt) -> bool:
    """A data check as southgen writes them: an ``if`` on ``db.dry_run`` that only raises."""
    if not isinstance(stmt, ast.If) or stmt.orelse:
        return False
    mentions_dry_run = any(
        isinstance(n, ast.Attribute) and n.attr == "dry_run"
        and isinstance(n.value, ast.Name) and n.value.id == "db"
        for n in ast.walk(stmt.test)
    )
    return mentions_dry_run and all(isinstance(s, ast.Raise) for s in stmt.body)


def is_sqlite_repair(stmt: ast.stmt) -> bool:
    """southgen's fix for South's SQLite index loss: ``if db.backend_name == 'sqlite3':``
    around only ``db.create_index`` / ``db.execute_deferred_sql`` calls."""
    if not isinstance(stmt, ast.If) or stmt.orelse or not stmt.body:
        return False
    test = stmt.test
    if not (isinstance(test, ast.Compare) and isinstance(test.left, ast.Attribute)
            and test.left.attr == "backend_name" and len(test.comparators) == 1
            and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value == "sqlite3"):
        return False
    return all(isinstance(s, ast.Expr) and isinstance(s.value, ast.Call)
               and isinstance(s.value.func, ast.Attribute)
               and s.value.func.attr in ("create_index", "execute_deferred_sql")
               for s in stmt.body)


def db_call(call: ast.Call, names: dict[str, ast.expr]) -> DbCall | None:
    func = call.func
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            and func.value.id == "db"):
        return None
    args = tuple(value_of(a, names) for a in call.args)
    kwargs = tuple((k.arg or "**", value_of(k.value, names)) for k in call.keywords)
    return DbCall(func.attr, args, kwargs, call.lineno)


MODULE_NAMES = " module"  # not an identifier: where ``names`` keeps the module's names
_DATA = (str, int, float, bool, type(None))


def value_of(node: ast.expr, names: dict[str, ast.expr] | None = None):
    if node.__class__ is ast.Constant:  # never a name: first, it is most of them
        return node.value
    names = names or {}
    if node.__class__ is ast.Call and node.func.__class__ is ast.Call:
        # ``self.gf(...)(...)``: no name, no literal, nothing the module computes (the
        # general path below gives the same, after three checks that cannot succeed)
        field = _field_def(node, names)
        return field if field is not None else Unresolved(source(node))
    key = _name_key(node)
    if key is not None and key in names:
        return value_of(names[key], {k: v for k, v in names.items() if k != key})
    if not _never_literal(node):
        try:
            return ast.literal_eval(node)
        except (ValueError, SyntaxError, TypeError):
            pass
    known = _module_value(node, names)
    if isinstance(known, _DATA):
        return known
    if isinstance(node, (ast.Tuple, ast.List)):
        return tuple(value_of(e, names) for e in node.elts)
    if isinstance(node, ast.Call):
        field = _field_def(node, names)
        if field is not None:
            return field
        if (isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "db" and node.func.attr == "shorten_name"
                and len(node.args) == 1):
            inner = value_of(node.args[0], names)
            return ("shorten_name", inner)
    if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)
            and node.value.id == "orm"):
        key = value_of(node.slice, names)
        if isinstance(key, str):
            literal = isinstance(node.slice, ast.Constant)
            return OrmRef(key.lower(), None if literal else source(node))
    return Unresolved(source(node))


# Nodes ``ast.literal_eval`` always refuses (it accepts one call, ``set()``).
_NEVER_LITERAL = (ast.Name, ast.Attribute, ast.Subscript)


def _never_literal(node: ast.expr) -> bool:
    """What ``ast.literal_eval`` would refuse, seen at a glance: a name, or a container
    with one (``(('id', self.gf(...)(...)), ...)``), spares it converting half a tuple
    before it gives up."""
    if isinstance(node, _NEVER_LITERAL):
        return True
    if isinstance(node, ast.Call):
        return not (isinstance(node.func, ast.Name) and node.func.id == "set")
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_never_literal(e) for e in node.elts)
    return False


def _name_key(node: ast.expr) -> str | None:
    """``x`` for a name, ``self.X`` for a class attribute read through ``self``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
            and node.value.id == "self":
        return f"self.{node.attr}"
    return None


def _module_value(node: ast.expr, names: dict) -> object:
    """What the module's names make of ``node`` (``Unknown`` when nothing)."""
    module = names.get(MODULE_NAMES)
    if not module or isinstance(node, (ast.Tuple, ast.List, ast.Dict)) or isinstance(
            node, (ast.Subscript, ast.Call)) and _is_orm_or_field(node):
        return _NOT_KNOWN  # containers: value_of takes their items one by one
    local = {k for k in names if k != MODULE_NAMES}
    if any(isinstance(n, ast.Name) and n.id in local for n in ast.walk(node)):
        return _NOT_KNOWN  # a local name shadows the module's
    try:
        return Evaluator(dict(module), None).value(node)
    except RecursionError:
        return _NOT_KNOWN


_NOT_KNOWN = Unknown("")


def _is_orm_or_field(node: ast.expr) -> bool:
    if isinstance(node, ast.Subscript):
        return isinstance(node.value, ast.Name) and node.value.id == "orm"
    func = getattr(node, "func", None)
    return isinstance(func, ast.Call) or (isinstance(func, ast.Attribute)
                                          and isinstance(func.value, ast.Name)
                                          and func.value.id in ("models", "self", "db"))


def _option(node: ast.expr, names: dict):
    """A field option: one the module computes as a ``Source`` written the module's way."""
    if isinstance(node, ast.Constant):
        return node.value
    value = value_of(node, names)
    local = isinstance(node, ast.Name) and node.id in names  # written out, as before
    if isinstance(value, _DATA) and not local and not _is_literal(node):
        return Source(repr(value), source(node), None, _bindings(node, names))
    if isinstance(value, OrmRef) and value.code:
        return Source(f"orm[{value.model!r}]", value.code, None, _bindings(node, names))
    return value


def _is_literal(node: ast.expr) -> bool:
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(map(_is_literal, node.elts))
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.operand, ast.Constant)
    return isinstance(node, ast.Constant)


def _bindings(node: ast.expr, names: dict) -> tuple[tuple[str, object], ...]:
    module = names.get(MODULE_NAMES)
    return Evaluator(dict(module), None).bindings(node) if module else ()


def _field_def(node: ast.Call, names: dict[str, ast.expr]) -> FieldDef | None:
    func = node.func
    # self.gf('django.db.models.fields.CharField')(max_length=100)
    if (isinstance(func, ast.Call) and isinstance(func.func, ast.Attribute)
            and func.func.attr == "gf" and len(func.args) == 1):
        path = value_of(func.args[0], names)
        if isinstance(path, str):
            return FieldDef(path, tuple(_option(a, names) for a in node.args),
                            tuple((k.arg or "**", _option(k.value, names))
                                  for k in node.keywords))
    # models.ForeignKey(orm['blog.post'], null=False)
    if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            and func.value.id == "models"):
        return FieldDef("models." + func.attr, tuple(_option(a, names) for a in node.args),
                        tuple((k.arg or "**", _option(k.value, names)) for k in node.keywords))
    return None


def source(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:
        return "<expression>"
