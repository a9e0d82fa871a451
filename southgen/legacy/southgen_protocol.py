# -*- coding: utf-8 -*-
"""The legacy runner's protocol, written down once.

runner.py (Python 2.7, next to real Django and South) serves it and
southgen's Python 3 side (southgen/verify/) speaks it; both import this
file, and tests hold each side to it (tests/test_protocol.py). Python 2.6+
and 3 syntax: the runner imports it by path.

Two ways to run the runner:

``runner.py serve`` -- JSON lines on stdin and stdout:

1. southgen writes the SETUP object on the first line.
2. With ``"wait_for_database": true`` the runner sets Django and South up at
   once but connects only when a second line (CONNECT) arrives: southgen
   creates the scratch database meanwhile, and closes stdin if it cannot.
3. The runner answers ``{"id": 0, "ok": true, "result": SETUP_REPLY}``, or
   ``{"id": 0, "ok": false, "error": ERROR}`` and exits.
4. Then one REQUEST a line, each answered by one REPLY on the same ``id``:
   ``result`` is the command's reply below, ``error`` says why a command
   failed (a migration that fails is no such error: ``migrate`` answers
   ``ok: false`` as data). ``stand_ins`` lists what the runner stood in for
   since the previous reply.
5. End of stdin, or ``quit``, ends it.

Everything Django, South or a migration prints goes to stderr: stdout
carries only the protocol. The runner never creates a database in serve
mode; southgen's side owns the scratch database and may ask the runner to
drop it at the end (``drop_database``, scratch names only).

``runner.py admin JSON`` -- create or drop a scratch database with the
runtime's own drivers: ADMIN_REQUEST as the argument, one ADMIN_REPLY line
on stdout.

Shapes, the values of SHAPES and COMMANDS:

- ``"str"``, ``"int"``, ``"number"``, ``"bool"``, ``"null"``, ``"any"``: a JSON value
  of that kind;
- an upper-case name: the shape of that name in SHAPES;
- ``[shape]``: an array of that shape;
- ``{"key": shape, "key?": shape}``: an object with these keys (the ones
  marked ``?`` may be left out) and no other;
- ``{"*": shape}``: an object keyed by any name;
- ``(shape, shape)``: either.
"""

ENGINES = ("sqlite", "postgresql", "mysql")
SCRATCH_PREFIX = "southgen_verify_"  # the only databases the runner drops
MAYBE_STR = ("str", "null")
ROWS = {"*": ([{"*": "any"}], "null")}  # table -> its rows by column, null: unreadable
ROW_KEYS = {"*": ["str"]}  # table -> the columns that order its rows
ERROR = {  # an exception: where in a migration it was raised, if it was
    "type": "str", "message": "str", "file": MAYBE_STR, "line": ("int", "null"),
    "function": MAYBE_STR, "raised_in_migration": "bool", "dry_run": "bool", "traceback": "str",
}
# A failed migrate's: also which migration, which way, and the stand-ins it holds.
MIGRATE_ERROR = dict(ERROR, **{"migration?": "str", "direction?": "str", "stand_ins?": ["str"]})
OUTCOME = {"ok": "bool", "seconds": "number", "error?": "MIGRATE_ERROR"}

SHAPES = {  # type: dict
    "DB": {"name": "str", "user": MAYBE_STR, "password": MAYBE_STR, "host": MAYBE_STR,
           "port": ("int", "str", "null")},
    "SETUP": {
        "engine": "str",  # one of ENGINES
        "db": "DB",  # the scratch database
        "server_db": "str",  # the database to connect to when dropping the scratch one
        "wait_for_database": "bool",
        "migration_modules": {"*": "str"},  # app label -> package of its laid-out migrations
        "migration_files": ["str"],  # paths: errors raised in them are the migration's
        "extra_contrib": ["str"],  # django.contrib apps to install besides auth, contenttypes
        "sys_path_first": ["str"],
        "sys_path_last": ["str"],
        "settings?": "str",  # the project's own settings module, else...
        "apps?": ["str"],  # ...these INSTALLED_APPS
        "absent_models?": "ABSENT_MODELS",  # tables to create after each sync
    },
    "CONNECT": {"cmd": "str"},  # "connect"
    "SETUP_REPLY": {"python": "str", "django": "str", "south": "str", "vendor": "str"},
    "REQUEST": {"id": "int", "cmd": "str", "args": {"*": "any"}},
    "REPLY": {"id": "int", "ok": "bool", "result?": "any", "error?": "ERROR",
              "stand_ins?": ["STAND_IN"]},
    "ERROR": ERROR,
    "MIGRATE_ERROR": MIGRATE_ERROR,
    "STAND_IN": {"kind": "str", "name": "str", "as": MAYBE_STR, "by": MAYBE_STR},
    "PLANNED": {
        "app": "str", "name": "str", "prev": MAYBE_STR,
        "requires": ["str"],  # app:name, in South's order
        "file": MAYBE_STR, "no_dry_run": "bool",
        "broken": ("ERROR", "null"),  # why it does not import
        "data_only": "bool",
    },
    "ASSUMED": {"migration": "str", "attribute": "str", "target": "str", "why": "str"},
    "ABSENT_MODELS": {"models": {"*": "any"}, "absent": ["str"]},
    "OUTCOME": OUTCOME,
    "SNAPSHOT": {"vendor": "str", "tables": {"*": "TABLE"}, "rows?": ROWS},
    "TABLE": {"columns": {"*": "COLUMN"}, "order": ["str"], "indexes": ["INDEX"],
              "fks": ["FOREIGN_KEY"], "checks": ["CHECK"]},
    "COLUMN": {"type": "str", "null": "bool", "default": MAYBE_STR, "pk": "bool",
               "auto": "bool"},
    "INDEX": {"name": "str", "columns": ["str"], "unique": "bool", "primary": "bool",
              "constraint": "bool", "using": "str"},
    "FOREIGN_KEY": {"name": "str", "columns": ["str"], "ref_table": "str",
                    "ref_columns": [MAYBE_STR], "deferrable": "str"},
    "CHECK": {"name": "str", "definition": "str"},
    # A value {"$ref": [table, column], "fallback"?: value} takes that column
    # from the first row of that table.
    "SAMPLE_ROW": {"table": "str", "values": {"*": "any"}},
    "ADMIN_REQUEST": {"action": "str", "engine": "str", "db": "DB", "name": "str"},
    "ADMIN_REPLY": {"ok": "bool", "error?": "str"},
}

# Each command: its arguments (the REQUEST's args) and its reply (the REPLY's result).
COMMANDS = {  # type: dict
    # Every migration in South's order across apps; the ones that do not
    # import come as placeholders, with `broken` saying why.
    "plan": {"args": {}, "reply": {"migrations": ["PLANNED"], "apps": ["str"],
                                   "assumed": ["ASSUMED"],
                                   "absent_models": ("ABSENT_MODELS", "null")}},
    # Tables for models of absent apps (also after every later reset).
    "create_absent": {"args": {"definitions": "ABSENT_MODELS"}, "reply": {"created": ["str"]}},
    # South's own migrate for one app (target: a name, "zero", null for the
    # latest); with `fake` only recorded as applied.
    "migrate": {"args": {"app": "str", "target?": MAYBE_STR, "fake?": "bool"},
                "reply": "OUTCOME"},
    # migrate, with every statement South executed.
    "capture": {"args": {"app": "str", "target?": MAYBE_STR},
                "reply": dict(OUTCOME, statements=[{"sql": "str", "params": ["any"]}])},
    # app:name of every applied migration, in the order applied.
    "applied": {"args": {}, "reply": ["str"]},
    # Drop every table, sync again and replay `applied` forwards in order
    # (the `faked` ones only recorded as applied).
    "reset": {"args": {"applied": ["str"], "faked?": ["str"]},
              "reply": {"ok": "bool", "error?": "MIGRATE_ERROR"}},
    # The schema; with `rows_except`, the rows of every other table too.
    "snapshot": {"args": {"rows_except?": (["str"], "null")}, "reply": "SNAPSHOT"},
    # Up to `limit` rows of each table, ordered by the given columns.
    "read_rows": {"args": {"tables": ROW_KEYS, "limit?": "int"}, "reply": ROWS},
    # Insert rows (into empty tables only, with `only_if_empty`); with
    # `read`, the rows of those tables afterwards.
    "insert_rows": {"args": {"rows": ["SAMPLE_ROW"], "only_if_empty?": "bool",
                             "read?": (ROW_KEYS, "null")},
                    "reply": {"inserted": ["str"], "errors": [{"table": "str", "message": "str"}],
                              "rows?": ROWS}},
    # Drop the runner's own scratch database (a server's, SCRATCH_PREFIX names only).
    "drop_database": {"args": {}, "reply": {"dropped": "str"}},
    "quit": {"args": {}, "reply": "null"},
}

KINDS = {"str": "string", "int": "integer", "number": "number", "bool": "boolean",
         "null": "null", "any": "anything"}


def field_names(shape):
    """An object shape's (required, optional) field names."""
    return (sorted(k for k in shape if not k.endswith("?")),
            sorted(k[:-1] for k in shape if k.endswith("?")))


def argument_names(name):
    """A command's (required, optional) argument names."""
    return field_names(COMMANDS[name]["args"])


def mismatches(value, shape, where="value"):
    """How ``value`` (decoded JSON) departs from ``shape``: a list of
    sentences, empty when it fits."""
    if isinstance(shape, tuple):
        found = [mismatches(value, option, where) for option in shape]
        if all(found):
            return ["%s: none of %d shapes fits (%s)" % (where, len(shape), found[0][0])]
        return []
    if isinstance(shape, list):
        if not isinstance(value, list):
            return ["%s: expected an array, got %s" % (where, _kind(value))]
        out = []
        for index, item in enumerate(value):
            out += mismatches(item, shape[0], "%s[%d]" % (where, index))
        return out
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return ["%s: expected an object, got %s" % (where, _kind(value))]
        if "*" in shape:
            out = []
            for key in sorted(value):
                out += mismatches(value[key], shape["*"], "%s[%r]" % (where, key))
            return out
        return _object_mismatches(value, shape, where)
    if shape in SHAPES:
        return mismatches(value, SHAPES[shape], "%s (%s)" % (where, shape))
    if shape not in KINDS:
        raise ValueError("unknown shape %r" % (shape,))
    if shape == "any" or _kind(value) == KINDS[shape] or (
            shape == "number" and _kind(value) == "integer"):
        return []
    return ["%s: expected %s, got %s" % (where, KINDS[shape], _kind(value))]


def _object_mismatches(value, shape, where):
    out = []
    known = set()
    for key, item_shape in sorted(shape.items()):
        name = key.rstrip("?")
        known.add(name)
        if name in value:
            out += mismatches(value[name], item_shape, "%s.%s" % (where, name))
        elif not key.endswith("?"):
            out.append("%s: %s is missing" % (where, name))
    for name in sorted(set(value) - known):
        out.append("%s: %s is not in the protocol" % (where, name))
    return out


def _kind(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or type(value).__name__ == "long":
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, (str, type(u""))):
        return "string"
    return type(value).__name__
