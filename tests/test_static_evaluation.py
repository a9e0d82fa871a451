"""Migrations whose module computes values (tests/fixtures/static, hand-written in the
style of the South 0.6-1.0 era; each set is checked to load in real South below):
read statically, never executed, values copied as the module writes them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_southgen
from verify_helpers import backwards_body, database_url

from southgen.generate import Options, generate_for_path
from southgen.reader import read_migration
from southgen.state import build_state
from southgen.symbolic import given_settings
from southgen.verify import OK, verify_project

STATIC = Path(__file__).resolve().parent / "fixtures" / "static"


def _copy(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    shutil.copytree(STATIC / name, root)
    return root


def _fix(root: Path, *args: str) -> tuple[int, dict, str]:
    proc = run_southgen("fix", str(root), "--format", "json", "--no-cache", *args)
    records = {f"{r['app']}:{r['migration']}": r for r in json.loads(proc.stdout)["migrations"]}
    return proc.returncode, records, proc.stderr


def _state(path: Path, **settings: str):
    with given_settings(settings):
        migration = read_migration(path)
        return migration, build_state(migration.models, path, migration.models_line)


# -- settings with defaults, str(), os.path on __file__, class-level if --------------

def test_getattr_settings_default_and_str_in_the_frozen_dict():
    first = STATIC / "lengths" / "social" / "migrations" / "0001_initial.py"
    migration, state = _state(first)
    handle = state["social.association"].field("handle")
    assert handle.options["max_length"] == "255"  # getattr(settings, ..., 255)
    assert migration.complete_apps == ("social",)  # os.path on __file__
    _, given = _state(first, SOCIAL_HANDLE_LENGTH="100")
    assert given["social.association"].field("handle").options["max_length"] == "100"


def test_the_models_a_class_level_if_chooses():
    second = STATIC / "lengths" / "social" / "migrations" / "0002_drop_handle.py"
    migration, state = _state(second)
    assert migration.complete_apps == ("social",)
    assert [f.name for f in state["social.association"].fields] == ["id"]


def test_restored_field_uses_the_modules_name_where_it_is_defined(tmp_path: Path):
    root = _copy(tmp_path, "lengths")
    second = root / "social" / "migrations" / "0002_drop_handle.py"
    options = Options(defaults={"social.Association.handle": "''"})
    assert "max_length=HANDLE_LENGTH" in generate_for_path(second, options).method
    text = second.read_text()
    second.write_text(text.replace("HANDLE_LENGTH = getattr(settings, "
                                   "'SOCIAL_HANDLE_LENGTH', 255)\n", ""))
    assert "max_length=255" in generate_for_path(second, options).method  # not defined there


# -- names imported from the project's own modules -----------------------------------

def test_names_imported_from_a_module_of_the_project(tmp_path: Path):
    code, records, stderr = _fix(_copy(tmp_path, "imported"), "--check")
    assert code == 1, stderr
    assert records["zinnia:0002_drop_author"]["action"] == "fix"
    method = generate_for_path(STATIC / "imported" / "zinnia" / "migrations"
                               / "0002_drop_author.py").method
    assert "to=orm[user_orm_label]" in method
    migration, state = _state(STATIC / "imported" / "zinnia" / "migrations" / "0001_initial.py")
    assert state["auth.user"].db_table == "auth_user"


# -- names southgen cannot know stay symbolic ------------------------------------------

def test_unknown_user_model_is_copied_as_written_and_asked_for_where_needed(tmp_path: Path):
    root = _copy(tmp_path, "compat")
    code, records, _ = _fix(root, "--check")
    assert code == 2
    errors = {key: r for key, r in records.items() if r["action"] == "error"}
    assert list(errors) == ["shop:0004_drop_watchers"]
    message = errors["shop:0004_drop_watchers"]["message"]
    assert "join table of 'shop.basket.watchers'" in message
    assert "--setting AUTH_USER_MODEL=VALUE" in message
    assert "imported from shop.compat" in message
    restored = generate_for_path(root / "shop" / "migrations" / "0002_drop_owner.py").method
    assert "to=orm[AUTH_USER_MODEL]" in restored


def test_unknown_value_error_is_one_line_naming_file_line_and_setting(tmp_path: Path):
    root = _copy(tmp_path, "compat")
    proc = run_southgen("generate", str(root / "shop" / "migrations" / "0004_drop_watchers.py"))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "0003_add_watchers.py:6: " in lines[0]  # where the name comes from
    assert "--setting AUTH_USER_MODEL=VALUE" in lines[0]


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_symbolic_user_model_round_trips_once_given(tmp_path: Path, engine, request,
                                                   legacy_runtime):  # noqa: ARG001
    root = _copy(tmp_path, "compat")
    code, records, stderr = _fix(root, "--write", "--setting", "AUTH_USER_MODEL=auth.User")
    assert code == 0, stderr
    assert [k for k, r in records.items() if r["written"]] == [
        "shop:0002_drop_owner", "shop:0003_add_watchers", "shop:0004_drop_watchers"]
    text = (root / "shop" / "migrations" / "0004_drop_watchers.py").read_text()
    assert "'user_id'" in backwards_body(text)
    # What the project's shop.compat says at run time:
    (root / "shop" / "compat.py").write_text(
        "AUTH_USER_MODEL = 'auth.User'\nAUTH_USER_MODEL_NAME = 'User'\n")
    report = verify_project(root, database=database_url(request, engine))
    assert len(report.migrations) == 4
    _assert_verified(report, engine)


def _assert_verified(report, engine: str) -> None:
    """Every migration ok; on SQLite, South 1.0's add_column leaves out a restored
    ForeignKey's index (South's own backwards do the same): only that may differ."""
    for result in report.migrations:
        if result.status == OK:
            continue
        assert engine == "sqlite", result.key
        assert result.status == "mismatch", result.key
        assert all(str(d).startswith("index ") and "_id): missing after backwards" in str(d)
                   for d in result.differences), result.differences


# -- South 0.5/0.6 -----------------------------------------------------------------------

def test_south_06_orm_field_references_are_read_against_the_frozen_dict(tmp_path: Path):
    root = _copy(tmp_path, "south06")
    code, records, stderr = _fix(root, "--check")
    assert code == 1, stderr
    for key in ("filer:0001_initial", "filer:0002_add_description"):
        assert records[key]["action"] == "fix"
        assert not [r for r in records[key]["risks"] if r["kind"] == "irreversible"]
    first = generate_for_path(root / "filer" / "migrations" / "0001_initial.py")
    assert [op.template for op in first.backwards_ops] == ["delete_table"]
    second = generate_for_path(root / "filer" / "migrations" / "0002_add_description.py")
    assert [op.template for op in second.backwards_ops] == ["delete_column"]


# -- dependencies ------------------------------------------------------------------------

def test_depends_on_in_every_shape_south_accepts(tmp_path: Path):
    root = _copy(tmp_path, "depends")
    migration = read_migration(root / "beta" / "migrations" / "0001_initial.py")
    assert migration.depends_on == (("alpha", "0001_initial"),) * 3
    assert migration.needed_by == (("gamma", "0001_initial"),)
    code, records, stderr = _fix(root, "--check")
    assert code == 0, stderr
    beta = root / "beta" / "migrations" / "0001_initial.py"
    beta.write_text(beta.read_text().replace("('alpha', '0001_initial'),", "('alpha', '0001'),"))
    code, records, _ = _fix(root, "--check")
    assert code == 2  # South takes no prefix here: it imports the module by its name
    assert "broken dependency chain" in records["beta:0001_initial"]["message"]


# -- every set loads in real South, and verifies once fixed -----------------------------

@pytest.mark.parametrize("name", ["lengths", "imported", "south06", "depends"])
def test_fixture_sets_verify_with_real_south_once_fixed(tmp_path: Path, name, legacy_runtime):  # noqa: ARG001
    root = _copy(tmp_path, name)
    code, _, stderr = _fix(root, "--write", "--default", "social.Association.handle=''")
    assert code == 0, stderr
    report = verify_project(root)
    assert report.migrations
    _assert_verified(report, "sqlite")


def test_settings_from_every_configuration_file(tmp_path: Path):
    from southgen.fix.config import find_config

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "pyproject.toml").write_text(
        '[tool.southgen.settings]\nAUTH_USER_MODEL = "accounts.Customer"\nUID_LENGTH = 100\n')
    assert find_config(tmp_path / "a").settings == {"AUTH_USER_MODEL": "accounts.Customer",
                                                    "UID_LENGTH": "100"}
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "tox.ini").write_text(
        "[southgen]\nsettings =\n    AUTH_USER_MODEL = accounts.Customer\n")
    assert find_config(tmp_path / "b").settings == {"AUTH_USER_MODEL": "accounts.Customer"}
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "setup.cfg").write_text("[southgen]\nsettings =\n    not a setting\n")
    proc = run_southgen("fix", str(tmp_path / "c"))
    assert proc.returncode == 2
    assert "settings 'not a setting': expected NAME=VALUE" in proc.stderr


def test_strings_that_grow_without_bound_are_not_followed(tmp_path: Path):
    folder = tmp_path / "x" / "migrations"
    folder.mkdir(parents=True)
    doubling = "a = 'xx'\n" + "a = a + a\n" * 80
    chain = "c = " + " + ".join(["a"] * 20000) + "\n"
    body = ("class Migration(SchemaMigration):\n"
            "    models = {'x.y': {'Meta': {'object_name': a}}}\n"
            "    complete_apps = ['x']\n")
    for name, module, expected in (("0001_initial.py", doubling, "too long to follow"),
                                   ("0002_chain.py", doubling + chain,
                                    "nested too deeply to be read statically")):
        path = folder / name
        path.write_text("from south.v2 import SchemaMigration\n" + module + body)
        proc = run_southgen("generate", str(path))
        assert proc.returncode == 2
        assert "Traceback" not in proc.stderr
        assert expected in proc.stderr
