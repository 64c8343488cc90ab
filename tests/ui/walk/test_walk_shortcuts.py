"""Issue 17, item 13: Quit in the menu (Ctrl+Q), and F1 lists every shortcut the window has."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from onesignal_desktop.ui.dialogs.shortcuts_dialog import ShortcutsDialog


def _menu(window, title: str) -> QMenu:
    return next(m for m in window.menuBar().findChildren(QMenu) if m.title() == title)


def test_f1_lists_every_shortcut_of_the_window(qtbot, console):
    window = console.window
    window.activateWindow()
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "shortcuts_dialog", None), ShortcutsDialog))
    dialog = window.shortcuts_dialog
    qtbot.waitUntil(dialog.isVisible)
    shown = " | ".join(" ; ".join(row) for row in dialog.rows())
    for action in window.actions():
        for sequence in action.shortcuts():
            text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
            if text.startswith("Ctrl+") and text[5:].isdigit():
                assert f"{action.text()}"  # the Ctrl+1… row names the tabs instead
                assert window.tab_widget.tabText(int(text[5:]) - 1) in shown
                continue
            assert text in shown, f"{action.text()} ({text}) is not in the shortcuts list"
    assert "Esc" in shown and "Close the composer" in shown
    assert _menu(window, "&Help").actions()[0].text() == "Keyboard shortcuts"


def test_quit_is_in_the_console_menu_with_ctrl_q(qtbot, console):
    window = console.window
    quit_action = next(a for a in _menu(window, "&Console").actions() if a.text() == "Quit")
    assert quit_action.shortcut().toString() == "Ctrl+Q"
    quit_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible())
