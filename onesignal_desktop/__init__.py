"""OneSignal Desktop: a native admin console for OneSignal, with a local sandbox."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("onesignal-desktop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
