"""The audience estimate beside Send: how many each channel would reach, asked of OneSignal's
count-unsaved as the audience is edited (debounced; a newer edit cancels the older request)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from onesignal_desktop.bridge import CancelToken, Task, TaskScope

ESTIMATE_AUDIENCE = "Estimate the audience"
DEBOUNCE_MS = 250  # with the answer (~tens of ms on the sandbox) well within 500 ms of the edit
CHANNELS = ("push", "email", "sms")
TARGETING = ("included_segments", "excluded_segments", "filters", "include_aliases")
LISTED = ("include_subscription_ids", "include_player_ids", "include_external_user_ids")


def estimate_request(body: dict[str, Any], channel: str) -> dict[str, Any] | None:
    """The count-unsaved body for ``body``'s audience on ``channel``; None when it names nobody by
    segments, filters or aliases (nothing to ask)."""
    targeting = {key: body[key] for key in TARGETING if body.get(key)}
    if (
        not targeting.get("included_segments")
        and not targeting.get("filters")
        and not targeting.get("include_aliases")
    ):
        return None
    return {"app_id": body.get("app_id"), **targeting, "target_channel": channel}


def describe_counts(counts: dict[str, int]) -> str:
    return " · ".join(f"{counts[channel]:,} {channel}" for channel in CHANNELS if channel in counts)


class AudienceEstimate(QLabel):
    """``≈ 1,234 push · 56 email · 7 sms`` for the audience being edited."""

    estimated = Signal(object)  # dict channel -> count, when an answer arrives

    def __init__(self, scope: TaskScope, client: Callable[[], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audienceEstimate")
        self.setToolTip("Estimated recipients per channel for this audience, if it were sent now")
        self._scope = scope
        self._client = client
        self._body: dict[str, Any] = {}
        self._asked: tuple[Any, ...] | None = None
        self._task: Task | None = None
        self.counts: dict[str, int] | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._ask)
        self.setText("")

    def audience_changed(self, body: dict[str, Any]) -> None:
        """The body changed: ask again shortly unless its audience is what was asked last."""
        self._body = body
        key = _audience_key(body)
        if key == self._asked:
            return
        if self._task is not None:
            self._task.cancel()  # its answer is for an audience no longer being edited
            self._task = None
        self.timer.start()

    def summary(self) -> str:
        """The estimate for the confirmation dialog ("" when there is none)."""
        return describe_counts(self.counts) if self.counts else ""

    def _ask(self) -> None:
        body = dict(self._body)
        self._asked = _audience_key(body)
        listed = next((body[key] for key in LISTED if body.get(key)), None)
        if listed is not None:
            self.counts = None
            self.setText(f"{len(listed):,} listed by id")
            return
        if estimate_request(body, "push") is None or not body.get("app_id"):
            self.counts = None
            self.setText("No audience yet")
            return
        try:
            client = self._client()
        except Exception:
            self.setText("Estimate unavailable (not connected)")
            return
        self.setText("Estimating…")

        def work(token: CancelToken) -> dict[str, int]:
            counts: dict[str, int] = {}
            with client.cancellation(lambda: token.cancelled):
                for channel in CHANNELS:
                    token.check()
                    request = estimate_request(body, channel)
                    assert request is not None
                    counts[channel] = int(client.estimate_notification_recipients(request).count or 0)
            return counts

        self._task = self._scope.run(ESTIMATE_AUDIENCE, work, on_finished=self._show, on_failed=self._failed)

    def _show(self, counts: dict[str, int]) -> None:
        self._task = None
        self.counts = counts
        self.setText("≈ " + describe_counts(counts))
        self.estimated.emit(counts)

    def _failed(self, error: BaseException) -> None:
        self._task = None
        self._asked = None  # ask again on the next edit
        self.counts = None
        message = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        self.setText(f"Estimate unavailable: {message}")


def _audience_key(body: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(json.dumps(body.get(key), sort_keys=True) for key in ("app_id", *TARGETING, *LISTED))
