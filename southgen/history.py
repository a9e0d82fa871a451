"""One app's migrations in South's order, each file read and parsed at most once.

``AppHistory`` is the one object that walks an app's history: the frozen state
after each migration, the state before it (the nearest earlier readable
migration with a frozen dict), and ``Definitions``: the newest earlier
definition of a table, column or model at any point, as dictionary reads.

Walked forwards (``southgen fix``), the definitions are indexed as the walk
goes, so a lookup that finds nothing (a table forwards creates) costs nothing.
Asked about one migration (``southgen generate``), only the files a lookup
needs are read, newest first, as South's users would expect of a one-file
command.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from southgen.appmigrations import list_migrations, number_of
from southgen.errors import SouthgenError
from southgen.lookup import column_in, model_in
from southgen.reader import MethodSpan, MigrationFile, read_frozen_models, read_migration
from southgen.state import Field, Model, State, build_state

_PARSED_KEPT = 4  # parsed files kept in memory: the current one and its previous ones


@dataclass(frozen=True)
class Before:
    """What stands before a migration: the nearest earlier readable migration with a
    frozen dict (``index`` None when there is none) and the unreadable files passed
    over on the way."""

    index: int | None
    unreadable: tuple[Path, ...] = ()


class AppHistory:
    def __init__(self, files: Sequence[Path]) -> None:
        self.files = list(files)
        self._raw: dict[int, bytes] = {}  # handed in by a caller that already read them
        self._parsed: OrderedDict[int, MigrationFile] = OrderedDict()
        # every parsed file's forwards(), small beside its text and dict: what
        # later migrations ask of earlier ones without reading them again
        self._forwards: dict[int, MethodSpan | None] = {}
        self._errors: dict[int, SouthgenError] = {}
        self._states: dict[int, State | None] = {}
        self._defined: dict[int, State | None] = {}

    @classmethod
    def of_file(cls, path: Path) -> tuple[AppHistory, int]:
        """The history of the folder holding ``path``, and ``path``'s place in it."""
        files = list_migrations(path.parent)
        names = [p.name for p in files]
        if path.name not in names:
            files.append(path)
            files.sort(key=lambda p: p.name)
            names = [p.name for p in files]
        return cls(files), names.index(path.name)

    def give_raw(self, index: int, raw: bytes) -> None:
        """The bytes of a file the caller read already (read once, parsed on demand)."""
        if index not in self._parsed and index not in self._errors:
            self._raw[index] = raw

    def migration(self, index: int) -> MigrationFile:
        """The parsed file; a SouthgenError (remembered) when it cannot be read."""
        if index in self._errors:
            raise self._errors[index]
        parsed = self._parsed.get(index)
        if parsed is not None:
            self._parsed.move_to_end(index)
            return parsed
        try:
            parsed = read_migration(self.files[index], self._raw.pop(index, None))
        except SouthgenError as exc:
            self._errors[index] = exc
            self._states[index] = None
            raise
        self._parsed[index] = parsed
        self._forwards[index] = parsed.forwards
        if len(self._parsed) > _PARSED_KEPT:
            self._parsed.popitem(last=False)
        return parsed

    def forwards(self, index: int) -> MethodSpan | None:
        """A migration's forwards() method; a SouthgenError when it cannot be read."""
        if index in self._forwards and index not in self._errors:
            return self._forwards[index]
        return self.migration(index).forwards

    def readable(self, index: int) -> bool:
        try:
            self.migration(index)
        except SouthgenError:
            return False
        return True

    def state(self, index: int) -> State | None:
        """The frozen state after a migration; None when it has no dict or cannot be read."""
        if index in self._states:
            return self._states[index]
        try:
            migration = self.migration(index)
        except SouthgenError:
            return None
        state = None
        if migration.models is not None:
            try:
                state = build_state(migration.models, migration.path, migration.models_line,
                                    migration.text)
            except SouthgenError as exc:
                self._errors[index] = exc
                self._parsed.pop(index, None)
        self._states[index] = state
        return state

    def defined(self, index: int) -> State | None:
        """The models a migration's frozen dict defines, for earlier-definition lookups:
        its state, or for a file that cannot be read as a whole, what its dict alone
        says (a broken forwards() does not make its definitions unknown)."""
        if index in self._defined:
            return self._defined[index]
        state = self.state(index)
        if state is None and index in self._errors:
            models = read_frozen_models(self.files[index])
            if models is not None:
                try:
                    state = build_state(models, self.files[index], None)
                except SouthgenError:
                    state = None
        self._defined[index] = state
        return state

    def before(self, index: int) -> Before:
        unreadable: list[Path] = []
        for earlier in range(index - 1, -1, -1):
            if self.state(earlier) is not None:
                return Before(earlier, tuple(unreadable))
            if earlier in self._errors:
                unreadable.append(self.files[earlier])
        return Before(None, tuple(unreadable))

    def siblings(self, index: int) -> range:
        """The migrations that share ``index``'s number: branches merged by hand
        (``0212_auto__add_x`` and ``0212_auto__add_y``), which South runs one after the
        other in file name order although each one's dict was written on its own branch."""
        number = number_of(self.files[index])
        first = last = index
        if number is None:
            return range(index, index + 1)
        while first > 0 and number_of(self.files[first - 1]) == number:
            first -= 1
        while last + 1 < len(self.files) and number_of(self.files[last + 1]) == number:
            last += 1
        return range(first, last + 1)

    def state_before(self, index: int) -> tuple[State | None, str | None]:
        """The schema just before a migration as its own dict saw it, and a note when
        that is not simply its previous migration's dict: for a merged branch, the
        state before the branches; after merged branches, every branch's changes."""
        group = self.siblings(index)
        if len(group) > 1 and index != group.start:
            base = self.before(group.start)
            state = self.state(base.index) if base.index is not None else {}
            return state, (f"{self.files[index].name} shares its number with "
                           f"{self._names(group, index)}: a merged branch, compared with "
                           f"the state before the branches")
        before = self.before(index)
        if before.index is None:
            return None, None
        group = self.siblings(before.index)
        if len(group) == 1:
            return self.state(before.index), None
        base = self.before(group.start)
        merged = dict(self.state(base.index) or {}) if base.index is not None else {}
        original = dict(merged)
        for member in group:
            state = self.state(member)
            if state is None:
                continue
            for key, model in state.items():
                if original.get(key) != model:
                    merged[key] = model
            for key in original:
                if key not in state:
                    merged.pop(key, None)
        return merged, (f"the state before {self.files[index].name} merges the branches "
                        f"{self._names(group, None)}")

    def _names(self, group: range, but: int | None) -> str:
        return ", ".join(self.files[i].name for i in group if i != but)

    def missing_before(self, index: int) -> SouthgenError | None:
        """The error for a migration with no earlier frozen dict, unless it is its app's
        first (by position, or numbered 0001), or has no dict either (it is inverted from
        forwards() alone, with definitions looked up)."""
        path = self.files[index]
        if self.readable(index) and self.migration(index).models is None:
            return None
        number = number_of(path)
        if index == 0 and (number is None or number <= 1):
            return None
        missing = ("a frozen models dict" if index > 0 or number is None
                   else f"{number - 1:04d}_*.py")
        return SouthgenError(f"previous migration missing: no earlier migration with {missing} "
                             f"in {path.parent}", path, 1)


class Definitions:
    """The newest definition of a table, column or model in the states before a point
    of the history. Points only move forwards (a walk); moving back starts afresh."""

    def __init__(self, history: AppHistory) -> None:
        self.history = history
        self._start: int | None = None  # the index covers the states of [start, end)
        self._end = 0
        self._tables: dict[str, tuple[list[int], list[tuple[Model, ...]]]] = {}
        self._keys: dict[str, tuple[list[int], list[Model]]] = {}
        self._older: list[State] = []  # states before ``start``, newest first, read lazily
        self._next_older = -1
        self._point = 0

    def at(self, index: int) -> Definitions:
        """Move to just before migration ``index``; returns self, for chaining."""
        if self._start is None or index < self._end:
            self._reset(index)
        while self._end < index:
            self._add(self._end, self.history.defined(self._end), self._tables, self._keys)
            self._end += 1
        self._point = index
        return self

    def _reset(self, index: int) -> None:
        self._start = self._end = index
        self._tables, self._keys = {}, {}
        self._older, self._next_older = [], index - 1

    @staticmethod
    def _add(step: int, state: State | None, tables: dict, keys: dict) -> None:
        if not state:
            return
        by_table: dict[str, list[Model]] = {}
        for key, model in state.items():
            group = by_table.get(model.db_table)
            if group is None:
                by_table[model.db_table] = [model]
            else:
                group.append(model)
            entry = keys.get(key)
            if entry is None:
                keys[key] = ([step], [model])
            elif not entry[1] or entry[1][-1] is not model:
                entry[0].append(step)
                entry[1].append(model)
        for table, found in by_table.items():
            entry = tables.get(table)
            if entry is None:
                tables[table] = ([step], [tuple(found)])
            elif not entry[1] or not _same(entry[1][-1], found):
                entry[0].append(step)
                entry[1].append(tuple(found))

    def _versions(self, index: dict, name: str) -> list:
        """``name``'s indexed versions before the point, newest first."""
        entry = index.get(name)
        if entry is None:
            return []
        steps, values = entry
        return values[: bisect_left(steps, self._point)][::-1]

    def _older_states(self):
        yield from self._older
        while self._next_older >= 0:
            state = self.history.defined(self._next_older)
            self._next_older -= 1
            if state:
                self._older.append(state)
                yield state
        self._index_older()

    def _index_older(self) -> None:
        """Every state before ``start`` is read: index them too, so later lookups that
        find nothing are dictionary reads as well."""
        if not self._start:
            return
        tables: dict = {}
        keys: dict = {}
        for step in range(self._start):
            self._add(step, self.history.defined(step), tables, keys)
        for index, older in ((self._tables, tables), (self._keys, keys)):
            for name, (steps, values) in older.items():
                newer = index.get(name, ([], []))
                index[name] = (steps + newer[0], values + newer[1])
        self._start, self._older = 0, []

    def model(self, table: str) -> Model | None:
        for version in self._versions(self._tables, table):
            return version[0]
        for state in self._older_states():
            found = model_in(state.values(), table)
            if found is not None:
                return found
        return None

    def column(self, table: str, column: str) -> tuple[Model, Field] | None:
        for version in self._versions(self._tables, table):
            found = column_in(version, table, column)
            if found is not None:
                return found
        for state in self._older_states():
            found = column_in(state.values(), table, column)
            if found is not None:
                return found
        return None

    def model_by_key(self, key: str) -> Model | None:
        for model in self._versions(self._keys, key):
            return model
        for state in self._older_states():
            if key in state:
                return state[key]
        return None


def _same(a: tuple[Model, ...], b: list[Model]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))
