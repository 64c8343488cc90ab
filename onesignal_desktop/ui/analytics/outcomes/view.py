"""The Outcomes page: pick outcomes, a time range, platforms and attributions; see a table and charts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.ui.analytics.outcomes.chart import OutcomeChart
from onesignal_desktop.ui.analytics.outcomes.query import (
    AGGREGATIONS,
    ATTRIBUTION_LABELS,
    ATTRIBUTIONS,
    BUILTIN_OUTCOMES,
    PLATFORMS,
    TIME_RANGES,
    OutcomeQuery,
    OutcomeTable,
    custom_outcome_name,
    format_value,
    label_of,
    ordered,
)
from onesignal_desktop.ui.common.empty_state import EmptyStack
from onesignal_desktop.ui.common.form_fields import error_label
from onesignal_desktop.ui.common.subview import AppSubView
from onesignal_desktop.ui.shell.context import ConsoleContext

NAME_ROLE = Qt.ItemDataRole.UserRole
DEFAULT_NAMES = ("os__click.count", "os__session_duration.count")
SETTINGS_KEY = "outcomes/custom_names"
DEBOUNCE_MS = 250


def _checkable(text: str, data: Any, checked: bool) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(NAME_ROLE, data)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def _checked(widget: QListWidget) -> list[Any]:
    return [
        widget.item(row).data(NAME_ROLE)
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    ]


class OutcomesView(AppSubView):
    title = "Outcomes"
    busy_text = "Loading outcomes…"

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.table_data: OutcomeTable | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)

        self.names_list = QListWidget()
        self.names_list.setObjectName("outcomeNames")
        self.names_list.setToolTip("Tick the outcomes to show. Delete removes a custom one.")
        for name, label in BUILTIN_OUTCOMES:
            self.names_list.addItem(_checkable(label, name, name in DEFAULT_NAMES))
        for name in self._saved_custom_names():
            self.names_list.addItem(_checkable(label_of(name), name, True))
        self.names_list.setMaximumHeight(110)
        self.custom_edit = QLineEdit()
        self.custom_edit.setObjectName("customOutcome")
        self.custom_edit.setPlaceholderText("Custom outcome")
        self.custom_edit.setToolTip("The name of a custom outcome your app sends, e.g. Purchase")
        self.aggregation_combo = QComboBox()
        for aggregation in AGGREGATIONS:
            self.aggregation_combo.addItem(f".{aggregation}", aggregation)
        self.aggregation_combo.setToolTip("count: how many times; sum: the total of the values sent")
        self.add_button = QPushButton("Add")
        self.add_button.setAutoDefault(False)
        self.custom_error = error_label()
        add_row = QHBoxLayout()
        add_row.addWidget(self.custom_edit, 1)
        add_row.addWidget(self.aggregation_combo)
        add_row.addWidget(self.add_button)
        names_box = QGroupBox("Outcomes")
        names_layout = QVBoxLayout(names_box)
        names_layout.addWidget(self.names_list)
        names_layout.addLayout(add_row)
        names_layout.addWidget(self.custom_error)

        self.range_combo = QComboBox()
        self.range_combo.setObjectName("timeRange")
        for value, label in TIME_RANGES:
            self.range_combo.addItem(label, value)
        self.range_combo.setCurrentIndex(1)
        self.platforms_list = QListWidget()
        self.platforms_list.setObjectName("platforms")
        self.platforms_list.setToolTip("Tick platforms to narrow the totals; none ticked means all platforms")
        for device_type, label in PLATFORMS:
            self.platforms_list.addItem(_checkable(label, device_type, False))
        # Every platform in sight: a list cut short by a few pixels hides the first or last one.
        rows_height = sum(
            self.platforms_list.sizeHintForRow(row) for row in range(self.platforms_list.count())
        )
        self.platforms_list.setFixedHeight(rows_height + 2 * self.platforms_list.frameWidth() + 4)
        self.attribution_boxes: dict[str, QCheckBox] = {}
        attribution_row = QVBoxLayout()
        for value, label in ATTRIBUTIONS:
            box = QCheckBox(label)
            box.setChecked(value == "total")
            box.setToolTip(
                {
                    "direct": "Outcomes in sessions opened by clicking a notification",
                    "influenced": "Outcomes in sessions soon after a notification arrived, without a click",
                    "unattributed": "Outcomes in sessions no notification led to",
                    "total": "All of them together",
                }[value]
            )
            self.attribution_boxes[value] = box
            attribution_row.addWidget(box)
        options = QGroupBox("Range")
        options_form = QFormLayout(options)
        options_form.addRow("Time:", self.range_combo)
        options_form.addRow("Platforms:", self.platforms_list)
        options_form.addRow(QLabel("None ticked: all platforms."))
        attribution_box = QGroupBox("Attribution")
        attribution_box.setLayout(attribution_row)
        self.show_button = QPushButton("Show outcomes")
        self.show_button.setObjectName("showOutcomes")
        self.show_button.setToolTip("Ask OneSignal again (F5)")
        self.show_button.setAutoDefault(False)
        self.show_button.clicked.connect(self.refresh)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(names_box)
        side_layout.addWidget(options)
        side_layout.addWidget(attribution_box)
        side_layout.addStretch(1)
        side_layout.addWidget(self.busy_label)
        side_layout.addWidget(self.show_button)
        side.setFixedWidth(300)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("summary")
        self.summary_label.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setObjectName("outcomesTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.count_chart = OutcomeChart("count")
        self.sum_chart = OutcomeChart("sum")
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.count_chart)
        charts.addWidget(self.sum_chart)
        results = QWidget()
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.summary_label)
        results_split = QSplitter(Qt.Orientation.Vertical)
        results_split.addWidget(self.table)
        results_split.addWidget(charts)
        results_split.setStretchFactor(1, 2)
        results_split.setSizes([190, 330])
        results_layout.addWidget(results_split, 1)
        self.stack = EmptyStack(results)

        layout = QHBoxLayout(self)
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)

        self.add_button.clicked.connect(self.add_custom_name)
        self.custom_edit.returnPressed.connect(self.add_custom_name)
        self.names_list.itemChanged.connect(lambda _item: self._options_changed())
        self.platforms_list.itemChanged.connect(lambda _item: self._options_changed())
        self.range_combo.currentIndexChanged.connect(lambda _index: self._options_changed())
        for box in self.attribution_boxes.values():
            box.toggled.connect(lambda _on: self._options_changed())
        self.add_delete_shortcut(self.names_list)

    # --- the query --------------------------------------------------------------------------------
    def query(self) -> OutcomeQuery:
        attributions = [value for value, box in self.attribution_boxes.items() if box.isChecked()]
        return OutcomeQuery(
            names=tuple(_checked(self.names_list)),
            time_range=str(self.range_combo.currentData()),
            platforms=tuple(_checked(self.platforms_list)),
            attributions=ordered(attributions, ATTRIBUTIONS),
        )

    def set_time_range(self, value: str) -> None:
        self.range_combo.setCurrentIndex(self.range_combo.findData(value))

    def set_attributions(self, values: list[str]) -> None:
        for value, box in self.attribution_boxes.items():
            box.setChecked(value in values)

    def set_names(self, names: list[str]) -> None:
        """Tick exactly ``names`` (custom ones are added)."""
        known = {self.names_list.item(row).data(NAME_ROLE) for row in range(self.names_list.count())}
        for name in names:
            if name not in known:
                self.names_list.addItem(_checkable(label_of(name), name, True))
        for row in range(self.names_list.count()):
            item = self.names_list.item(row)
            item.setCheckState(
                Qt.CheckState.Checked if item.data(NAME_ROLE) in names else Qt.CheckState.Unchecked
            )

    def add_custom_name(self) -> None:
        try:
            name = custom_outcome_name(self.custom_edit.text(), str(self.aggregation_combo.currentData()))
        except ValueError as error:
            self.custom_error.setText(str(error))
            self.custom_error.show()
            return
        self.custom_error.hide()
        self.custom_edit.clear()
        self.set_names([*_checked(self.names_list), name])
        self._save_custom_names()
        self._options_changed()

    # --- AppSubView -------------------------------------------------------------------------------
    def load(self, app_id: str) -> None:
        self._debounce.stop()
        query = self.query()
        if not query.names:
            self.stack.show_empty("Tick at least one outcome on the left to see its totals.")
            return
        if not query.attributions:
            self.stack.show_empty(
                "Tick at least one attribution on the left (Total shows them all together)."
            )
            return
        client = self.context.client
        if self.table_data is None:
            self.stack.show_empty("Loading outcomes…")
        self.run(
            "Load outcomes",
            lambda token: query.fetch(client, app_id),
            lambda table: self._show(query, table),
            lambda _error: self._failed(),
        )

    def clear(self) -> None:
        self.table_data = None
        self.table.setRowCount(0)
        self.count_chart.show_table(OutcomeTable([], []))
        self.sum_chart.show_table(OutcomeTable([], []))

    def show_no_app(self) -> None:
        self.stack.show_empty(self.no_app_text + "\nOutcomes are counted per app.")

    def create_new(self) -> None:
        self.custom_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def delete_selected(self) -> None:
        item = self.names_list.currentItem()
        if item is None or item.data(NAME_ROLE) in dict(BUILTIN_OUTCOMES):
            return
        self.names_list.takeItem(self.names_list.row(item))
        self._save_custom_names()
        self._options_changed()

    # --- showing ----------------------------------------------------------------------------------
    def _show(self, query: OutcomeQuery, table: OutcomeTable) -> None:
        self.table_data = table
        self.table.clear()
        self.table.setColumnCount(1 + len(table.attributions))
        self.table.setHorizontalHeaderLabels(
            ["Outcome", *(ATTRIBUTION_LABELS.get(a, a) for a in table.attributions)]
        )
        self.table.setRowCount(len(table.names))
        for row, name in enumerate(table.names):
            label = QTableWidgetItem(label_of(name))
            label.setToolTip(name)
            self.table.setItem(row, 0, label)
            for column, value in enumerate(table.row(name), start=1):
                cell = QTableWidgetItem(format_value(value))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, cell)
        self.count_chart.setVisible(self.count_chart.show_table(table))
        self.sum_chart.setVisible(self.sum_chart.show_table(table))
        time_label = dict(TIME_RANGES)[query.time_range].lower()
        platforms = (
            ", ".join(label for value, label in PLATFORMS if value in query.platforms) or "all platforms"
        )
        summary = f"Outcomes of the {time_label}, {platforms}."
        if table.is_all_zero():
            summary += (
                " Nothing was recorded in this range: outcomes come from sessions and clicks of the app's "
                "users (custom outcomes are sent by your app's code)."
            )
        self.summary_label.setText(summary)
        self.stack.show_content()

    def _failed(self) -> None:
        if self.table_data is None:
            self.stack.show_empty(
                "The outcomes could not be loaded (see the message above). Press F5 to try again."
            )

    def _options_changed(self) -> None:
        if self.isVisible() and self.app_id is not None:
            self._debounce.start()

    # --- custom names are remembered (they are not secrets) ----------------------------------------
    def _saved_custom_names(self) -> list[str]:
        value = self.context.settings.value(SETTINGS_KEY, [])
        names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        return [str(name) for name in names if str(name).rpartition(".")[2] in AGGREGATIONS]

    def _save_custom_names(self) -> None:
        builtin = dict(BUILTIN_OUTCOMES)
        names = [
            self.names_list.item(row).data(NAME_ROLE)
            for row in range(self.names_list.count())
            if self.names_list.item(row).data(NAME_ROLE) not in builtin
        ]
        self.context.settings.setValue(SETTINGS_KEY, names)
