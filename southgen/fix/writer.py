"""Write a migration back safely: atomically, keeping its mode, never over a change.

The new bytes go to a temporary file in the same folder, which replaces the
original by ``os.replace`` (atomic on POSIX) only if the original still has
the content that was read: a file edited meanwhile is left alone.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

from southgen.errors import SouthgenError


def sha1(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def write_atomic(path: Path, data: bytes, expected_sha1: str) -> None:
    """Replace ``path`` with ``data`` if it still hashes to ``expected_sha1``."""
    target = Path(os.path.realpath(path))  # through a symlink, keep the link
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError as exc:
        raise SouthgenError(f"cannot write: {exc.strerror}", path) from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".southgen-tmp",
                                   dir=target.parent)
    except OSError as exc:
        raise SouthgenError(f"cannot write: {exc.strerror}", path) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        if sha1(target.read_bytes()) != expected_sha1:
            raise SouthgenError("changed on disk since it was read: not overwritten", path)
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise SouthgenError(f"cannot write: {exc.strerror}", path) from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
