"""What the main window expects of a tab, and the stand-in for a tab that failed to build."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from onesignal_desktop.ui.shell.context import ConsoleContext


class ConsoleTab(QWidget):
    """Base of every tab. Subclasses take the context, load through ``context.bridge`` (a
    :class:`~onesignal_desktop.bridge.TaskScope` owned by the tab), follow
    ``context.current_app_changed`` and ``context.connection_changed``, and override the actions the
    window's shortcuts call."""

    title = "Tab"
    icon_name = ""

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    def refresh(self) -> None:
        """F5 / Ctrl+R."""

    def create_new(self) -> None:
        """Ctrl+N."""

    def focus_find(self) -> None:
        """Ctrl+F."""

    def shut_down(self) -> None:
        """The console is closing: stop what outlives background tasks (child processes, timers)."""

    def screenshot_views(self) -> list[tuple[str, Callable[[], QWidget | None]]]:
        """Extra pictures for ``packaging/screenshots.py``: (name, function that opens the view and
        returns the widget to grab, or None to skip). The picture is saved as ``<tab>-<name>.png``;
        the script closes returned dialogs afterwards."""
        return []


class BrokenTab(ConsoleTab):
    """Stands in for a tab that failed to build; the error itself is shown in the message bar."""

    def __init__(
        self, context: ConsoleContext, title: str, icon_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.title = title
        self.icon_name = icon_name
        heading = QLabel(title)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (
            heading,
            QLabel("This tab could not be opened (see the message above)."),
            QLabel("Restart OneSignal Desktop to try again; the other tabs work as usual."),
        ):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(2)
