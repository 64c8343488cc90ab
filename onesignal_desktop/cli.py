"""Command line: `onesignal-desktop` opens the console; `onesignal-desktop sandbox ...` serves the sandbox;
`onesignal-desktop --self-test` checks the installation and prints one line;
`onesignal-desktop --install-desktop-entry` adds the menu entry and icons for this user (Linux).

In a frozen bundle (PyInstaller) ``sys.executable`` is this program, not a Python interpreter, so the
console's child processes (``sys.executable -m onesignal_desktop.<module> ARGS``) arrive here and are run
as that module.
"""

from __future__ import annotations

import contextlib
import os
import runpy
import sys
from collections.abc import Sequence

from onesignal_desktop.child_processes import CHILD_MODULE_PREFIX, child_python_path, is_frozen

__all__ = ["CHILD_MODULE_PREFIX", "child_python_path", "is_frozen", "main", "run_child_module"]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["-m"] and is_frozen():
        return run_child_module(args[1:])
    if args and args[0] == "sandbox":
        from onesignal_desktop.sandbox.cli import main as sandbox_main

        return sandbox_main(args[1:])
    if "--install-desktop-entry" in args:
        from onesignal_desktop.desktop_entry import main as desktop_entry_main

        return desktop_entry_main(args)
    if "--self-test" in args:
        from onesignal_desktop.selftest import main as self_test_main

        return self_test_main(args)
    from onesignal_desktop.ui.shell.app import main as gui_main

    return gui_main(args)


def run_child_module(args: Sequence[str]) -> int:
    """``-m MODULE ARGS...`` as ``python -m`` would run it; only this package's modules, so the bundle
    does not become a general interpreter."""
    if not args or not args[0].startswith(CHILD_MODULE_PREFIX):
        print(f"onesignal-desktop: -m runs only {CHILD_MODULE_PREFIX}* modules", file=sys.stderr)
        return 2
    module, *rest = args
    _attach_standard_streams()
    sys.argv = [module, *rest]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as done:
        code = done.code
        if code is None or isinstance(code, int):
            return code or 0
        print(code, file=sys.stderr)
        return 1
    return 0


def _attach_standard_streams() -> None:
    """A windowed Windows executable starts with ``sys.stdin``/``sys.stdout``/``sys.stderr`` set to None
    even when its parent gave it pipes; a child job (the sandbox process reads its questions from stdin)
    talks through those pipes, so wrap the handles it was given."""
    if sys.platform != "win32":
        return
    import ctypes
    import msvcrt

    for name, std_handle, flags, mode in (
        ("stdin", -10, os.O_RDONLY, "r"),
        ("stdout", -11, os.O_WRONLY, "w"),
        ("stderr", -12, os.O_WRONLY, "w"),
    ):
        if getattr(sys, name) is not None:
            continue
        handle = ctypes.windll.kernel32.GetStdHandle(std_handle)
        if handle in (0, -1, None):
            continue
        with contextlib.suppress(OSError):
            descriptor = msvcrt.open_osfhandle(handle, flags)
            buffering = 1 if mode == "w" else -1
            setattr(sys, name, open(descriptor, mode, encoding="utf-8", buffering=buffering))  # noqa: SIM115
