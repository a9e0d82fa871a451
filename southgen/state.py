"""Frozen models dict -> typed, immutable schema state of one app.

Every keyword value in a frozen dict is Python source text (``'True'``,
``"orm['blog.Author']"``, ``'100'``); it stays source text here, because
that is what the generated code must contain.

Fields and models are immutable, so their derived properties are computed
once (``_once``), and a model block seen before (the frozen parser
hands back the same dict for the same block text) gives back the same
``Model``: a batch over consecutive migrations builds each model once.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from southgen import naming
from southgen.errors import SouthgenError
from southgen.frozen import FrozenModels
from southgen.symbolic import Text, Unknown, require, source_of


class _once:
    """``functools.cached_property`` without its per-access lock (Python < 3.12),
    which made it the hottest spot of a large batch."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@dataclass(frozen=True)
class Field:
    name: str
    field_class: str
    args: tuple[str, ...]
    kwargs: tuple[tuple[str, str], ...]

    @_once
    def options(self) -> dict[str, str]:
        return dict(self.kwargs)

    def _flag(self, name: str, default: bool = False) -> bool:
        value = self.options.get(name)
        require(value, f"the {name} option of field '{self.name}'")
        return default if value is None else value.strip() == "True"

    @_once
    def is_m2m(self) -> bool:
        return naming.is_many_to_many(self.field_class)

    @_once
    def is_virtual(self) -> bool:
        return naming.is_virtual(self.field_class)

    @_once
    def is_foreign_key(self) -> bool:
        return naming.is_foreign_key(self.field_class, self.options)

    @_once
    def null(self) -> bool:
        return self._flag("null")

    @_once
    def primary_key(self) -> bool:
        return self._flag("primary_key")

    @_once
    def unique(self) -> bool:
        """Django's ``Field.unique``: explicit unique, or a primary key."""
        return self._flag("unique") or self.primary_key

    @_once
    def db_index(self) -> bool:
        return self._flag("db_index", self.field_class in naming.INDEXED_BY_DEFAULT
                          or self.is_foreign_key)

    @_once
    def has_default(self) -> bool:
        value = self.options.get("default")
        return value is not None and value.strip() != "None"

    @_once
    def blank_char(self) -> bool:
        return self.field_class in naming.CHAR_CLASSES and self._flag("blank")

    @_once
    def column(self) -> str:
        db_column = require(self.options.get("db_column"), f"the column of field '{self.name}'")
        return naming.column_name(
            self.name, self.field_class, self.options,
            _string_value(db_column) if db_column else None,
        )

    @_once
    def target(self) -> str | None:
        """Model key a relation points to (``'blog.author'``); None when the module
        computes it from something southgen cannot know (see ``require_target``)."""
        to = self.options.get("to") or (self.args[0] if self.args else "")
        if getattr(to, "unknown", None) is not None:
            return None
        return naming.model_key_of(to)

    def require_target(self, what: str) -> str | None:
        """``target``, or the error naming the setting to give when it is unknown."""
        require(self.options.get("to") or (self.args[0] if self.args else ""), what)
        return self.target

    @_once
    def auto_through(self) -> bool:
        return "through" not in self.options

    @_once
    def plain(self) -> bool:
        """Every part exactly a ``str`` (no ``Source``: written as it is)."""
        return _all_str(self.name, self.field_class, self.args, self.kwargs)

    def with_option(self, name: str, value: str) -> Field:
        options = dict(self.kwargs)
        options[name] = value
        return Field(self.name, self.field_class, self.args, tuple(options.items()))

    def without(self, names: set[str] | frozenset[str]) -> Field:
        kwargs = tuple((k, v) for k, v in self.kwargs if k not in names)
        return Field(self.name, self.field_class, self.args, kwargs)

    def db_definition(self) -> tuple:
        """What South compares to decide a field changed (its ``different_attributes``)."""
        return self._db_definition

    @_once
    def _db_definition(self) -> tuple:
        ignored = NOT_DB_OPTIONS | {"unique"}
        return (self.field_class, self.args,
                tuple(sorted((k, v) for k, v in self.kwargs if k not in ignored)))


# Options with no effect on a column's definition; South strips them from altered fields.
NOT_DB_OPTIONS = frozenset({"choices", "help_text", "verbose_name", "related_name", "default",
                            "blank", "db_index"})


@dataclass(frozen=True)
class Model:
    key: str
    app_label: str
    object_name: str
    db_table: str
    fields: tuple[Field, ...]
    managed: bool
    proxy: bool
    unique_together: tuple[tuple[str, ...], ...]
    index_together: tuple[tuple[str, ...], ...]

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    @_once
    def column_fields(self) -> tuple[Field, ...]:
        """Fields with a column in this model's own table."""
        return tuple(f for f in self.fields if not f.is_m2m and not f.is_virtual)

    @_once
    def m2m_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.is_m2m)


State = dict[str, Model]


_MODELS: dict[int, tuple[dict, str, Model]] = {}  # id(spec) -> (spec, key, model)
_MODELS_MAX = 50000


def build_state(frozen: FrozenModels, path: Path, line: int | None, text: str = "") -> State:
    """``text`` (the file's) lets errors point at the offending field's own line."""
    try:
        state = {}
        for key, spec in frozen.items():
            if isinstance(key, Unknown):
                # Under a key southgen cannot know (``AUTH_USER_MODEL: {...}``): another
                # app's model, frozen for reference; relations to it are unknown as well.
                continue
            try:
                state[key.lower()] = _cached_model(key.lower(), spec, path, line)
            except SouthgenError as exc:
                own_app = Path(path).resolve().parent.parent.name
                if getattr(exc, "unknown", None) is None or key.split(".")[0] == own_app:
                    raise
                # another app's model defined with values southgen cannot know
        return state
    except SouthgenError as exc:
        if text and exc.field_source:
            at = text.find(exc.field_source)
            if at != -1:
                exc.line = text.count("\n", 0, at) + 1
        raise


def _cached_model(key: str, spec: dict, path: Path, line: int | None) -> Model:
    entry = _MODELS.get(id(spec))
    if entry is not None and entry[0] is spec and entry[1] == key:
        return entry[2]
    model = _model(key, spec, path, line)
    if len(_MODELS) >= _MODELS_MAX:
        _MODELS.clear()
    _MODELS[id(spec)] = (spec, key, model)  # holding spec keeps its id unique
    return model


def _model(key: str, spec: dict, path: Path, line: int | None) -> Model:
    if "." not in key or not isinstance(spec, dict):
        raise SouthgenError(f"frozen model {key!r} is not 'app.model': {{...}}", path, line)
    app_label = key.split(".", 1)[0]
    meta = spec.get("Meta") or {}
    if not isinstance(meta, dict):
        raise SouthgenError(f"frozen model {key!r} has a Meta that is not a dict", path, line)
    object_name = str(_plain(meta.get("object_name"), f"the name of model {key!r}")
                      or key.split(".", 1)[1])
    fields = []
    for name, triple in spec.items():
        if name == "Meta":
            continue
        name = _plain(name, f"a field name of model {key!r}")
        known = _TRIPLES.get(id(triple))
        if known is not None and known[0] is triple and known[1] == name:
            fields.append(known[2])
            continue
        field = _field(key, name, triple, path, line)
        if field.plain:
            if len(_TRIPLES) >= _FIELDS_MAX:
                _TRIPLES.clear()
            _TRIPLES[id(triple)] = (triple, name, field)  # holding triple keeps its id unique
        fields.append(field)
    db_table = require(_option(meta.get("db_table"), f"the table of model {key!r}"),
                       f"the table of model {key!r}")
    return Model(
        key=key,
        app_label=app_label,
        object_name=object_name,
        db_table=(_string_value(db_table) if db_table
                  else naming.default_db_table(app_label, object_name)),
        fields=tuple(fields),
        managed=str(_plain(meta.get("managed", "True"), f"Meta.managed of {key!r}")
                    ).strip() != "False",
        proxy=str(_plain(meta.get("proxy", "False"), f"Meta.proxy of {key!r}")).strip() == "True",
        unique_together=_together(_plain(meta.get("unique_together"), f"{key!r}"), key, path,
                                  line),
        index_together=_together(_plain(meta.get("index_together"), f"{key!r}"), key, path,
                                 line),
    )


def _field(model_key: str, name: str, triple, path: Path, line: int | None) -> Field:
    ok = (isinstance(triple, (list, tuple)) and len(triple) == 3
          and isinstance(triple[0], (str, Text))
          and isinstance(triple[1], (list, tuple)) and isinstance(triple[2], dict))
    if not ok:
        raise SouthgenError(
            f"field '{model_key}.{name}' is not a (class, args, kwargs) triple", path, line
        )
    field_class, args, kwargs = triple
    if field_class.__class__ is not str:
        field_class = _plain(field_class, f"the class of field '{model_key}.{name}'")
    if not isinstance(field_class, str) or "." not in field_class:
        error = SouthgenError(
            f"field '{model_key}.{name}' has an unknown field class {field_class!r} "
            "(expected a dotted import path)", path, line,
        )
        error.field_source = f"{name!r}: ({field_class!r}"
        raise error
    key = (name, field_class,
           tuple(a if a.__class__ is str else _computed_arg(a, model_key, name) for a in args),
           tuple((k, v) if k.__class__ is str and v.__class__ is str
                 else _computed_option(k, v, model_key, name) for k, v in kwargs.items()))
    if not _all_str(*key):
        return Field(*key)
    known = _FIELDS.get(key)
    if known is None:
        if len(_FIELDS) >= _FIELDS_MAX:
            _FIELDS.clear()
        known = _FIELDS[key] = Field(*key)
    return known


def _all_str(name: object, field_class: object, args: tuple, kwargs: tuple) -> bool:
    return (name.__class__ is str and field_class.__class__ is str
            and all(a.__class__ is str for a in args)
            and all(k.__class__ is str and v.__class__ is str for k, v in kwargs))


# A field written the same way in another model block (the same model a migration
# later, one field changed) is the same Field: its derived properties are computed
# once, and the diff sees it unchanged at a glance. Only plain strings: a Source
# equals its text but is not interchangeable with it.
_FIELDS: dict[tuple, Field] = {}
_FIELDS_MAX = 100000
# A field line unchanged in a changed model block is the same parsed triple (see
# frozen._parse_lines): id(triple) -> (triple, name, field).
_TRIPLES: dict[int, tuple[object, str, Field]] = {}


def _computed_arg(value, model_key: str, name: str) -> str:
    if isinstance(value, Text):
        return source_of(value, f"an argument of field '{model_key}.{name}'")
    return str(require(value, f"an argument of field '{model_key}.{name}'"))


def _computed_option(key, value, model_key: str, name: str) -> tuple[str, str]:
    key = str(_plain(key, f"an option name of field '{model_key}.{name}'"))
    return key, _option(value, f"option {key} of field '{model_key}.{name}'")


def _plain(value, what: str):
    """A frozen key or Meta value the state needs itself (not only copies)."""
    if isinstance(value, Text):
        value = value.value
    return require(value, what)


def _option(value, what: str):
    """A frozen option's Python source; a computed one as a ``Source``."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Text):
        return source_of(value, what)
    return repr(require(value, what))


def _string_value(source: object) -> str:
    """``"'blog_post'"`` -> ``'blog_post'``; bare text is taken as it is."""
    if not isinstance(source, str):
        return str(source)
    try:
        value = ast.literal_eval(source)
    except (ValueError, SyntaxError):
        return source
    return value if isinstance(value, str) else str(value)


def _together(source, key: str, path: Path, line: int | None) -> tuple[tuple[str, ...], ...]:
    if not source:
        return ()
    try:
        value = ast.literal_eval(source) if isinstance(source, str) else source
    except (ValueError, SyntaxError):
        raise SouthgenError(f"Meta of {key!r} has a together option that is not literal data",
                            path, line) from None
    if not value:
        return ()
    if isinstance(value[0], str):
        value = [value]
    return tuple(tuple(str(name) for name in group) for group in value)
