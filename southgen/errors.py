"""The one error type every user-facing failure is reported with."""

from __future__ import annotations

from pathlib import Path


class SouthgenError(Exception):
    """A problem with the user's input: reported as one line, exit code 2."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.field_source = ""  # source text to locate a more precise line with
        self.unknown: object = None  # the symbolic value it needed (southgen.symbolic)

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"
