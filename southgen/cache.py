"""A persistent cache of ``southgen fix`` results, so an unchanged re-run does almost nothing.

One JSON file per migrations folder under ``$SOUTHGEN_FIX_CACHE``, or
``$XDG_CACHE_HOME/southgen/fix`` (``~/.cache/southgen/fix``). Per migration it
keeps facts about the file's content (its sha1: readable? has frozen models?)
and the last result, valid while its key matches: the file's sha1, its
previous migration's sha1, and the fingerprint of southgen's code, version
and options.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from southgen import __version__

_FORMAT = 1


def default_cache_dir() -> Path:
    if os.environ.get("SOUTHGEN_FIX_CACHE"):
        return Path(os.environ["SOUTHGEN_FIX_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "southgen" / "fix"


def code_fingerprint() -> str:
    """southgen's version and the state of every file of the installed package (sources,
    templates, the legacy runner), in whatever sub-package it sits."""
    package = Path(__file__).resolve().parent
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
    """The cache of one migrations folder: name -> entry dict."""

    def __init__(self, cache_dir: Path | None, folder: Path):
        self.path = None
        self.entries: dict[str, dict] = {}
        self.dirty = False
        if cache_dir is None:
            return
        key = hashlib.sha1(str(folder.resolve()).encode(), usedforsecurity=False).hexdigest()
        self.path = cache_dir / f"{key}.json"
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == _FORMAT:
                self.entries = data.get("entries", {})
        except (OSError, ValueError):
            pass

    def get(self, name: str, sha1: str) -> dict | None:
        entry = self.entries.get(name)
        return entry if entry is not None and entry.get("sha1") == sha1 else None

    def put(self, name: str, entry: dict) -> None:
        if self.entries.get(name) != entry:
            self.entries[name] = entry
            self.dirty = True

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"format": _FORMAT, "entries": self.entries}, out)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a cache that cannot be written is only slower
