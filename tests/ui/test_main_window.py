"""The main window a person opens: tabs, connection shown, shortcuts, remembered layout, messages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from onesignal_desktop.keystore import KeyStore
from onesignal_desktop.ui.settings import open_settings
from onesignal_desktop.ui.startup import build_console
from onesignal_desktop.ui.tab import BrokenTab, ComingSoonTab
from onesignal_desktop.ui.tabs import TABS, TabSpec


def test_window_opens_with_the_four_tabs_on_the_sandbox(console) -> None:
    window = console.window
    titles = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
    assert titles == ["Apps", "Notifications", "Players", "Segments"]
    status = window.statusBar().connection_label.text()
    assert "Sandbox (local)" in status
    assert console.context.connection.base_url in status


def test_unbuilt_tabs_say_plainly_they_are_coming(console) -> None:
    for tab in console.window.tabs:
        if type(tab) is ComingSoonTab:
            texts = " ".join(label.text() for label in tab.findChildren(QLabel))
            assert "coming in a later version" in texts


def test_shortcuts_switch_tabs(console, qtbot) -> None:
    window = console.window
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tab_widget.currentIndex() == 2
    qtbot.keyClick(window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tab_widget.currentIndex() == 3
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
    assert status.activity_label.text() == "Idle"
    console.context.bridge.activity_changed.emit(2)
    assert status.activity_label.text() == "2 requests"
    assert not status.activity_bar.isHidden()


def test_a_tab_that_fails_to_build_is_reported_and_the_rest_works(qtbot, settings, keystore, sandbox) -> None:
    broken = TabSpec("Broken", "apps", "onesignal_desktop.ui.tab", "NoSuchTab", "never built")
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
    assert [slot.tab is not None for slot in slots] == [True, False, False, False]
    console.window.tab_widget.setCurrentIndex(3)
    assert slots[3].tab is not None
    console.shutdown()


def test_an_app_call_refused_with_401_marks_that_apps_key_rejected(console) -> None:
    from onesignal_desktop.api.errors import UnauthorizedError
    from onesignal_desktop.ui.key_status import KeyStatus

    refused = UnauthorizedError("get_notifications", ["Access denied"], status=401)
    console.context.report_error("Load notifications", refused, app_id="app-1")
    assert console.context.key_status.status("app-1") is KeyStatus.REJECTED
    assert console.window.messages.messages[0].startswith(
        "Load notifications failed: the server answered HTTP 401"
    )


def test_icons_follow_a_switch_between_light_and_dark(console, qapp) -> None:
    from PySide6.QtGui import QPalette

    from onesignal_desktop.ui import icons, theme

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
