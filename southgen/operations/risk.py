"""What a backwards operation puts at stake, for the report."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class RiskKind(str, Enum):
    """A risk's kind; a ``str`` (so JSON and comparisons see its value)."""

    DATA_LOSS = "data-loss"
    IRREVERSIBLE = "irreversible"
    REVIEW = "review"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Risk:
    kind: RiskKind
    message: str
