"""A persistent cache of ``southgen fix`` results, so an unchanged re-run does almost nothing.

One JSON file per migrations folder under ``$SOUTHGEN_FIX_CACHE``, or
``$XDG_CACHE_HOME/southgen/fix`` (``~/.cache/southgen/fix``). Per migration it
keeps the file's sha1 (and the size, mtime and inode it was read at) and the
last result, valid while its key matches: the file's content, every earlier
migration's content, and the fingerprint of southgen's code, version and
options.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from southgen import __version__
from southgen.fix.writer import sha1

_FORMAT = 2
_RACY_NS = 2_000_000_000


def default_cache_dir() -> Path:
    if os.environ.get("SOUTHGEN_FIX_CACHE"):
        return Path(os.environ["SOUTHGEN_FIX_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "southgen" / "fix"


def code_fingerprint() -> str:
    """southgen's version and the state of every file of the installed package (sources,
    templates, the legacy runner), in whatever sub-package it sits."""
    package = Path(__file__).resolve().parent.parent  # southgen/, not southgen/fix/
    digest = hashlib.sha1(f"{__version__}/{_FORMAT}".encode(), usedforsecurity=False)
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            path = Path(folder, name)
            st = path.stat()
            digest.update(f"{path.relative_to(package).as_posix()}:{st.st_size}:"
                          f"{st.st_mtime_ns}|".encode())
    return digest.hexdigest()


def folder_fingerprint(folder: Path | None) -> str:
    if folder is None or not folder.is_dir():
        return ""
    parts = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_file() and entry.name.endswith((".py", ".j2")):
            st = entry.stat()
            parts.append(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()


class FolderCache:
    """The cache of one migrations folder: file name -> entry dict (its ``sha1``, the
    ``stat`` it had then, and the ``key`` and ``result`` of its last computation)."""

    def __init__(self, cache_dir: Path | None, folder: Path):
        self.path = None
        self.entries: dict[str, dict] = {}
        self._changed: dict[str, dict] = {}
        self._read_errors: dict[str, str] = {}
        if cache_dir is None:
            return
        key = hashlib.sha1(str(folder.resolve()).encode(), usedforsecurity=False).hexdigest()
        self.path = cache_dir / f"{key}.json"
        self.entries = self._load()

    def _load(self) -> dict[str, dict]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))  # type: ignore[union-attr]
        except (OSError, ValueError):
            return {}
        return data.get("entries", {}) if data.get("format") == _FORMAT else {}

    def content_sha1(self, path: Path, hashed: bool = True) -> tuple[str | None, bytes | None]:
        """The file's sha1, and its bytes when they had to be read (None, None when it
        cannot be read). An unchanged size, mtime and inode mean unchanged content, as
        for ruff's and black's caches. ``hashed=False`` without a cache: '' for the sha1
        (nothing will compare it)."""
        try:
            st = path.stat()
        except OSError as exc:
            self._read_errors[path.name] = exc.strerror or str(exc)
            return None, None
        signature = [st.st_size, st.st_mtime_ns, st.st_ino]
        entry = self.entries.get(path.name)
        if entry is not None and entry.get("stat") == signature and entry.get("sha1"):
            return entry["sha1"], None
        try:
            raw = path.read_bytes()
        except OSError as exc:
            self._read_errors[path.name] = exc.strerror or str(exc)
            return None, None
        if not hashed and self.path is None:
            return "", raw
        sha = sha1(raw)
        if entry is None or entry.get("sha1") != sha:
            entry = {"sha1": sha}
        # A file changed within the clock's granularity of its last write could change
        # again unseen (git's "racy" files): its signature is only trusted once it is old.
        racy = time.time_ns() - st.st_mtime_ns < _RACY_NS
        self.put(path.name, {**entry, "stat": None if racy else signature})
        return sha, raw

    def read_error(self, path: Path) -> str:
        return self._read_errors.get(path.name, "unknown error")

    def get(self, name: str, sha1: str) -> dict | None:
        entry = self.entries.get(name)
        return entry if entry is not None and entry.get("sha1") == sha1 else None

    def put(self, name: str, entry: dict) -> None:
        if self.entries.get(name) != entry:
            self.entries[name] = entry
            self._changed[name] = entry

    def changed(self) -> dict[str, dict]:
        return dict(self._changed) if self.path is not None else {}

    def save(self, changes: dict[str, dict]) -> None:
        """Merge ``changes`` (from one or more walks of this folder) into the file on disk."""
        if self.path is None or not changes:
            return
        entries = {**self._load(), **changes}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"format": _FORMAT, "entries": entries}, out)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a cache that cannot be written is only slower
