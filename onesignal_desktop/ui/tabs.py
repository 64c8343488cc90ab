"""The tabs the window shows, in order. An area whose module does not exist yet gets a placeholder.

To add a tab: create ``onesignal_desktop/ui/<area>/tab.py`` with a :class:`ConsoleTab` subclass named as
below; it takes ``(context, parent=None)``.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from onesignal_desktop.ui.context import ConsoleContext
from onesignal_desktop.ui.tab import ComingSoonTab, ConsoleTab


@dataclass(frozen=True)
class TabSpec:
    title: str
    icon_name: str
    module: str
    class_name: str
    what: str  # one line for the placeholder

    def create(self, context: ConsoleContext) -> ConsoleTab:
        if importlib.util.find_spec(self.module.rpartition(".")[0]) is not None:
            try:
                found = importlib.util.find_spec(self.module) is not None
            except ModuleNotFoundError:
                found = False
            if found:
                tab_class = getattr(importlib.import_module(self.module), self.class_name)
                tab: ConsoleTab = tab_class(context)
                return tab
        return ComingSoonTab(context, self.title, self.icon_name, self.what)


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
