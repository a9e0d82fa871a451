"""Compare backwards methods as database operations (which call, on which
table and column, with which field definition): the normalisation lives in
``southgen.fix.equivalence``, shared with ``southgen fix``."""

from __future__ import annotations

from southgen.fix.equivalence import calls_of, normalise, operations

__all__ = ["calls_of", "normalise", "operations"]
