"""The Analytics tab: the current app's trends (sends, delivery, clicks per day and platform), outcomes
and email metrics, one inner page each (each page's code in its own subpackage)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

from onesignal_desktop.ui.analytics.email.view import EmailMetricsView
from onesignal_desktop.ui.analytics.outcomes.view import OutcomesView
from onesignal_desktop.ui.analytics.trends.view import TrendsView
from onesignal_desktop.ui.common.pages import InnerPages
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.tab import ConsoleTab


class AnalyticsTab(ConsoleTab):
    """Inner pages; F5 and Ctrl+F act on the page that is showing."""

    title = "Analytics"
    icon_name = "chart"

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.pages = InnerPages("analyticsPages")
        self.trends = TrendsView(context)
        self.pages.add_page(
            self.trends,
            self.trends.title,
            "",
            "The last 7, 30 or 90 days: sends by channel, delivery rate, CTR and clicks per day and "
            "platform, best and worst notifications, subscriptions",
        )
        self.outcomes = OutcomesView(context)
        self.pages.add_page(
            self.outcomes, self.outcomes.title, "", "The app's outcomes: clicks, sessions, custom"
        )
        self.email = EmailMetricsView(context)
        self.pages.add_page(
            self.email,
            self.email.title,
            "",
            "The app's email: sender reputation, figures per inbox provider, volume and rates over time",
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def show_view(self, view: QWidget) -> None:
        self.pages.show_page(view)

    # --- ConsoleTab -------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.pages.act("refresh")

    def create_new(self) -> None:
        self.pages.act("create_new")

    def focus_find(self) -> None:
        self.pages.act("focus_find")

    # --- pictures for packaging/screenshots.py ---------------------------------------------------
    def screenshot_views(self) -> list[tuple[str, Callable[[], QWidget | None]]]:
        return [
            ("trends", self._shot_trends),
            ("outcomes", self._shot_outcomes),
            ("email-metrics", self._shot_email),
        ]

    def _shot_trends(self) -> QWidget | None:
        view = self.trends
        view.set_days(90)
        view.set_platform(None)
        self.show_view(view)
        view.refresh()
        return self.window()

    def _shot_outcomes(self) -> QWidget | None:
        view = self.outcomes
        view.set_names(["os__click.count", "os__session_duration.count", "os__session_duration.sum"])
        view.set_attributions(["direct", "influenced", "unattributed", "total"])
        view.set_time_range("1mo")
        self.show_view(view)
        view.refresh()
        return self.window()

    def _shot_email(self) -> QWidget | None:
        view = self.email
        view.set_time_range("30d")
        view.set_providers([])
        self.show_view(view)
        view.refresh()
        return self.window()
