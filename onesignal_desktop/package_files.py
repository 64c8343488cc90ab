"""Where the files in the top-level ``resources/`` folder are, however the console was installed.

A wheel (and ``pip install .``) carries them as the ``onesignal_desktop.resources`` package (setup.py maps
the folder there); an editable install maps the same name onto the checkout's folder; the PyInstaller
bundle lays them out as ``onesignal_desktop/resources``. Read with :mod:`importlib.resources`, so none of
that depends on where Python put the package. A plain checkout run with ``PYTHONPATH`` (the tests, the
developers) has no mapping at all: there the folder beside the package is the one.
"""

from __future__ import annotations

import importlib.util
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

RESOURCES_PACKAGE = "onesignal_desktop.resources"


def resources_root() -> Traversable | None:
    """The ``resources/`` folder, or None when this installation lost it."""
    inside = resources.files("onesignal_desktop") / "resources"
    if inside.is_dir():  # a wheel, a bundle
        return inside
    mapped = _mapped_folder()
    if mapped is not None:
        return mapped
    checkout = Path(__file__).resolve().parents[1] / "resources"  # a source checkout on PYTHONPATH
    return checkout if checkout.is_dir() else None


def resource_dir(*parts: str) -> Traversable | None:
    """``resources/<parts...>`` as a folder, or None when it is not there."""
    root = resources_root()
    if root is None:
        return None
    folder = root.joinpath(*parts)
    return folder if folder.is_dir() else None


def _mapped_folder() -> Path | None:
    """An editable install's mapping of the (``__init__``-less) resources package onto the checkout. Read
    from its spec rather than ``files()``, whose namespace-package answer cannot join nested names on 3.11."""
    try:
        spec = importlib.util.find_spec(RESOURCES_PACKAGE)
    except ModuleNotFoundError:
        return None
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    return next((Path(location) for location in locations if Path(location).is_dir()), None)
