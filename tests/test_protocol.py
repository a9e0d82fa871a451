"""The legacy runner's protocol (southgen/legacy/southgen_protocol.py), from both sides:
the real runner under Python 2.7 answers each command as declared, and southgen's
Python 3 side sends only what is declared."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import EXAMPLES, ROOT
from verify_helpers import database_url

import southgen.verify
from southgen.legacy.southgen_protocol import (
    COMMANDS,
    ENGINES,
    SCRATCH_PREFIX,
    SHAPES,
    mismatches,
)
from southgen.verify import open_session, verify_project, without_apps
from southgen.verify.databases import RUNNER, SCHEMES, admin_request, parse_url
from southgen.verify.project import discover
from southgen.verify.runner_client import (
    ProtocolError,
    RunnerClient,
    RunnerError,
    check_fields,
    check_request,
)
from southgen.verify.sql import capture

LEGACY = ROOT / "southgen" / "legacy"
SHOP = EXAMPLES / "shop"


class Recording(RunnerClient):
    """The real client, keeping every line it sends and reads, in order."""

    made: list[Recording] = []

    def __init__(self, *args, **kwargs):
        self.lines: list[tuple[str, dict]] = []
        Recording.made.append(self)
        super().__init__(*args, **kwargs)

    def _send(self, message: dict) -> None:
        self.lines.append(("sent", message))
        super()._send(message)

    def _read(self) -> dict:
        reply = super()._read()
        self.lines.append(("read", reply))
        return reply


def departures(lines: list[tuple[str, dict]]) -> tuple[list[str], set[str]]:
    """Where a transcript departs from the protocol, and the commands it holds."""
    problems: list[str] = []
    commands: set[str] = set()
    pending = "setup"
    for direction, message in lines:
        if direction == "sent" and "id" not in message:
            shape = "CONNECT" if set(message) == {"cmd"} else "SETUP"
            problems += mismatches(message, shape, shape)
            pending = "setup"
        elif direction == "sent":
            pending = message["cmd"]
            commands.add(pending)
            problems += mismatches(message, "REQUEST", pending)
            if pending in COMMANDS:
                problems += mismatches(message["args"], COMMANDS[pending]["args"],
                                       f"{pending} args")
        else:
            problems += mismatches(message, "REPLY", f"{pending} reply")
            if message.get("ok"):
                reply = "SETUP_REPLY" if pending == "setup" else COMMANDS[pending]["reply"]
                problems += mismatches(message["result"], reply, f"{pending} result")
    return problems, commands


# ------------------------------------------------------------------ the spec itself

def test_the_checker_says_what_does_not_fit() -> None:
    assert mismatches({"ok": True, "seconds": 1}, "OUTCOME") == []
    assert mismatches({"ok": True, "seconds": 0.5, "error": {"type": "X"}}, "OUTCOME") != []
    assert mismatches({"ok": 1, "seconds": 1.0, "extra": 2}, "OUTCOME") == [
        "value (OUTCOME).ok: expected boolean, got integer",
        "value (OUTCOME): extra is not in the protocol",
    ]
    assert mismatches({"t": None, "u": [{"id": 1}]}, COMMANDS["read_rows"]["reply"]) == []
    assert mismatches({"t": "rows"}, COMMANDS["read_rows"]["reply"]) != []
    assert mismatches([], COMMANDS["applied"]["reply"]) == []
    assert mismatches(["a:1", 2], COMMANDS["applied"]["reply"]) == [
        "value[1]: expected string, got integer"]


def test_every_shape_the_spec_names_is_declared() -> None:
    shapes = [*SHAPES.values()] + [part for c in COMMANDS.values() for part in c.values()]
    for shape in shapes:  # an unknown name raises; a value of any shape is checked
        mismatches(None, shape)
    with pytest.raises(ValueError, match="unknown shape"):
        mismatches(None, "NO_SUCH_SHAPE")


def test_the_client_refuses_what_the_protocol_does_not_declare() -> None:
    check_request("migrate", {"app": "blog", "target": None, "fake": False})
    check_request("plan", {})
    with pytest.raises(ProtocolError, match="not a command"):
        check_request("list", {})
    with pytest.raises(ProtocolError, match=r"not in the protocol: \['force'\]"):
        check_request("migrate", {"app": "blog", "force": True})
    with pytest.raises(ProtocolError, match=r"missing: \['app'\]"):
        check_request("migrate", {"target": "zero"})
    with pytest.raises(ProtocolError, match="setup"):
        check_fields("setup", SHAPES["SETUP"], {"engine": "sqlite"})


# ------------------------------------------------------------- the runner's side

def test_the_runner_registers_every_declared_command_and_engine(legacy_runtime) -> None:
    code = (f"import sys, json; sys.path.insert(0, {str(LEGACY)!r}); import runner; "
            "print(json.dumps([sorted(runner.COMMANDS), sorted(runner.DATABASES)]))")
    proc = legacy_runtime.run(["-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [sorted(COMMANDS), sorted(ENGINES)]
    assert set(SCHEMES.values()) == set(ENGINES)  # what --database URLs name


@pytest.mark.parametrize(("handler", "error"), [
    ('@command("migrate")\ndef cmd_migrate(app, target=None, force=False):\n    pass\n',
     "TypeError: command migrate takes"),
    ('@command("list")\ndef cmd_list():\n    pass\n', "KeyError: 'list'"),
])
def test_a_handler_the_protocol_does_not_declare_stops_the_runner(
        legacy_runtime, tmp_path, handler: str, error: str) -> None:
    shutil.copytree(LEGACY, tmp_path / "legacy", ignore=shutil.ignore_patterns("__pycache__"))
    runner = tmp_path / "legacy" / "runner.py"
    runner.write_text(runner.read_text().replace('\nif __name__ == "__main__":',
                                                 handler + '\n\nif __name__ == "__main__":'))
    assert handler in runner.read_text()
    proc = legacy_runtime.run([str(runner), "serve"], capture_output=True, text=True, input="")
    assert proc.returncode != 0
    assert error in proc.stderr


@pytest.mark.parametrize("engine", ENGINES)
def test_each_command_replies_as_declared(engine: str, request, legacy_runtime,  # noqa: ARG001
                                          monkeypatch) -> None:
    """Every command of the spec, on a project whose `catalog` app is left out (so
    that plan has absent models and assumed dependencies to report)."""
    monkeypatch.setattr(southgen.verify, "RunnerClient", Recording)
    Recording.made.clear()
    project = without_apps(discover(SHOP), ["catalog"])
    with open_session(project, database=database_url(request, engine), python=None,
                      settings=None) as session:
        client = session.client
        assert isinstance(client, Recording)
        plan = client.call("plan")
        assert plan["absent_models"]
        assert plan["assumed"]
        assert client.call("create_absent", definitions=plan["absent_models"])["created"]
        assert client.call("migrate", app="orders", target="0003_index_orders")["ok"]
        assert client.call("migrate", app="orders", target="no_such_migration")["ok"] is False
        applied = client.call("applied")
        assert applied[-1] == "orders:0003_index_orders"
        snapshot = client.call("snapshot", rows_except=["south_migrationhistory"])
        assert snapshot["tables"]["orders_customer"]["columns"]["email"]
        inserted = client.call("insert_rows", rows=[
            {"table": "orders_customer", "values": {"name": "Ada", "email": "a@b.c"}},
            {"table": "no_such_table", "values": {}}],
            only_if_empty=True, read={"orders_customer": ["id"]})
        assert inserted["errors"]
        assert inserted["rows"]["orders_customer"]
        rows = client.call("read_rows", tables={"orders_customer": ["id"], "no_such_table": []},
                           limit=5)
        assert rows["orders_customer"]
        assert rows["no_such_table"] is None
        captured = client.call("capture", app="orders", target="0002_add_order_lines")
        assert captured["ok"]
        assert captured["statements"]
        assert client.call("reset", applied=applied, faked=[applied[-1]])["ok"]
        if engine == "sqlite":
            with pytest.raises(RunnerError, match="ValueError"):
                client.call("drop_database")
        else:
            assert client.call("drop_database")["dropped"].startswith(SCRATCH_PREFIX)
        assert client.call("quit") is None
    problems, commands = departures(client.lines)
    assert problems == []
    assert commands == set(COMMANDS)


@pytest.mark.parametrize("engine", ENGINES)
def test_admin_replies_as_declared(engine: str, request, legacy_runtime) -> None:
    server = parse_url(database_url(request, engine))
    name = SCRATCH_PREFIX + "protocol_test"
    replies = []
    for action in ("create", "drop"):
        message = admin_request(action, server, name)
        assert mismatches(message, "ADMIN_REQUEST") == []
        proc = legacy_runtime.run([str(RUNNER), "admin", json.dumps(message)],
                                  capture_output=True, text=True)
        replies.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        assert proc.returncode == (0 if replies[-1]["ok"] else 1)
    for reply in replies:
        assert mismatches(reply, "ADMIN_REPLY") == []
    if engine == "sqlite":
        assert replies == [{"ok": False, "error": "no admin for sqlite"}] * 2
    else:
        assert replies == [{"ok": True}] * 2


def test_the_runner_names_its_modes(legacy_runtime) -> None:
    proc = legacy_runtime.run([str(RUNNER), "admin"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "usage: runner.py serve | runner.py admin JSON" in proc.stderr


# ------------------------------------------------------------------ southgen's side

@pytest.mark.parametrize("engine", ENGINES)
def test_verify_and_sql_send_only_what_is_declared(engine: str, request,
                                                   legacy_runtime,  # noqa: ARG001
                                                   monkeypatch) -> None:
    """A whole verify and the SQL of one backwards, every line each way held to the
    spec."""
    monkeypatch.setattr(southgen.verify, "RunnerClient", Recording)
    Recording.made.clear()
    url = database_url(request, engine)
    report = verify_project(SHOP, database=url)
    assert report.migrations
    with open_session(discover(SHOP), database=url, python=None, settings=None) as session:
        captured = capture(session, "orders", "0002_add_order_lines", "backwards")
    assert captured.statements
    assert len(Recording.made) == 2
    used: set[str] = set()
    for client in Recording.made:
        problems, commands = departures(client.lines)
        assert problems == []
        used |= commands
    assert {"plan", "migrate", "snapshot", "insert_rows", "applied", "capture"} <= used
    if engine != "sqlite":
        assert "drop_database" in used
