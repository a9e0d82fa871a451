"""forwards() read statically: db.* calls, orm use, the unreadable flagged."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import EXAMPLES, run_southgen

from southgen.forwards import read_forwards
from southgen.generate import Options, generate_for_path
from southgen.lookup import StatesLookup
from southgen.operations.raw import DataChange, Opaque
from southgen.operations.schema import AddColumn, CreateIndex, DeleteColumn, RenameColumn

LEGACY = EXAMPLES / "legacy" / "crm" / "migrations"


def _read(body: str):
    source = "def forwards(self, orm):\n" + "".join(f"    {line}\n" for line in
                                                    body.strip().splitlines())
    node = ast.parse(source).body[0]
    return read_forwards(node, "crm", {}, StatesLookup())


def test_db_calls_become_operations() -> None:
    read = _read("""
db.rename_column('t', 'a', 'b')
db.add_column('t', 'flag', self.gf('django.db.models.fields.BooleanField')(default=False))
db.create_index('t', ['flag'])
""")
    assert [type(op) for op in read.ops] == [RenameColumn, AddColumn, CreateIndex]
    assert read.ops[1].field.options == {"default": "False"}


def test_unresolved_arguments_are_flagged_not_guessed() -> None:
    read = _read("for name in names:\n    db.delete_column('t', name)")
    assert len(read.ops) == 1
    assert isinstance(read.ops[0], Opaque)
    assert "name" in read.ops[0].reason


def test_a_drop_with_no_known_definition_is_flagged() -> None:
    (op,) = _read("db.delete_column('t', 'gone')").ops
    assert isinstance(op, Opaque)
    assert op.reverse().irreversible


def test_orm_use_is_a_data_change() -> None:
    read = _read("""
for c in orm['crm.Customer'].objects.all():
    c.save()
orm.Ticket.objects.update(status='x')
""")
    assert read.ops == [DataChange(("crm.Customer", "crm.Ticket"))]
    assert not read.unknown_statements


def test_unknown_calls_make_forwards_opaque() -> None:
    assert _read("call_command('loaddata', 'x')").unknown_statements


def _app(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "crm" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    for name in names:
        (folder / name).write_text((LEGACY / name).read_text())
    return folder


def test_delete_column_without_dict_restores_from_earlier_dicts(tmp_path: Path) -> None:
    folder = _app(tmp_path, "0001_initial.py")
    (folder / "0002_drop_phone.py").write_text(
        "from south.db import db\nfrom south.v2 import SchemaMigration\n\n"
        "class Migration(SchemaMigration):\n"
        "    def forwards(self, orm):\n"
        "        db.delete_column(u'crm_customer', 'phone')\n")
    generated = generate_for_path(folder / "0002_drop_phone.py")
    (op,) = generated.backwards_ops
    assert isinstance(op.reverse(), DeleteColumn)
    assert "db.add_column('crm_customer', 'phone'," in generated.method
    assert "CharField')(max_length=30, blank=True, default='')" in generated.method


def test_no_dict_and_nothing_to_invert_is_an_error(tmp_path: Path) -> None:
    folder = _app(tmp_path)
    bad = folder / "0001_x.py"
    bad.write_text("class Migration(SchemaMigration):\n    def forwards(self, orm):\n"
                   "        pass\n")
    proc = run_southgen("generate", str(bad))
    assert proc.returncode == 2
    assert "no frozen 'models' dict" in proc.stderr


def test_unchanged_dicts_with_schema_work_are_inverted_from_forwards() -> None:
    generated = generate_for_path(LEGACY / "0003_rename_ticket_table.py", Options())
    assert "db.rename_table('crm_support_ticket', 'crm_ticket')" in generated.method
    assert generated.notes
