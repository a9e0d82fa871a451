"""Old definitions of tables and columns, from earlier migrations' frozen dicts.

Inverting a ``delete_column`` / ``delete_table`` / ``alter_column`` read off
``forwards()`` needs the definition it replaced: the nearest earlier frozen
dict that describes the table (or column) is taken, newest first.
"""

from __future__ import annotations

from collections.abc import Iterator
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


def earlier_states(migration: MigrationFile, skip: Path | None = None) -> Iterator[State]:
    """Frozen states of the files before ``migration``, newest first, read only when a
    lookup gets that far; ``skip`` is a file whose state the caller already has."""
    try:
        paths = previous_migrations(migration.path)
    except OSError:
        return
    skipped = skip.resolve() if skip is not None else None
    for path in paths:
        if path.resolve() == skipped:
            continue
        try:
            earlier = read_migration(path)
            state = None if earlier.models is None else build_state(
                earlier.models, earlier.path, earlier.models_line, earlier.text)
        except Exception:  # noqa: BLE001 - an unreadable older file only limits lookups
            continue
        if state is not None:
            yield state
