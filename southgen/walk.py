"""Walk ``forwards()`` statement by statement, its control flow included.

- ``db.*`` calls become operations (``forwards._Reader``);
- a loop over literal data (written in place, or a module-level or class-level
  constant) is unrolled;
- an ``if``/``else`` on a condition southgen can name (``db.backend_name``,
  ``db.dry_run``, ``settings.X``, module-level helpers and constants) becomes
  a ``Branch``; a ``raise`` under any ``if`` is a sanity check, not a refusal;
- a ``try`` around operations becomes ``Guarded``;
- the Migration class's own methods (``self.create_x()``) and the module's
  functions are read where forwards calls them;
- rows created through the orm with literal values become ``InsertRows``.

Anything else that holds ``db.*`` calls is ``Opaque`` and says why; any
other call is recorded as unknown (it may do anything).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field

from southgen.calls import MODULE_NAMES, DbCall, db_call, source, value_of
from southgen.operations.base import Operation
from southgen.operations.flow import Branch, Guarded, leaves
from southgen.operations.raw import Opaque
from southgen.operations.rows import inserted_rows

NAMEABLE_ROOTS = {"db", "settings", "connection", "True", "False", "None"}
QUIET_CALLS = {"print", "len", "str", "int", "list", "dict", "set", "tuple", "sorted", "range",
               "isinstance", "getattr", "hasattr", "repr", "unicode", "bool", "min", "max"}
MAX_DEPTH = 4
# what a condition may read of these: the backend, never the database's contents
STABLE_ATTRIBUTES = {"db": ("backend_name", "dry_run"), "connection": ("vendor",)}
DATABASE_READS = {"introspection", "execute", "cursor", "table_names", "get_table_list",
                  "objects", "raw"}


@dataclass
class Walked:
    ops: list[Operation] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # calls southgen cannot read
    row_calls: set[int] = field(default_factory=set)  # id() of orm create calls read as rows


class Walker:
    def __init__(self, to_ops: Callable[[DbCall], list[Operation]],
                 module: ast.Module | None, evaluated: dict | None = None) -> None:
        self.to_ops = to_ops
        self.evaluated = evaluated or {}  # module-level names as southgen.evaluate knows them
        self.functions: dict[str, ast.FunctionDef] = {}
        self.methods: dict[str, ast.FunctionDef] = {}
        self.constants: dict[str, ast.expr] = {}
        self.module_names: set[str] = set()
        self.result = Walked()
        if module is not None:
            self._index(module)

    def _index(self, module: ast.Module) -> None:
        for stmt in module.body:
            if isinstance(stmt, ast.FunctionDef):
                self.functions[stmt.name] = stmt
                self.module_names.add(stmt.name)
            elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
                self.module_names.update((a.asname or a.name).split(".")[0] for a in stmt.names)
            elif isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        self.constants[target.id] = stmt.value
                        self.module_names.add(target.id)
            elif isinstance(stmt, ast.ClassDef):
                self.module_names.add(stmt.name)
                for member in stmt.body:
                    if isinstance(member, ast.FunctionDef) and \
                            member.name not in ("forwards", "backwards"):
                        self.methods[member.name] = member
                    elif isinstance(member, ast.Assign) and len(member.targets) == 1 \
                            and isinstance(member.targets[0], ast.Name) \
                            and member.targets[0].id != "models":
                        self.constants["self." + member.targets[0].id] = member.value

    def _names(self) -> dict:
        names: dict = dict(self.constants)
        if self.evaluated:
            names[MODULE_NAMES] = self.evaluated
        return names

    def walk(self, node: ast.FunctionDef) -> Walked:
        self.result.ops = self.block(node.body, self._names(), 0, top=True)
        return self.result

    def block(self, body: list[ast.stmt], names: dict, depth: int,
              top: bool = False) -> list[Operation]:
        ops: list[Operation] = []
        for position, stmt in enumerate(body):
            if isinstance(stmt, ast.Return):
                break
            rest = body[position + 1:]
            if isinstance(stmt, ast.If) and rest and _returns(stmt.body) and not stmt.orelse:
                # ``if x: return`` then the rest: the rest runs only when x does not hold
                early = ast.If(test=stmt.test, body=stmt.body, orelse=rest)
                ast.copy_location(early, stmt)
                ops.extend(self.branch(early, names, depth))
                break
            ops.extend(self.statement(stmt, names, depth, top))
        return ops

    def statement(self, stmt: ast.stmt, names: dict, depth: int, top: bool) -> list[Operation]:
        if isinstance(stmt, ast.Assign):
            # ``name = db.shorten_name(...)`` computes; ``rows = db.execute(...)`` runs SQL
            value_ops = self.expression(stmt.value, names, depth, assigned=True)
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    names[target.id] = stmt.value
                    self.local(names, target.id)
                else:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Name):
                            names.pop(sub.id, None)
                            self.local(names, sub.id)
            return value_ops
        if isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
            if isinstance(stmt.target, ast.Name):
                names.pop(stmt.target.id, None)
                self.local(names, stmt.target.id)
            return []
        if isinstance(stmt, ast.Expr):
            return self.expression(stmt.value, names, depth)
        if isinstance(stmt, ast.Raise):
            if not top:
                return []  # a check under a condition: forwards stops only on bad data
            return [Opaque(f"forwards raises {source(stmt.exc) if stmt.exc else ''}",
                           "it cannot run", schema=False)]
        if isinstance(stmt, ast.If):
            return self.branch(stmt, names, depth)
        if isinstance(stmt, ast.For):
            return self.loop(stmt, names, depth)
        if isinstance(stmt, ast.Try):
            return self.attempt(stmt, names, depth)
        if isinstance(stmt, ast.With):
            return self.block(stmt.body, names, depth, top)
        if isinstance(stmt, ast.While):
            inner = self.quiet_block(stmt.body, names, depth)
            if _has_schema(inner):
                return [Opaque(f"forwards runs db.* calls in a while loop (line {stmt.lineno})",
                               "how often they ran is not known")]
            return []
        return []

    def local(self, names: dict, name: str) -> None:
        names.setdefault("__locals__", set()).add(name)

    # -- calls ---------------------------------------------------------------

    def expression(self, node: ast.expr, names: dict, depth: int,
                   assigned: bool = False) -> list[Operation]:
        if not isinstance(node, ast.Call):
            return []
        call = db_call(node, names)
        if call is not None:
            if assigned and call.method not in ("execute", "execute_many"):
                return []
            return self.to_ops(call)
        rows = inserted_rows(node)
        if rows is not None:
            self.result.row_calls.add(id(node))
            return [rows]
        function = self.callee(node)
        if function is not None and depth < MAX_DEPTH:
            return self.block(function.body, self.bind(function, node, names), depth + 1)
        root = _root(node.func)
        if assigned or root in ("orm", "db") or root in QUIET_CALLS \
                or root in names.get("__locals__", ()):
            return []  # a value computed (``sql = make_sql()``) is not a statement run
        self.result.unknown.append(f"{source(node.func)} (line {node.lineno})")
        return []

    def callee(self, node: ast.Call) -> ast.FunctionDef | None:
        func = node.func
        if isinstance(func, ast.Name):
            return self.functions.get(func.id)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and func.value.id == "self":
            return self.methods.get(func.attr)
        return None

    def bind(self, function: ast.FunctionDef, call: ast.Call, names: dict) -> dict:
        """The names a called helper sees: constants, and its parameters bound to the
        caller's arguments (read in the caller's names)."""
        inner = self._names()
        params = [a.arg for a in function.args.args]
        if params and params[0] == "self" and isinstance(call.func, ast.Attribute):
            params = params[1:]
        for param, arg in zip(params, call.args):
            inner[param] = _resolved(arg, names)
        for keyword in call.keywords:
            if keyword.arg:
                inner[keyword.arg] = _resolved(keyword.value, names)
        return inner

    # -- control flow ----------------------------------------------------------

    def branch(self, stmt: ast.If, names: dict, depth: int) -> list[Operation]:
        then = self.block(stmt.body, names, depth)
        otherwise = self.block(stmt.orelse, names, depth)
        if not _has_schema(then) and not _has_schema(otherwise):  # rows, under a condition
            return [*_under(then, source(stmt.test)),
                    *_under(otherwise, f"not ({source(stmt.test)})")]
        if self.nameable(stmt.test, names):
            return [Branch(source(stmt.test), tuple(then), tuple(otherwise), stmt.lineno)]
        return [Opaque(f"forwards runs db.* calls only if {source(stmt.test)} "
                       f"(line {stmt.lineno})",
                       "whether they ran depends on something southgen cannot name",
                       covers=_keys(then + otherwise))]

    def nameable(self, test: ast.expr, names: dict) -> bool:
        """A condition that holds the same when backwards runs: on the backend and the
        settings, not on the database's contents (which forwards changed)."""
        local = names.get("__locals__", set())
        for node in ast.walk(test):
            if isinstance(node, ast.Name):
                if node.id in local or (node.id not in NAMEABLE_ROOTS
                                        and node.id not in self.module_names):
                    return False
                helper = self.functions.get(node.id)
                if helper is not None and _reads_database(helper):
                    return False
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id in STABLE_ATTRIBUTES \
                    and node.attr not in STABLE_ATTRIBUTES[node.value.id]:
                return False
        return True

    def loop(self, stmt: ast.For, names: dict, depth: int) -> list[Operation]:
        items = value_of(stmt.iter, names)
        if isinstance(items, (tuple, list)) and _literal(items) and not stmt.orelse:
            ops: list[Operation] = []
            for item in items:
                bound = dict(names)
                if not _bind_target(stmt.target, item, bound):
                    break
                ops.extend(self.block(stmt.body, bound, depth))
            else:
                return ops
        inner = self.quiet_block(stmt.body, names, depth, stmt.target)
        if not _has_schema(inner):
            return [op for op in inner if not op.unreadable]
        return [Opaque(f"forwards runs db.* calls in a loop over {source(stmt.iter)} "
                       f"(line {stmt.lineno})",
                       f"{source(stmt.iter)} is not literal data, so what ran is not known",
                       covers=_keys(inner))]

    def quiet_block(self, body: list[ast.stmt], names: dict, depth: int,
                    target: ast.expr | None = None) -> list[Operation]:
        """A body read once, only to see what kinds of operations it holds."""
        inner = dict(names)
        if target is not None:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name):
                    inner.pop(sub.id, None)
                    self.local(inner, sub.id)
        unknown = list(self.result.unknown)
        ops = self.block(body, inner, depth)
        self.result.unknown = unknown
        return ops

    def attempt(self, stmt: ast.Try, names: dict, depth: int) -> list[Operation]:
        body = self.block(stmt.body, names, depth)
        handled = [op for handler in stmt.handlers
                   for op in self.block(handler.body, dict(names), depth)]
        rest = self.block(stmt.orelse, names, depth) + self.block(stmt.finalbody, names, depth)
        if _has_schema(handled):
            return [Opaque(f"forwards runs db.* calls when an error is caught "
                           f"(line {stmt.lineno})",
                           "whether they ran is not known", covers=_keys(body + handled)), *rest]
        if not _has_schema(body) or not stmt.handlers:
            return body + rest
        return [Guarded(tuple(body), stmt.lineno), *rest]


def _reads_database(function: ast.FunctionDef) -> bool:
    return any(isinstance(node, ast.Attribute) and node.attr in DATABASE_READS
               for node in ast.walk(function))


def _under(ops: list[Operation], condition: str) -> list[Operation]:
    """Rows inserted only when ``condition`` held say so."""
    return [op.under_condition(condition) for op in ops]


def _returns(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], ast.Return)


def _has_schema(ops: list[Operation]) -> bool:
    return any(op.changes_schema for op in leaves(ops))


def _keys(ops: list[Operation]) -> tuple:
    return tuple(key for op in leaves(ops) for key in op.keys())


def _root(func: ast.expr) -> str:
    while isinstance(func, (ast.Attribute, ast.Subscript, ast.Call)):
        func = func.func if isinstance(func, ast.Call) else func.value
    return func.id if isinstance(func, ast.Name) else ""


def _literal(value) -> bool:
    from southgen.calls import FieldDef, OrmRef, Unresolved

    if isinstance(value, (Unresolved, FieldDef, OrmRef)):
        return False
    if isinstance(value, (tuple, list)):
        return all(_literal(v) for v in value)
    return True


def _constant(value) -> ast.expr:
    return ast.parse(repr(value), mode="eval").body


def _resolved(node: ast.expr, names: dict) -> ast.expr:
    value = value_of(node, names)
    return _constant(value) if _literal(value) else node


def _bind_target(target: ast.expr, item, names: dict) -> bool:
    if isinstance(target, ast.Name):
        names[target.id] = _constant(item)
        return True
    if isinstance(target, (ast.Tuple, ast.List)) and isinstance(item, (tuple, list)) \
            and len(item) == len(target.elts):
        return all(_bind_target(t, i, names) for t, i in zip(target.elts, item))
    return False
