"""Issue 17, item 8: New app takes typing into its Name at once, a Bundle ID alone is no .p8 error, and a
section's warning icon goes once its field is fixed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from onesignal_desktop.ui.apps.dialog import AppDialog

from .conftest import open_tab


def _new_app_dialog(qtbot, console) -> AppDialog:
    tab = open_tab(console.window, "Apps")
    console.window.activateWindow()
    tab.create_new()
    dialog = tab.last_dialog
    assert isinstance(dialog, AppDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    return dialog


def test_typing_goes_into_the_name_of_a_new_app(qtbot, console):
    dialog = _new_app_dialog(qtbot, console)
    qtbot.keyClicks(QApplication.focusWidget(), "Typed at once")
    assert dialog.form.fields["name"].text() == "Typed at once"


def test_a_bundle_id_alone_is_no_p8_error_and_fixed_sections_lose_their_warning(qtbot, console):
    dialog = _new_app_dialog(qtbot, console)
    form = dialog.form
    qtbot.keyClicks(form.fields["apns_bundle_id"], "com.example.news")
    qtbot.keyClicks(form.fields["chrome_web_origin"], "example.com")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert form.error_text("apns_p8") == "" and form.error_text("apns_key_id") == ""
    assert form.error_text("apns_team_id") == ""
    assert form.sections_with_problems() == ["General", "Web"]

    qtbot.keyClicks(form.fields["name"], "News")
    form.fields["chrome_web_origin"].clear()
    qtbot.keyClicks(form.fields["chrome_web_origin"], "https://example.com")
    assert form.sections_with_problems() == []
