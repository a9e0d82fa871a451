"""Compare backwards methods as database operations (which call, on which
table and column, with which field definition): the normalisation lives in
``southgen.equivalence``, shared with ``southgen fix``."""

from __future__ import annotations

from southgen.equivalence import calls_of, normalise, operations

__all__ = ["calls_of", "normalise", "operations"]
