"""The reader copes with what legacy files look like, and gives the same result."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES
from south_ops import operations

from southgen import frozen
from southgen.generate import generate_for_path
from southgen.py2compat import py2_to_py3

SOURCE = EXAMPLES / "blog" / "blog" / "migrations"
TARGET = "0003_add_categories_and_tags.py"

PY2_PREAMBLE = (
    "# -*- coding: latin-1 -*-\n"
    "# Auteur: J\xe9r\xf4me\n"
    "import os\n"
    "def _helper(x):\n"
    "    print \"legacy\", x\n"
    "    try:\n"
    "        os.chmod('/nonexistent', 0755)\n"
    "    except OSError, e:\n"
    "        print >>sys.stderr, `e`\n"
    "    return ur'x' if x <> 10L else None\n"
)


def _transformed(tmp_path: Path, change, encoding: str = "utf-8") -> Path:
    folder = tmp_path / "blog" / "migrations"
    folder.mkdir(parents=True)
    for name in ("0001_initial.py", "0002_add_post_fields.py", TARGET):
        shutil.copy(SOURCE / name, folder / name)
    target = folder / TARGET
    text = change(target.read_text(encoding="utf-8"))
    target.write_bytes(text.encode(encoding))
    return target


def _reference() -> object:
    return operations(generate_for_path(SOURCE / TARGET).method)


@pytest.mark.parametrize(("name", "change", "encoding"), [
    ("crlf", lambda t: t.replace("\n", "\r\n"), "utf-8"),
    ("tabs", lambda t: t.replace("    ", "\t"), "utf-8"),
    ("python2-latin1", lambda t: PY2_PREAMBLE + t.split("\n", 1)[1], "latin-1"),
])
def test_same_result_whatever_the_file_looks_like(tmp_path: Path, name, change, encoding) -> None:
    target = _transformed(tmp_path, change, encoding)
    generated = generate_for_path(target)
    assert operations(generated.method.replace("\t", "    ")) == _reference()
    if name == "crlf":
        assert generated.method.count("\r\n") == generated.method.count("\n")
    if name == "tabs":
        assert generated.method.startswith("\tdef backwards(self, orm):\r\n".rstrip("\r\n"))
        assert "\n\t\tdb.delete_column(" in generated.method


def test_py2_rewrite_keeps_lines() -> None:
    rewritten = py2_to_py3(PY2_PREAMBLE)
    assert rewritten.count("\n") == PY2_PREAMBLE.count("\n")
    compile(rewritten, "x", "exec")


def test_non_south_layout_falls_back_to_whole_dict(tmp_path: Path) -> None:
    # one line per model: not South's pretty-print, still literal data
    def squash(text: str) -> str:
        start = text.index("    models = {")
        end = text.index("\n    }\n", start) + len("\n    }\n")
        body = " ".join(line.strip() for line in text[start:end].splitlines())
        return text[:start] + "    " + body + "\n" + text[end:]

    target = _transformed(tmp_path, squash)
    assert operations(generate_for_path(target).method) == _reference()


def test_a_closing_brace_inside_a_string_of_the_dict_is_not_its_end(tmp_path: Path) -> None:
    """A hand-edited dict whose string holds a line that looks like the dict's end: the
    dict is found by its brackets, as before."""
    def multiline(text: str) -> str:
        field = "'title': ('django.db.models.fields.CharField', [], {'max_length': '100'"
        assert field in text
        return text.replace(field, field + ", 'help_text': '''see\n    }\nabove'''", 1)

    target = _transformed(tmp_path, multiline)
    assert operations(generate_for_path(target).method) == _reference()


@pytest.mark.parametrize("block", [
    "{\n    'a': ('x', [], {'k': 'v'}),\n    'b': 1\n}",
    "{\r\n    'a': 1,\r\n    'b': 2,\r\n}",
    "{\n    'a': 1,\n    'b': 2,\n    'a': 3\n}",  # a repeated key keeps its first place
    "{\n    'a': 1, 'b': 2,\n\n    'c': 3\n}",
    "{\n    'Meta': {'object_name': 'A',\n             'db_table': 'x'},\n    'b': 1\n}",
    "{\n    'a': '''one\n    two''',\n    'b': 1\n}",
    "{\n    'a': 1,  # a comment\n    'b': 2\n}",
    "{\n    'a': 1\n    'b': 2\n}",  # a missing comma: not a dict
    "{\n    'a': 1,\n    ,\n}",
    "{\n    'a': [1,\n          2],\n    'b': {1, 2}\n}",
    "{\n}",
])
def test_a_model_block_reads_as_the_whole_literal_does(block: str) -> None:
    """Blocks are read line by line (only changed lines are parsed anew): the dict, its
    order included, is the one the whole block gives, or None as it would be."""
    try:
        expected = ast.literal_eval(block)
    except SyntaxError:
        expected = None
    found = frozen._parse_block(block)
    assert found == expected
    assert list(found or ()) == list(expected or ())
