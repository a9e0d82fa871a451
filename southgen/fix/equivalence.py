"""Compare backwards methods as database operations, not as text.

Two methods are equivalent when they make the same multiset of ``db.*``
calls (and raises): same call, table, column and field definition. Order (of
calls, and of a new table's columns: South's follows Python 2 dict order),
comments, string prefixes (``u''``), keyword order and the wording of a
raise's message do not matter, and neither do southgen's data checks before
the DDL (guards): they change no schema.
"""

from __future__ import annotations

import ast
import textwrap
from collections import Counter
from dataclasses import fields, is_dataclass
from functools import lru_cache

from southgen.calls import DbCall, FieldDef, method_calls, value_of
from southgen.generate import Plan
from southgen.operations.flow import leaves
from southgen.render import field_def
from southgen.state import Field


def normalise(call: DbCall) -> str:
    if call.method == "raise":
        return "raise"  # the message is ours to word
    if call.method == "send_create_signal" and len(call.args) == 2:
        app, models = call.args
        if isinstance(models, (list, tuple)):
            return repr(("send_create_signal", app, tuple(sorted(map(repr, models)))))
    args = tuple(_norm(a) for a in call.args)
    if call.method == "create_table" and len(args) == 2 and isinstance(args[1], tuple):
        # South lists a restored table's columns in Python 2 dict order: not a difference
        args = (args[0], tuple(sorted(args[1], key=repr)))
    kwargs = tuple(sorted(((k, _norm(v)) for k, v in call.kwargs), key=repr))
    return repr((call.method, args, kwargs))


def _norm(value):
    if isinstance(value, FieldDef):
        return ("field", value.field_class, tuple(_norm(a) for a in value.args),
                tuple(sorted(((k, _norm(v)) for k, v in value.kwargs), key=repr)))
    if isinstance(value, (tuple, list)):
        return tuple(_norm(v) for v in value)
    return value


def calls_of(method_node: ast.FunctionDef) -> Counter:
    """The multiset of normalised db calls of a parsed method."""
    return Counter(normalise(c) for c in method_calls(method_node, skip_guards=True))


def operations(method_source: str) -> Counter:
    """The multiset of normalised db calls of a method given as source
    (at any indentation, with any newlines)."""
    source = textwrap.dedent(method_source.replace("\r\n", "\n").replace("\r", "\n"))
    node = ast.parse(source).body[0]
    if not isinstance(node, ast.FunctionDef):
        raise ValueError("not a method definition")
    return calls_of(node)


def planned_operations(planned: Plan) -> Counter | None:
    """What ``operations`` makes of the method the built-in templates write for the
    plan, without writing it: None when only the text can tell (an operation that
    does not list its calls, or a value the templates could refuse to write)."""
    if not all(_plain(guard) for guard in planned.guards):
        return None
    found: Counter = Counter()
    if any(op.irreversible and op.risk() for op in leaves(planned.backwards_ops)):
        found["raise"] += 1  # backwards.j2 raises first
    for op in planned.backwards_ops:
        calls = op.db_calls()
        if calls is None or not _plain(op):
            return None
        for method, args, kwargs in calls:
            found[normalise(DbCall(method, _read_back(args), kwargs, 0))] += 1
    return found


_PLAIN = (str, bool, int, type(None))


def _plain(value: object) -> bool:
    """Data the templates write as it is (exactly a ``str``, not a ``Source`` that
    knows how the module computes it)."""
    if value.__class__ in _PLAIN:
        return True
    if isinstance(value, (tuple, list)):
        return all(map(_plain, value))
    if isinstance(value, Field):
        return value.plain
    if is_dataclass(value) and not isinstance(value, type):
        return all(_plain(getattr(value, f.name)) for f in fields(value))
    return False


def _read_back(value):
    """A call's arguments as ``calls.value_of`` reads them back: a field as its
    ``self.gf(...)(...)``."""
    if isinstance(value, Field):
        return _field_read_back(value)
    if isinstance(value, tuple):
        return tuple(_read_back(v) for v in value)
    return value


@lru_cache(maxsize=4096)
def _field_read_back(field: Field) -> object:
    return value_of(ast.parse(field_def(field), mode="eval").body)
