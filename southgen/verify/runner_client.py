"""The Python 3 end of the legacy runner: a subprocess talking JSON lines
(southgen/legacy/southgen_protocol.py says what each side sends)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from typing import Any

from southgen.errors import SouthgenError
from southgen.legacy.southgen_protocol import COMMANDS, SHAPES, field_names
from southgen.runtime import LegacyRuntime
from southgen.verify.databases import RUNNER


class RunnerError(SouthgenError):
    """The runner failed a request (not a migration failing: that is data)."""

    def __init__(self, error: dict, cmd: str = "setup"):
        lines = (error.get("message") or "").strip().splitlines()
        super().__init__(f"the legacy runner failed ({cmd}): {error.get('type', 'Error')}: "
                         f"{lines[-1] if lines else ''}")
        self.error = error


class ProtocolError(Exception):
    """southgen was about to send what the runner's protocol does not declare (a bug)."""


def check_fields(what: str, shape: dict, given: dict[str, Any]) -> None:
    """``given`` has every field ``shape`` requires and none it does not declare."""
    required, optional = field_names(shape)
    unknown = sorted(set(given) - set(required) - set(optional))
    missing = sorted(set(required) - set(given))
    if unknown or missing:
        raise ProtocolError(f"{what}: not in the protocol: {unknown}; missing: {missing}")


def check_request(cmd: str, args: dict[str, Any]) -> None:
    if cmd not in COMMANDS:
        raise ProtocolError(f"{cmd!r} is not a command of the runner's protocol")
    check_fields(cmd, COMMANDS[cmd]["args"], args)


def _same(a: dict, b: dict) -> bool:
    return all(a.get(k) == b.get(k) for k in ("kind", "name", "as"))


class RunnerClient:
    """One legacy interpreter process running South against one database."""

    def __init__(self, runtime: LegacyRuntime, config: dict[str, Any],
                 database_ready: Callable[[], None] | None = None,
                 cwd: str | os.PathLike | None = None):
        """With ``database_ready``, the runner sets Django and South up while
        the scratch database is still being created, and connects once
        ``database_ready()`` returns (it is called again on each restart)."""
        self.runtime = runtime
        self.config = dict(config, wait_for_database=database_ready is not None)
        self.database_ready = database_ready
        self.cwd = cwd  # where files a migration writes (logs...) end up
        # Wall seconds per request kind, "start" for (re)starting the runner,
        # "south" for the time South's own migrate took inside the runner.
        self.timings: dict[str, float] = {}
        # What the runner stood in for (modules, names, fields), first seen first.
        self.stand_ins: list[dict] = []
        self._start()

    def _start(self) -> None:
        started = time.monotonic()
        try:
            self._launch()
        finally:
            self._count("start", time.monotonic() - started)

    def _count(self, kind: str, seconds: float) -> None:
        self.timings[kind] = self.timings.get(kind, 0.0) + seconds

    def _launch(self) -> None:
        runtime = self.runtime
        self._stderr = tempfile.TemporaryFile(mode="w+b")
        try:
            self.proc = subprocess.Popen(
                [str(runtime.python), str(RUNNER), "serve"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
                env=runtime.env(), start_new_session=True, cwd=self.cwd,
            )
        except OSError as exc:
            self._stderr.close()
            raise SouthgenError(f"cannot start {runtime.python}: {exc}") from None
        self._next_id = 0
        try:
            check_fields("setup", SHAPES["SETUP"], self.config)
            self._send(self.config)
            if self.database_ready is not None:
                self.database_ready()
                self._send({"cmd": "connect"})
            self.info = self._receive("setup")
        except RunnerError as exc:
            self.close()
            message = exc.error.get("message", "").strip().splitlines()
            raise SouthgenError(
                f"the legacy runtime ({runtime.python}) could not set up Django and South: "
                f"{exc.error.get('type')}: {message[-1] if message else ''}"
            ) from None
        except BaseException:
            self.kill()
            raise

    def restart(self) -> None:
        """A fresh process (after a failure may have left Django or South in
        a state no new `manage.py migrate` would start from)."""
        self.kill()
        self._start()

    def _send(self, message: dict) -> None:
        assert self.proc.stdin
        try:
            self.proc.stdin.write((json.dumps(message) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise self._died() from None

    def _read(self) -> dict[str, Any]:
        """The next line from the runner."""
        assert self.proc.stdout
        line = self.proc.stdout.readline()
        if not line:
            raise self._died()
        return json.loads(line)

    def _receive(self, cmd: str) -> Any:
        reply = self._read()
        for item in reply.get("stand_ins") or ():
            if not any(_same(item, known) for known in self.stand_ins):
                self.stand_ins.append(item)
        if not reply.get("ok"):
            raise RunnerError(reply.get("error") or {}, cmd)
        return reply.get("result")

    def _died(self) -> SouthgenError:
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        tail = self.stderr_tail()
        return SouthgenError(
            f"the legacy runner exited unexpectedly (code {self.proc.returncode}): {tail}"
        )

    def stderr_tail(self, lines: int = 5) -> str:
        try:
            self._stderr.seek(0)
            text = self._stderr.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""
        return " | ".join(text.strip().splitlines()[-lines:])

    def call(self, cmd: str, **args: Any) -> Any:
        check_request(cmd, args)
        self._next_id += 1
        started = time.monotonic()
        try:
            self._send({"id": self._next_id, "cmd": cmd, "args": args})
            result = self._receive(cmd)
        finally:
            self._count(cmd, time.monotonic() - started)
        if isinstance(result, dict) and cmd in ("migrate", "capture"):
            self._count("south", result.get("seconds", 0.0))
        return result

    def drop_database(self) -> bool:
        """Ask the runner to drop its own scratch database (no process to
        start for it); False when it could not, and the caller must."""
        try:
            self.call("drop_database")
        except SouthgenError:
            return False
        return True

    def close(self) -> None:
        """Stop the runner: politely if it is idle, by signal otherwise."""
        proc = self.proc
        if proc.poll() is None:
            try:
                if proc.stdin:
                    proc.stdin.close()
                proc.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                self._signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=3)
                except subprocess.TimeoutExpired:
                    self._signal(signal.SIGKILL)
                    proc.wait()
        if proc.stdout:
            proc.stdout.close()
        self._stderr.close()

    def kill(self) -> None:
        """Stop the runner at once (on interrupt)."""
        if self.proc.poll() is None:
            self._signal(signal.SIGKILL)
            self.proc.wait()
        self.close()

    def _signal(self, sig: int) -> None:
        try:
            os.killpg(self.proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def __enter__(self) -> RunnerClient:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.kill()
