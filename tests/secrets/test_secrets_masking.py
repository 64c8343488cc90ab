"""Key fields are masked by default, wherever a key can be typed or is shown; showing one is a choice.

Every line edit labelled as a key, password or secret in the Keys dialog, the app form (creating and
editing), the account dialog and the new-key dialog starts masked; with a key typed in, nothing on screen
shows it; "Show" reveals it and a fresh dialog is masked again.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QFormLayout, QLabel, QLayout, QLayoutItem, QLineEdit, QWidget
from secrets_support import LeakScanner, new_canary

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.ui.apps.api_keys.dialogs import NewKeyDialog
from onesignal_desktop.ui.apps.dialog import AppDialog
from onesignal_desktop.ui.dialogs.first_run import ConnectAccountDialog

SECRET_LABEL = re.compile(r"\b(key|password|secret|token)\b", re.IGNORECASE)
NOT_SECRET_LABEL = re.compile(r"key id|\.p8 key|app id", re.IGNORECASE)


def edits_in(item: QLayoutItem | None) -> list[QLineEdit]:
    if item is None:
        return []
    widget = item.widget()
    if widget is not None:
        return [widget] if isinstance(widget, QLineEdit) else widget.findChildren(QLineEdit)
    layout = item.layout()
    if isinstance(layout, QLayout):
        return [edit for index in range(layout.count()) for edit in edits_in(layout.itemAt(index))]
    return []


def secret_fields(root: QWidget) -> dict[str, QLineEdit]:
    """Line edits whose form label says they hold a key, password or secret."""
    found: dict[str, QLineEdit] = {}
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            widget = label.widget() if label is not None else None
            text = widget.text() if isinstance(widget, QLabel) else ""
            if SECRET_LABEL.search(text) and not NOT_SECRET_LABEL.search(text):
                for edit in edits_in(form.itemAt(row, QFormLayout.ItemRole.FieldRole)):
                    found[f"{text} #{len(found)}"] = edit
    return found


def on_screen(root: QWidget) -> list[str]:
    """What a person sees: labels, buttons, and line edits as displayed (dots for masked ones)."""
    widgets = [root, *root.findChildren(QWidget)]
    texts = [w.windowTitle() for w in widgets] + [w.toolTip() for w in widgets]
    texts += [w.text() for w in widgets if isinstance(w, QLabel | QAbstractButton)]
    texts += [w.displayText() for w in widgets if isinstance(w, QLineEdit)]
    return [text for text in texts if text]


def assert_masked_with_key_typed(root: QWidget, expected: int) -> str:
    fields = secret_fields(root)
    assert len(fields) == expected, list(fields)
    key = "os_v2_app_" + new_canary()
    for label, edit in fields.items():
        assert edit.echoMode() == QLineEdit.EchoMode.Password, label
        edit.setText(key)
    scanner = LeakScanner({"typed key": key})
    scanner.scan_texts("on screen", on_screen(root))
    assert scanner.hits == []
    return key


def test_the_keys_dialog_masks_both_keys_until_show_is_ticked(qtbot: Any, console: Any) -> None:
    console.window.open_keys_dialog()
    dialog = console.window.keys_dialog
    key = assert_masked_with_key_typed(dialog, expected=2)
    dialog.org_row.show_box.setChecked(True)
    assert dialog.org_row.edit.echoMode() == QLineEdit.EchoMode.Normal
    assert key in on_screen(dialog)  # the person asked to see it
    assert dialog.app_row.edit.echoMode() == QLineEdit.EchoMode.Password  # only the one asked for
    dialog.org_row.show_box.setChecked(False)
    assert key not in on_screen(dialog)
    dialog.org_row.show_box.setChecked(True)
    dialog.close()
    console.window.open_keys_dialog()
    again = console.window.keys_dialog
    assert again is not dialog
    assert again.org_row.edit.echoMode() == QLineEdit.EchoMode.Password
    again.close()


def test_the_app_form_masks_credentials_when_creating_and_editing(
    qtbot: Any, console: Any, sandbox: Any
) -> None:
    create = AppDialog(console.context, None, console.window)
    qtbot.addWidget(create)
    # Certificate password, legacy server key, Huawei app secret.
    assert_masked_with_key_typed(create, expected=3)

    with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key) as client:
        app = client.create_app({"name": "Has secrets", "gcm_key": "legacy-server-key-value"})
        stored = client.get_app(app.id)
    edit = AppDialog(console.context, stored, console.window)
    qtbot.addWidget(edit)
    for label, field in secret_fields(edit).items():
        assert field.text() == "", f"{label} is never filled from the server"
    assert stored.basic_auth_key and stored.basic_auth_key not in " ".join(on_screen(edit))
    assert "legacy-server-key-value" not in " ".join(on_screen(edit))
    assert_masked_with_key_typed(edit, expected=3)


def test_the_account_dialog_masks_the_organization_and_app_keys(qtbot: Any, console: Any) -> None:
    dialog = ConnectAccountDialog(console.context, console.window)
    qtbot.addWidget(dialog)
    key = assert_masked_with_key_typed(dialog, expected=2)
    dialog.show_key_box.setChecked(True)
    assert key in on_screen(dialog)
    assert dialog.app_key_edit.echoMode() == QLineEdit.EchoMode.Password


def test_a_new_api_key_is_shown_masked_and_forgotten_on_close(qtbot: Any, console: Any) -> None:
    key = "os_v2_app_" + new_canary()
    dialog = NewKeyDialog(
        key, key_name="Fresh", rotated=False, stored_where="in memory", parent=console.window
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.secret_edit.echoMode() == QLineEdit.EchoMode.Password
    scanner = LeakScanner({"new key": key})
    scanner.scan_texts("on screen", on_screen(dialog))
    scanner.scan_text("repr", repr(dialog))
    assert scanner.hits == []
    dialog.show_box.setChecked(True)
    assert key in on_screen(dialog)
    dialog.close()  # shown once: closing forgets it
    assert key not in on_screen(dialog) and key not in repr(vars(dialog))
