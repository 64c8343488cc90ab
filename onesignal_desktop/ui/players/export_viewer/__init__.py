"""Viewer for OneSignal CSV exports (players export, .csv.gz or .csv) that stays responsive at a million rows.

The Players tab opens a downloaded export with ``open_export(path, parent)`` or ``ExportViewer.open_file``.
``csv_index`` and ``csv_views`` hold the Qt-free parts (file index, sort and filter); importing them does not
import Qt, so the names below are loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onesignal_desktop.ui.players.export_viewer.viewer import ExportViewer, open_export

__all__ = ["ExportViewer", "open_export"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from onesignal_desktop.ui.players.export_viewer import viewer

        return getattr(viewer, name)
    raise AttributeError(name)
