"""What the main window expects of a tab, and the placeholder shown until a tab exists."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from onesignal_desktop.ui.context import ConsoleContext


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


class ComingSoonTab(ConsoleTab):
    """Says plainly that an area is not built yet."""

    note = "This tab is coming in a later version of OneSignal Desktop."

    def __init__(
        self, context: ConsoleContext, title: str, icon_name: str, what: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.title = title
        self.icon_name = icon_name
        heading = QLabel(title)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        description = QLabel(what)
        coming = QLabel(self.note)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (heading, description, coming):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(2)


class BrokenTab(ComingSoonTab):
    """Stands in for a tab that failed to build; the error itself is shown in the message bar."""

    note = "Restart OneSignal Desktop to try again; the other tabs work as usual."

    def __init__(
        self, context: ConsoleContext, title: str, icon_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            context, title, icon_name, "This tab could not be opened (see the message above).", parent
        )
