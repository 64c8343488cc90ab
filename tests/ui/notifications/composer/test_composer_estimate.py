"""The audience estimate beside Send, over real HTTP against the sandbox: per channel, updated shortly
after each audience edit (a newer edit cancels the older request), and shown in the confirmation."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from onesignal_desktop.ui.notifications.composer.estimate import DEBOUNCE_MS

from .composer_steps import pick_segment, type_push
from .conftest import PLAYERS, ComposerEnv


def add_emails(env: ComposerEnv, count: int) -> None:
    for index in range(count):
        env.client.create_player(
            {"app_id": env.app_id, "device_type": 11, "identifier": f"r{index}@example.com"}
        )


def test_estimate_per_channel_follows_the_audience(qtbot, env: ComposerEnv) -> None:
    add_emails(env, 2)
    composer = env.open(qtbot)
    estimate = composer.estimate
    qtbot.waitUntil(lambda: estimate.text() == "No audience yet", timeout=5_000)
    started = time.monotonic()
    pick_segment(composer, "Subscribed Users")
    qtbot.waitUntil(lambda: estimate.text().startswith("≈"), timeout=5_000)
    elapsed = time.monotonic() - started
    assert estimate.text() == f"≈ {PLAYERS} push · 2 email · 0 sms"
    assert DEBOUNCE_MS < 500 and elapsed < 3.0  # 500 ms by design; generous for a loaded test machine
    assert estimate.isVisible() and composer.send_button.isVisible()
    # Untick it again: nobody is targeted any more.
    (item,) = composer.audience.include.list.findItems("Subscribed Users", Qt.MatchFlag.MatchExactly)
    item.setCheckState(Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: estimate.text() == "No audience yet", timeout=5_000)


def test_a_newer_edit_cancels_the_request_still_on_its_way(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    estimate = composer.estimate
    pick_segment(composer, "Subscribed Users")
    estimate.timer.stop()
    estimate._ask()  # the debounced request starts now
    first = estimate._task
    assert first is not None
    pick_segment(composer, "Active Users")
    assert first.cancelled  # its answer would be for the audience before this edit
    qtbot.waitUntil(lambda: estimate.text().startswith("≈"), timeout=5_000)
    assert estimate.counts == {"push": PLAYERS, "email": 0, "sms": 0}


def test_the_confirmation_shows_the_estimate(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    type_push(qtbot, composer, "Hello", "World")
    pick_segment(composer, "Subscribed Users")
    qtbot.waitUntil(lambda: composer.estimate.counts is not None, timeout=5_000)
    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    dialog = composer.last_dialog
    assert dialog is not None
    summary = dialog.findChild(QLabel, "confirmSummary")
    assert summary is not None
    assert f"Estimated recipients: {PLAYERS} push · 0 email · 0 sms" in summary.text()
    dialog.reject()
    assert env.notifications() == []  # estimating sent nothing
