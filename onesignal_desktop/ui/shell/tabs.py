"""The tabs the window shows, in order. An area whose module is not in this build is not shown.

To add a tab: create ``onesignal_desktop/ui/<area>/tab.py`` with a :class:`ConsoleTab` subclass, and list it
in :data:`ALL_TABS`; it takes ``(context, parent=None)``. Its shortcut is Ctrl+<position>.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from dataclasses import dataclass

from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.tab import BrokenTab, ConsoleTab

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TabSpec:
    title: str
    icon_name: str
    module: str
    class_name: str
    what: str  # one line: the tab's tooltip

    def available(self) -> bool:
        """Whether this build has the tab's module (found without importing it: start-up pays only for
        the tab on screen)."""
        try:
            return importlib.util.find_spec(self.module) is not None
        except ModuleNotFoundError:
            return False

    def create(self, context: ConsoleContext) -> ConsoleTab:
        """The tab, or a stand-in when building it failed (the failure is reported and logged, and the
        rest of the console carries on)."""
        try:
            tab_class: type[ConsoleTab] = getattr(importlib.import_module(self.module), self.class_name)
            return tab_class(context)
        except Exception as error:
            log.exception("the %s tab could not be built", self.title)
            context.report_error(f"Open the {self.title} tab", error)
            return BrokenTab(context, self.title, self.icon_name)


ALL_TABS: tuple[TabSpec, ...] = (
    TabSpec(
        "Apps",
        "apps",
        "onesignal_desktop.ui.apps.tab",
        "AppsTab",
        "The organization's apps, their settings and API keys.",
    ),
    TabSpec(
        "Notifications",
        "notifications",
        "onesignal_desktop.ui.notifications.tab",
        "NotificationsTab",
        "Compose, send, schedule, watch and cancel notifications; templates.",
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
        "Build and edit the current app's segments.",
    ),
    TabSpec(
        "Journeys",
        "journeys",
        "onesignal_desktop.ui.journeys.tab",
        "JourneysTab",
        "The current app's journeys: who enters, waits, gets messages and leaves.",
    ),
    TabSpec(
        "Analytics",
        "chart",
        "onesignal_desktop.ui.analytics.tab",
        "AnalyticsTab",
        "Outcomes, delivery and click trends of the current app.",
    ),
)

#: The tabs of this build, in order.
TABS: tuple[TabSpec, ...] = tuple(spec for spec in ALL_TABS if spec.available())
