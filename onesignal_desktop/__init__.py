"""OneSignal Desktop: a native admin console for OneSignal, with a local sandbox."""

from __future__ import annotations

import os
import sys
from functools import cache

_DIST_INFO_PREFIX = "onesignal_desktop-"


@cache
def _installed_version() -> str:
    # The window's start asks for the version (application version, --version): importlib.metadata
    # costs 45-120 ms there (its import pulls in email, zipfile, csv; the lookup reads every installed
    # distribution), so the installed metadata is read directly first, the way that lookup finds it:
    # the first sys.path entry holding this distribution's dist-info folder.
    found = _version_from_dist_info()
    if found:
        return found
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("onesignal-desktop")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+source"


def _version_from_dist_info() -> str | None:
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # a zip, a missing folder, a file
            continue
        for name in names:
            if name.startswith(_DIST_INFO_PREFIX) and name.endswith(".dist-info"):
                return _metadata_version(os.path.join(entry or ".", name, "METADATA"))
    return None


def _metadata_version(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as metadata:
            for line in metadata:
                if line.startswith("Version:"):
                    return line.partition(":")[2].strip() or None
                if not line.strip():  # the headers end at the first blank line
                    break
    except OSError:
        pass
    return None


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["__version__"]
