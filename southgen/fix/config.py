"""The target project's own southgen settings, found by walking up from PATH.

``[tool.southgen]`` in ``pyproject.toml``, or ``[southgen]`` in ``setup.cfg``
or ``tox.ini`` (the first folder holding one of them wins; within a folder,
in that order)::

    [southgen]
    defaults =
        blog.Post.word_count = 0
        shop.Order.total = '0.00'
    exclude = legacy_app
              vendor/*
    templates = southgen-templates
    settings =
        AUTH_USER_MODEL = accounts.Customer

``defaults`` are the one-off values for NOT NULL restores (Python source),
``exclude`` glob patterns matched against an app's label, its folder or a
migration's path (relative to the configuration's folder), ``templates`` a
folder of templates overriding built-in ones by name, ``settings`` the
project's Django settings the migrations compute with (``--setting``; a value
is a Python literal or, when it is not one, the text itself).
"""

from __future__ import annotations

import configparser
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # the same parser, from PyPI
    import tomli as tomllib

from southgen.errors import SouthgenError
from southgen.generate import parse_default, parse_setting

KEYS = {"defaults", "exclude", "templates", "settings"}


@dataclass(frozen=True)
class Config:
    root: Path  # folder relative paths are resolved against
    source: Path | None = None  # the file the settings came from
    defaults: dict[str, str] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    templates: Path | None = None
    settings: dict[str, str] = field(default_factory=dict)


def find_config(start: Path) -> Config:
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        found = _load_from(candidate)
        if found is not None:
            return found
    return Config(root=folder)


def _load_from(folder: Path) -> Config | None:
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            raise SouthgenError(f"cannot read configuration: {exc}", pyproject) from None
        section = data.get("tool", {}).get("southgen")
        if section is not None:
            return _config(folder, pyproject, section, _toml_defaults)
    for name in ("setup.cfg", "tox.ini"):
        path = folder / name
        if not path.is_file():
            continue
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(path.read_text(encoding="utf-8"), source=str(path))
        except (configparser.Error, UnicodeDecodeError, OSError) as exc:
            message = str(exc).splitlines()[0]
            raise SouthgenError(f"cannot read configuration: {message}", path) from None
        if parser.has_section("southgen"):
            return _config(folder, path, dict(parser.items("southgen")), _ini_defaults)
    return None


def _config(folder: Path, path: Path, section: dict, read_defaults) -> Config:
    unknown = set(section) - KEYS
    if unknown:
        raise SouthgenError(f"unknown southgen setting(s): {', '.join(sorted(unknown))} "
                            f"(known: {', '.join(sorted(KEYS))})", path)
    defaults = read_defaults(section.get("defaults"), path)
    exclude = _words(section.get("exclude"), path)
    templates = section.get("templates")
    if templates is not None and not isinstance(templates, str):
        raise SouthgenError("'templates' must be a folder name", path)
    return Config(
        root=folder,
        source=path,
        defaults=defaults,
        exclude=tuple(exclude),
        templates=(folder / templates.strip()) if templates else None,
        settings=_settings(section.get("settings"), path),
    )


def _settings(value, path: Path) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, dict):  # [tool.southgen.settings] in pyproject.toml
        items = [f"{k}={v if isinstance(v, str) else _toml_source(v)}" for k, v in value.items()]
    elif isinstance(value, str):
        items = [line for line in value.splitlines() if line.strip()]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = value
    else:
        raise SouthgenError("'settings' must be lines of NAME = VALUE", path)
    return _parsed(items, parse_setting, "--setting", "settings", path)


def _ini_defaults(value: str | None, path: Path) -> dict[str, str]:
    return _parse_items((line for line in (value or "").splitlines() if line.strip()), path)


def _toml_defaults(value, path: Path) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, dict):
        items = [f"{k}={v if isinstance(v, str) else _toml_source(v)}" for k, v in value.items()]
        return _parse_items(items, path)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return _parse_items(value, path)
    raise SouthgenError("'defaults' must be a table of app.Model.field = value", path)


def _toml_source(value) -> str:
    return repr(value)  # True, 0, 1.5 -> Python source


def _parse_items(items: Iterable[str], path: Path) -> dict[str, str]:
    return _parsed(items, parse_default, "--default", "defaults", path)


def _parsed(items: Iterable[str], parse: Callable[[str], tuple[str, str]], option: str,
            key: str, path: Path) -> dict[str, str]:
    """Each ``NAME=VALUE`` item parsed as its command-line ``option`` parses it; an
    error names the config ``key`` instead."""
    parsed = {}
    for item in items:
        try:
            name, value = parse(item.strip())
        except SouthgenError as exc:
            raise SouthgenError(exc.message.replace(option, key), path) from None
        parsed[name] = value
    return parsed


def _words(value, path: Path) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    if isinstance(value, str):
        return [w for w in re.split(r"[\s,]+", value) if w]
    raise SouthgenError("'exclude' must be a list of patterns", path)
