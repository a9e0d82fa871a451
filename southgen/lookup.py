"""Old definitions of tables and columns: what inverting a delete or alter needs.

Inverting a ``delete_column`` / ``delete_table`` / ``alter_column`` read off
``forwards()`` needs the definition it replaced: the newest earlier frozen
state that describes the table (or column). ``southgen.history.Definitions``
answers from an app's indexed history; ``StatesLookup`` from given states.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from southgen.state import Field, Model, State


class Lookup(Protocol):
    def model(self, table: str) -> Model | None: ...

    def column(self, table: str, column: str) -> tuple[Model, Field] | None: ...

    def model_by_key(self, key: str) -> Model | None: ...


class StatesLookup:
    """Definitions drawn from the given states only, newest first."""

    def __init__(self, states: Sequence[State] = ()) -> None:
        self.states = list(states)

    def model(self, table: str) -> Model | None:
        for state in self.states:
            found = model_in(state.values(), table)
            if found is not None:
                return found
        return None

    def column(self, table: str, column: str) -> tuple[Model, Field] | None:
        for state in self.states:
            found = column_in(state.values(), table, column)
            if found is not None:
                return found
        return None

    def model_by_key(self, key: str) -> Model | None:
        for state in self.states:
            if key in state:
                return state[key]
        return None


def model_in(models: Iterable[Model], table: str) -> Model | None:
    return next((model for model in models if model.db_table == table), None)


def column_in(models: Iterable[Model], table: str, column: str) -> tuple[Model, Field] | None:
    for model in models:
        if model.db_table != table:
            continue
        for field in model.column_fields:
            if field.column == column or field.name == column:
                return model, field
    return None
