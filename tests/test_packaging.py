"""The wheel carries the whole package (sub-packages, templates, the legacy runner) and
its ``southgen`` runs from a fresh virtualenv, away from this checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jinja2
import markupsafe
import pytest
import sqlparse
from conftest import EXAMPLES, ROOT, run_southgen

from southgen import __version__

pytestmark = pytest.mark.slow

EXAMPLE = EXAMPLES / "blog" / "blog" / "migrations" / "0004_change_comment_fields.py"


def _run(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from a copy of the sources, so the checkout gets no build/ or egg-info."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source)
    shutil.copytree(ROOT / "southgen", source / "southgen",
                    ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", dist, source)
    (built,) = dist.glob("southgen-*.whl")
    return built


def test_wheel_holds_the_whole_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "southgen"
    expected = {p.relative_to(ROOT).as_posix() for p in package.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    assert "southgen/legacy/runner.py" in expected
    assert "southgen/templates/backwards.j2" in expected
    assert expected <= names
    metadata = zipfile.ZipFile(wheel).read(f"southgen-{__version__}.dist-info/METADATA").decode()
    assert f"Version: {__version__}\n" in metadata
    assert f"southgen-{__version__}.dist-info/licenses/LICENSE" in names


def test_installed_wheel_runs_from_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-index",
         "--no-deps", wheel)
    # The dependencies come from this test's own environment: no network needed.
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    deps = {str(Path(m.__file__).resolve().parent.parent) for m in (jinja2, markupsafe, sqlparse)}
    (Path(site.stdout.strip()) / "southgen_test_deps.pth").write_text("\n".join(sorted(deps)))

    away = tmp_path / "elsewhere"
    away.mkdir()
    where = _run(python, "-c", "import southgen; print(southgen.__file__)", cwd=away)
    assert Path(where.stdout.strip()).is_relative_to(venv)
    assert _run(venv / "bin" / "southgen", "--version", cwd=away).stdout == (
        f"southgen {__version__}\n")
    installed = _run(venv / "bin" / "southgen", "generate", EXAMPLE, cwd=away)
    checkout = run_southgen("generate", str(EXAMPLE))
    assert (installed.stdout, installed.stderr) == (checkout.stdout, checkout.stderr)
    assert "Guard before" in installed.stdout  # rendered from the installed templates
