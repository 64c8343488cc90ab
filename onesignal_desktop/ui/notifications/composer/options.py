"""The Options section: how a push is delivered on each platform (TTL, priority, iOS and Android extras)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QVBoxLayout, QWidget

from onesignal_desktop.compose.preflight import MAX_COLLAPSE_ID, MAX_TTL_SECONDS
from onesignal_desktop.ui.notifications.composer.fields import FieldRegistry
from onesignal_desktop.ui.notifications.composer.payload import ComposerForm
from onesignal_desktop.ui.notifications.composer.widgets import add_row, group, hint, line

SECTION = "Options"
BADGE_TYPES = (
    ("", "Leave the badge alone"),
    ("Increase", "Increase by"),
    ("SetTo", "Set to"),
    ("None", "Clear"),
)


class OptionsSection(QWidget):
    changed = Signal()

    def __init__(self, registry: FieldRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(10)
        self.push_note = hint("These options apply to push notifications only.")
        outer.addWidget(self.push_note)

        delivery_box, delivery = group("Delivery")
        self.ttl = line(f"seconds, up to {MAX_TTL_SECONDS:,} (28 days; default 3 days)", "ttl")
        self.priority = line("10 = high (wakes the device), 5 = normal", "priority")
        self.collapse_id = line(
            f"a later notification with this id replaces this one (max {MAX_COLLAPSE_ID})", "collapse_id"
        )
        add_row(delivery, "Time to live", self.ttl, registry, "ttl", SECTION)
        add_row(delivery, "Priority", self.priority, registry, "priority", SECTION)
        add_row(delivery, "Collapse id", self.collapse_id, registry, "collapse_id", SECTION)
        outer.addWidget(delivery_box)

        ios_box, ios = group("iOS")
        self.badge_type = QComboBox()
        self.badge_type.setObjectName("ios_badgeType")
        for value, label in BADGE_TYPES:
            self.badge_type.addItem(label, value)
        self.badge_count = line("number", "ios_badgeCount")
        self.ios_sound = line("sound file in the app bundle, e.g. ping.aiff", "ios_sound")
        self.ios_category = line("notification category id", "ios_category")
        self.thread_id = line("groups notifications in Notification Center", "thread_id")
        add_row(ios, "Badge", self.badge_type, registry, "ios_badgeType", SECTION)
        add_row(ios, "Badge count", self.badge_count, registry, "ios_badgeCount", SECTION)
        add_row(ios, "Sound", self.ios_sound, registry, "ios_sound", SECTION)
        add_row(ios, "Category", self.ios_category, registry, "ios_category", SECTION)
        add_row(ios, "Thread id", self.thread_id, registry, "thread_id", SECTION)
        outer.addWidget(ios_box)

        android_box, android = group("Android")
        self.android_channel = line("notification channel id (a UUID from OneSignal)", "android_channel_id")
        add_row(android, "Channel", self.android_channel, registry, "android_channel_id", SECTION)
        outer.addWidget(android_box)
        outer.addStretch(1)
        self.boxes = (delivery_box, ios_box, android_box)

        for edit in self._lines():
            edit.textChanged.connect(self.changed)
        self.badge_type.currentIndexChanged.connect(self.changed)

    def _lines(self) -> tuple[QLineEdit, ...]:
        return (
            self.ttl,
            self.priority,
            self.collapse_id,
            self.badge_count,
            self.ios_sound,
            self.ios_category,
            self.thread_id,
            self.android_channel,
        )

    def set_channel(self, channel: str) -> None:
        for box in self.boxes:
            box.setEnabled(channel == "push")
        self.push_note.setText(
            "These options apply to push notifications only."
            if channel == "push"
            else "These options apply to push notifications only; they are not sent with this channel."
        )

    def read_into(self, form: ComposerForm) -> None:
        form.ttl = self.ttl.text()
        form.priority = self.priority.text()
        form.collapse_id = self.collapse_id.text()
        form.ios_badge_type = str(self.badge_type.currentData() or "")
        form.ios_badge_count = self.badge_count.text()
        form.ios_sound = self.ios_sound.text()
        form.ios_category = self.ios_category.text()
        form.thread_id = self.thread_id.text()
        form.android_channel_id = self.android_channel.text()

    def load(self, form: ComposerForm) -> None:
        values = (
            form.ttl,
            form.priority,
            form.collapse_id,
            form.ios_badge_count,
            form.ios_sound,
            form.ios_category,
            form.thread_id,
            form.android_channel_id,
        )
        for edit, value in zip(self._lines(), values, strict=True):
            if edit.text() != value:
                edit.setText(value)
        index = self.badge_type.findData(form.ios_badge_type)
        if index < 0:
            self.badge_type.addItem(form.ios_badge_type, form.ios_badge_type)
            index = self.badge_type.count() - 1
        self.badge_type.setCurrentIndex(index)
        self.set_channel(form.channel)
