"""What a migration module binds at module level, as far as southgen can know.

Statements are followed in order, never executed: imports (``os``,
``django.conf.settings``, ``get_user_model``, ``User``; names from the
project's own modules, found by walking up from the file and read the same
way; anything else an ``Unknown`` named after itself), assignments (a name
holding an ``Unknown`` takes a given setting of that name), ``try`` (the
imports succeed, as on Django 1.5+), ``if`` on a test southgen can decide.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

from southgen.evaluate import (
    KNOWN_IMPORTS,
    Evaluator,
    Module,
    UserMeta,
    UserModel,
)
from southgen.symbolic import MISSING, Unknown, setting, settings_key

_IMPORT_DEPTH = 3

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
            _import_from(stmt, names, path, depth)
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
            value = value.named(target.id) if given is MISSING else given
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
    if not isinstance(test, (Unknown, UserModel, Module, UserMeta)):
        _run(stmt.body if test else stmt.orelse, names, evaluator, path, depth)
        return
    branches = []
    for body in (stmt.body, stmt.orelse):
        scope = dict(names)
        _run(body, scope, Evaluator(scope, path), path, depth)
        branches.append(scope)
    for name in set(branches[0]) | set(branches[1]):
        first, second = branches[0].get(name, MISSING), branches[1].get(name, MISSING)
        if first == second and first is not MISSING:
            names[name] = first
        else:
            names[name] = evaluator.unknown(stmt.test, "set under a condition southgen "
                                            "cannot decide", name).named(name)


def _import_from(stmt: ast.ImportFrom, names: dict[str, object], path: Path,
                 depth: int) -> None:
    module = "." * stmt.level + (stmt.module or "")
    found = _project_module(stmt, path, depth)
    for alias in stmt.names:
        if alias.name == "*":
            if found is not None:
                names.update({k: v for k, v in found.items() if not k.startswith("_")})
            continue
        bound = alias.asname or alias.name
        known = KNOWN_IMPORTS.get((stmt.module or "", alias.name))
        if known is not None:
            names[bound] = known
        elif stmt.module == "django.contrib.auth.models" and alias.name == "User":
            names[bound] = UserModel("auth.User")
        elif found is not None and alias.name in found:
            names[bound] = found[alias.name]
        else:
            given = setting(bound)
            names[bound] = given if given is not MISSING else Unknown(
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
