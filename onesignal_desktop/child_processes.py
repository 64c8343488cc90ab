"""How the console starts this package's own modules as child processes (the sandbox, the export viewer's
jobs): ``sys.executable -m onesignal_desktop.<module>``, with this very package first on the path.

No Qt and nothing from the layers above: the sandbox and the UI both use it.
"""

from __future__ import annotations

import os
import sys

CHILD_MODULE_PREFIX = "onesignal_desktop."


def is_frozen() -> bool:
    """True in a PyInstaller bundle, where ``sys.executable`` is this program, not a Python interpreter."""
    return bool(getattr(sys, "frozen", False))


def child_python_path(inherited: str) -> str:
    """``PYTHONPATH`` for a ``sys.executable -m onesignal_desktop.<module>`` child: this very package
    first, wherever the parent found it (a source tree, an editable install), then what was inherited."""
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.pathsep.join([package_root, *[path for path in inherited.split(os.pathsep) if path]])
