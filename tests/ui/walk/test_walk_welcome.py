"""Issue 17, item 9: the welcome panel says where the console really is, "Explore the sandbox" takes a
profile's user to the sandbox, and tabs say the apps failed to load instead of "no apps yet"."""

from __future__ import annotations

import socket

import shiboken6
from PySide6.QtCore import Qt

from onesignal_desktop.ui.dialogs.first_run import show_first_run
from onesignal_desktop.ui.shell.profiles import Profile

from .conftest import open_tab


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _on_profile(context) -> bool:
    return context.connection is not None and not context.connection.is_sandbox


def test_the_welcome_panel_on_a_profile_says_so_and_offers_the_sandbox(qtbot, console, sandbox):
    context = console.context
    profile = Profile("work", sandbox.base_url)
    context.profiles.save(profile)
    context.connect_to(profile)
    qtbot.waitUntil(
        lambda: context.connection is not None and not context.connection.is_sandbox, timeout=10_000
    )

    panel = show_first_run(console.window, context)
    assert "looking at the sandbox" not in panel.text.text()
    assert "profile “work”" in panel.text.text()
    qtbot.mouseClick(panel.explore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: context.connection is not None and context.connection.is_sandbox, timeout=10_000)
    assert not shiboken6.isValid(panel) or not panel.isVisible()

    again = show_first_run(console.window, context)
    assert "looking at the sandbox" in again.text.text()


def test_tabs_say_the_apps_failed_to_load_not_that_there_are_none(qtbot, console):
    context = console.context
    profile = Profile("away", f"http://127.0.0.1:{_closed_port()}")
    context.profiles.save(profile)
    context.connect_to(profile)
    qtbot.waitUntil(
        lambda: context.connection is not None and not context.connection.is_sandbox, timeout=10_000
    )
    qtbot.waitUntil(
        lambda: not context.catalog.busy and bool(console.window.messages.messages), timeout=10_000
    )

    stack = open_tab(console.window, "Segments").segments.stack
    qtbot.waitUntil(lambda: "could not be loaded" in stack.empty_label.text(), timeout=5000)
    shown = stack.empty_label.text()
    assert "no apps yet" not in shown.lower()
