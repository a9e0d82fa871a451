"""The app history: each file parsed once, and lookups that answer as a newest-first
scan of every earlier frozen state would, whichever way the history is walked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES

from southgen.appmigrations import list_migrations
from southgen.history import AppHistory, Definitions
from southgen.lookup import StatesLookup
from southgen.reader import read_migration
from southgen.state import build_state

FOLDERS = sorted(p.parent for p in EXAMPLES.glob("*/*/migrations/__init__.py"))


def _naive_states(files: list[Path]) -> list:
    states = []
    for path in files:
        migration = read_migration(path)
        states.append(None if migration.models is None else
                      build_state(migration.models, path, migration.models_line))
    return states


def _questions(states: list) -> tuple[set, set, set]:
    tables, columns, keys = {"no_such_table"}, {("no_such_table", "id")}, {"no.such"}
    for state in states:
        for key, model in (state or {}).items():
            keys.add(key)
            tables.add(model.db_table)
            for field in model.fields:
                columns.add((model.db_table, field.name))
                columns.add((model.db_table, field.column))
                columns.add((model.db_table, "not_a_column"))
    return tables, columns, keys


def _answers(lookup, questions) -> tuple:
    tables, columns, keys = questions
    return ({t: lookup.model(t) for t in sorted(tables)},
            {c: lookup.column(*c) for c in sorted(columns)},
            {k: lookup.model_by_key(k) for k in sorted(keys)})


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.parent.name)
def test_lookups_match_a_newest_first_scan_in_every_walk(folder: Path) -> None:
    files = list_migrations(folder)
    states = _naive_states(files)
    questions = _questions(states)
    walk = Definitions(AppHistory(files))
    for index in range(len(files)):
        earlier = [s for s in reversed(states[:index]) if s is not None]
        expected = _answers(StatesLookup(earlier), questions)
        assert _answers(walk.at(index), questions) == expected  # one walk, forwards
        alone = Definitions(AppHistory(files)).at(index)  # one file, or a chunk's start
        assert _answers(alone, questions) == expected
        history, position = AppHistory.of_file(files[index])
        assert position == index
        assert _answers(Definitions(history).at(index), questions) == expected


def test_each_file_is_parsed_once_in_a_walk(tmp_path: Path, monkeypatch) -> None:
    from southgen import history as module

    folder = tmp_path / "blog" / "migrations"
    shutil.copytree(EXAMPLES / "blog" / "blog" / "migrations", folder)
    parsed: list[str] = []
    real = module.read_migration

    def counting(path, raw=None):
        parsed.append(Path(path).name)
        return real(path, raw)

    monkeypatch.setattr(module, "read_migration", counting)
    files = list_migrations(folder)
    history = AppHistory(files)
    definitions = Definitions(history)
    for index in range(len(files)):
        history.migration(index)
        history.before(index)
        definitions.at(index).model("no_such_table")  # a miss: the whole past is searched
    assert sorted(parsed) == sorted(p.name for p in files)


def test_an_unreadable_file_is_passed_over_and_named(tmp_path: Path) -> None:
    folder = tmp_path / "blog" / "migrations"
    shutil.copytree(EXAMPLES / "blog" / "blog" / "migrations", folder)
    files = list_migrations(folder)
    files[2].write_text("this is not python(\n")
    history = AppHistory(files)
    before = history.before(3)
    assert before.index == 1
    assert before.unreadable == (files[2],)
    assert not history.readable(2)
