"""The Segments tab: the current app's segments and the visual filter builder."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from onesignal_desktop.ui.segments.view import SegmentsView
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.tab import ConsoleTab


class SegmentsTab(ConsoleTab):
    """F5, Ctrl+N and Delete act on the segments view."""

    title = "Segments"
    icon_name = "segments"

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.segments = SegmentsView(context)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.segments)

    # --- ConsoleTab -------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.segments.refresh()

    def create_new(self) -> None:
        self.segments.create_new()

    def focus_find(self) -> None:
        self.segments.focus_find()

    # --- pictures for packaging/screenshots.py ---------------------------------------------------
    def screenshot_views(self) -> list[tuple[str, Callable[[], QWidget | None]]]:
        return [("builder", self._shot_builder)]

    def _shot_builder(self) -> QWidget | None:
        """A segment being built: two groups joined by OR, of several kinds of conditions."""
        if self.context.current_app_id is None:
            return None
        self.segments.create_new()
        editor = self.segments.editor
        editor.name_edit.setText("Engaged shoppers")
        editor.builder.set_filters(EXAMPLE_FILTERS)
        return self.window()


EXAMPLE_FILTERS: list[dict[str, Any]] = [
    {"field": "tag", "key": "plan", "relation": "=", "value": "pro"},
    {"field": "session_count", "relation": ">", "value": "10"},
    {"operator": "OR"},
    {"field": "amount_spent", "relation": ">", "value": "100"},
    {"field": "last_session", "relation": "<", "hours_ago": "48"},
    {"field": "country", "relation": "=", "value": "DE"},
]
