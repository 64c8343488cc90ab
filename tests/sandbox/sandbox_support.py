"""Helpers of the sandbox tests (importable beside them; the conftest puts this folder on the path)."""

from __future__ import annotations

#: Where the frozen clock of the ``sim`` fixture starts: a fixed moment, so times can be asserted exactly.
T0 = 1_750_000_000.0
