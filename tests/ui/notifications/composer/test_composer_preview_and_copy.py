"""The live preview and the JSON view follow what is typed; copied snippets hide the key unless asked."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from .composer_steps import add_language, pick_segment, type_push, type_text
from .conftest import ComposerEnv


def test_the_preview_shows_what_was_typed_in_the_language_being_edited(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    type_push(qtbot, composer, "Flash sale", "Half price until midnight")
    assert composer.preview.ios.visible_texts()["title"] == "Flash sale"
    assert composer.preview.android.visible_texts()["message"] == "Half price until midnight"
    assert composer.preview.android.visible_texts()["app"] == "Composer Test"

    add_language(composer, "fr")
    type_push(qtbot, composer, "Soldes", "Moitié prix jusqu'à minuit", "fr")
    assert composer.preview_language.currentData() == "fr"
    assert composer.preview.web.visible_texts()["title"] == "Soldes"
    assert composer.preview.web.visible_texts()["message"] == "Moitié prix jusqu'à minuit"

    composer.content.languages.setCurrentIndex(0)
    assert composer.preview.ios.visible_texts()["message"] == "Half price until midnight"
    row = composer.content.buttons.add_pair()
    type_text(qtbot, row.first, "shop")
    type_text(qtbot, row.second, "Shop now")
    assert composer.preview.android.visible_texts()["buttons"] == ["Shop now"]


def test_the_json_view_is_the_exact_body(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    type_push(qtbot, composer, "Hi", "There")
    pick_segment(composer, "Subscribed Users")
    assert composer.json_view.isReadOnly()
    assert json.loads(composer.json_view.toPlainText()) == {
        "app_id": env.app_id,
        "headings": {"en": "Hi"},
        "contents": {"en": "There"},
        "included_segments": ["Subscribed Users"],
    }


def test_switching_to_sms_shows_sms_fields_and_preview(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    qtbot.mouseClick(composer.channel_buttons["sms"], Qt.MouseButton.LeftButton)
    assert composer.content.sms_box.isVisible() and not composer.content.buttons_box.isVisible()
    type_text(qtbot, composer.content.languages.pages["en"].message, "Your code is 1234")
    assert composer.preview.channel() == "sms"
    assert composer.preview.sms.visible_texts()["message"] == "Your code is 1234"
    assert "headings" not in composer.body


def test_copy_as_curl_hides_the_key_unless_revealed_on_purpose(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    type_push(qtbot, composer, "Hi", "There")
    real_key = env.sandbox.app_key(env.app_id)
    clipboard = QGuiApplication.clipboard()

    composer.copy_curl_action.trigger()
    copied = clipboard.text()
    assert copied.startswith("curl --request POST")
    assert f"{env.sandbox.base_url}/notifications" in copied
    assert "Authorization: Key YOUR_REST_API_KEY" in copied
    assert real_key not in copied

    composer.copy_python_action.trigger()
    assert "import httpx" in clipboard.text() and real_key not in clipboard.text()

    composer.copy_curl_key_action.trigger()
    box = composer.last_dialog
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert real_key not in clipboard.text()

    composer.copy_curl_key_action.trigger()
    box = composer.last_dialog
    assert isinstance(box, QMessageBox)
    reveal = box.findChild(type(box.button(QMessageBox.StandardButton.Cancel)), "revealKeyButton")
    reveal.click()
    assert real_key in clipboard.text()
