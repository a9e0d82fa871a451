"""What a backwards operation puts at stake, for the report."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Risk:
    kind: str  # "data-loss" | "irreversible" | "review"
    message: str
