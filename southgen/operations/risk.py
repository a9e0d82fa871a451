"""What a backwards operation puts at stake, for the report."""

from __future__ import annotations

from dataclasses import dataclass

from southgen.strenum import StrEnum


class RiskKind(StrEnum):
    """A risk's kind; a ``str`` (so JSON and comparisons see its value)."""

    DATA_LOSS = "data-loss"
    IRREVERSIBLE = "irreversible"
    REVIEW = "review"


@dataclass(frozen=True)
class Risk:
    kind: RiskKind
    message: str
