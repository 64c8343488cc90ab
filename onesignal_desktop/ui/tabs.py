"""The tabs the window shows, in order. An area whose module does not exist yet gets a placeholder.

To add a tab: create ``onesignal_desktop/ui/<area>/tab.py`` with a :class:`ConsoleTab` subclass named as
below; it takes ``(context, parent=None)``.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from dataclasses import dataclass

from onesignal_desktop.ui.context import ConsoleContext
from onesignal_desktop.ui.tab import BrokenTab, ComingSoonTab, ConsoleTab

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TabSpec:
    title: str
    icon_name: str
    module: str
    class_name: str
    what: str  # one line for the placeholder

    def create(self, context: ConsoleContext) -> ConsoleTab:
        """The tab; a placeholder when its area is not built yet, or when building it failed (the
        failure is reported and logged, and the rest of the console carries on)."""
        try:
            tab_class = self._tab_class()
            if tab_class is None:
                return ComingSoonTab(context, self.title, self.icon_name, self.what)
            tab: ConsoleTab = tab_class(context)
            return tab
        except Exception as error:
            log.exception("the %s tab could not be built", self.title)
            context.report_error(f"Open the {self.title} tab", error)
            return BrokenTab(context, self.title, self.icon_name)

    def _tab_class(self) -> type[ConsoleTab] | None:
        package = self.module.rpartition(".")[0]
        try:
            if importlib.util.find_spec(package) is None or importlib.util.find_spec(self.module) is None:
                return None
        except ModuleNotFoundError:
            return None
        tab_class: type[ConsoleTab] = getattr(importlib.import_module(self.module), self.class_name)
        return tab_class


TABS: tuple[TabSpec, ...] = (
    TabSpec(
        "Apps", "apps", "onesignal_desktop.ui.apps.tab", "AppsTab", "Your apps and their platform settings."
    ),
    TabSpec(
        "Notifications",
        "notifications",
        "onesignal_desktop.ui.notifications.tab",
        "NotificationsTab",
        "Compose, send, schedule, watch and cancel notifications for the current app.",
    ),
    TabSpec(
        "Players",
        "players",
        "onesignal_desktop.ui.players.tab",
        "PlayersTab",
        "Browse and edit the players, users and subscriptions of the current app.",
    ),
    TabSpec(
        "Segments",
        "segments",
        "onesignal_desktop.ui.segments.tab",
        "SegmentsTab",
        "Build segments and look at outcomes, templates and API keys of the current app.",
    ),
)
