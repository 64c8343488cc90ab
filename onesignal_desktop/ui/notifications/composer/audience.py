"""The Audience section: segments to include and exclude, filters, or specific people.

OneSignal takes one way of choosing the audience per notification (segments, filters, or explicit
recipients); the section lets any of them be filled and the checks say, next to the field, when two are
mixed, so a duplicated notification shows exactly what it had.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.compose.preflight import AUDIENCE, Channel
from onesignal_desktop.compose.problems import Problem
from onesignal_desktop.ui.notifications.composer.fields import FieldMessage, FieldRegistry, with_message
from onesignal_desktop.ui.notifications.composer.payload import ALIAS_LABELS, ComposerForm
from onesignal_desktop.ui.notifications.composer.widgets import LinesEdit, add_row, form_layout, hint, line
from onesignal_desktop.ui.segments.filter_builder import FilterBuilder

SECTION = "Audience"
CHANNEL_WORDS = {"push": "push", "email": "email", "sms": "SMS"}
MIN_VISIBLE_ROWS = 3
MAX_VISIBLE_ROWS = 8


class SegmentPicker(QWidget):
    """A checkable list of the app's segments, plus names typed by hand."""

    changed = Signal()

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.list = QListWidget()
        self.list.setObjectName(object_name)
        self._fit_height()
        layout.addWidget(self.list)
        self.typed = line("Add a segment by name and press Enter")
        self.typed.returnPressed.connect(self._add_typed)
        layout.addWidget(self.typed)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())

    def _add_typed(self) -> None:
        name = self.typed.text().strip()
        if name:
            self._item(name).setCheckState(Qt.CheckState.Checked)
            self.typed.clear()

    def _item(self, name: str) -> QListWidgetItem:
        found = self.list.findItems(name, Qt.MatchFlag.MatchExactly)
        if found:
            return found[0]
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        self.list.addItem(item)
        self._fit_height()
        return item

    def _fit_height(self) -> None:
        """As tall as its rows: a few segments get a short list, many a scrolling one."""
        rows = min(max(self.list.count(), MIN_VISIBLE_ROWS), MAX_VISIBLE_ROWS)
        row_height = max(self.list.sizeHintForRow(0), self.list.fontMetrics().height() + 2)  # -1: no rows
        self.list.setFixedHeight(rows * row_height + 2 * self.list.frameWidth() + 4)

    def set_known(self, names: list[str]) -> None:
        blocked = self.list.blockSignals(True)
        try:
            for name in names:
                self._item(name)
        finally:
            self.list.blockSignals(blocked)

    def checked(self) -> list[str]:
        return [
            self.list.item(row).text()
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, names: list[str]) -> None:
        if names == self.checked():
            return
        blocked = self.list.blockSignals(True)
        try:
            for name in names:
                self._item(name)
            for row in range(self.list.count()):
                item = self.list.item(row)
                item.setCheckState(Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked)
        finally:
            self.list.blockSignals(blocked)
        self.changed.emit()


class AudienceSection(QWidget):
    changed = Signal()

    def __init__(self, registry: FieldRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._channel: Channel = "push"
        self.segments_state = "unknown"  # loading, loaded, failed
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(10)
        intro = hint(
            "Choose one way: segments, filters, or specific people. OneSignal refuses a mix of them."
        )
        self.audience_message = FieldMessage()
        self.audience_message.setObjectName("audienceMessage")
        outer.addWidget(intro)
        outer.addWidget(self.audience_message)
        registry.register(AUDIENCE, self, self.audience_message, SECTION)

        segments_box = QGroupBox("Segments")
        grid = QGridLayout(segments_box)
        self.segments_status = hint("")
        self.include = SegmentPicker("includedSegments")
        self.exclude = SegmentPicker("excludedSegments")
        include_box, include_message = with_message(self.include)
        exclude_box, exclude_message = with_message(self.exclude)
        grid.addWidget(QLabel("Send to"), 0, 0)
        grid.addWidget(QLabel("Leave out"), 0, 1)
        grid.addWidget(include_box, 1, 0)
        grid.addWidget(exclude_box, 1, 1)
        grid.addWidget(self.segments_status, 2, 0, 1, 2)
        registry.register("included_segments", self.include, include_message, SECTION)
        registry.register("excluded_segments", self.exclude, exclude_message, SECTION)
        registry.register("segments", self.include, include_message, SECTION)
        outer.addWidget(segments_box)

        filters_box = QGroupBox("Filters")
        filters_layout = QVBoxLayout(filters_box)
        self.filters = FilterBuilder()
        self.filters.setObjectName("filterBuilder")
        self.filters.set_empty_text(
            "No filters. Filters pick people by tags, language, sessions and more, instead of segments."
        )
        self.filters.set_json_controls_visible(False)
        self.filters.setMinimumHeight(150)
        filters_box_inner, filters_message = with_message(self.filters)
        filters_layout.addWidget(filters_box_inner)
        registry.register(
            "filters", self.filters, None, SECTION, handler=self._filter_handler(filters_message)
        )
        outer.addWidget(filters_box)

        people_box = QGroupBox("Specific people")
        people = form_layout(people_box)
        self.subscription_ids = LinesEdit("Subscription (player) ids, one per line")
        self.subscription_ids.setObjectName("subscriptionIds")
        add_row(
            people,
            "Subscriptions",
            self.subscription_ids,
            registry,
            ("include_subscription_ids", "include_player_ids"),
            SECTION,
        )
        self.alias_label = QComboBox()
        self.alias_label.setObjectName("aliasLabel")
        self.alias_label.setEditable(True)
        self.alias_label.addItems(list(ALIAS_LABELS))
        self.alias_label.setToolTip("external_id is your own user id; any other alias label can be typed")
        add_row(people, "Alias", self.alias_label, registry, "target_channel", SECTION)
        self.alias_ids = LinesEdit("User ids under that alias, one per line")
        self.alias_ids.setObjectName("aliasIds")
        self.channel_note = hint("")
        add_row(
            people,
            "Users",
            self.alias_ids,
            registry,
            ("include_aliases", "include_external_user_ids"),
            SECTION,
        )
        people.addRow("", self.channel_note)
        outer.addWidget(people_box)
        outer.addStretch(1)

        self.include.changed.connect(self.changed)
        self.exclude.changed.connect(self.changed)
        self.filters.changed.connect(self.changed)
        self.subscription_ids.textChanged.connect(self.changed)
        self.alias_ids.textChanged.connect(self.changed)
        self.alias_label.currentTextChanged.connect(self.changed)
        self.reload_button = QPushButton("Reload segments")
        self.reload_button.setAutoDefault(False)
        grid.addWidget(self.reload_button, 2, 1, Qt.AlignmentFlag.AlignRight)
        self.set_channel("push")

    def _filter_handler(self, message: FieldMessage) -> Callable[[list[Problem]], None]:
        def show(problems: list[Problem]) -> None:
            self.filters.clear_errors()
            whole = [problem for problem in problems if problem.field == "filters"]
            for problem in problems:
                parts = problem.field.split(".")
                if len(parts) > 1 and parts[1].isdigit():
                    self.filters.set_row_error(int(parts[1]), problem.message)
            message.show_problems(whole)

        return show

    def set_segments_loading(self) -> None:
        self.segments_state = "loading"
        self.segments_status.setText("Loading the app's segments…")

    def set_segments(self, names: list[str]) -> None:
        self.segments_state = "loaded"
        self.include.set_known(names)
        self.exclude.set_known(names)
        self.segments_status.setText(
            f"{len(names)} segment{'s' if len(names) != 1 else ''} in this app."
            if names
            else "This app has no segments yet."
        )

    def set_segments_failed(self, message: str) -> None:
        self.segments_state = "failed"
        self.segments_status.setText(f"Couldn't load the segments: {message}. You can still type names.")

    def set_channel(self, channel: Channel) -> None:
        self._channel = channel
        self.channel_note.setText(
            f"Sent to these users' {CHANNEL_WORDS[channel]} subscriptions (target_channel)."
        )

    def read_into(self, form: ComposerForm) -> None:
        form.included_segments = self.include.checked()
        form.excluded_segments = self.exclude.checked()
        form.filters = self.filters.filters()
        form.subscription_ids = self.subscription_ids.entries()
        form.alias_label = self.alias_label.currentText().strip() or "external_id"
        form.alias_ids = self.alias_ids.entries()

    def load(self, form: ComposerForm) -> None:
        self.include.set_checked(form.included_segments)
        self.exclude.set_checked(form.excluded_segments)
        if form.filters != self.filters.filters():
            self.filters.set_filters(form.filters)
        self.subscription_ids.set_entries(form.subscription_ids)
        if self.alias_label.currentText() != form.alias_label:
            self.alias_label.setCurrentText(form.alias_label)
        self.alias_ids.set_entries(form.alias_ids)
        self.set_channel(form.channel)
