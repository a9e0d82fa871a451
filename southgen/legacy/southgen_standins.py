# -*- coding: utf-8 -*-
"""Stand-ins for what migrations import but the legacy runtime does not have.

Runs inside the legacy interpreter next to runner.py (Python 2.6+ and 3).
Migrations of real projects import the project's own code (custom fields,
helpers, `from app.models import *`) and third-party apps that are not
installed. Their frozen dicts hold what South needs to build the schema, so:

- an import *made by a migration file* that fails gets a stand-in module,
  whose attributes are stand-ins too (a name missing from a real module is
  stood in the same way);
- a field class of a frozen dict (or `self.gf(...)`) that cannot be imported
  becomes the nearest Django field, chosen by its frozen options: generic
  relation options -> GenericRelation, `to=` -> ForeignKey (OneToOne/ManyToMany
  by the class name), `max_digits` -> DecimalField, else the Django field the
  class name ends with, else `max_length` -> CharField, else TextField;
- the names projects use for a swappable user model (`AUTH_USER_MODEL`,
  `user_orm_label`, `user_table`...) stand for `auth.User`.

Each stand-in is recorded once; `drain()` hands the new ones to the runner.
"""
import inspect
import os
import re
import sys
import types

try:
    import builtins
except ImportError:  # Python 2
    import __builtin__ as builtins

NEW = []
SEEN = set()
STATE = {"migration_files": set(), "current": lambda: None, "installed": False}

USER_NAME = re.compile(r"^(get_)?(auth_|custom_)*user(_model|_orm)?(_for_migrations|_label|_table"
                       r"|_name)?$|^AUTH_USER_MODEL(_NAME)?$")
FIELD_NAME = re.compile(r"(Field|ForeignKey|OneToOneField|ManyToManyField)$")
CONSTANT = re.compile(r"^[A-Z][A-Z0-9]*_[A-Z0-9_]+$|^[A-Z]{5,}$")  # not API, URL: classes
# A project helper named like a South schema operation (askbot's
# safe_add_column, innodb_ready_rename_column) does that operation.
SOUTH_OPERATION = re.compile(
    r"^(?:(safe)_|\w+_)?(add_column|delete_column|rename_column|alter_column|create_table|"
    r"delete_table|rename_table|create_index|delete_index|create_unique|delete_unique)$")
TEXT_CONSTANT = re.compile(r"_(NAME|LABEL|PREFIX|SUFFIX|URL|PATH|DIR|TEMPLATE|TEMPLATES|CODE)$")
# Attributes Django and Python probe to tell what an object is (an
# expression, a model instance...): a stand-in has none of them.
PROBED = frozenset((
    "as_sql", "evaluate", "prepare_database_save", "resolve_expression", "get_compiler",
    "contribute_to_class", "prepare", "value_annotation", "relabeled_clone", "query",
    "get_placeholder", "next", "keys", "items", "read", "write", "decode", "encode",
))


MODEL_PATH = re.compile(r"(?:^|\.)(\w+)\.models\.([A-Z]\w*)$")


def model_options(path):
    """``_meta`` of a model class from an app's models module that is not
    there: Django's default names for it."""
    app, model = MODEL_PATH.search(path).groups()
    names = {"app_label": app, "object_name": model, "module_name": model.lower(),
             "model_name": model.lower(), "db_table": "%s_%s" % (app, model.lower())}
    options = stand_in_class(path + "._meta")
    for key, value in names.items():
        setattr(options, key, value)
    return options


def no_such_attribute(name):
    return name.startswith("_") or name in PROBED


def constant_value(name):
    """An upper-case name is a constant: text for a name-like one, else 1
    (a CharField stores it as '1', an IntegerField as 1)."""
    if TEXT_CONSTANT.search(name):
        return name.lower()
    return 1
DJANGO_FIELDS = (
    "AutoField", "BigIntegerField", "BinaryField", "BooleanField", "CharField",
    "CommaSeparatedIntegerField", "DateField", "DateTimeField", "DecimalField", "EmailField",
    "FileField", "FilePathField", "FloatField", "GenericIPAddressField", "IPAddressField",
    "ImageField", "IntegerField", "NullBooleanField", "PositiveIntegerField",
    "PositiveSmallIntegerField", "SlugField", "SmallIntegerField", "TextField", "TimeField",
    "URLField",
)


def record(kind, name, used_as=None, by=None):
    key = (kind, name, used_as)
    if key in SEEN:
        return
    SEEN.add(key)
    NEW.append({"kind": kind, "name": name, "as": used_as, "by": by or STATE["current"]()})


def drain():
    items = list(NEW)
    del NEW[:]
    return items


# ------------------------------------------------------------ plain values

class StandInMeta(type):
    """Stand-in classes: any attribute is another stand-in, iteration is empty."""

    def __getattr__(cls, name):
        if name == "_meta" and MODEL_PATH.search(cls._southgen_name):
            return model_options(cls._southgen_name)
        if no_such_attribute(name):
            raise AttributeError(name)
        return stand_in_value(cls._southgen_name, name)

    def __iter__(cls):
        return iter(())

    def __len__(cls):
        return 0


StandInBase = StandInMeta("StandInBase", (object,), {"_southgen_name": "?"})


class StandIn(StandInBase):
    """An instance: called, indexed or asked for attributes, gives stand-ins;
    iterating it goes through its first argument when that is iterable
    (a progress bar wrapping a queryset still yields the rows)."""

    def __init__(self, *args, **kwargs):
        self._southgen_args = args

    def __getattr__(self, name):
        if no_such_attribute(name):
            raise AttributeError(name)
        return StandIn()

    def __call__(self, *args, **kwargs):
        return StandIn(*args)

    def __getitem__(self, key):
        return StandIn()

    def __iter__(self):
        args = self._southgen_args
        if args and not isinstance(args[0], (str, bytes)) and hasattr(args[0], "__iter__"):
            return iter(args[0])
        return iter(())

    def __len__(self):
        return 0

    def __str__(self):
        return ""


def stand_in_class(path):
    module, _, name = path.rpartition(".")
    # Its stand-in module holds it under that name: pickle finds it there.
    return StandInMeta(str(name), (StandIn,), {"_southgen_name": path, "__module__": module})


def user_model_value(name):
    """What a project's name for its user model means without the project."""
    lower = name.lower()
    if lower.endswith("table"):
        value = "auth_user"
    elif lower.endswith("name"):
        value = "User"
    else:
        value = "auth.User"
    if lower.startswith("get_"):
        return lambda *args, **kwargs: value
    return value


def real_user_value(name):
    """A project's own helper or re-export of the user model: Django's own."""
    if name == "get_user_model":
        from django.contrib.auth import get_user_model
        return get_user_model
    if name == "User":
        from django.contrib.auth.models import User
        return User
    return None


# The helper's own names for South's parameters.
OLD_NAMES = ("old_column_name", "old_column", "old_name", "column_old", "old")
NEW_NAMES = ("new_column_name", "new_column", "new_name", "column_new", "new")
ALIASES = {
    "table_name": ("table",), "column_old": OLD_NAMES, "old": OLD_NAMES,
    "column_new": NEW_NAMES, "new": NEW_NAMES, "name": ("column_name", "column"),
    "column_name": ("column", "name"), "field": ("column_data", "field_def"),
}


def south_operation(safe, operation):
    def run(*args, **kwargs):
        from south.db import db
        method = getattr(db, operation)
        names = inspect.getargspec(unwrapped(method, operation))[0][1:]
        options = {}
        for name in names[len(args):]:
            for key in (name,) + ALIASES.get(name, ()):
                if key in kwargs:
                    options[name] = kwargs[key]
                    break
        if safe and operation == "add_column":
            call = dict(zip(names, args), **options)
            if has_column(call.get("table_name"), call.get("name")):
                return None
        return method(*args, **options)
    return run


def unwrapped(method, name):
    """The function under South's caching decorators (they take *args)."""
    function = getattr(method, "__func__", method)
    seen = 0
    while function.__name__ != name and function.__closure__ and seen < 5:
        inner = [c.cell_contents for c in function.__closure__
                 if isinstance(c.cell_contents, types.FunctionType)]
        if not inner:
            break
        function, seen = inner[0], seen + 1
    return function


def has_column(table, column):
    from django.db import connection
    cursor = connection.cursor()
    try:
        names = [c[0] for c in connection.introspection.get_table_description(cursor, table)]
    except Exception:
        return False
    return column in names


def stand_in_value(module_name, name):
    path = "%s.%s" % (module_name, name)
    real = real_user_value(name)
    if real is not None:
        return real
    if name != "user" and USER_NAME.match(name):
        return user_model_value(name)
    if CONSTANT.match(name):
        return constant_value(name)
    operation = SOUTH_OPERATION.match(name)
    if operation:
        return south_operation(*operation.groups())
    if FIELD_NAME.search(name):
        return stand_in_field(path)
    return stand_in_class(path)


# ------------------------------------------------------------------ fields

def nearest_field(class_name, args, kwargs):
    from django.db import models
    if "object_id_field" in kwargs or "content_type_field" in kwargs:
        from django.contrib.contenttypes.generic import GenericRelation
        return GenericRelation
    if "to" in kwargs or args:
        if class_name.endswith("ManyToManyField"):
            return models.ManyToManyField
        if class_name.endswith("OneToOneField"):
            return models.OneToOneField
        return models.ForeignKey
    if "max_digits" in kwargs or "decimal_places" in kwargs:
        return models.DecimalField
    for django_name in sorted(DJANGO_FIELDS, key=len, reverse=True):
        if class_name.endswith(django_name):
            return getattr(models, django_name)
    if "max_length" in kwargs:
        return models.CharField
    return models.TextField


def accepted_options(field_class, kwargs):
    """The options the Django field takes (a custom field's own are dropped)."""
    names = set()
    for klass in field_class.__mro__:
        init = klass.__dict__.get("__init__")
        if isinstance(init, types.FunctionType):
            names.update(inspect.getargspec(init)[0])
    return dict((k, v) for k, v in kwargs.items() if k in names)


def stand_in_field(path):
    """A callable class: called like the custom field, returns a Django field."""
    class_name = path.rsplit(".", 1)[-1]

    def __new__(cls, *args, **kwargs):
        field_class = nearest_field(class_name, args, kwargs)
        record("field", path, field_class.__name__)
        return field_class(*args, **accepted_options(field_class, kwargs))
    return type(str(class_name), (object,), {"__new__": __new__, "_southgen_name": path})


def field_by_name(original):
    """South's ask_for_it_by_name, standing in for a field it cannot import."""
    cache = {}

    def ask_for_it_by_name(name):
        if name in cache:
            return cache[name]
        try:
            value = original(name)
        except Exception:
            value = None
        if value is None or isinstance(value, StandInMeta) or isinstance(value, StandIn):
            value = stand_in_field(str(name))
        cache[name] = value
        return value
    ask_for_it_by_name.cache = {}
    return ask_for_it_by_name


# ----------------------------------------------------------------- modules

class StandInModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__") or name == "_southgen_name":
            raise AttributeError(name)
        value = stand_in_value(self.__name__, name)
        setattr(self, name, value)
        return value


class PartialModule(types.ModuleType):
    """A real module missing some names a migration imports from it."""

    def __init__(self, real):
        types.ModuleType.__init__(self, real.__name__)
        self._southgen_real = real

    def __getattr__(self, name):
        if name.startswith("__") and name != "__all__":
            raise AttributeError(name)
        real = self.__dict__["_southgen_real"]
        try:
            return getattr(real, name)
        except AttributeError:
            record("name", "%s.%s" % (real.__name__, name))
            value = stand_in_value(real.__name__, name)
            setattr(self, name, value)
            return value


def stand_in_module(name):
    module = StandInModule(name)
    module.__path__ = []
    module.__all__ = []
    module.__file__ = "<southgen stand-in>"
    return module


def is_migration_code(globals_):
    path = (globals_ or {}).get("__file__") or ""
    if path.endswith((".pyc", ".pyo")):
        path = path[:-1]
    return bool(path) and os.path.abspath(path) in STATE["migration_files"]


def importable(name):
    module = sys.modules.get(name)
    if module is not None:
        return True
    try:
        __import__(name, {}, {}, [])
    except ImportError:
        return False
    return True


def provide_modules(name, by):
    """Real modules where they import, stand-ins from the first that does not."""
    parts = name.split(".")
    for end in range(1, len(parts) + 1):
        prefix = ".".join(parts[:end])
        if importable(prefix):
            continue
        module = stand_in_module(prefix)
        sys.modules[prefix] = module
        record("module", prefix, by=by)
        if end > 1:
            setattr(sys.modules[".".join(parts[:end - 1])], parts[end - 1], module)


def migration_key(globals_):
    """``app:name`` of a laid-out migration module (southgen_migrations.<app>.migrations.<name>)."""
    parts = ((globals_ or {}).get("__name__") or "").split(".")
    return "%s:%s" % (parts[1], parts[-1]) if len(parts) >= 4 else None


def used_by(module):
    """The stand-ins a migration module holds (what its errors may come from)."""
    names = []
    for name, value in sorted(vars(module).items()):
        if isinstance(value, (StandInModule, PartialModule, StandIn)) or \
                getattr(value, "_southgen_name", None):
            names.append(name)
    return names


def absolute_name(name, globals_, level):
    """``from ..models import X`` in a migration means the app's own module:
    the files are laid out in another package, so resolve it as
    ``<app>.migrations`` would have."""
    key = migration_key(globals_)
    if key is None:
        return None
    package = [key.split(":", 1)[0], "migrations"]
    if level - 1 > len(package) - 1:
        return None
    base = package[:len(package) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def install(migration_files, current):
    """Hook imports made by the migration files (and only those)."""
    STATE["migration_files"] = set(migration_files)
    STATE["current"] = current
    if STATE["installed"]:
        return
    STATE["installed"] = True
    original = builtins.__import__

    def standin_import(name, globals=None, locals=None, fromlist=(),
                       level=-1 if sys.version_info[0] == 2 else 0):
        if not is_migration_code(globals):
            return original(name, globals, locals, fromlist, level)
        try:
            module = original(name, globals, locals, fromlist, level)
        except ImportError:
            if level and level > 0:
                name, level = absolute_name(name, globals, level), 0
                if not name:
                    raise
            provide_modules(name, migration_key(globals))
            module = original(name, globals, locals, fromlist, level)
        if fromlist and not isinstance(module, StandInModule):
            missing = [n for n in fromlist if n != "*" and not hasattr(module, n)]
            if missing:
                return PartialModule(module)
        return module
    builtins.__import__ = standin_import


def patch_settings():
    """`settings.X` read by a migration, for a setting the project has and
    verify does not: a constant stand-in. Only a plain attribute read (a
    LOAD_ATTR in the migration's code): `getattr(settings, "X", default)`
    and `hasattr` keep their answers."""
    import dis
    from django.conf import LazySettings
    original = LazySettings.__getattr__
    load_attr = dis.opmap["LOAD_ATTR"]

    def __getattr__(self, name):
        try:
            return original(self, name)
        except AttributeError:
            frame = sys._getframe(1)
            code = frame.f_code.co_code
            op = code[frame.f_lasti]
            op = ord(op) if isinstance(op, str) else op
            if op != load_attr or not CONSTANT.match(name) or \
                    not is_migration_code(frame.f_globals):
                raise
            record("setting", name)
            return constant_value(name)
    LazySettings.__getattr__ = __getattr__


def patch_south_fields():
    """Field classes South imports by name (frozen dicts, self.gf)."""
    import south.orm
    import south.v2
    import south.utils
    wrapped = field_by_name(south.utils.ask_for_it_by_name)
    south.orm.ask_for_it_by_name = wrapped
    south.v2.ask_for_it_by_name = wrapped
