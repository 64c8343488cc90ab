"""The Delivery section: now, at a moment, per time zone, or intelligent; throttling; when it arrives."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QDateTime, Qt, QTimeZone, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.compose.schedule import DEFAULT_PREVIEW_ZONES, DeliveryMode, Schedule, arrival_preview
from onesignal_desktop.ui.notifications.composer.fields import FieldRegistry, with_message
from onesignal_desktop.ui.notifications.composer.payload import ComposerForm, default_send_at
from onesignal_desktop.ui.notifications.composer.widgets import add_row, form_layout, hint, line

SECTION = "Delivery"
MODES: tuple[tuple[DeliveryMode, str, str], ...] = (
    ("now", "Send now", "As soon as you press Send."),
    ("at", "At a date and time", "Once, at the moment you pick, in the time zone you pick."),
    ("timezone", "At a time of day in each person's time zone", "People get it at that local time."),
    (
        "last_active",
        "Intelligent delivery",
        "Each person within 24 hours, at the time they usually use the app.",
    ),
)


def _zone_names() -> list[str]:
    return sorted(name for name in zoneinfo.available_timezones() if "/" in name or name == "UTC")


class DeliverySection(QWidget):
    changed = Signal()

    def __init__(
        self, registry: FieldRegistry, now: Callable[[], float], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._now = now
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(10)

        when_box = QGroupBox("When")
        when = QVBoxLayout(when_box)
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[DeliveryMode, QRadioButton] = {}
        for index, (mode, label, description) in enumerate(MODES):
            button = QRadioButton(label)
            button.setObjectName(f"delivery_{mode}")
            button.setToolTip(description)
            self.mode_group.addButton(button, index)
            self.mode_buttons[mode] = button
            when.addWidget(button)
        self.mode_buttons["now"].setChecked(True)

        self.at_panel = QWidget()
        at = form_layout(self.at_panel)
        at.setContentsMargins(24, 0, 0, 0)
        self.send_at = QDateTimeEdit()
        self.send_at.setObjectName("sendAt")
        self.send_at.setCalendarPopup(True)
        self.send_at.setDisplayFormat("yyyy-MM-dd  HH:mm")
        self.send_at.setTimeZone(QTimeZone.utc())  # the zone box says which zone it is; Qt must not shift it
        self.zone = QComboBox()
        self.zone.setObjectName("zone")
        self.zone.setEditable(True)
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.addItems(_zone_names())
        completer = QCompleter(self.zone.model(), self.zone)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.zone.setCompleter(completer)
        moment_row = QWidget()
        moment_layout = QHBoxLayout(moment_row)
        moment_layout.setContentsMargins(0, 0, 0, 0)
        moment_layout.addWidget(self.send_at, 1)
        moment_layout.addWidget(self.zone, 2)
        add_row(at, "Send at", moment_row, registry, "send_after", SECTION)
        when.addWidget(self.at_panel)

        self.tz_panel = QWidget()
        tz = form_layout(self.tz_panel)
        tz.setContentsMargins(24, 0, 0, 0)
        self.time_of_day = line("9:00AM or 21:45", "timeOfDay")
        add_row(
            tz, "Time of day", self.time_of_day, registry, ("delivery_time_of_day", "delayed_option"), SECTION
        )
        when.addWidget(self.tz_panel)
        outer.addWidget(when_box)

        self.throttle_box = QGroupBox("Throttling")
        throttle = form_layout(self.throttle_box)
        self.throttle = line("messages per minute (empty: the app's setting; 0: no limit)", "throttle")
        add_row(throttle, "Rate", self.throttle, registry, "throttle_rate_per_minute", SECTION)
        outer.addWidget(self.throttle_box)

        arrival_box = QGroupBox("When people get it")
        arrival_layout = QVBoxLayout(arrival_box)
        self.send_after_text = QLabel()
        self.send_after_text.setObjectName("sendAfterText")
        self.send_after_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.send_after_text.setWordWrap(True)
        arrival_layout.addWidget(self.send_after_text)
        self.arrival_grid = QGridLayout()
        self.arrival_grid.setHorizontalSpacing(16)
        self.arrival_labels: list[tuple[QLabel, QLabel]] = []
        for row, zone_name in enumerate(DEFAULT_PREVIEW_ZONES):
            city, when_label = QLabel(), QLabel()
            city.setText(zone_name.rsplit("/", 1)[-1].replace("_", " "))
            self.arrival_grid.addWidget(city, row, 0)
            self.arrival_grid.addWidget(when_label, row, 1)
            self.arrival_labels.append((city, when_label))
        self.arrival_grid.setColumnStretch(1, 1)
        arrival_layout.addLayout(self.arrival_grid)
        outer.addWidget(arrival_box)
        outer.addStretch(1)

        self.mode_group.idToggled.connect(lambda _id, checked: self._mode_toggled(checked))
        self.send_at.dateTimeChanged.connect(lambda _value: self.changed.emit())
        self.zone.currentTextChanged.connect(lambda _text: self.changed.emit())
        self.time_of_day.textChanged.connect(self.changed)
        self.throttle.textChanged.connect(self.changed)
        self._show_panels()

    def _mode_toggled(self, checked: bool) -> None:
        if checked:
            self._show_panels()
            self.changed.emit()

    def mode(self) -> DeliveryMode:
        for mode, button in self.mode_buttons.items():
            if button.isChecked():
                return mode
        return "now"

    def _show_panels(self) -> None:
        mode = self.mode()
        self.at_panel.setVisible(mode == "at")
        self.tz_panel.setVisible(mode == "timezone")

    def set_channel(self, channel: str) -> None:
        self.throttle_box.setVisible(channel == "push")

    def _wall(self) -> datetime:
        value = self.send_at.dateTime().toUTC()
        date, time = value.date(), value.time()
        return datetime(date.year(), date.month(), date.day(), time.hour(), time.minute())

    def _set_wall(self, wall: datetime) -> None:
        value = QDateTime.fromString(wall.strftime("%Y-%m-%dT%H:%M:00Z"), Qt.DateFormat.ISODate)
        value.setTimeZone(QTimeZone.utc())
        if value != self.send_at.dateTime():
            self.send_at.setDateTime(value)

    def read_into(self, form: ComposerForm) -> None:
        form.delivery = self.mode()
        form.zone = self.zone.currentText().strip() or "UTC"
        form.send_at = self._wall() if form.delivery == "at" else form.send_at
        form.time_of_day = self.time_of_day.text()
        form.throttle = self.throttle.text()

    def load(self, form: ComposerForm) -> None:
        if self.zone.currentText() != form.zone:
            self.zone.setCurrentText(form.zone)
        wall = form.send_at or default_send_at(datetime.fromtimestamp(self._now()).astimezone(), form.zone)
        self._set_wall(wall)
        self.mode_buttons[form.delivery].setChecked(True)
        if self.time_of_day.text() != form.time_of_day:
            self.time_of_day.setText(form.time_of_day)
        if self.throttle.text() != form.throttle:
            self.throttle.setText(form.throttle)
        self.set_channel(form.channel)
        self._show_panels()

    def show_arrivals(self, body: dict[str, object]) -> None:
        """The exact schedule fields going out, and when that reaches a few zones."""
        schedule = Schedule.from_body(body)
        fields = [
            f"{name}: {body[name]}"
            for name in ("send_after", "delayed_option", "delivery_time_of_day")
            if name in body
        ]
        self.send_after_text.setText(
            "Goes out as: " + "; ".join(fields)
            if fields
            else "Goes out as soon as you press Send (no send_after)."
        )
        if schedule.mode == "timezone" and schedule.time_of_day is None:
            for _city, label in self.arrival_labels:
                label.setText("— pick a time of day")
            return
        for (_city, label), arrival in zip(
            self.arrival_labels,
            arrival_preview(schedule, DEFAULT_PREVIEW_ZONES, now=self._now()),
            strict=True,
        ):
            label.setText(arrival.describe())


__all__ = ["MODES", "SECTION", "DeliverySection", "hint", "with_message"]
