"""``southgen fix --write`` touches the body of backwards() and not one byte more.

Variants of a real South migration: CRLF newlines, tab indentation,
latin-1 with a coding cookie and non-ASCII bytes (and a form feed and a NEL,
which ``str.splitlines`` would take for line breaks) in comments, Python 2
syntax (``print "x"``, ``except E, e:``), trailing whitespace; with the
backwards() body ``pass`` or the method missing. The bytes before and after
the replaced span must be identical, and the file must still compile under
Python 2.7.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_southgen
from south_ops import calls_of
from test_fix import strip_backwards

from southgen.reader import read_migration

SOURCE = EXAMPLES / "blog" / "blog" / "migrations"
TARGET = "0002_add_post_fields.py"

PY2_HEADER = (
    "# -*- coding: latin-1 -*-\n"
    "# Migrated by caf\xe9 r\xe9sum\xe9 \xa9 team \x0c page break, NEL \x85 here   \n"
)
PY2_HELPER = (
    "\n\ndef _legacy_helper():   \n"
    "    try:\n"
    "        print \"legacy\"\n"
    "    except ValueError, e:\n"
    "        print >>sys.stderr, e\n"
)


def _latin1(text: str) -> str:
    return text.replace("# -*- coding: utf-8 -*-\n", PY2_HEADER)


def _py2(text: str) -> str:
    text = text.replace("from django.db import models\n",
                        "from django.db import models\nimport sys\n" + PY2_HELPER)
    return text.replace("    def forwards(self, orm):\n",
                        "    def forwards(self, orm):\n        print \"forwards\"  \n"
                        "        try:\n            pass\n        except Exception, e:\n"
                        "            raise\n")


def _tabs(text: str) -> str:
    return re.sub(r"^((?:    )+)", lambda m: "\t" * (len(m.group(1)) // 4), text, flags=re.M)


def _trailing(text: str) -> str:
    return text.replace("class Migration(SchemaMigration):\n",
                        "class Migration(SchemaMigration):   \n\t\n")


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


VARIANTS = {
    "crlf": [_crlf],
    "tabs": [_tabs],
    "latin1": [_latin1],
    "py2": [_py2, _trailing],
    "everything": [_latin1, _py2, _trailing, _tabs, _crlf],
}


def _make(tmp_path: Path, variant: str, way: str) -> Path:
    folder = tmp_path / "blog" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    shutil.copy(SOURCE / "0001_initial.py", folder)
    text = (SOURCE / TARGET).read_text(encoding="utf-8")
    for transform in VARIANTS[variant]:
        text = transform(text)
    encoding = "latin-1" if "coding: latin-1" in text else "utf-8"
    path = folder / TARGET
    path.write_bytes(text.encode(encoding))
    strip_backwards(path, way)
    return path


def _line_offsets(raw: bytes) -> list[int]:
    """Byte offset of the start of each 1-based line (index 0 unused)."""
    offsets = [0, 0]
    for match in re.finditer(rb"\n", raw):
        offsets.append(match.end())
    return offsets


@pytest.mark.parametrize("way", ["pass", "remove"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_bytes_outside_the_body_are_identical(tmp_path: Path, variant: str, way: str,
                                              legacy_runtime) -> None:
    path = _make(tmp_path, variant, way)
    before = path.read_bytes()
    migration = read_migration(path)
    offsets = _line_offsets(before)
    if way == "pass":
        body = migration.backwards.node.body[0].lineno
        prefix = before[: offsets[body]]
        suffix = before[offsets[body + 1]:]
    else:
        assert migration.backwards is None
        end = migration.forwards.last_line
        prefix = before[: offsets[end + 1]]
        suffix = before[offsets[end + 1]:]

    proc = run_southgen("fix", str(tmp_path), "--write")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    after = path.read_bytes()
    assert after.startswith(prefix)
    assert after.endswith(suffix)
    middle = after[len(prefix): len(after) - len(suffix)]
    newline = b"\r\n" if variant in ("crlf", "everything") else b"\n"
    assert middle.count(newline) == middle.count(b"\n")  # the file's own newlines
    if variant in ("tabs", "everything"):
        assert all(line.startswith(b"\t") or not line.strip()
                   for line in middle.split(newline))
    restored = read_migration(path)
    assert restored.encoding == migration.encoding
    south = read_migration(SOURCE / TARGET)
    assert calls_of(restored.backwards.node) == calls_of(south.backwards.node)

    again = run_southgen("fix", str(tmp_path), "--check")
    assert again.returncode == 0, again.stdout
    compiled = legacy_runtime.run(["-m", "py_compile", str(path)], capture_output=True,
                                  text=True)
    assert compiled.returncode == 0, compiled.stderr


def test_backwards_ending_the_file_without_a_newline(tmp_path: Path) -> None:
    folder = tmp_path / "blog" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    shutil.copy(SOURCE / "0001_initial.py", folder)
    text = (SOURCE / TARGET).read_text()
    start = text.index("    def backwards(")
    end = text.index("    models = {")
    text = (text[:start] + text[end:].rstrip("\n")
            + "\n\n    def backwards(self, orm):\n        pass")
    path = folder / TARGET
    path.write_text(text)
    prefix = text[: text.rindex("        pass")].encode()

    proc = run_southgen("fix", str(tmp_path), "--write")
    assert proc.returncode == 0, proc.stderr
    after = path.read_bytes()
    assert after.startswith(prefix)
    assert not after.endswith(b"\n")
    assert after.endswith(b"db.delete_column('blog_post', 'published')")
    assert run_southgen("fix", str(tmp_path), "--check").returncode == 0


def test_one_line_backwards(tmp_path: Path) -> None:
    folder = tmp_path / "blog" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    shutil.copy(SOURCE / "0001_initial.py", folder)
    path = folder / TARGET
    text = (SOURCE / TARGET).read_text()
    start = text.index("    def backwards(")
    end = text.index("    models = {")
    path.write_text(text[:start] + "    def backwards(self, orm): pass\n\n" + text[end:])
    proc = run_southgen("fix", str(tmp_path), "--write")
    assert proc.returncode == 0, proc.stderr
    after = path.read_text()
    assert after.startswith(text[:start] + "    def backwards(self, orm):\n")
    assert after.endswith("\n\n" + text[end:])
    assert run_southgen("fix", str(tmp_path), "--check").returncode == 0


def test_diff_counts_lines_as_python_does(tmp_path: Path) -> None:
    """A form feed or NEL in a comment is no line end: --diff applies with ``patch``
    exactly (no offset, no bogus "No newline at end of file")."""
    folder = tmp_path / "blog" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    shutil.copy(SOURCE / "0001_initial.py", folder)
    text = (SOURCE / TARGET).read_text(encoding="utf-8")
    text = text.replace("# -*- coding: utf-8 -*-\n",
                        "# -*- coding: utf-8 -*-\n# page \x0c break, NEL \x85 here\n")
    text = text.replace("    def backwards(self, orm):\n",
                        "    # backwards \x0c below\n    def backwards(self, orm):\n"
                        "        # undo \x0c it\n")
    path = folder / TARGET
    path.write_text(text, encoding="utf-8")
    strip_backwards(path, "pass")
    applied = tmp_path / "applied.py"
    shutil.copy(path, applied)

    diff = run_southgen("fix", str(tmp_path), "--diff")
    assert diff.returncode == 0, diff.stderr
    assert "No newline at end of file" not in diff.stdout
    patched = subprocess.run(["patch", "--batch", str(applied)], input=diff.stdout.encode(),
                             capture_output=True)
    assert patched.returncode == 0, patched.stdout + patched.stderr
    assert b"offset" not in patched.stdout, patched.stdout
    assert b"fuzz" not in patched.stdout, patched.stdout
    assert run_southgen("fix", str(tmp_path), "--write").returncode == 0
    assert applied.read_bytes() == path.read_bytes()
