"""Issue 17, item 13: Esc and Ctrl+W close the composer, and the draft is kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from .composer_steps import type_push
from .conftest import ComposerEnv


@pytest.mark.parametrize(
    "keys",
    [
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    ],
)
def test_esc_or_ctrl_w_closes_the_composer_keeping_the_draft(qtbot, env: ComposerEnv, keys) -> None:
    composer = env.open(qtbot)
    composer.activateWindow()
    type_push(qtbot, composer, "Kept title", "Kept message")
    focused = composer.focusWidget() or composer
    qtbot.keyClick(focused, keys[0], keys[1])
    qtbot.waitUntil(lambda: not composer.isVisible())
    drafts = composer.services.drafts.drafts()
    assert [draft.title for draft in drafts] == ["Kept title"]
