"""The Journeys tab: the current app's journeys and, for the chosen one, its node graph with stats."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from onesignal_desktop.ui.journeys.view import JourneysView
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.tab import ConsoleTab


class JourneysTab(ConsoleTab):
    """F5, Ctrl+N, Ctrl+F and Delete act on the journeys view."""

    title = "Journeys"
    icon_name = "journeys"

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.journeys = JourneysView(context)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.journeys)

    def refresh(self) -> None:
        self.journeys.refresh()

    def create_new(self) -> None:
        self.journeys.create_new()

    def focus_find(self) -> None:
        self.journeys.focus_find()

    def shut_down(self) -> None:
        self.journeys.stats_timer.stop()
