"""A small static evaluator for migration modules: never imports, never executes.

It follows, at module level, assignments of literals, ``%`` formatting,
``.format`` and ``+`` of strings, ``str()``, ``getattr(settings, NAME,
DEFAULT)``, ``try/except ImportError/else`` imports, ``os.path`` on
``__file__``, names imported from modules of the project it can find (read
the same way), and the user model: ``get_user_model()`` is ``auth.User``
unless the ``AUTH_USER_MODEL`` setting is given, and its ``_meta.app_label``,
``object_name``, ``module_name``, ``model_name`` and ``db_table`` are known.
Everything else is ``Unknown``, carried as its source expression; a
module-level name holding one takes the value of a given setting of that name.
"""

from __future__ import annotations

import ast
import os
import posixpath
from dataclasses import dataclass, replace
from pathlib import Path

from southgen.symbolic import _MISSING, Hole, Text, Unknown, setting, settings_key

_MAX_TEXT = 10_000  # longer computed strings are not followed (no memory games)
_IMPORT_DEPTH = 3


@dataclass(frozen=True)
class Module:
    """A module southgen knows by name only (``os``, ``os.path``, ``django.conf``)."""

    name: str


SETTINGS = Module("django.conf.settings")
GET_USER_MODEL = Module("django.contrib.auth.get_user_model")
_KNOWN_IMPORTS = {
    ("django.conf", "settings"): SETTINGS,
    ("django.contrib.auth", "get_user_model"): GET_USER_MODEL,
    ("os", "path"): Module("os.path"),
}


@dataclass(frozen=True)
class UserModel:
    label: str  # 'auth.User'

    @property
    def app_label(self) -> str:
        return self.label.split(".", 1)[0]

    @property
    def object_name(self) -> str:
        return self.label.split(".", 1)[-1]

    def attribute(self, name: str, source: str) -> object:
        if name == "__name__":
            return self.object_name
        if name == "_meta":
            return _UserMeta(self)
        return Unknown(source)


@dataclass(frozen=True)
class _UserMeta:
    model: UserModel

    def attribute(self, name: str, source: str) -> object:
        model = self.model
        if name in ("app_label", "object_name"):
            return getattr(model, name)
        if name in ("module_name", "model_name"):
            return model.object_name.lower()
        if name == "db_table":
            if model.label.lower() == "auth.user":
                return "auth_user"
            given = setting("AUTH_USER_MODEL_DB_TABLE")
            if given is not _MISSING:
                return given
            return Unknown(source, "AUTH_USER_MODEL_DB_TABLE",
                           f"the table of the user model {model.label}")
        return Unknown(source)


def user_model() -> UserModel:
    label = setting("AUTH_USER_MODEL", "auth.User")
    return UserModel(str(label))


class Evaluator:
    """Evaluates expressions of one module against its module-level names."""

    def __init__(self, names: dict[str, object], path: Path | None, first_line: int = 1):
        self.names = names
        self.path = path
        self.offset = first_line - 1

    def unknown(self, node: ast.AST, why: str = "", name: str | None = None) -> Unknown:
        return Unknown(node, name, why, self.path,
                       getattr(node, "lineno", 0) + self.offset or None)

    # -- plain values -------------------------------------------------------------
    def value(self, node: ast.expr) -> object:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.Tuple, ast.List)):
            items = [self.value(e) for e in node.elts]
            return tuple(items) if isinstance(node, ast.Tuple) else items
        if isinstance(node, ast.Dict) and None not in node.keys:
            return {self.value(k): self.value(v) for k, v in zip(node.keys, node.values)}
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            operand = self.value(node.operand)
            if isinstance(operand, (int, float)) and not isinstance(operand, bool):
                return -operand
        if isinstance(node, ast.Name):
            if node.id in self.names:
                return self.names[node.id]
            return self.unknown(node, "not defined at module level", node.id)
        if isinstance(node, ast.Attribute):
            return self._attribute(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            return self._compare(node)
        if isinstance(node, ast.IfExp):
            body, orelse = self.value(node.body), self.value(node.orelse)
            if body == orelse and not isinstance(body, Unknown):
                return body  # whichever way the test goes
            test = self.value(node.test)
            if isinstance(test, (bool, int, str)) and not isinstance(test, Unknown):
                return body if test else orelse
            return self.unknown(node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
            left = self.value(node.left)
            if isinstance(left, (int, float)) and not isinstance(left, bool) \
                    and isinstance(node.op, ast.Add):
                right = self.value(node.right)
                if isinstance(right, (int, float)) and not isinstance(right, bool):
                    return left + right
            return self._text_value(node)
        return self.unknown(node)

    def _compare(self, node: ast.Compare) -> object:
        left, right = self.value(node.left), self.value(node.comparators[0])
        if not (_is_data(left) and _is_data(right)):
            return self.unknown(node)
        operator = node.ops[0]
        try:
            if isinstance(operator, (ast.Eq, ast.NotEq)):
                return (left == right) == isinstance(operator, ast.Eq)
            if isinstance(operator, (ast.In, ast.NotIn)):
                return (left in right) == isinstance(operator, ast.In)
        except TypeError:
            pass
        return self.unknown(node)

    def _text_value(self, node: ast.expr) -> object:
        parts = self._parts(node)
        if parts is None or _length(parts) > _MAX_TEXT:
            return self.unknown(node, "" if parts is None else "too long to follow")
        return Text(tuple(parts)).value

    def _attribute(self, node: ast.Attribute) -> object:
        owner = self.value(node.value)
        if isinstance(owner, (UserModel, _UserMeta)):
            found = owner.attribute(node.attr, _source(node))
            if isinstance(found, Unknown) and found.path is None:
                return self.unknown(node, found.why, found.setting)
            return found
        if owner is SETTINGS:
            return self._setting(node, node.attr, _MISSING)
        if isinstance(owner, Module):
            return Module(f"{owner.name}.{node.attr}")
        if isinstance(owner, Unknown):
            return self.unknown(node, owner.why)
        return self.unknown(node)

    def _setting(self, node: ast.AST, name: str, default: object) -> object:
        value = setting(name, default)
        if value is _MISSING:
            return self.unknown(node, f"the setting {name}", name)
        return value

    def _call(self, node: ast.Call) -> object:
        func = node.func
        if node.keywords:
            return self.unknown(node)
        if isinstance(func, ast.Attribute) and func.attr in _STRING_METHODS:
            owner = self.value(func.value)
            if isinstance(owner, str) and not node.args:
                return getattr(owner, func.attr)()
            if isinstance(owner, str) and func.attr == "format":
                return self._text_value(node)
            if isinstance(owner, Unknown):
                return self.unknown(node, owner.why, owner.setting)
            return self.unknown(node)
        target = self.value(func)
        args = node.args
        if target is GET_USER_MODEL and not args:
            return user_model()
        if isinstance(func, ast.Name) and func.id in ("str", "getattr") \
                and func.id not in self.names:
            if func.id == "str" and len(args) == 1:
                return self._text_value(node)
            if func.id == "getattr" and len(args) in (2, 3):
                return self._getattr(node)
        if isinstance(target, Module) and target.name.startswith("os.path."):
            values = [self.value(a) for a in args]
            if all(isinstance(v, str) for v in values):
                return _os_path(target.name[len("os.path."):], values, node, self)
        return self.unknown(node)

    def _getattr(self, node: ast.Call) -> object:
        owner, name = self.value(node.args[0]), self.value(node.args[1])
        default = self.value(node.args[2]) if len(node.args) == 3 else _MISSING
        if not isinstance(name, str):
            return self.unknown(node)
        if owner is SETTINGS:
            return self._setting(node, name, default)
        if isinstance(owner, (UserModel, _UserMeta)):
            found = owner.attribute(name, _source(node))
            if isinstance(found, Unknown) and default is not _MISSING:
                return self.unknown(node)
            return found
        return self.unknown(node)

    # -- strings as the module writes them ----------------------------------------
    def text(self, node: ast.expr) -> Text:
        """A string expression as literal parts and holes (see ``Text``)."""
        parts = self._parts(node)
        return Text(tuple(_merge(parts if parts is not None else [self._hole(node)])))

    def _parts(self, node: ast.expr) -> list[str | Hole] | None:
        """None when ``node`` is not a string expression southgen can take apart."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self._parts(node.left), self._parts(node.right)
            return (left if left is not None else [self._hole(node.left)]) + \
                (right if right is not None else [self._hole(node.right)])
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            template = self.value(node.left)
            if isinstance(template, str):
                args = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
                parts = _percent(template, [self._hole(a) for a in args])
                if parts is not None:
                    return parts
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "format" and not node.keywords:
            template = self.value(node.func.value)
            if isinstance(template, str):
                parts = _format(template, [self._hole(a) for a in node.args])
                if parts is not None:
                    return parts
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "str" and len(node.args) == 1 and not node.keywords \
                and "str" not in self.names:
            inner = self.value(node.args[0])
            if isinstance(inner, (int, float)) and not isinstance(inner, bool):
                return [Hole(_source(node), str(inner), _source(node.args[0]))]
            if isinstance(inner, str):
                return [Hole(_source(node), inner)]
            if isinstance(inner, Unknown):
                return [Hole(_source(node), inner, _source(node.args[0]))]
        return None

    def _hole(self, node: ast.expr) -> str | Hole:
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float)):
            return str(node.value)
        value = self.value(node)
        if isinstance(value, Text):
            value = value.value
        if isinstance(value, str) and len(value) > _MAX_TEXT:
            value = self.unknown(node, "too long to follow")
        return Hole(_source(node), value)

    # -- frozen data --------------------------------------------------------------
    def data(self, node: ast.expr) -> object:
        """Frozen data: containers of literals, with computed strings as ``Text``."""
        if isinstance(node, ast.Dict) and None not in node.keys:
            return {self._key(k): self.data(v) for k, v in zip(node.keys, node.values)}
        if isinstance(node, (ast.Tuple, ast.List)):
            items = [self.data(e) for e in node.elts]
            return tuple(items) if isinstance(node, ast.Tuple) else items
        if isinstance(node, ast.Constant):
            return node.value
        value = self.value(node)
        if isinstance(value, str) or isinstance(value, Unknown):
            return replace(self.text(node), bindings=self.bindings(node))
        return value

    def bindings(self, node: ast.expr) -> tuple[tuple[str, object], ...]:
        """The module-level names ``node`` uses, with their values."""
        used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        return tuple(sorted((name, self.names[name]) for name in used if name in self.names))

    def _key(self, node: ast.expr) -> object:
        if isinstance(node, ast.Constant):
            return node.value
        value = self.value(node)
        return value


def _length(parts: list[str | Hole]) -> int:
    return sum(len(p) if isinstance(p, str) else len(p.value) if isinstance(p.value, str)
               else 0 for p in parts)


def _is_data(value: object) -> bool:
    if isinstance(value, (list, tuple)):
        return all(map(_is_data, value))
    return isinstance(value, (str, int, float, bool, type(None)))


_STRING_METHODS = {"lower", "upper", "strip", "format", "title", "capitalize"}


def _merge(parts: list[str | Hole]) -> list[str | Hole]:
    merged: list[str | Hole] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return merged


def _percent(template: str, holes: list[str | Hole]) -> list[str | Hole] | None:
    """``'%s.%s' % (a, b)`` as parts; only %s / %d / %r / %% (no widths)."""
    parts: list[str | Hole] = []
    pieces = template.split("%")
    parts.append(pieces[0])
    remaining = list(holes)
    index = 1
    while index < len(pieces):
        piece = pieces[index]
        if piece == "" and index + 1 < len(pieces):  # '%%'
            parts.append("%" + pieces[index + 1])
            index += 2
            continue
        if not piece or piece[0] not in "sdr" or not remaining:
            return None
        hole = remaining.pop(0)
        if piece[0] == "r":
            if not isinstance(hole, str):
                return None
            hole = repr(hole)
        parts.append(hole)
        parts.append(piece[1:])
        index += 1
    return None if remaining else parts


def _format(template: str, holes: list[str | Hole]) -> list[str | Hole] | None:
    """``'{0}.{1}'.format(a, b)`` / ``'{}'`` as parts; no format specs."""
    parts: list[str | Hole] = []
    auto = 0
    rest = template
    while rest:
        start = rest.find("{")
        if start == -1:
            parts.append(rest.replace("}}", "}"))
            break
        if rest.startswith("{{", start):
            parts.append(rest[: start + 1])
            rest = rest[start + 2:]
            continue
        end = rest.find("}", start)
        if end == -1:
            return None
        field = rest[start + 1: end]
        if field == "":
            position, auto = auto, auto + 1
        elif field.isdigit():
            position = int(field)
        else:
            return None
        if position >= len(holes):
            return None
        parts.append(rest[:start])
        parts.append(holes[position])
        rest = rest[end + 1:]
    return parts


def _os_path(function: str, values: list[str], node: ast.AST, evaluator: Evaluator) -> object:
    if function == "dirname" and len(values) == 1:
        return posixpath.dirname(values[0])
    if function == "basename" and len(values) == 1:
        return posixpath.basename(values[0])
    if function == "join" and values:
        return posixpath.join(*values)
    return evaluator.unknown(node)


def _source(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # noqa: BLE001 - only for messages
        return "<expression>"


# -- module level -------------------------------------------------------------------

_MODULE_CACHE: dict[tuple, dict[str, object]] = {}


def module_names(tree: ast.Module, path: Path, depth: int = 0) -> dict[str, object]:
    """The names a module binds at module level, as far as southgen can know them."""
    names: dict[str, object] = {"__file__": os.path.abspath(path)}
    _run(tree.body, names, Evaluator(names, path), path, depth)
    return names


def _run(body: list[ast.stmt], names: dict[str, object], evaluator: Evaluator, path: Path,
         depth: int) -> None:
    for stmt in body:
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.asname:
                    names[alias.asname] = Module(alias.name)
                else:
                    top = alias.name.split(".")[0]
                    names[top] = Module(top)
        elif isinstance(stmt, ast.ImportFrom):
            _import_from(stmt, names, evaluator, path, depth)
        elif isinstance(stmt, ast.Assign):
            value = evaluator.value(stmt.value)
            for target in stmt.targets:
                bind(target, value, names, evaluator)
        elif isinstance(stmt, ast.Try):  # the imports succeed, as on Django 1.5+
            _run(stmt.body + stmt.orelse + stmt.finalbody, names, evaluator, path, depth)
        elif isinstance(stmt, ast.If):
            _run_if(stmt, names, evaluator, path, depth)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names[stmt.name] = evaluator.unknown(stmt, f"{stmt.name} is code", None)
        elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)) \
                and isinstance(stmt.target, ast.Name):
            names[stmt.target.id] = evaluator.unknown(stmt, "", stmt.target.id)


def bind(target: ast.expr, value: object, names: dict[str, object],
          evaluator: Evaluator) -> None:
    if isinstance(target, ast.Name):
        if isinstance(value, Unknown):
            given = setting(target.id)
            value = value.named(target.id) if given is _MISSING else given
        names[target.id] = value
    elif isinstance(target, (ast.Tuple, ast.List)):
        items = value if isinstance(value, (tuple, list)) else None
        if items is None and isinstance(value, str) and len(value) == len(target.elts):
            items = list(value)
        for index, element in enumerate(target.elts):
            item = items[index] if items is not None and len(items) == len(target.elts) \
                else evaluator.unknown(target)
            bind(element, item, names, evaluator)


def _run_if(stmt: ast.If, names: dict[str, object], evaluator: Evaluator, path: Path,
            depth: int) -> None:
    test = evaluator.value(stmt.test)
    if not isinstance(test, (Unknown, UserModel, Module, _UserMeta)):
        _run(stmt.body if test else stmt.orelse, names, evaluator, path, depth)
        return
    branches = []
    for body in (stmt.body, stmt.orelse):
        scope = dict(names)
        _run(body, scope, Evaluator(scope, path), path, depth)
        branches.append(scope)
    for name in set(branches[0]) | set(branches[1]):
        first, second = branches[0].get(name, _MISSING), branches[1].get(name, _MISSING)
        if first == second and first is not _MISSING:
            names[name] = first
        else:
            names[name] = evaluator.unknown(stmt.test, "set under a condition southgen "
                                            "cannot decide", name).named(name)


def _import_from(stmt: ast.ImportFrom, names: dict[str, object], evaluator: Evaluator,
                 path: Path, depth: int) -> None:
    module = "." * stmt.level + (stmt.module or "")
    found = _project_module(stmt, path, depth)
    for alias in stmt.names:
        if alias.name == "*":
            if found is not None:
                names.update({k: v for k, v in found.items() if not k.startswith("_")})
            continue
        bound = alias.asname or alias.name
        known = _KNOWN_IMPORTS.get((stmt.module or "", alias.name))
        if known is not None:
            names[bound] = known
        elif stmt.module == "django.contrib.auth.models" and alias.name == "User":
            names[bound] = UserModel("auth.User")
        elif found is not None and alias.name in found:
            names[bound] = found[alias.name]
        else:
            given = setting(bound)
            names[bound] = given if given is not _MISSING else Unknown(
                alias.name, bound, f"imported from {module}, which southgen cannot read",
                path, stmt.lineno)


def _project_module(stmt: ast.ImportFrom, path: Path, depth: int) -> dict | None:
    """The names of an imported module of the project, read the same way (or None)."""
    if depth >= _IMPORT_DEPTH or (stmt.module or "").startswith(("django.", "south.")):
        return None
    candidates = _module_files(stmt, path)
    for candidate in candidates:
        key = (str(candidate), settings_key())
        if key not in _MODULE_CACHE:
            _MODULE_CACHE[key] = {}  # a cycle reads as empty
            _MODULE_CACHE[key] = _read_module(candidate, depth + 1)
        return _MODULE_CACHE[key]
    return None


def _module_files(stmt: ast.ImportFrom, path: Path) -> list[Path]:
    dotted = (stmt.module or "").split(".") if stmt.module else []
    if stmt.level:
        base = path.resolve().parent
        for _ in range(stmt.level - 1):
            base = base.parent
        roots = [base]
    else:
        if not dotted:
            return []
        roots = list(path.resolve().parents)[:6]
    found = []
    for root in roots:
        target = root.joinpath(*dotted)
        for candidate in (target / "__init__.py", target.with_suffix(".py")):
            if dotted and candidate.is_file():
                found.append(candidate)
    return found[:1]


def _read_module(path: Path, depth: int) -> dict[str, object]:
    from southgen.py2compat import py2_to_py3  # a sibling of the reader's own parse

    try:
        source = path.read_text(encoding="utf-8", errors="replace")
        try:
            tree = ast.parse(source)
        except SyntaxError:
            tree = ast.parse(py2_to_py3(source))
    except (OSError, SyntaxError, ValueError):
        return {}
    return module_names(tree, path, depth)
