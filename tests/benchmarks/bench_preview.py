"""Benchmark: what one keystroke in the composer costs the live preview (every platform's card redrawn).

Run: ``python3 -m pytest tests/benchmarks/bench_preview.py -s``.

Baseline, in the same run: the same keystrokes typed into a bare QLabel (``setText`` + an event-loop turn),
the least any preview could cost. Goal: a keystroke's preview update fits well inside a 60 Hz frame.
"""

from __future__ import annotations

import time

import _harness
from PySide6.QtWidgets import QApplication, QLabel

from onesignal_desktop.ui.notifications.preview import NotificationPreview

BENCH = "composer preview"
MESSAGE = "The quick brown fox jumps over the lazy dog. " * 6
ROUNDS = 7


def _per_keystroke(show: object) -> float:
    lengths = range(1, len(MESSAGE) + 1, 2)
    started = time.perf_counter()
    for length in lengths:
        show(MESSAGE[:length])  # type: ignore[operator]
        QApplication.processEvents()
    return (time.perf_counter() - started) / len(lengths)


def test_a_keystroke_redraws_the_preview_within_a_frame() -> None:
    _harness.application()
    preview = NotificationPreview(app_name="Acme Shop")
    label = QLabel()
    preview.show()
    label.show()

    def typed_into_preview(text: str) -> None:
        preview.set_payload({"headings": {"en": "Typing"}, "contents": {"en": text}})

    rounds = [
        {"preview": _per_keystroke(typed_into_preview), "label": _per_keystroke(label.setText)}
        for _ in range(ROUNDS)
    ]
    figures = _harness.median_of(rounds)
    assert preview.web.visible_texts()["message"] == MESSAGE[: range(1, len(MESSAGE) + 1, 2)[-1]]
    print(
        _harness.record(
            BENCH,
            "one keystroke, every card redrawn",
            figures["preview"] * 1000,
            "ms",
            baseline=figures["label"] * 1000,
            baseline_name="a bare QLabel's setText",
            goal=_harness.FRAME_MS / 2,
        )
    )
    preview.close()
    label.close()
