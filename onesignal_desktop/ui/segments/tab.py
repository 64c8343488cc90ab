"""The Segments tab: the current app's segments, outcomes, templates and API keys, one page each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from onesignal_desktop.bridge import CancelToken
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

    def focus_find(self) -> None:
        self.current_view().focus_find()

    # --- pictures for packaging/screenshots.py ---------------------------------------------------
    def screenshot_views(self) -> list[tuple[str, Callable[[], QWidget | None]]]:
        return [
            ("builder", self._shot_builder),
            ("outcomes", self._shot_outcomes),
            ("templates", self._shot_templates),
            ("api-keys", self._shot_api_keys),
        ]

    def _shot_builder(self) -> QWidget | None:
        """A segment being built: two groups joined by OR, of several kinds of conditions."""
        self.show_view(self.segments)
        if self.context.current_app_id is None:
            return None
        self.segments.create_new()
        editor = self.segments.editor
        editor.name_edit.setText("Engaged shoppers")
        editor.builder.set_filters(EXAMPLE_FILTERS)
        return self.window()

    def _shot_outcomes(self) -> QWidget | None:
        view = self.outcomes
        view.set_names(["os__click.count", "os__session_duration.count", "os__session_duration.sum"])
        view.set_attributions(["direct", "influenced", "unattributed", "total"])
        view.set_time_range("1mo")
        self.show_view(view)
        view.refresh()
        return self.window()

    def _shot_templates(self) -> QWidget | None:
        """The templates page with two examples (made in the screenshot's scratch sandbox if none)."""
        view = self.templates
        self.show_view(view)
        app_id, connection = self.context.current_app_id, self.context.connection
        if app_id is None or connection is None:
            return None
        client = connection.client

        def make_examples(token: CancelToken) -> str | None:
            existing = client.view_templates(app_id, limit=1).templates
            if existing:
                return existing[0].id
            created = [client.create_template({"app_id": app_id, **body}) for body in EXAMPLE_TEMPLATES]
            return created[0].id

        view.scope.run("Create example templates", make_examples, on_finished=view.refresh_and_select)
        return self.window()

    def _shot_api_keys(self) -> QWidget | None:
        """The API keys page with two example keys (made in the scratch sandbox if it has none)."""
        view = self.api_keys
        self.show_view(view)
        app_id, connection = self.context.current_app_id, self.context.connection
        if app_id is None or connection is None:
            return None
        client = connection.client

        def make_examples(token: CancelToken) -> None:
            if client.view_api_keys(app_id).tokens:
                return
            for body in EXAMPLE_KEYS:
                client.create_api_key(app_id, body)  # the secrets are dropped: only the list is shown

        view.scope.run("Create example API keys", make_examples, on_finished=lambda _result: view.refresh())
        return self.window()


EXAMPLE_FILTERS: list[dict[str, Any]] = [
    {"field": "tag", "key": "plan", "relation": "=", "value": "pro"},
    {"field": "session_count", "relation": ">", "value": "10"},
    {"operator": "OR"},
    {"field": "amount_spent", "relation": ">", "value": "100"},
    {"field": "last_session", "relation": "<", "hours_ago": "48"},
    {"field": "country", "relation": "=", "value": "DE"},
]
EXAMPLE_TEMPLATES: list[dict[str, Any]] = [
    {"name": "Weekly deals", "contents": {"en": "This week's deals are in"}, "headings": {"en": "Deals"}},
    {
        "name": "Order shipped (email)",
        "isEmail": True,
        "contents": {"en": "Your order is on its way"},
        "email_subject": "Your order shipped",
        "email_body": "<p>Hi! Your order is on its way.</p>",
    },
]
EXAMPLE_KEYS: list[dict[str, Any]] = [
    {
        "name": "Backend (production)",
        "ip_allowlist_mode": "explicit",
        "ip_allowlist": ["203.0.113.7", "10.0.0.0/8"],
    },
    {"name": "CI"},
]
