"""The base of southgen's enums of names (statuses, actions, kinds)."""

from __future__ import annotations

from enum import Enum


class StrEnum(str, Enum):
    """Members are ``str``: JSON, f-strings and comparisons see the value."""

    def __str__(self) -> str:
        return self.value
