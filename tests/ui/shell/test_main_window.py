"""The main window a person opens: tabs, connection shown, shortcuts, remembered layout, messages."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

from onesignal_desktop.keystore import KeyStore
from onesignal_desktop.ui.shell.settings import open_settings
from onesignal_desktop.ui.shell.startup import build_console
from onesignal_desktop.ui.shell.tab import BrokenTab
from onesignal_desktop.ui.shell.tabs import TABS, TabSpec


def test_window_opens_with_the_tabs_of_this_build_in_order_on_the_sandbox(console) -> None:
    window = console.window
    titles = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
    expected = ["Apps", "Notifications", "Players", "Segments", "Journeys", "Analytics"]
    assert titles == [title for title in expected if title in titles]
    assert titles[:4] == expected[:4] and "Analytics" in titles
    status = window.statusBar().connection_label.text()
    assert "Sandbox (local)" in status
    assert console.context.connection.base_url in status


def test_a_tab_whose_module_is_missing_is_not_shown(settings, keystore, sandbox, qtbot) -> None:
    missing = TabSpec("Later", "apps", "onesignal_desktop.ui.no_such_area.tab", "LaterTab", "not built")
    assert not missing.available()
    assert all(spec.available() for spec in TABS)
    console = build_console(settings=settings, keystore=keystore, sandbox=sandbox)
    qtbot.addWidget(console.window)
    titles = [console.window.tab_widget.tabText(i) for i in range(console.window.tab_widget.count())]
    assert "Later" not in titles and titles == [spec.title for spec in TABS]
    assert not [tab for tab in console.window.tabs if isinstance(tab, BrokenTab)]
    console.shutdown()


def test_api_keys_are_under_apps_templates_under_notifications_outcomes_under_analytics(console) -> None:
    window = console.window
    pages = {}
    for index in range(window.tab_widget.count()):
        tab = window.tab_at(index)
        inner = getattr(tab, "pages", None)
        pages[window.tab_widget.tabText(index)] = (
            [inner.tabText(i) for i in range(inner.count())] if inner is not None else []
        )
    assert pages["Apps"][:2] == ["Apps", "API keys"]
    assert pages["Notifications"][:2] == ["Messages", "Templates"]
    assert pages["Analytics"][:2] == ["Trends", "Outcomes"]
    assert pages["Segments"] == []


class ShownWindows(QObject):
    """Every top-level widget shown while it listens, other than the main window."""

    def __init__(self, main_window: QWidget) -> None:
        super().__init__()
        self.main_window = main_window
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched is not self.main_window
        ):
            self.shown.append(f"{type(watched).__name__} {watched.objectName()!r}")
        return False


def test_opening_every_tab_and_page_flashes_no_window_and_keeps_the_keyboard(console, qtbot) -> None:
    """A widget shown before it has a parent pops up as a window of its own for a moment and takes the
    main window's activation, so its shortcuts (Ctrl+F, Ctrl+N, Delete) stop working."""
    window = console.window
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    spy = ShownWindows(window)
    QApplication.instance().installEventFilter(spy)
    try:
        for index in range(window.tab_widget.count()):
            window.tab_widget.setCurrentIndex(index)
            inner = getattr(window.tab_at(index), "pages", None)
            for page in range(inner.count() if inner is not None else 0):
                inner.setCurrentIndex(page)
                qtbot.wait(20)  # let a page's first build and its first posted events run
    finally:
        QApplication.instance().removeEventFilter(spy)
    assert spy.shown == []
    assert window.isActiveWindow()


def test_shortcuts_switch_tabs(console, qtbot) -> None:
    window = console.window
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tab_widget.currentIndex() == 2
    qtbot.keyClick(window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tab_widget.currentIndex() == 3
    last = window.tab_widget.count() - 1
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1.value + last), Qt.KeyboardModifier.ControlModifier)
    assert window.tab_widget.currentIndex() == last
    qtbot.keyClick(window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tab_widget.currentIndex() == 0


def test_geometry_and_last_tab_are_remembered(qtbot, tmp_path, sandbox) -> None:
    settings_file = tmp_path / "remember.ini"
    first = build_console(settings=open_settings(settings_file), keystore=KeyStore(), sandbox=sandbox)
    qtbot.addWidget(first.window)
    first.window.show()
    first.window.resize(780, 540)  # the offscreen screen is 800x600
    first.window.tab_widget.setCurrentIndex(2)
    first.window.close()
    first.shutdown()

    second = build_console(settings=open_settings(settings_file), keystore=KeyStore(), sandbox=sandbox)
    qtbot.addWidget(second.window)
    second.window.show()
    assert second.window.tab_widget.currentIndex() == 2
    assert second.window.size().toTuple() == (780, 540)
    second.shutdown()


def test_errors_show_as_non_modal_messages_naming_the_operation(console, qtbot) -> None:
    console.context.report_error("Load apps", RuntimeError("the disk is on fire"))
    bar = console.window.messages
    assert bar.isVisible()
    assert bar.messages == ["Load apps failed: the disk is on fire (RuntimeError)"]
    assert console.window.isEnabled()  # nothing modal took over


def test_activity_indicator_follows_requests(console, qtbot) -> None:
    status = console.window.statusBar()
    qtbot.waitUntil(lambda: console.context.bridge.active_count == 0, timeout=10_000)  # start-up loads done
    assert status.activity_label.text() == "Idle"
    console.context.bridge.activity_changed.emit(2)
    assert status.activity_label.text() == "2 requests"
    assert not status.activity_bar.isHidden()


def test_a_tab_that_fails_to_build_is_reported_and_the_rest_works(qtbot, settings, keystore, sandbox) -> None:
    broken = TabSpec("Broken", "apps", "onesignal_desktop.ui.shell.tab", "NoSuchTab", "never built")
    console = build_console(settings=settings, keystore=keystore, sandbox=sandbox, tabs=(*TABS[:1], broken))
    qtbot.addWidget(console.window)
    console.window.show()
    assert isinstance(console.window.tab_at(1), BrokenTab)
    assert console.window.messages.messages[0].startswith("Open the Broken tab failed: ")
    qtbot.waitUntil(lambda: console.context.catalog.loaded, timeout=10_000)
    console.shutdown()


def test_only_the_tab_on_screen_is_built_at_start(qtbot, settings, keystore, sandbox) -> None:
    console = build_console(settings=settings, keystore=keystore, sandbox=sandbox)
    qtbot.addWidget(console.window)
    slots = console.window._slots
    assert [slot.tab is not None for slot in slots] == [True] + [False] * (len(slots) - 1)
    console.window.tab_widget.setCurrentIndex(3)
    assert slots[3].tab is not None
    console.shutdown()


def test_an_app_call_refused_with_401_marks_that_apps_key_rejected(console) -> None:
    from onesignal_desktop.api.errors import UnauthorizedError
    from onesignal_desktop.ui.shell.key_status import KeyStatus

    refused = UnauthorizedError("get_notifications", ["Access denied"], status=401)
    console.context.report_error("Load notifications", refused, app_id="app-1")
    assert console.context.key_status.status("app-1") is KeyStatus.REJECTED
    assert console.window.messages.messages[0].startswith(
        "Load notifications failed: the server answered HTTP 401"
    )


def test_icons_follow_a_switch_between_light_and_dark(console, qapp) -> None:
    from PySide6.QtGui import QPalette

    from onesignal_desktop.ui.shell import icons, theme

    def darkest_pixel_lightness() -> int:
        image = console.window.refresh_button.icon().pixmap(24, 24).toImage()
        return min(
            image.pixelColor(x, y).lightness()
            for x in range(image.width())
            for y in range(image.height())
            if image.pixelColor(x, y).alpha() > 200
        )

    assert darkest_pixel_lightness() < 100  # dark strokes on the light palette
    previous = QPalette(qapp.palette())
    try:
        icons.clear_cache()
        qapp.setPalette(theme.dark_palette())
        qapp.processEvents()
        assert darkest_pixel_lightness() > 150  # light strokes on the dark palette
    finally:
        icons.clear_cache()
        qapp.setPalette(previous)
