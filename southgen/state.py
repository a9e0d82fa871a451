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
        db_column = self.options.get("db_column")
        return naming.column_name(
            self.name, self.field_class, self.options,
            _string_value(db_column) if db_column else None,
        )

    @_once
    def target(self) -> str | None:
        """Model key a relation points to (``'blog.author'``)."""
        to = self.options.get("to") or (self.args[0] if self.args else "")
        return naming.model_key_of(to)

    @_once
    def auto_through(self) -> bool:
        return "through" not in self.options

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
        return {key.lower(): _cached_model(key.lower(), spec, path, line)
                for key, spec in frozen.items()}
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
    object_name = str(meta.get("object_name") or key.split(".", 1)[1])
    fields = []
    for name, triple in spec.items():
        if name == "Meta":
            continue
        fields.append(_field(key, name, triple, path, line))
    db_table = meta.get("db_table")
    return Model(
        key=key,
        app_label=app_label,
        object_name=object_name,
        db_table=(_string_value(db_table) if db_table
                  else naming.default_db_table(app_label, object_name)),
        fields=tuple(fields),
        managed=str(meta.get("managed", "True")).strip() != "False",
        proxy=str(meta.get("proxy", "False")).strip() == "True",
        unique_together=_together(meta.get("unique_together"), key, path, line),
        index_together=_together(meta.get("index_together"), key, path, line),
    )


def _field(model_key: str, name: str, triple, path: Path, line: int | None) -> Field:
    ok = (isinstance(triple, (list, tuple)) and len(triple) == 3 and isinstance(triple[0], str)
          and isinstance(triple[1], (list, tuple)) and isinstance(triple[2], dict))
    if not ok:
        raise SouthgenError(
            f"field '{model_key}.{name}' is not a (class, args, kwargs) triple", path, line
        )
    field_class, args, kwargs = triple
    if "." not in field_class:
        error = SouthgenError(
            f"field '{model_key}.{name}' has an unknown field class {field_class!r} "
            "(expected a dotted import path)", path, line,
        )
        error.field_source = f"{name!r}: ({field_class!r}"
        raise error
    return Field(
        name=name,
        field_class=field_class,
        args=tuple(str(a) for a in args),
        kwargs=tuple((str(k), v if isinstance(v, str) else repr(v)) for k, v in kwargs.items()),
    )


def _string_value(source: str) -> str:
    """``"'blog_post'"`` -> ``'blog_post'``; bare text is taken as it is."""
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
