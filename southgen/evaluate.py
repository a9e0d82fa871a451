"""A small static evaluator for migration modules: never imports, never executes.

``Evaluator`` evaluates an expression against a module's names (see
``southgen.modulescope``): literals, ``%`` formatting, ``.format`` and ``+``
of strings, ``str()``, ``settings.NAME`` and ``getattr(settings, NAME,
DEFAULT)``, ``os.path`` on ``__file__``, ``==``/``in`` tests, and the user
model: ``get_user_model()`` is ``auth.User`` unless the ``AUTH_USER_MODEL``
setting is given; its ``_meta.app_label``, ``object_name``, ``module_name``,
``model_name`` and ``db_table`` are known. Everything else is ``Unknown``,
carried as its source expression. Strings the frozen dict computes come back
as ``Text``, so generated code can write them the module's way.
"""

from __future__ import annotations

import ast
import posixpath
from dataclasses import dataclass, replace
from pathlib import Path

from southgen.symbolic import MISSING, Hole, Text, Unknown, setting

_MAX_TEXT = 10_000  # longer computed strings are not followed (no memory games)


@dataclass(frozen=True)
class Module:
    """A module southgen knows by name only (``os``, ``os.path``, ``django.conf``)."""

    name: str


SETTINGS = Module("django.conf.settings")
GET_USER_MODEL = Module("django.contrib.auth.get_user_model")
KNOWN_IMPORTS = {
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
            return UserMeta(self)
        return Unknown(source)


@dataclass(frozen=True)
class UserMeta:
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
            if given is not MISSING:
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
            return {self.value(k): self.value(v) for k, v in zip(node.keys, node.values)
                    if k is not None}
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
                return (left in right) == isinstance(operator, ast.In)  # type: ignore[operator]
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
        if isinstance(owner, (UserModel, UserMeta)):
            found = owner.attribute(node.attr, _source(node))
            if isinstance(found, Unknown) and found.path is None:
                return self.unknown(node, found.why, found.setting)
            return found
        if owner is SETTINGS:
            return self._setting(node, node.attr, MISSING)
        if isinstance(owner, Module):
            return Module(f"{owner.name}.{node.attr}")
        if isinstance(owner, Unknown):
            return self.unknown(node, owner.why)
        return self.unknown(node)

    def _setting(self, node: ast.AST, name: str, default: object) -> object:
        value = setting(name, default)
        if value is MISSING:
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
                return _os_path(target.name[len("os.path."):], [str(v) for v in values], node,
                                self)
        return self.unknown(node)

    def _getattr(self, node: ast.Call) -> object:
        owner, name = self.value(node.args[0]), self.value(node.args[1])
        default = self.value(node.args[2]) if len(node.args) == 3 else MISSING
        if not isinstance(name, str):
            return self.unknown(node)
        if owner is SETTINGS:
            return self._setting(node, name, default)
        if isinstance(owner, (UserModel, UserMeta)):
            found = owner.attribute(name, _source(node))
            if isinstance(found, Unknown) and default is not MISSING:
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
            return {self._key(k): self.data(v) for k, v in zip(node.keys, node.values)
                    if k is not None}
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
    except Exception:
        return "<expression>"
