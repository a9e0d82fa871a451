"""Seeded random evolution of Django 1.6 ``models.py`` files, for differential tests.

``Evolution(seed)`` holds the models of two apps (``alpha``, ``beta``) and
``step()`` applies a few random mutations to them: models added and removed
(including multi-table inheritance children and ``through`` models), fields
added, removed and changed (type, ``max_length``, ``null``, ``default``,
``unique``, ``db_index``, ``db_column``), ``unique_together`` /
``index_together`` groups, ``Meta.db_table``, ``order_with_respect_to``,
M2Ms (auto, ``db_table``, self symmetrical or not, gaining and losing a
``through``), foreign keys turned into plain columns and back, custom
primary keys, proxy and unmanaged models.
Every state is valid Django: relations only point at existing models, models
still referenced are never removed, ``through`` models are left alone while
an M2M uses them, related names never clash.

``questions(before, after, app)`` predicts the NOT NULL questions South's
autodetector asks for that change (``south/creator/actions.py``:
``_NullIssuesField``), so the caller can answer them on stdin.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field

APPS = ("alpha", "beta")
SCALAR_KINDS = ("CharField", "TextField", "IntegerField", "BooleanField", "DateTimeField",
                "DecimalField", "SlugField", "EmailField")
CHAR_KINDS = ("CharField", "TextField", "SlugField", "EmailField")  # South's blank -> ''
RELATION_KINDS = ("ForeignKey", "OneToOneField")
DEFAULTS = {
    "CharField": ("'x'", "''", "'default'"),
    "TextField": ("'text'", "''"),
    "IntegerField": ("0", "7"),
    "BooleanField": ("True", "False"),
    "DateTimeField": ("datetime.datetime(2000, 1, 1, 0, 0)",),
    "DecimalField": ("0", "'1.50'"),
    "SlugField": ("'slug'",),
    "EmailField": ("'a@example.com'",),
}


@dataclass
class FieldSpec:
    kind: str
    opts: dict[str, str] = field(default_factory=dict)  # keyword -> Python source
    target: str | None = None  # 'app.Model' or 'self' for relations
    through: str | None = None  # 'app.Model' for an M2M with through=

    @property
    def is_m2m(self) -> bool:
        return self.kind == "ManyToManyField"

    @property
    def null(self) -> bool:
        return self.opts.get("null") == "True"

    @property
    def has_default(self) -> bool:
        return "default" in self.opts

    @property
    def blank_char(self) -> bool:
        return self.kind in CHAR_KINDS and self.opts.get("blank") == "True"

    def needs_value(self) -> bool:
        """NOT NULL without a default: South asks for a value when it appears/goes."""
        return not self.is_m2m and not self.null and not self.has_default and not self.blank_char


@dataclass
class ModelSpec:
    app: str
    name: str
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    parent: str | None = None  # 'app.Model' of a multi-table inheritance parent
    db_table: str | None = None
    unique_together: list[tuple[str, str]] = field(default_factory=list)
    index_together: list[tuple[str, str]] = field(default_factory=list)
    order_wrt: str | None = None
    proxy: bool = False  # a proxy of ``parent``: no table, no fields
    managed: bool = True

    @property
    def key(self) -> str:
        return f"{self.app}.{self.name}"


State = dict[str, ModelSpec]  # 'app.Model' -> spec, in definition order


class Evolution:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.models: State = {}
        self.counter = 0
        self.db_tables = 0
        for app in APPS:
            for _ in range(self.rng.randint(1, 2)):
                self._add_model(app)
        for _ in range(4):
            self._mutate()

    # --- naming -------------------------------------------------------------

    def _name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    # --- queries ------------------------------------------------------------

    def referenced(self, key: str) -> bool:
        for model in self.models.values():
            if model.parent == key:
                return True
            for spec in model.fields.values():
                if spec.through == key:
                    return True
                if spec.target == key and model.key != key:
                    return True
        return False

    def through_models(self) -> set[str]:
        return {s.through for m in self.models.values() for s in m.fields.values() if s.through}

    def free_models(self) -> list[ModelSpec]:
        """Models whose fields may be mutated (not through models, not proxies)."""
        through = self.through_models()
        return [m for m in self.models.values() if m.key not in through and not m.proxy]

    def target(self) -> str:
        """A model a new relation may point at (or 'self')."""
        return self.rng.choice([*(k for k, m in self.models.items() if not m.proxy), "self"])

    # --- mutations ----------------------------------------------------------

    def step(self) -> list[str]:
        """Apply 1-4 random mutations; returns what was done."""
        done = []
        for _ in range(self.rng.randint(1, 4)):
            done.append(self._mutate())
        return done

    def _mutate(self) -> str:
        actions = [
            (3, self._add_field), (2, self._remove_field), (4, self._change_field),
            (1, self._add_model), (1, self._remove_model), (1, self._add_child_model),
            (1, self._add_m2m), (1, self._add_through_m2m), (1, self._together),
            (1, self._db_table), (1, self._order_wrt), (1, self._through_toggle),
            (1, self._m2m_db_table), (1, self._proxy), (1, self._managed),
        ]
        while True:
            action = self.rng.choices([a for _, a in actions], [w for w, _ in actions])[0]
            result = action()
            if result:
                return result

    def _add_model(self, app: str | None = None) -> str:
        app = app or self.rng.choice(APPS)
        model = ModelSpec(app, self._name("M"))
        self.models[model.key] = model
        if self.rng.random() < 0.15:
            model.fields[self._name("code")] = FieldSpec(
                "CharField", {"max_length": "10", "primary_key": "True"})
        for _ in range(self.rng.randint(1, 3)):
            self._new_field(model)
        return f"add model {model.key}"

    def _add_child_model(self) -> str | None:
        parents = [m for m in self.free_models() if m.parent is None]
        if not parents:
            return None
        parent = self.rng.choice(parents)
        child = ModelSpec(parent.app, self._name("Child"), parent=parent.key)
        self.models[child.key] = child
        if self.rng.random() < 0.7:
            self._new_field(child)
        return f"add model {child.key}({parent.key})"

    def _remove_model(self) -> str | None:
        candidates = [m for m in self.models.values() if not self.referenced(m.key)
                      and sum(1 for o in self.models.values() if o.app == m.app) > 1]
        if not candidates:
            return None
        model = self.rng.choice(candidates)
        del self.models[model.key]
        return f"remove model {model.key}"

    def _scalar(self, kind: str) -> FieldSpec:
        spec = FieldSpec(kind)
        if kind == "CharField":
            spec.opts["max_length"] = str(self.rng.choice((20, 50, 100, 255)))
        elif kind == "DecimalField":
            spec.opts["max_digits"] = str(self.rng.choice((8, 10)))
            spec.opts["decimal_places"] = str(self.rng.choice((2, 3)))
        elif kind in ("SlugField", "EmailField") and self.rng.random() < 0.4:
            spec.opts["max_length"] = str(self.rng.choice((60, 120)))
        if kind != "BooleanField" and self.rng.random() < 0.4:
            spec.opts["null"] = "True"
        if kind in CHAR_KINDS and self.rng.random() < 0.3:
            spec.opts["blank"] = "True"
        if self.rng.random() < 0.3 or (kind == "BooleanField" and self.rng.random() < 0.7):
            spec.opts["default"] = self.rng.choice(DEFAULTS[kind])
        if kind in ("CharField", "IntegerField", "SlugField") and self.rng.random() < 0.15:
            spec.opts["unique"] = "True"
        elif kind in ("CharField", "IntegerField", "DateTimeField") and self.rng.random() < 0.2:
            spec.opts["db_index"] = "True"
        if self.rng.random() < 0.1:
            spec.opts["db_column"] = repr(self._name("col_"))
        return spec

    def _new_field(self, model: ModelSpec, scalar_only: bool = False) -> str:
        """Add a column field (a through model gets scalars only: no ambiguous FKs)."""
        if not scalar_only and self.rng.random() < 0.25 and self.models:
            target = self.target()
            kind = "ForeignKey" if self.rng.random() < 0.8 else "OneToOneField"
            if target == model.parent:  # an O2O to the parent would be its parent link
                kind = "ForeignKey"
            name = self._name("fk" if kind == "ForeignKey" else "one")
            spec = FieldSpec(kind, target=target)
            spec.opts["related_name"] = repr(f"{model.name.lower()}_{name}")
            if self.rng.random() < 0.5:
                spec.opts["null"] = "True"
            if kind == "ForeignKey" and self.rng.random() < 0.1:
                spec.opts["db_column"] = repr(self._name("ref_"))
        else:
            kind = self.rng.choice(SCALAR_KINDS)
            spec = self._scalar(kind)
            name = self._name(kind[:3].lower())
        model.fields[name] = spec
        return f"add field {model.key}.{name} {kind}"

    def _add_field(self) -> str | None:
        models = self.free_models()
        return self._new_field(self.rng.choice(models)) if models else None

    def _add_m2m(self) -> str:
        model = self.rng.choice(self.free_models())
        name = self._name("m2m")
        target = self.target()
        spec = FieldSpec("ManyToManyField", {"blank": "True"}, target=target)
        if target == "self" and self.rng.random() < 0.5:
            pass  # symmetrical: Django ignores related_name
        else:
            if target == "self":
                spec.opts["symmetrical"] = "False"
            spec.opts["related_name"] = repr(f"{model.name.lower()}_{name}")
        if self.rng.random() < 0.3:
            self.db_tables += 1
            spec.opts["db_table"] = repr(f"{model.app}_join{self.db_tables}")
        model.fields[name] = spec
        return f"add m2m {model.key}.{name} -> {target}"

    def _add_through_m2m(self) -> str:
        model = self.rng.choice(self.free_models())
        target = self.target()
        target_key = model.key if target == "self" else target
        through = ModelSpec(model.app, self._name("Link"))
        src, dst = self._name("src"), self._name("dst")
        through.fields[src] = FieldSpec("ForeignKey", {"related_name": repr(f"{through.name}_a")},
                                        target=model.key)
        through.fields[dst] = FieldSpec("ForeignKey", {"related_name": repr(f"{through.name}_b")},
                                        target=target_key)
        if self.rng.random() < 0.5:
            self._new_field(through, scalar_only=True)
        self.models[through.key] = through
        name = self._name("via")
        spec = FieldSpec("ManyToManyField", {"related_name": repr(f"{model.name.lower()}_{name}")},
                         target=target, through=through.key)
        if target == "self":
            spec.opts["symmetrical"] = "False"
        model.fields[name] = spec
        return f"add m2m {model.key}.{name} -> {target} through {through.key}"

    def _removable(self, model: ModelSpec) -> list[str]:
        return [n for n, s in model.fields.items()
                if n != model.order_wrt and "primary_key" not in s.opts]

    def _remove_field(self) -> str | None:
        models = [m for m in self.free_models() if self._removable(m)]
        if not models:
            return None
        model = self.rng.choice(models)
        name = self.rng.choice(self._removable(model))
        del model.fields[name]
        model.unique_together = [g for g in model.unique_together if name not in g]
        model.index_together = [g for g in model.index_together if name not in g]
        return f"remove field {model.key}.{name}"

    def _change_field(self) -> str | None:
        choices = [(m, n) for m in self.free_models() for n, s in m.fields.items()
                   if not s.is_m2m and "primary_key" not in s.opts]
        if not choices:
            return None
        model, name = self.rng.choice(choices)
        spec = model.fields[name]
        what = self.rng.choice(("type", "max_length", "null", "null", "default", "unique",
                                "db_index", "db_column", "target"))
        if what == "type" and spec.kind in (*SCALAR_KINDS, "ForeignKey") \
                and name not in self._grouped(model) and name != model.order_wrt:
            if spec.kind != "ForeignKey" and self.rng.random() < 0.2:
                related = repr(f"{model.name.lower()}_{name}")
                new = FieldSpec("ForeignKey", {"related_name": related}, target=self.target())
            else:
                new = self._scalar(self.rng.choice([k for k in SCALAR_KINDS if k != spec.kind]))
            for keep in ("null", "db_column"):
                if keep in spec.opts and (keep != "null" or new.kind != "BooleanField"):
                    new.opts[keep] = spec.opts[keep]
            model.fields[name] = new
            return f"change {model.key}.{name} type {spec.kind} -> {new.kind}"
        if what == "max_length" and spec.kind in ("CharField", "SlugField", "EmailField"):
            spec.opts["max_length"] = str(self.rng.choice((30, 80, 150, 200)))
            return f"change {model.key}.{name} max_length"
        if what == "null" and spec.kind != "BooleanField" and name != model.order_wrt:
            if spec.null:
                del spec.opts["null"]
            else:
                spec.opts["null"] = "True"
            return f"change {model.key}.{name} null={spec.null}"
        if what == "default" and spec.kind in DEFAULTS:
            if spec.has_default and self.rng.random() < 0.5:
                del spec.opts["default"]
            else:
                spec.opts["default"] = self.rng.choice(DEFAULTS[spec.kind])
            return f"change {model.key}.{name} default={spec.opts.get('default')}"
        if what == "unique" and spec.kind in ("CharField", "IntegerField", "SlugField",
                                              "ForeignKey"):
            if spec.opts.pop("unique", None) is None:
                spec.opts["unique"] = "True"
            return f"change {model.key}.{name} unique={spec.opts.get('unique')}"
        if what == "db_index" and spec.kind not in ("TextField", "OneToOneField"):
            default_index = spec.kind in ("SlugField", "ForeignKey")
            current = spec.opts.get("db_index", str(default_index)) == "True"
            spec.opts["db_index"] = str(not current)
            return f"change {model.key}.{name} db_index={not current}"
        if what == "db_column":
            if "db_column" in spec.opts and self.rng.random() < 0.5:
                del spec.opts["db_column"]
            else:
                spec.opts["db_column"] = repr(self._name("col_"))
            return f"change {model.key}.{name} db_column={spec.opts.get('db_column')}"
        if what == "target" and spec.kind == "ForeignKey" and name != model.order_wrt:
            spec.target = self.target()
            return f"change {model.key}.{name} -> {spec.target}"
        return None

    @staticmethod
    def _grouped(model: ModelSpec) -> set[str]:
        return {n for g in model.unique_together + model.index_together for n in g}

    def _together(self) -> str | None:
        model = self.rng.choice(self.free_models())
        attr = self.rng.choice(("unique_together", "index_together"))
        groups: list[tuple[str, str]] = getattr(model, attr)
        if groups and self.rng.random() < 0.4:
            group = groups.pop(self.rng.randrange(len(groups)))
            return f"{attr} {model.key} -{group}"
        names = [n for n, s in model.fields.items() if not s.is_m2m]
        if len(names) < 2:
            return None
        a, b = self.rng.sample(names, 2)
        if (a, b) in groups or (b, a) in groups:
            return None
        groups.append((a, b))
        return f"{attr} {model.key} +{(a, b)}"

    def _db_table(self) -> str:
        model = self.rng.choice(self.free_models())
        if model.db_table and self.rng.random() < 0.5:
            model.db_table = None
        else:
            self.db_tables += 1
            model.db_table = f"{model.app}_table{self.db_tables}"
        return f"db_table {model.key} = {model.db_table}"

    def _through_toggle(self) -> str | None:
        """An M2M gains a through model (South drops its table) or loses it."""
        m2ms = [(m, n) for m in self.free_models() for n, s in m.fields.items() if s.is_m2m]
        if not m2ms:
            return None
        model, name = self.rng.choice(m2ms)
        spec = model.fields[name]
        if spec.through:
            spec.through = None
            spec.opts.setdefault("blank", "True")
            return f"m2m {model.key}.{name} without through"
        if spec.target == "self" and spec.opts.get("symmetrical") != "False":
            return None
        target_key = model.key if spec.target == "self" else spec.target
        through = ModelSpec(model.app, self._name("Link"))
        through.fields[self._name("src")] = FieldSpec(
            "ForeignKey", {"related_name": repr(f"{through.name}_a")}, target=model.key)
        through.fields[self._name("dst")] = FieldSpec(
            "ForeignKey", {"related_name": repr(f"{through.name}_b")}, target=target_key)
        self.models[through.key] = through
        spec.through = through.key
        spec.opts.pop("db_table", None)  # not allowed with through=
        return f"m2m {model.key}.{name} through {through.key}"

    def _m2m_db_table(self) -> str | None:
        m2ms = [(m, n) for m in self.free_models() for n, s in m.fields.items()
                if s.is_m2m and not s.through]
        if not m2ms:
            return None
        model, name = self.rng.choice(m2ms)
        spec = model.fields[name]
        if "db_table" in spec.opts:
            del spec.opts["db_table"]
        else:
            self.db_tables += 1
            spec.opts["db_table"] = repr(f"{model.app}_join{self.db_tables}")
        return f"m2m {model.key}.{name} db_table={spec.opts.get('db_table')}"

    def _proxy(self) -> str | None:
        parents = [m for m in self.free_models()]
        if not parents:
            return None
        parent = self.rng.choice(parents)
        proxy = ModelSpec(parent.app, self._name("Proxy"), parent=parent.key, proxy=True)
        self.models[proxy.key] = proxy
        return f"add proxy {proxy.key}({parent.key})"

    def _managed(self) -> str | None:
        models = [m for m in self.free_models() if not m.parent
                  and not any(o.parent == m.key for o in self.models.values())]
        if not models:
            return None
        model = self.rng.choice(models)
        model.managed = not model.managed
        return f"{model.key} managed={model.managed}"

    def _order_wrt(self) -> str | None:
        model = self.rng.choice(self.free_models())
        if model.order_wrt:
            model.order_wrt = None
            return f"order_with_respect_to {model.key} removed"
        fks = [n for n, s in model.fields.items() if s.kind == "ForeignKey" and s.target != "self"]
        if not fks or model.parent:
            return None
        model.order_wrt = self.rng.choice(fks)
        return f"order_with_respect_to {model.key} = {model.order_wrt}"

    # --- rendering ----------------------------------------------------------

    def render(self, app: str) -> str:
        return render(self.models, app)

    def snapshot(self) -> State:
        return copy.deepcopy(self.models)


def _field_source(spec: FieldSpec) -> str:
    args = []
    if spec.target is not None:
        args.append(repr(spec.target))
    opts = dict(spec.opts)
    if spec.through:
        opts["through"] = repr(spec.through)
    args += [f"{k}={v}" for k, v in opts.items()]
    return f"models.{spec.kind}({', '.join(args)})"


def render(models: State, app: str) -> str:
    lines = ["import datetime", "", "from django.db import models", ""]
    for model in models.values():
        if model.app != app:
            continue
        base = "models.Model"
        if model.parent:
            base = model.parent.split(".")[1] if model.parent.startswith(app + ".") else (
                model.parent)
        lines += ["", f"class {model.name}({base}):"]
        body = [f"    {name} = {_field_source(spec)}" for name, spec in model.fields.items()]
        meta = []
        if model.db_table:
            meta.append(f"        db_table = {model.db_table!r}")
        if model.unique_together:
            meta.append(f"        unique_together = {tuple(model.unique_together)!r}")
        if model.index_together:
            meta.append(f"        index_together = {tuple(model.index_together)!r}")
        if model.order_wrt:
            meta.append(f"        order_with_respect_to = {model.order_wrt!r}")
        if model.proxy:
            meta.append("        proxy = True")
        if not model.managed:
            meta.append("        managed = False")
        if meta:
            body += ["", "    class Meta:", *meta]
        lines += body or ["    pass"]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def questions(before: State, after: State, app: str) -> list[str]:
    """The NOT NULL questions South asks for ``app`` going from ``before`` to ``after``:
    ``'forwards'`` (adding a field / making one NOT NULL: answer 1 or 2) or
    ``'backwards'`` (removing a field / making one nullable: answer 1, 2 or 3)."""
    asked = []
    for key, old in before.items():
        new = after.get(key)
        if old.app != app or new is None or not new.managed:
            continue
        old_fields = _column_fields(old)
        new_fields = _column_fields(new)
        for name, spec in old_fields.items():
            if name not in new_fields and spec.needs_value():
                asked.append("backwards")
        for name, spec in new_fields.items():
            if name not in old_fields and spec.needs_value():
                asked.append("forwards")
        for name in set(old_fields) & set(new_fields):
            a, b = old_fields[name], new_fields[name]
            if a.null and not b.null and b.needs_value():
                asked.append("forwards")
            if not a.null and b.null and a.needs_value():
                asked.append("backwards")
    return asked


def _column_fields(model: ModelSpec) -> dict[str, FieldSpec]:
    fields = {n: s for n, s in model.fields.items() if not s.is_m2m}
    if model.order_wrt:
        fields["_order"] = FieldSpec("IntegerField", {"default": "0"})
    return fields
