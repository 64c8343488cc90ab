"""The bad-input tests import the helpers beside them (tests are imported by path)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
