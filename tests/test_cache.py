"""The fix result cache is invalidated by any change to southgen's own files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def _fingerprint(root: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", "from southgen.fix.cache import code_fingerprint as f; print(f())"],
        capture_output=True, text=True, cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_code_fingerprint_covers_the_whole_package(tmp_path: Path) -> None:
    package = tmp_path / "southgen"
    shutil.copytree(ROOT / "southgen", package, ignore=shutil.ignore_patterns("__pycache__"))
    seen = {_fingerprint(tmp_path)}
    new_part = package / "newpart"
    new_part.mkdir()
    (new_part / "__init__.py").write_text("")
    seen.add(_fingerprint(tmp_path))  # a module moved into a new sub-package
    (new_part / "__init__.py").write_text("X = 1\n")
    seen.add(_fingerprint(tmp_path))
    with open(package / "legacy" / "runner.py", "a") as runner:
        runner.write("# changed\n")
    last = _fingerprint(tmp_path)
    seen.add(last)
    assert len(seen) == 4
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert _fingerprint(tmp_path) == last  # byte code is not a change
