"""Command line: `onesignal-desktop` opens the console; `onesignal-desktop sandbox ...` serves the sandbox."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "sandbox":
        from onesignal_desktop.sandbox.cli import main as sandbox_main

        return sandbox_main(args[1:])
    from onesignal_desktop.ui.app import main as gui_main

    return gui_main(args)
