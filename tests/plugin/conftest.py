"""Fixtures for the plugin tests."""

from __future__ import annotations

import sys
from pathlib import Path

# Tests are imported by path (--import-mode=importlib); make the helpers beside them importable.
sys.path.insert(0, str(Path(__file__).parent))
