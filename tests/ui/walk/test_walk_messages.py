"""Issue 17, item 2: a message bar goes when its cause is gone, and never contradicts a newer one."""

from __future__ import annotations

import socket

from onesignal_desktop.keystore import KeyRef
from onesignal_desktop.ui.shell.profiles import Profile


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_setting_the_key_replaces_the_missing_key_message_instead_of_stacking(qtbot, console, keystore):
    window, context = console.window, console.context
    profile = Profile("staging", f"http://127.0.0.1:{_closed_port()}", "Key")
    context.profiles.save(profile)
    context.connect_to(profile)
    qtbot.waitUntil(
        lambda: any("organization API key" in m for m in window.messages.messages), timeout=10_000
    )

    context.connection.store_key(KeyRef.organization("staging"), "org-key-for-a-server-that-is-away")
    context.catalog.reload()
    qtbot.waitUntil(lambda: any("could not reach" in m for m in window.messages.messages), timeout=10_000)

    load_apps = [m for m in window.messages.messages if m.startswith("Load apps failed")]
    assert len(load_apps) == 1, window.messages.messages
    assert "organization API key" not in load_apps[0]
    # The server's own words keep their parentheses; the console adds none around them.
    assert "((" not in load_apps[0] and "))" not in load_apps[0]


def test_a_new_connection_takes_the_old_servers_messages_away(qtbot, console):
    window, context = console.window, console.context
    profile = Profile("away", f"http://127.0.0.1:{_closed_port()}", "Key")
    context.profiles.save(profile)
    context.connect_to(profile)
    qtbot.waitUntil(lambda: bool(window.messages.messages), timeout=10_000)
    # An operation of the old server that nobody repeats on the new one:
    from onesignal_desktop.api.errors import TransportError

    context.report_error("Load the audit log", TransportError("connection refused"))
    assert any(m.startswith("Load the audit log failed") for m in window.messages.messages)

    context.connect_to(None)
    qtbot.waitUntil(lambda: context.connection is not None and context.connection.is_sandbox, timeout=10_000)
    qtbot.waitUntil(lambda: context.catalog.loaded, timeout=10_000)
    assert window.messages.messages == []
    assert window.messages.isHidden()
