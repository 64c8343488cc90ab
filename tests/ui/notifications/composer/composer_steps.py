"""What a person does in the composer, as steps the tests share."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from onesignal_desktop.ui.notifications.composer.window import ComposerWindow, ConfirmSendDialog


def type_text(qtbot, editor: QWidget, text: str) -> None:
    """Type like a person; QtTest only types ASCII, so other text arrives as an input method would."""
    editor.setFocus()
    if text.isascii() and "\n" not in text:
        qtbot.keyClicks(editor, text)
    elif isinstance(editor, QLineEdit):
        editor.insert(text)
    else:
        assert isinstance(editor, QPlainTextEdit)
        editor.insertPlainText(text)


def type_push(qtbot, composer: ComposerWindow, title: str, message: str, language: str = "en") -> None:
    page = composer.content.languages.pages[language]
    type_text(qtbot, page.title, title)
    type_text(qtbot, page.message, message)


def add_language(composer: ComposerWindow, code: str) -> None:
    tabs = composer.content.languages
    tabs.add_menu.aboutToShow.emit()  # the menu lists the languages not added yet
    (action,) = [action for action in tabs.add_menu.actions() if action.text().endswith(f"({code})")]
    action.trigger()


def pick_segment(composer: ComposerWindow, name: str) -> None:
    composer.sections.setCurrentWidget(composer.sections.widget(1))
    (item,) = composer.audience.include.list.findItems(name, Qt.MatchFlag.MatchExactly)
    item.setCheckState(Qt.CheckState.Checked)


def choose_delivery(qtbot, composer: ComposerWindow, mode: str) -> None:
    composer.sections.setCurrentIndex(2)
    button = composer.delivery.mode_buttons[mode]  # type: ignore[index]
    # A radio button reacts to clicks on its circle and label, not on the empty space beside them.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    assert composer.form.delivery == mode


def confirm(qtbot, composer: ComposerWindow, *, double_click: bool = False) -> ConfirmSendDialog:
    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    dialog = composer.last_dialog
    assert isinstance(dialog, ConfirmSendDialog), composer.summary.text()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    if double_click:  # the second click of a double click lands on the Send button again
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    return dialog


def wait_for_outcome(qtbot, composer: ComposerWindow) -> str:
    qtbot.waitUntil(
        lambda: composer.last_outcome is not None and not composer.controller.busy, timeout=15_000
    )
    return composer.result_text()
