"""The Email metrics page: the app's sender reputation, its figures per inbox provider, and volume and
rates over time, for one sending domain and a time range."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.bridge import CancelToken
from onesignal_desktop.ui.analytics.email.charts import providers_chart, rates_chart, volume_chart
from onesignal_desktop.ui.analytics.email.query import (
    BOUNCE_RATE_LIMIT,
    COMPLAINT_RATE_LIMIT,
    SANDBOX_SENDING_DOMAIN,
    TIME_RANGE_BY_VALUE,
    TIME_RANGES,
    EmailQuery,
    EmailReport,
    Figures,
    ReputationWindow,
    percent,
    provider_label,
    provider_order,
    sending_domain,
)
from onesignal_desktop.ui.analytics.email.unsubscribe import UnsubscribeByTokenDialog
from onesignal_desktop.ui.common.charts.view import ChartView
from onesignal_desktop.ui.common.empty_state import EmptyStack
from onesignal_desktop.ui.common.form_fields import error_label
from onesignal_desktop.ui.common.subview import AppSubView
from onesignal_desktop.ui.shell.context import ConsoleContext

if TYPE_CHECKING:
    from onesignal_desktop.api import OneSignalClient  # not at run time: see query.py

PROVIDER_ROLE = Qt.ItemDataRole.UserRole
DOMAIN_SETTINGS_KEY = "email_metrics/domain/{app_id}"
DEBOUNCE_MS = 250
REPUTATION_WINDOWS = (("last_24_hours", "24 hours"), ("last_7_days", "7 days"), ("last_30_days", "30 days"))
PROVIDER_COLUMNS = (
    "Provider",
    "Sent",
    "Delivered",
    "Opened",
    "Clicked",
    "Bounced",
    "Complaints",
    "Bounce %",
    "Complaint %",
    "Open %",
    "Click %",
)
# What the short column titles mean (their tooltips).
COLUMN_TIPS = {
    "Opened": "Emails opened at least once",
    "Clicked": "Emails with at least one click",
    "Bounce %": "Bounced, of the emails sent",
    "Complaint %": "Marked as spam, of the emails delivered",
    "Open %": "Opened, of the emails delivered",
    "Click %": "Clicked, of the emails delivered",
}
TOTAL_LABEL = "Total"


def _number_cell(text: str) -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return cell


def _read_only_table(name: str) -> QTableWidget:
    table = QTableWidget()
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    return table


def provider_cells(label: str, figures: Figures) -> list[str]:
    """One row of the provider table, as shown."""
    return [
        label,
        *(
            f"{getattr(figures, name):,}"
            for name in ("sent", "delivered", "unique_opened", "unique_clicked", "bounced", "complained")
        ),
        percent(figures.bounce_rate),
        percent(figures.complaint_rate, 3),
        percent(figures.open_rate, 1),
        percent(figures.click_rate, 1),
    ]


class EmailMetricsView(AppSubView):
    title = "Email metrics"
    busy_text = "Loading email metrics…"

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.report: EmailReport | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)

        self.domain_edit = QLineEdit()
        self.domain_edit.setObjectName("sendingDomain")
        self.domain_edit.setPlaceholderText("mail.example.com")
        self.domain_edit.setToolTip("The domain the app sends email from (its sending domain in OneSignal)")
        self.domain_error = error_label()
        self.domain_error.setObjectName("domainError")
        self.range_combo = QComboBox()
        self.range_combo.setObjectName("emailTimeRange")
        for time_range in TIME_RANGES:
            self.range_combo.addItem(time_range.label, time_range.value)
        self.range_combo.setCurrentIndex(self.range_combo.findData("30d"))
        self.providers_list = QListWidget()
        self.providers_list.setObjectName("emailProviders")
        self.providers_list.setToolTip("Tick providers to narrow the figures; none ticked means all of them")
        self.providers_list.setMinimumHeight(90)
        self.providers_note = QLabel("None ticked: all providers.")
        self.providers_note.setWordWrap(True)
        options = QGroupBox("Range")
        form = QFormLayout(options)
        domain_cell = QWidget()
        domain_layout = QVBoxLayout(domain_cell)
        domain_layout.setContentsMargins(0, 0, 0, 0)
        domain_layout.addWidget(self.domain_edit)
        domain_layout.addWidget(self.domain_error)
        domain_label = QLabel("&Domain:")
        domain_label.setBuddy(self.domain_edit)
        form.addRow(domain_label, domain_cell)
        time_label = QLabel("&Time:")
        time_label.setBuddy(self.range_combo)
        form.addRow(time_label, self.range_combo)
        form.addRow("Providers:", self.providers_list)
        form.addRow(self.providers_note)
        self.show_button = QPushButton("Show metrics")
        self.show_button.setObjectName("showEmailMetrics")
        self.show_button.setToolTip("Ask OneSignal again (F5)")
        self.show_button.setAutoDefault(False)
        self.show_button.clicked.connect(self.refresh)
        self.unsubscribe_button = QPushButton("Unsubscribe by token…")
        self.unsubscribe_button.setObjectName("unsubscribeByToken")
        self.unsubscribe_button.setToolTip(
            "Unsubscribe an email address with the token its email's unsubscribe link carried"
        )
        self.unsubscribe_button.setAutoDefault(False)
        self.unsubscribe_button.clicked.connect(self.unsubscribe_by_token)
        self.last_dialog: QDialog | None = None

        self.reputation_table = _read_only_table("emailReputation")
        self.reputation_table.setColumnCount(1 + len(REPUTATION_WINDOWS))
        self.reputation_table.setHorizontalHeaderLabels(["", *(label for _, label in REPUTATION_WINDOWS)])
        self.reputation_table.setRowCount(2)
        self.reputation_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.reputation_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.reputation_table.setItem(0, 0, QTableWidgetItem("Bounce rate"))
        self.reputation_table.setItem(1, 0, QTableWidgetItem("Complaint rate"))
        self.reputation_table.setFixedHeight(
            self.reputation_table.horizontalHeader().sizeHint().height()
            + 2 * self.reputation_table.verticalHeader().defaultSectionSize()
            + 2 * self.reputation_table.frameWidth()
        )
        self.reputation_warning = error_label()
        self.reputation_warning.setObjectName("reputationWarning")
        reputation = QGroupBox("Sender reputation (all domains)")
        reputation_layout = QVBoxLayout(reputation)
        reputation_layout.addWidget(self.reputation_table)
        reputation_layout.addWidget(self.reputation_warning)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(options)
        side_layout.addWidget(reputation)
        side_layout.addStretch(1)
        side_layout.addWidget(self.busy_label)
        side_layout.addWidget(self.show_button)
        side_layout.addWidget(self.unsubscribe_button)
        side.setFixedWidth(340)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("emailSummary")
        self.summary_label.setWordWrap(True)
        self.providers_table = _read_only_table("emailProvidersTable")
        self.providers_table.setColumnCount(len(PROVIDER_COLUMNS))
        self.providers_table.setHorizontalHeaderLabels(list(PROVIDER_COLUMNS))
        for column, title in enumerate(PROVIDER_COLUMNS):
            tip = COLUMN_TIPS.get(title)
            header_item = self.providers_table.horizontalHeaderItem(column)
            if tip and header_item is not None:
                header_item.setToolTip(tip)
        header = self.providers_table.horizontalHeader()
        # Every title whole (the figures are short); the provider column takes what is left.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.volume_chart = ChartView()
        self.rates_chart = ChartView()
        self.providers_chart = ChartView()
        self.charts = QTabWidget()
        self.charts.setObjectName("emailCharts")
        self.charts.addTab(self.volume_chart, "Emails over time")
        self.charts.addTab(self.rates_chart, "Rates over time")
        self.charts.addTab(self.providers_chart, "By provider")
        for chart in (self.volume_chart, self.rates_chart, self.providers_chart):
            chart.setMinimumHeight(240)
        results = QWidget()
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.summary_label)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.providers_table)
        split.addWidget(self.charts)
        split.setStretchFactor(1, 2)
        split.setSizes([200, 360])
        results_layout.addWidget(split, 1)
        self.stack = EmptyStack(results)

        layout = QHBoxLayout(self)
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)

        self.domain_edit.returnPressed.connect(self.refresh)
        self.domain_edit.textEdited.connect(lambda _text: self.domain_error.hide())
        self.range_combo.currentIndexChanged.connect(lambda _index: self._options_changed())
        self.providers_list.itemChanged.connect(lambda _item: self._options_changed())
        context.current_app_changed.connect(lambda _app: self._restore_domain())
        context.connection_changed.connect(lambda _connection: self._restore_domain())

    # --- unsubscribe by token ---------------------------------------------------------------------
    def unsubscribe_by_token(self) -> None:
        app_id, connection = self.app_id, self.context.connection
        if app_id is None or connection is None:
            return
        client = connection.client
        dialog = UnsubscribeByTokenDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def unsubscribe(notification_id: str, token: str) -> None:
            if not self.confirm(
                "Unsubscribe by token",
                "Unsubscribe the email address this token belongs to?\n\nIt stops receiving email from this "
                "app until it subscribes again.",
            ):
                dialog.unsubscribe_button.setEnabled(True)
                return

            def done(_result: object) -> None:
                if shiboken6.isValid(dialog):
                    dialog.accept()
                self.show_status(f"Unsubscribed the address that received notification {notification_id}.")

            def failed(error: BaseException) -> None:
                if not shiboken6.isValid(dialog):
                    return
                status = getattr(error, "status", None)
                messages = " ".join(str(m) for m in getattr(error, "messages", []) if m)
                if status == 404:
                    dialog.refused("notification", "No notification has this id in this app.")
                elif status == 400 and "notification" in messages.lower() and "token" not in messages.lower():
                    dialog.refused("notification", messages)
                elif status == 400:
                    dialog.refused("token", messages or "OneSignal refused the token.")
                else:
                    dialog.refused("token", "The unsubscribe failed — see the message above.")

            self.run(
                "Unsubscribe by token",
                lambda _token: client.unsubscribe_email_with_token(app_id, notification_id, token),
                done,
                failed,
                change=True,
            )

        dialog.on_unsubscribe = unsubscribe
        dialog.open()
        self.last_dialog = dialog

    # --- the query --------------------------------------------------------------------------------
    def chosen_providers(self) -> tuple[str, ...]:
        return tuple(
            self.providers_list.item(row).data(PROVIDER_ROLE)
            for row in range(self.providers_list.count())
            if self.providers_list.item(row).checkState() == Qt.CheckState.Checked
        )

    def listed_providers(self) -> list[str]:
        return [
            self.providers_list.item(row).data(PROVIDER_ROLE) for row in range(self.providers_list.count())
        ]

    def _list_providers(self, names: list[str]) -> None:
        """List the providers OneSignal has figures for (it names them), keeping what is ticked."""
        listed = set(self.listed_providers())
        missing = [name for name in names if name not in listed]
        if not missing:
            return
        chosen = set(self.chosen_providers())
        every = sorted(listed | set(missing), key=provider_order)
        self.providers_list.blockSignals(True)  # listing them is not a change of the range
        try:
            self.providers_list.clear()
            for name in every:
                item = QListWidgetItem(provider_label(name))
                item.setData(PROVIDER_ROLE, name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
                self.providers_list.addItem(item)
        finally:
            self.providers_list.blockSignals(False)

    def set_providers(self, names: list[str]) -> None:
        self._list_providers(names)
        for row in range(self.providers_list.count()):
            item = self.providers_list.item(row)
            item.setCheckState(
                Qt.CheckState.Checked if item.data(PROVIDER_ROLE) in names else Qt.CheckState.Unchecked
            )

    def set_time_range(self, value: str) -> None:
        self.range_combo.setCurrentIndex(self.range_combo.findData(value))

    def query(self) -> EmailQuery:
        """What the fields ask for; ValueError naming a bad domain."""
        return EmailQuery(
            sending_domain(self.domain_edit.text()),
            str(self.range_combo.currentData()),
            self.chosen_providers(),
        )

    # --- AppSubView -------------------------------------------------------------------------------
    def load(self, app_id: str) -> None:
        self._debounce.stop()
        if not self.domain_edit.text().strip():
            self._restore_domain()
        try:
            query = self.query()
        except ValueError as error:
            self.domain_error.setText(str(error))
            self.domain_error.show()
            if self.report is None:
                self.stack.show_empty("Type the domain the app sends email from on the left.")
            return
        self.domain_error.hide()
        self._remember_domain(app_id, query.domain)
        client = self.context.client
        if self.report is None:
            self.stack.show_empty("Loading email metrics…")
        self.run(
            "Load email metrics",
            lambda token: self._fetch(query, client, app_id, token),
            self._show,
            lambda _error: self._failed(),
        )

    @staticmethod
    def _fetch(query: EmailQuery, client: OneSignalClient, app_id: str, token: CancelToken) -> EmailReport:
        with client.cancellation(lambda: token.cancelled):  # F5 or a new range drops the call on its way
            return query.fetch(client, app_id, check=token.check)

    def clear(self) -> None:
        self.report = None
        self.providers_table.setRowCount(0)
        for row in range(2):
            for column in range(1, 1 + len(REPUTATION_WINDOWS)):
                self.reputation_table.setItem(row, column, _number_cell(""))
        self.reputation_warning.hide()
        for chart in (self.volume_chart, self.rates_chart, self.providers_chart):
            chart.clear()

    def show_no_app(self) -> None:
        self.stack.show_empty(self.no_app_text + "\nEmail metrics are counted per app.")

    def create_new(self) -> None:
        self.domain_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.domain_edit.selectAll()

    def focus_find(self) -> None:
        self.create_new()

    # --- showing ----------------------------------------------------------------------------------
    def _show(self, report: EmailReport) -> None:
        self.report = report
        self._list_providers([name for name, _ in report.providers])
        self._show_reputation(report)
        rows = report.provider_rows()
        self.providers_table.setRowCount(len(rows) + 1 if rows else 0)
        for row, (name, metrics) in enumerate([*rows, ("", report.total())] if rows else []):
            label = provider_label(name) if name else TOTAL_LABEL
            for column, text in enumerate(provider_cells(label, metrics)):
                cell = _number_cell(text) if column else QTableWidgetItem(text)
                self.providers_table.setItem(row, column, cell)
        self.volume_chart.show_data(volume_chart(report))
        self.rates_chart.show_data(rates_chart(report))
        self.providers_chart.show_data(providers_chart(report))
        self.summary_label.setText(self._summary(report))
        self.stack.show_content()

    def _summary(self, report: EmailReport) -> str:
        query = report.query
        time_label = TIME_RANGE_BY_VALUE[query.time_range].label.split(" (")[0].lower()
        providers = ", ".join(provider_label(p) for p in query.providers) or "all providers"
        text = f"Email from {query.domain}, the {time_label}, {providers}."
        if not report.domain_known:
            return text + (
                f" OneSignal has no figures for {query.domain}: is it the sending domain set up for this "
                "app's email?"
            )
        if report.is_empty():
            return text + " No email was sent from this domain in this range."
        total = report.total()
        return text + (
            f" {total.sent:,} sent, {total.delivered:,} delivered "
            f"({percent(total.bounce_rate)} bounced, {percent(total.complaint_rate, 3)} complaints)."
        )

    def _show_reputation(self, report: EmailReport) -> None:
        warnings: list[str] = []
        for column, (field, label) in enumerate(REPUTATION_WINDOWS, start=1):
            window = report.reputation.get(field, ReputationWindow())
            bounce, complaint = window.bounce_rate, window.complaint_rate
            self.reputation_table.setItem(0, column, _number_cell(percent(bounce)))
            self.reputation_table.setItem(1, column, _number_cell(percent(complaint, 3)))
            if bounce is not None and bounce > BOUNCE_RATE_LIMIT:
                warnings.append(f"bounce rate over {percent(BOUNCE_RATE_LIMIT, 0)} ({label})")
            if complaint is not None and complaint >= COMPLAINT_RATE_LIMIT:
                warnings.append(f"complaint rate at {percent(COMPLAINT_RATE_LIMIT, 1)} or more ({label})")
        if warnings:
            self.reputation_warning.setText(
                "Mailbox providers may throttle or block this sender: " + "; ".join(warnings) + "."
            )
        self.reputation_warning.setVisible(bool(warnings))

    def _failed(self) -> None:
        if self.report is None:
            self.stack.show_empty(
                "The email metrics could not be loaded (see the message above). Press F5 to try again."
            )

    def _options_changed(self) -> None:
        if self.isVisible() and self.app_id is not None:
            self._debounce.start()

    # --- the sending domain is remembered per app (it is not a secret) ------------------------------
    def _restore_domain(self) -> None:
        app_id = self.app_id
        saved: Any = ""
        if app_id:
            saved = self.context.settings.value(DOMAIN_SETTINGS_KEY.format(app_id=app_id), "")
        connection = self.context.connection
        default = SANDBOX_SENDING_DOMAIN if connection is not None and connection.is_sandbox else ""
        self.domain_edit.setText(str(saved or default))
        self.domain_error.hide()

    def _remember_domain(self, app_id: str, domain: str) -> None:
        self.context.settings.setValue(DOMAIN_SETTINGS_KEY.format(app_id=app_id), domain)
