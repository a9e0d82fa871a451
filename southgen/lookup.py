"""Old definitions of tables and columns, from earlier migrations' frozen dicts.

Inverting a ``delete_column`` / ``delete_table`` / ``alter_column`` read off
``forwards()`` needs the definition it replaced: the nearest earlier frozen
dict that describes the table (or column) is taken, newest first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from southgen.appmigrations import previous_migrations
from southgen.reader import MigrationFile, read_migration
from southgen.state import Field, Model, State, build_state


class Lookup:
    def __init__(self, states: Iterator[State] | list[State]) -> None:
        self._source = iter(states)
        self._states: list[State] = []

    def _all(self) -> Iterator[State]:
        yield from self._states
        for state in self._source:
            self._states.append(state)
            yield state

    def model(self, table: str) -> Model | None:
        for state in self._all():
            for model in state.values():
                if model.db_table == table:
                    return model
        return None

    def column(self, table: str, column: str) -> tuple[Model, Field] | None:
        for state in self._all():
            for model in state.values():
                if model.db_table != table:
                    continue
                for field in model.column_fields:
                    if field.column == column or field.name == column:
                        return model, field
        return None

    def model_by_key(self, key: str) -> Model | None:
        for state in self._all():
            if key in state:
                return state[key]
        return None


def earlier_states(migration: MigrationFile,
                   previous: MigrationFile | None) -> Iterator[State]:
    """Frozen states before ``migration``, newest first (``previous``'s, then older)."""
    seen: set[Path] = set()
    if previous is not None and previous.models is not None:
        seen.add(previous.path.resolve())
        yield _state(previous)
    try:
        paths = previous_migrations(migration.path)
    except OSError:
        return
    for path in paths:
        if path.resolve() in seen:
            continue
        try:
            earlier = read_migration(path)
        except Exception:  # noqa: BLE001 - an unreadable older file only limits lookups
            continue
        if earlier.models is not None:
            yield _state(earlier)


def _state(migration: MigrationFile) -> State:
    return build_state(migration.models, migration.path, migration.models_line, migration.text)


def lookup_for(migration: MigrationFile, previous: MigrationFile | None,
               before: Callable[[], Iterator[State]] | None = None) -> Lookup:
    return Lookup(before() if before else earlier_states(migration, previous))
