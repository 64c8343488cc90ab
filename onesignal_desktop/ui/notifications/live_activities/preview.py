"""An iOS lock-screen preview of a Live Activity: the activity's heading and its content state."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


def state_lines(state: dict[str, Any]) -> list[str]:
    """The content state as the widget on the lock screen would show it: one ``key  value`` per line."""
    lines = []
    for key, value in state.items():
        label = str(key).replace("_", " ").capitalize()
        lines.append(f"{label}: {value}")
    return lines


class LockScreenPreview(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreenPreview")
        self.setFixedWidth(300)
        self.setStyleSheet(
            "#lockScreenPreview { background: #1c1c1e; border-radius: 22px; }"
            "QLabel { color: white; }"
            "#lockTime { font-size: 42px; font-weight: 300; }"
            "#activityCard { background: rgba(255,255,255,0.14); border-radius: 16px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 18, 16, 18)
        clock = QLabel("9:41")
        clock.setObjectName("lockTime")
        clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(clock)
        layout.addStretch(1)
        self.card = QFrame()
        self.card.setObjectName("activityCard")
        card_layout = QVBoxLayout(self.card)
        self.heading = QLabel()
        self.heading.setObjectName("activityHeading")
        self.heading.setStyleSheet("font-weight: 600;")
        self.state = QLabel()
        self.state.setObjectName("activityState")
        self.state.setWordWrap(True)
        self.badge = QLabel()
        self.badge.setObjectName("activityBadge")
        self.badge.setStyleSheet("color: #8e8e93;")
        for label in (self.heading, self.state, self.badge):
            card_layout.addWidget(label)
        layout.addWidget(self.card)
        self.setMinimumHeight(360)
        self.show_state("", {}, "")

    def show_state(self, heading: str, state: dict[str, Any], badge: str) -> None:
        self.heading.setText(heading or "Live Activity")
        self.state.setText("\n".join(state_lines(state)) or "(empty content state)")
        self.badge.setText(badge)
