"""Typed helpers over the runner: the plan, migrate, snapshots and rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from southgen.verify.databases import Database
from southgen.verify.project import Layout
from southgen.verify.report import MigrationError
from southgen.verify.runner_client import RunnerClient
from southgen.verify.sampling import sample_rows
from southgen.verify.snapshot import SYSTEM_TABLES, Snapshot, row_key_columns, user_tables

Rows = dict[str, Optional[list[dict[str, Any]]]]  # evaluated at run time: no ``|`` on 3.9

IRREVERSIBLE_TYPES = ("RuntimeError", "NotImplementedError")


@dataclass
class Planned:
    """One migration, in the order South applies them across apps."""

    app: str
    name: str
    prev: str | None
    requires: list[str]
    path: Path | None  # the user's file
    no_dry_run: bool = False
    broken: dict[str, Any] | None = None  # why it does not import (the runner's error)
    data_only: bool = False  # its app's frozen models are the previous migration's

    @property
    def key(self) -> str:
        return f"{self.app}:{self.name}"


@dataclass
class Outcome:
    ok: bool
    error: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    statements: list[dict[str, Any]] = field(default_factory=list)


class Session:
    def __init__(self, client: RunnerClient, layout: Layout, database: Database | None = None):
        self.client = client
        self.layout = layout
        self.database = database
        self.assumed: list[dict[str, str]] = []  # dependencies on what is not there
        self.absent_models: list[str] = []  # app.model given a table of its own

    def plan(self) -> list[Planned]:
        """The migrations in South's order (one that does not import has
        ``broken`` set); the tables of models of absent apps are created."""
        result = self.client.call("plan")
        self.assumed = result.get("assumed") or []
        absent = result.get("absent_models")
        if absent:
            self.absent_models = absent["absent"]
            self.client.config["absent_models"] = absent  # also after a restart
            self.client.call("create_absent", definitions=absent)
        return [
            Planned(m["app"], m["name"], m["prev"], m["requires"],
                    self.layout.original(m.get("file")) or self.layout.source(m["app"], m["name"]),
                    m.get("no_dry_run", False), m.get("broken"), m.get("data_only", False))
            for m in result["migrations"]
        ]

    def migrate(self, app: str, target: str | None, fake: bool = False) -> Outcome:
        """South's migrate for one app: ``None`` latest, ``"zero"``, or a name;
        with ``fake`` only recorded as applied."""
        result = self.client.call("migrate", app=app, target=target, fake=fake)
        return Outcome(result["ok"], result.get("error") or {}, result.get("seconds", 0.0))

    def capture(self, app: str, target: str | None) -> Outcome:
        result = self.client.call("capture", app=app, target=target)
        return Outcome(result["ok"], result.get("error") or {}, result.get("seconds", 0.0),
                       result.get("statements", []))

    def snapshot(self) -> Snapshot:
        return self.client.call("snapshot")

    def state(self) -> tuple[Snapshot, Rows]:
        """The schema and the rows of every user table, in one request."""
        snapshot = self.client.call("snapshot", rows_except=sorted(SYSTEM_TABLES))
        return snapshot, snapshot.pop("rows")

    def applied(self) -> list[str]:
        return self.client.call("applied")

    def restart(self) -> None:
        self.client.restart()

    def reset(self, applied: list[str], faked: set[str] | None = None) -> Outcome:
        """A fresh runner empties the database and applies ``applied``
        (those in ``faked`` only recorded as applied)."""
        self.client.restart()
        result = self.client.call("reset", applied=applied, faked=sorted(faked or ()))
        return Outcome(result["ok"], result.get("error") or {})

    def insert_samples(self, snapshot: Snapshot) -> tuple[list[str], Rows]:
        """Fill each empty user table with a sample row; returns notes and
        then the rows of every user table."""
        result = self.client.call("insert_rows", rows=sample_rows(snapshot), only_if_empty=True,
                                  read=self._keys(snapshot))
        notes = [f"no sample row for {e['table']}: {e['message']}" for e in result["errors"]]
        return notes, result["rows"]

    def read_rows(self, snapshot: Snapshot) -> Rows:
        return self.client.call("read_rows", tables=self._keys(snapshot))

    @staticmethod
    def _keys(snapshot: Snapshot) -> dict[str, list[str]]:
        return {name: row_key_columns(t) for name, t in user_tables(snapshot).items()}

    def error(self, phase: str, error: dict[str, Any]) -> MigrationError:
        path = self.layout.original(error.get("file"))
        return MigrationError(
            phase=phase,
            type=error.get("type", "Error"),
            message=error.get("message", ""),
            migration=error.get("migration"),
            file=str(path) if path else None,
            line=error.get("line"),
            traceback=self._original_paths(error.get("traceback", "")),
            stand_ins=list(error.get("stand_ins") or []),
        )

    def _original_paths(self, text: str) -> str:
        for laid_out, original in self.layout.files.items():
            text = text.replace(str(laid_out), str(original))
        return text


def is_irreversible(error: dict[str, Any], key: str) -> bool:
    """A backwards that raises on purpose, e.g. South's generated
    ``raise RuntimeError("Cannot reverse this migration. ...")``."""
    return (
        error.get("type") in IRREVERSIBLE_TYPES
        and bool(error.get("raised_in_migration"))
        and error.get("migration", key) == key
        and error.get("direction", "backwards") == "backwards"
    )
