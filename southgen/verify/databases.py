"""Scratch databases: SQLite in a temporary file, or a fresh database on a server.

For a server URL southgen creates ``southgen_verify_<random>`` and drops it
when done: also after an error, Ctrl-C or SIGTERM. Creating and dropping
run in short subprocesses of the legacy runtime (its own database drivers),
started in their own session so that a second Ctrl-C cannot cut a drop short.
Migrations only ever run against a database southgen has just created.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from southgen.errors import SouthgenError
from southgen.legacy.southgen_protocol import SCRATCH_PREFIX
from southgen.runtime import LegacyRuntime

RUNNER = Path(__file__).resolve().parent.parent / "legacy" / "runner.py"
SCHEMES = {
    "sqlite": "sqlite", "sqlite3": "sqlite",
    "postgres": "postgresql", "postgresql": "postgresql", "pgsql": "postgresql",
    "postgresql+psycopg2": "postgresql",
    "mysql": "mysql", "mariadb": "mysql", "mysql+pymysql": "mysql",
}
ADMIN_TIMEOUT = 60


@dataclass(frozen=True)
class Database:
    """Where to run: an engine plus connection parameters."""

    engine: str  # sqlite | postgresql | mysql
    name: str = ""
    user: str = ""
    password: str = ""
    host: str = ""
    port: int | None = None

    def runner_config(self) -> dict:
        return {"name": self.name, "user": self.user, "password": self.password,
                "host": self.host, "port": self.port}

    def label(self) -> str:
        if self.engine == "sqlite":
            return "sqlite"
        port = f":{self.port}" if self.port else ""
        where = f"{self.host or 'localhost'}{port}"
        return f"{self.engine}://{where}"


def parse_url(url: str | None) -> Database:
    """``None``/``sqlite`` -> SQLite scratch file; else a server URL."""
    if url is None or url.strip().lower() in ("sqlite", "sqlite3", "sqlite://", "sqlite3://"):
        return Database("sqlite")
    parts = urlsplit(url)
    engine = SCHEMES.get(parts.scheme.lower())
    if engine is None:
        raise SouthgenError(
            f"--database {url!r}: unsupported scheme (use postgresql://, mysql:// or sqlite)"
        )
    if engine == "sqlite":
        raise SouthgenError(
            f"--database {url!r}: southgen only runs on scratch databases it creates; "
            "pass plain 'sqlite' for a temporary SQLite file"
        )
    try:
        port = parts.port
    except ValueError as exc:
        raise SouthgenError(f"--database {url!r}: {exc}") from None
    return Database(
        engine,
        name=unquote(parts.path.lstrip("/")),
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        host=parts.hostname or "",
        port=port,
    )


def admin_request(action: str, server: Database, name: str) -> dict:
    """The runner's ADMIN_REQUEST (southgen_protocol) to create or drop ``name``."""
    return {"action": action, "engine": server.engine, "db": server.runner_config(),
            "name": name}


def _admin_start(runtime: LegacyRuntime, action: str, server: Database,
                 name: str) -> subprocess.Popen:
    """Start a create or drop; its own session, so a Ctrl-C can't cut it short."""
    request = admin_request(action, server, name)
    return subprocess.Popen(
        [str(runtime.python), str(RUNNER), "admin", json.dumps(request)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=runtime.env(),
        start_new_session=True,
    )


def _admin_finish(proc: subprocess.Popen, action: str, server: Database, name: str) -> None:
    try:
        out, err = proc.communicate(timeout=ADMIN_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise SouthgenError(f"{action} database {name}: timed out") from None
    lines = out.strip().splitlines()
    try:
        answer = json.loads(lines[-1])
    except (IndexError, ValueError):
        tail = (err.strip().splitlines() or ["no output"])[-1]
        raise SouthgenError(f"{action} database {name} on {server.label()}: {tail}") from None
    if not answer.get("ok"):
        raise SouthgenError(f"{action} database {name} on {server.label()}: {answer.get('error')}")


def _admin(runtime: LegacyRuntime, action: str, server: Database, name: str) -> None:
    _admin_finish(_admin_start(runtime, action, server, name), action, server, name)


class Scratch:
    """A scratch database: ``db`` is known at once, ``wait()`` returns when
    it exists (a server database is created in the background meanwhile)."""

    def __init__(self, db: Database, server: Database, creating: subprocess.Popen | None = None):
        self.db = db
        self.server = server
        self.dropped = False  # set once something else (the runner) dropped it
        self._creating = creating
        self._created = creating is None
        self._error: SouthgenError | None = None

    def wait(self) -> None:
        if self._creating is not None:
            proc, self._creating = self._creating, None
            try:
                _admin_finish(proc, "create", self.server, self.db.name)
                self._created = True
            except SouthgenError as exc:
                self._error = exc
            finally:
                if proc.poll() is None:  # interrupted while waiting: let it finish
                    self._creating = proc
                elif not self._created and self._error is None:
                    self._created = True  # interrupted reading the answer: assume so
        if self._error is not None:
            raise self._error

    def settle(self) -> bool:
        """Wait out a create still running, quietly: may the database exist?"""
        try:
            self.wait()
        except SouthgenError:
            return False
        return self._created


@contextlib.contextmanager
def _deferred_signals(reraise: bool):
    """Hold SIGINT/SIGTERM off for the block (main thread only); with
    ``reraise``, act on one that arrived once the block is done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []
    sigs = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.signal(sig, lambda signum, _frame: arrived.append(signum))
                for sig in sigs}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if arrived and reraise:
        if arrived[0] == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + arrived[0])


def _terminate_on_sigterm(signum, _frame):
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def terminate_as_exit():
    """Turn SIGTERM into SystemExit so that ``finally`` blocks run."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous not in (signal.SIG_DFL, None):
        yield
        return
    signal.signal(signal.SIGTERM, _terminate_on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def scratch(server: Database, runtime: LegacyRuntime):
    """Yield a Scratch for a brand-new scratch database; always remove it."""
    with terminate_as_exit():
        if server.engine == "sqlite":
            folder = tempfile.mkdtemp(prefix="southgen-verify-db-")
            try:
                yield Scratch(replace(server, name=os.path.join(folder, "scratch.sqlite3")),
                              server)
            finally:
                with _deferred_signals(reraise=False):
                    shutil.rmtree(folder, ignore_errors=True)
            return
        name = SCRATCH_PREFIX + secrets.token_hex(6)
        pending = None
        try:
            with _deferred_signals(reraise=True):
                pending = Scratch(replace(server, name=name), server,
                                  _admin_start(runtime, "create", server, name))
            yield pending
        finally:
            if pending is not None:
                with _deferred_signals(reraise=False):
                    if pending.settle() and not pending.dropped:
                        _admin(runtime, "drop", server, name)


@contextlib.contextmanager
def scratch_database(server: Database, runtime: LegacyRuntime):
    """Yield a Database for a brand-new scratch database; always remove it."""
    with scratch(server, runtime) as pending:
        pending.wait()
        yield pending.db
