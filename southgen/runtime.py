"""The Python 2.7 legacy runtime (Django + South) that southgen drives.

Either the user's own interpreter (``--python``), or a default one that
southgen provisions once into a cache folder: Django 1.6.11 and South 1.0.2,
with the PostgreSQL and MySQL drivers, installed with ``pip --target`` next
to a ``python2.7`` found on the machine.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from southgen.errors import SouthgenError

LEGACY_PACKAGES = (
    "Django==1.6.11",
    "South==1.0.2",
    "psycopg2-binary==2.8.6",
    "PyMySQL==0.10.1",
)
RUNTIME_NAME = "py27-django1.6.11-south1.0.2"


@dataclass(frozen=True)
class LegacyRuntime:
    """An interpreter plus the folders to put on its ``sys.path``."""

    python: Path
    pythonpath: tuple[str, ...] = field(default=())

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        env = dict(os.environ if base is None else base)
        paths = list(self.pythonpath)
        if env.get("PYTHONPATH"):
            paths.append(env["PYTHONPATH"])
        if paths:
            env["PYTHONPATH"] = os.pathsep.join(paths)
        env.setdefault("PYTHONIOENCODING", "utf-8")
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        # pyenv shims choose an interpreter by version file: name ours directly.
        env.pop("PYENV_VERSION", None)
        return env

    def run(self, args: list[str], **kwargs) -> subprocess.CompletedProcess:
        kwargs.setdefault("env", self.env())
        return subprocess.run([str(self.python), *args], **kwargs)


def cache_root() -> Path:
    if os.environ.get("SOUTHGEN_CACHE"):
        return Path(os.environ["SOUTHGEN_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "southgen"


def _works(python: str) -> bool:
    try:
        out = subprocess.run(
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True, text=True, timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and out.stdout.strip() == "2.7"


def find_python27() -> Path | None:
    """A working ``python2.7``: on PATH, else in a pyenv versions folder."""
    candidates = []
    on_path = shutil.which("python2.7")
    if on_path:
        candidates.append(on_path)
    pyenv_root = os.environ.get("PYENV_ROOT") or os.path.join(Path.home(), ".pyenv")
    pattern = os.path.join(pyenv_root, "versions", "2.7*", "bin", "python2.7")
    candidates += sorted(glob.glob(pattern))
    candidates += ["/usr/bin/python2.7", "/usr/local/bin/python2.7"]
    for candidate in candidates:
        if os.path.exists(candidate) and _works(candidate):
            return Path(candidate)
    return None


def user_runtime(python: str | Path) -> LegacyRuntime:
    path = shutil.which(str(python)) or str(python)
    if not os.path.exists(path):
        raise SouthgenError(f"--python {python}: no such interpreter")
    return LegacyRuntime(Path(path))


def default_runtime() -> LegacyRuntime:
    """The cached default runtime, installed on first use."""
    target = cache_root() / RUNTIME_NAME
    python = _remembered_python(target)
    if python is None:
        python = find_python27()
    if python is None:
        raise SouthgenError(
            "no Python 2.7 found (looked on PATH and in ~/.pyenv/versions); "
            "install one (e.g. `pyenv install 2.7.18`) or pass --python /path/to/legacy/python"
        )
    if not (target / ".complete").exists():
        _install(python, target)
    _remember_python(target, python)
    return LegacyRuntime(python, (str(target),))


PYTHON_MEMO = ".python"  # in the runtime folder: the interpreter last found working


def _remembered_python(target: Path) -> Path | None:
    """Skip the interpreter search (a pyenv shim alone costs ~0.2 s)."""
    try:
        path = Path((target / PYTHON_MEMO).read_text().strip())
    except OSError:
        return None
    if (target / ".complete").exists() and path.is_file() and os.access(path, os.X_OK):
        return path
    return None


def _remember_python(target: Path, python: Path) -> None:
    if "shims" in python.parts:
        return  # a shim's answer depends on the caller's pyenv version
    try:
        if (target / PYTHON_MEMO).read_text().strip() == str(python):
            return
    except OSError:
        pass
    try:
        (target / PYTHON_MEMO).write_text(f"{python}\n")
    except OSError:
        pass


def _install(python: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=target.parent))
    try:
        proc = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "--no-warn-script-location", "--target", str(staging), *LEGACY_PACKAGES],
            capture_output=True, text=True,
        )
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["pip failed"])[-1]
            raise SouthgenError(
                f"could not install the legacy runtime ({', '.join(LEGACY_PACKAGES)}) "
                f"with {python}: {last}; pass --python with an interpreter that has them"
            )
        (staging / ".complete").write_text(" ".join(LEGACY_PACKAGES) + "\n")
        try:
            staging.rename(target)
        except OSError:
            if not (target / ".complete").exists():  # lost a race to a half-made folder
                shutil.rmtree(target, ignore_errors=True)
                staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
