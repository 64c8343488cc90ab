"""The Segments tab: the current app's segments, outcomes, templates and API keys, one page each."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from onesignal_desktop.ui.context import ConsoleContext
from onesignal_desktop.ui.segments.subview import AppSubView
from onesignal_desktop.ui.segments.view import SegmentsView
from onesignal_desktop.ui.tab import ConsoleTab


class SegmentsTab(ConsoleTab):
    """Inner tabs; F5, Ctrl+N and Delete act on the page that is showing."""

    title = "Segments"
    icon_name = "segments"

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        from onesignal_desktop.ui.api_keys.view import ApiKeysView
        from onesignal_desktop.ui.outcomes.view import OutcomesView
        from onesignal_desktop.ui.templates.view import TemplatesView

        self.segments = SegmentsView(context)
        self.outcomes = OutcomesView(context)
        self.templates = TemplatesView(context)
        self.api_keys = ApiKeysView(context)
        self.pages = QTabWidget()
        self.pages.setObjectName("segmentsPages")
        self.pages.setDocumentMode(True)
        for view in self.views():
            self.pages.addTab(view, view.title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def views(self) -> list[AppSubView]:
        return [self.segments, self.outcomes, self.templates, self.api_keys]

    def current_view(self) -> AppSubView:
        view = self.pages.currentWidget()
        assert isinstance(view, AppSubView)
        return view

    def show_view(self, view: AppSubView) -> None:
        self.pages.setCurrentWidget(view)

    # --- ConsoleTab -------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.current_view().refresh()

    def create_new(self) -> None:
        self.current_view().create_new()
