"""Issue 17, item 10: the "no system keyring" warning only where keys would go to the keyring."""

from __future__ import annotations

from keyring.backends import fail

from onesignal_desktop.keystore import KeyStore
from onesignal_desktop.keystore.state import KeyringKind
from onesignal_desktop.ui.shell.profiles import Profile
from onesignal_desktop.ui.shell.startup import build_console


def test_the_sandbox_shows_no_keyring_warning_but_a_profile_does(qtbot, settings, sandbox, tmp_path):
    keystore = KeyStore(fail.Keyring())
    console = build_console(settings=settings, keystore=keystore, sandbox=sandbox, data_dir=tmp_path / "data")
    qtbot.addWidget(console.window)
    console.window.show()
    bar = console.window.messages
    qtbot.waitUntil(lambda: console.context.catalog.loaded, timeout=10_000)
    qtbot.waitUntil(lambda: keystore.state.kind is KeyringKind.SESSION_ONLY, timeout=10_000)
    qtbot.wait(50)  # let the queued keyring-state signal arrive
    assert not any("No system keyring" in m for m in bar.messages), bar.messages

    profile = Profile("work", sandbox.base_url)
    console.context.profiles.save(profile)
    console.context.connect_to(profile)
    qtbot.waitUntil(lambda: any("No system keyring" in m for m in bar.messages), timeout=10_000)

    console.context.connect_to(None)  # back on the sandbox: the warning goes again
    qtbot.waitUntil(lambda: not any("No system keyring" in m for m in bar.messages), timeout=10_000)
    console.shutdown()
