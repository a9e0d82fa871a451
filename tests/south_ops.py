"""Compare backwards methods as database operations, the way the brief asks:
which call, on which table and column, with which field definition."""

from __future__ import annotations

import ast
from collections import Counter

from southgen.calls import DbCall, FieldDef, method_calls


def normalise(call: DbCall) -> str:
    if call.method == "raise":
        return "raise"  # the message is ours to word
    if call.method == "send_create_signal":
        app, models = call.args
        return repr(("send_create_signal", app, tuple(sorted(models))))
    args = tuple(_norm(a) for a in call.args)
    kwargs = tuple(sorted((k, _norm(v)) for k, v in call.kwargs))
    return repr((call.method, args, kwargs))


def _norm(value):
    if isinstance(value, FieldDef):
        return ("field", value.field_class, tuple(_norm(a) for a in value.args),
                tuple(sorted((k, _norm(v)) for k, v in value.kwargs)))
    if isinstance(value, (tuple, list)):
        return tuple(_norm(v) for v in value)
    return value


def operations(method_source: str) -> Counter:
    """The multiset of normalised db calls of a method given as source."""
    node = ast.parse("class Migration:\n" + method_source.replace("\r\n", "\n")).body[0].body[0]
    return Counter(normalise(c) for c in method_calls(node))


def calls_of(method_node: ast.FunctionDef) -> Counter:
    return Counter(normalise(c) for c in method_calls(method_node))
