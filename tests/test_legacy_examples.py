"""The hand-written legacy migrations: backwards read off forwards() as well as
the frozen dicts, and each one round-trips through real South (southgen verify)
with its sample rows intact."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_southgen
from south_ops import operations

from southgen.diff import diff_states
from southgen.generate import Options, app_labels, find_previous, generate, generate_for_path
from southgen.invert import invert
from southgen.reader import read_migration
from southgen.render import render_backwards
from southgen.splice import splice_backwards
from southgen.state import build_state

LEGACY = EXAMPLES / "legacy"
FOLDER = LEGACY / "crm" / "migrations"


def _path(name: str) -> Path:
    return next(FOLDER.glob(f"{name}_*.py"))


def _ops(*calls: tuple) -> Counter:
    return Counter(repr((method, args, ())) for method, *args in
                   ((c[0], tuple(c[1:])) for c in calls) for args in [args[0]])


EXPECTED = {
    "0001": _ops(("delete_table", "crm_ticket"), ("delete_table", "crm_customer")),
    "0002": _ops(("rename_column", "crm_customer", "phone_number", "phone")),
    "0003": _ops(("rename_table", "crm_support_ticket", "crm_ticket")),
    "0004": _ops(("execute", "DROP TABLE crm_audit_log"),
                 ("execute", "DROP VIEW crm_open_tickets")),
    # Both branches of ``if db.backend_name == 'mysql'`` are counted.
    "0005": _ops(("execute", "DROP INDEX crm_ticket_status_idx ON crm_support_ticket"),
                 ("execute", "DROP INDEX crm_ticket_status_idx")),
    "0006": _ops(("delete_column", "crm_customer", "is_vip")),
    "0007": _ops(("delete_column", "crm_customer", "display_name")),
    "0008": Counter(),
}


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_backwards_of_each_legacy_migration(number: str) -> None:
    generated = generate_for_path(_path(number))
    assert operations(generated.method) == EXPECTED[number]
    assert not any(op.irreversible for op in generated.backwards_ops)


def test_rename_is_never_a_drop_and_an_add() -> None:
    generated = generate_for_path(_path("0002"))
    assert "delete_column" not in generated.method
    assert "add_column" not in generated.method
    assert not [r for r in generated.risks if r.kind == "data-loss"]


def test_raw_sql_inverted_in_reverse_order() -> None:
    method = generate_for_path(_path("0004")).method
    assert method.index("DROP TABLE crm_audit_log") < method.index("DROP VIEW crm_open_tickets")


def test_mysql_drop_index_branches_on_backend() -> None:
    method = generate_for_path(_path("0005")).method
    assert "if db.backend_name == 'mysql':" in method
    assert "db.execute('DROP INDEX crm_ticket_status_idx ON crm_support_ticket')" in method


def test_disagreements_are_noted() -> None:
    renamed = generate_for_path(_path("0003"))
    assert any("renames table 'crm_ticket'" in n and "do not show" in n for n in renamed.notes)
    shown = generate_for_path(_path("0004"))
    assert any("frozen models show" in n and "does not do it" in n for n in shown.notes)
    assert generate_for_path(_path("0007")).notes == ()


def test_data_migration_policies() -> None:
    path = _path("0008")
    noop = generate_for_path(path)
    assert "Forwards changed data (crm.Customer)" in noop.method
    assert "raise" not in noop.method
    assert [r.kind for r in noop.risks] == ["review"]
    raising = generate_for_path(path, Options(data_policy="raise"))
    assert "raise RuntimeError(" in raising.method
    assert [r.kind for r in raising.risks] == ["review"]


def test_cli_data_policy_and_warnings() -> None:
    proc = run_southgen("generate", "--data-policy", "raise", str(_path("0008")))
    assert proc.returncode == 0, proc.stderr
    assert "raise RuntimeError(" in proc.stdout
    assert "southgen: review: forwards changes data" in proc.stderr
    warned = run_southgen("generate", str(_path("0004")))
    assert warned.returncode == 0
    assert "southgen: warning: " in warned.stderr
    assert "does not do it" in warned.stderr
    bad = run_southgen("generate", "--data-policy", "maybe", str(_path("0008")))
    assert bad.returncode == 2


def _overrides() -> dict[Path, str]:
    options = Options(guards=True)
    texts = {}
    for path in sorted(FOLDER.glob("0*.py")):
        generated = generate_for_path(path, options)
        texts[path] = splice_backwards(generated.migration, generated.method)
    return texts


@pytest.mark.parametrize("engine", ["sqlite", "postgresql", "mysql"])
@pytest.mark.usefixtures("legacy_runtime")
def test_generated_backwards_round_trip(engine: str, request) -> None:
    from southgen.verify import OK, verify_project

    url = None if engine == "sqlite" else request.getfixturevalue(
        "pg_url" if engine == "postgresql" else "mysql_url")
    report = verify_project(LEGACY, database=url, overrides=_overrides())
    statuses = {r.key: (r.status, [str(d) for d in r.differences + r.data_lost],
                        str(r.error or "")) for r in report.migrations}
    assert len(statuses) == 8
    assert all(status == OK for status, _, _ in statuses.values()), statuses
    assert report.chain is not None
    assert report.chain.status == OK


def _rows(session) -> dict:
    return {table: sorted(rows, key=repr) for table, rows in
            session.read_rows(session.snapshot()).items() if rows is not None}


@pytest.mark.parametrize("engine", ["sqlite", "postgresql", "mysql"])
@pytest.mark.usefixtures("legacy_runtime")
def test_renames_keep_the_values(engine: str, request) -> None:
    """verify compares only columns present in all three states, so a renamed column's
    values are checked here: rows written before the renames come back unchanged."""
    from southgen.verify import open_session
    from southgen.verify.project import discover

    url = None if engine == "sqlite" else request.getfixturevalue(
        "pg_url" if engine == "postgresql" else "mysql_url")
    with open_session(discover(LEGACY), database=url, python=None, settings=None,
                      overrides=_overrides()) as session:
        assert session.migrate("crm", "0001_initial").ok
        session.client.call("insert_rows", rows=[
            {"table": "crm_customer", "values": {
                "id": 1, "first_name": "Ada", "last_name": "Lovelace", "email": "a@b.c",
                "phone": "+44 1", "created": "2001-02-03 04:05:06"}},
            {"table": "crm_ticket", "values": {
                "id": 7, "customer_id": 1, "subject": "hi", "body": "text", "status": "open"}},
        ])
        before = _rows(session)
        assert before["crm_customer"][0]["phone"] == "+44 1"
        assert session.migrate("crm", "0003_rename_ticket_table").ok
        renamed = _rows(session)
        assert renamed["crm_customer"][0]["phone_number"] == "+44 1"
        assert renamed["crm_support_ticket"] == before["crm_ticket"]
        outcome = session.migrate("crm", "0001_initial")
        assert outcome.ok, outcome.error
        assert _rows(session) == before


def test_frozen_diff_alone_would_drop_and_add() -> None:
    """The control: the dicts alone see a field deleted and another added."""
    path = _path("0002")
    migration = read_migration(path)
    previous = find_previous(path)
    old = build_state(previous.models, previous.path, previous.models_line)
    new = build_state(migration.models, migration.path, migration.models_line)
    naive = render_backwards(invert(diff_states(old, new, app_labels(migration))))
    assert "delete_column" in naive
    assert "add_column" in naive
    assert generate(migration, previous).backwards_ops[0].template == "rename_column"
