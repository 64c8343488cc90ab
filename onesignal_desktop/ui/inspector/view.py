"""The request inspector window: a live table of the sandbox's request log, one request in full, Copy as
curl, and a switch that injects faults into the next requests.

Everything that talks to the sandbox runs through the bridge: the table asks for what came after its last
row every second (1,000 rows a page, the next page at once while pages come back full), so 100,000 logged
requests arrive in pages and the UI thread only appends tuples to the model.
"""

from __future__ import annotations

import json
import time
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.api.sandbox_admin import LogColumns, RequestFilters, RequestPage, SandboxAdmin
from onesignal_desktop.bridge import Bridge
from onesignal_desktop.bridge.cancel import CancelToken
from onesignal_desktop.ui.inspector.curl import curl_command
from onesignal_desktop.ui.inspector.delegate import RequestCellDelegate
from onesignal_desktop.ui.inspector.model import COLUMNS, RequestLogModel, status_text

POLL_MS = 1000
#: rows a fetch asks for: json.loads holds the GIL for a whole answer (~3 ms for 1,000 rows here, ~15-30 ms
#: for 5,000), and while it does the UI thread cannot paint
PAGE_ROWS = 1000
APPEND_EVERY_S = 0.25
FILTER_DELAY_MS = 300
FAULT_KINDS = ("429", "500", "502", "503", "latency", "reset")
NEXT_N, SHARE = "the next requests", "a share of requests"


def _pretty(body: str) -> str:
    if not body:
        return "(no body)"
    try:
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        return body


def describe_entry(entry: dict[str, Any]) -> str:
    """The whole request and its answer, as the details pane shows them."""
    url = entry["path"] + (f"?{entry['query']}" if entry.get("query") else "")
    headers = "\n".join(f"{name}: {value}" for name, value in (entry.get("request_headers") or {}).items())
    cut = " (cut at 4 KiB)"
    fault = f" — injected fault: {entry['fault']}" if entry.get("fault") else ""
    return (
        f"{entry['method']} {url}\n{headers}\n\n{_pretty(entry.get('request_body', ''))}"
        f"{cut if entry.get('request_truncated') else ''}\n\n"
        f"── answer {status_text(int(entry['status']))} in {float(entry['duration_ms']):.1f} ms{fault} ──\n"
        f"{entry.get('response_type', '')}\n\n{_pretty(entry.get('response_body', ''))}"
        f"{cut if entry.get('response_truncated') else ''}"
    )


class FaultSwitch(QGroupBox):
    """Kind, how many (the next N, or a share), Retry-After / latency, an optional path; Apply, Clear."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Inject faults", parent)
        self.kind = QComboBox()
        self.kind.addItems(FAULT_KINDS)
        self.kind.setAccessibleName("Fault kind")
        self.mode = QComboBox()
        self.mode.addItems((NEXT_N, SHARE))
        self.mode.setAccessibleName("Fault applies to")
        self.times = QSpinBox()
        self.times.setRange(1, 10_000)
        self.times.setValue(3)
        self.times.setSuffix(" requests")
        self.share = QSpinBox()
        self.share.setRange(1, 100)
        self.share.setValue(20)
        self.share.setSuffix(" %")
        self.retry_after = QSpinBox()
        self.retry_after.setRange(0, 3600)
        self.retry_after.setValue(2)
        self.retry_after.setSuffix(" s")
        self.latency = QSpinBox()
        self.latency.setRange(1, 60_000)
        self.latency.setValue(500)
        self.latency.setSuffix(" ms")
        self.path = QLineEdit()
        self.path.setPlaceholderText("every path (or e.g. /notifications, /apps/*)")
        self.apply_button = QPushButton("&Apply fault")
        self.clear_button = QPushButton("C&lear faults")
        self.error = QLabel()
        self.error.setObjectName("faultError")
        self.error.setStyleSheet("color: palette(bright-text); background: #b00020; padding: 2px 4px;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.state = QLabel("No faults set")
        self.state.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Kind:", self.kind)
        form.addRow("&For:", self.mode)
        form.addRow("&Count:", self.times)
        form.addRow("S&hare:", self.share)
        form.addRow("&Retry-After:", self.retry_after)
        form.addRow("La&tency:", self.latency)
        form.addRow("&Path:", self.path)
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.state)
        layout.addStretch(1)
        self.kind.currentTextChanged.connect(self._update_fields)
        self.mode.currentTextChanged.connect(self._update_fields)
        self._update_fields()

    def _update_fields(self) -> None:
        next_n = self.mode.currentText() == NEXT_N
        self.times.setEnabled(next_n)
        self.share.setEnabled(not next_n)
        self.retry_after.setEnabled(self.kind.currentText() in ("429", "503"))
        self.latency.setEnabled(self.kind.currentText() == "latency")

    def fault(self) -> dict[str, Any]:
        """The fault as ``POST /_sandbox/faults`` takes it."""
        kind = self.kind.currentText()
        fault: dict[str, Any] = {"kind": kind}
        if self.mode.currentText() == NEXT_N:
            fault["times"] = self.times.value()
        else:
            fault["share"] = self.share.value() / 100
        if self.retry_after.isEnabled():
            fault["retry_after"] = self.retry_after.value()
        if self.latency.isEnabled():
            fault["ms"] = self.latency.value()
        path = self.path.text().strip()
        if path:
            fault["path"] = path
        return fault

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def show_state(self, state: dict[str, Any]) -> None:
        parts = []
        for scripted in state.get("next") or []:
            times = (
                "until cleared" if scripted.get("times") is None else f"for {scripted['times']} request(s)"
            )
            where = f" on {scripted['path']}" if scripted.get("path") else ""
            parts.append(f"{scripted['kind']} {times}{where}")
        for kind, share in (state.get("share") or {}).items():
            parts.append(f"{kind} on {share:.0%} of requests")
        self.state.setText("Set: " + "; ".join(parts) if parts else "No faults set")


class InspectorWindow(QWidget):
    """A window of its own over one sandbox (``base_url`` and its organization key)."""

    def __init__(
        self, bridge: Bridge, base_url: str, org_key: str, parent: QWidget | None = None, *, live: bool = True
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(f"Request inspector — {base_url}")
        self.setObjectName("requestInspector")
        self.resize(1200, 720)
        self.bridge = bridge
        self.base_url = base_url
        self.admin = SandboxAdmin(base_url, org_key)
        self.model = RequestLogModel()
        self._fetching = False
        self._generation = 0  # a filter change makes pages already on their way stale
        self._selected_entry: dict[str, Any] | None = None
        # Pages that came back full are held and shown together (each insert repaints the table): at
        # most every APPEND_EVERY_S while a backlog streams in, at once when a page is the last.
        self._held: LogColumns | None = None
        self._held_since = 0.0
        self.log_count = 0

        self.path_filter = QLineEdit()
        self.path_filter.setPlaceholderText("path contains…")
        self.path_filter.setAccessibleName("Filter by path")
        self.status_filter = QLineEdit()
        self.status_filter.setPlaceholderText("404 or 4xx")
        self.status_filter.setAccessibleName("Filter by status")
        self.status_filter.setMaximumWidth(110)
        self.app_filter = QLineEdit()
        self.app_filter.setPlaceholderText("app id")
        self.app_filter.setAccessibleName("Filter by app")
        self.filter_error = QLabel()
        self.filter_error.setObjectName("filterError")
        self.filter_error.setStyleSheet("color: #b00020;")
        self.filter_error.hide()
        filters = QHBoxLayout()
        for text, field in (
            ("&Path:", self.path_filter),
            ("&Status:", self.status_filter),
            ("A&pp:", self.app_filter),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            filters.addWidget(label)
            filters.addWidget(field, 2 if field is not self.status_filter else 0)
        filters.addWidget(self.filter_error, 1)

        self.table = QTableView()
        self.table.setModel(self.model)
        self._delegate = RequestCellDelegate(self.model)
        self.table.setItemDelegate(self._delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in zip(range(len(COLUMNS)), (60, 100, 64, 360, 56, 60, 250, 150, 60), strict=True):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.table.setAccessibleName("Logged requests")

        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("Select a request to see it whole, with its answer")
        self.details.setAccessibleName("The selected request and its answer")
        self.copy_curl = QPushButton("Copy as &curl")
        self.copy_curl.setEnabled(False)
        self.copy_curl.setToolTip(
            "The same request as a curl command; the key is left out ($ONESIGNAL_…_KEY)"
        )
        self.faults = FaultSwitch()
        self.status = QLabel("Loading the request log…")
        self.status.setObjectName("inspectorStatus")

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.details, 1)
        right_layout.addWidget(self.copy_curl, 0, Qt.AlignmentFlag.AlignLeft)
        right_layout.addWidget(self.faults)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filters)
        for field in (self.path_filter, self.status_filter, self.app_filter):
            field.textChanged.connect(lambda _text: self._filter_timer.start())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.copy_curl.clicked.connect(self.copy_as_curl)
        self.faults.apply_button.clicked.connect(self.apply_fault)
        self.faults.clear_button.clicked.connect(self.clear_faults)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.path_filter.setFocus)
        QShortcut(QKeySequence("F5"), self, activated=self.fetch)
        QShortcut(QKeySequence("Ctrl+W"), self, activated=self.close)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.fetch)
        self._live = live
        if live:
            self._poll.start()
        self.fetch()
        self._load_fault_state()

    # ------------------------------------------------------------------------------------ the table

    def filters(self) -> RequestFilters:
        return RequestFilters(
            path=self.path_filter.text().strip(),
            status=self.status_filter.text().strip(),
            app_id=self.app_filter.text().strip(),
        )

    def apply_filters(self) -> None:
        """Start the table again from the first entry matching the filters."""
        self._generation += 1
        self._fetching = False
        self._held = None
        self.model.clear()
        self.details.clear()
        self.copy_curl.setEnabled(False)
        self.fetch()

    def fetch(self) -> None:
        """Ask for what came after the last row (one request on its way at a time)."""
        if self._fetching:
            return
        self._fetching = True
        generation, after_id, filters = self._generation, self.model.last_id, self.filters()

        def work(token: CancelToken) -> RequestPage:
            return self.admin.requests(after_id=after_id, limit=PAGE_ROWS, filters=filters)

        self.bridge.run(
            "Load the request log",
            work,
            owner=self,
            on_finished=lambda page: self._page_arrived(generation, page),
            on_failed=lambda error: self._fetch_failed(generation, error),
        )

    def _page_arrived(self, generation: int, page: RequestPage) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self.filter_error.hide()
        follow = self._at_bottom()
        self.model.capacity = max(page.capacity, 1)
        more = len(page.rows) >= PAGE_ROWS
        if self._held is None:
            self._held, self._held_since = page.rows, time.monotonic()
        else:
            self._held.extend(page.rows)
        if more and time.monotonic() - self._held_since < APPEND_EVERY_S and self.model.rowCount():
            self.fetch()
            return
        held, self._held = self._held, None
        self.model.append(held)
        self.log_count = page.count
        shown = self.model.rowCount()
        self.status.setText(
            f"{shown:,} request(s) shown · the log holds {page.count:,} of at most {page.capacity:,}"
            + (" · live" if self._poll.isActive() else "")
        )
        if follow and page.rows:
            self.table.scrollToBottom()
        if more:
            self.fetch()  # more waiting: the next page now, not in a second

    def _fetch_failed(self, generation: int, error: object) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        messages = getattr(error, "messages", None) or [str(error)]
        status = getattr(error, "status", None)
        if status == 400:
            self.filter_error.setText(messages[0])  # a bad filter: said next to the filters
            self.filter_error.show()
            return
        self.status.setText(f"The request log could not be read: {messages[0]}")

    def _at_bottom(self) -> bool:
        bar = self.table.verticalScrollBar()
        return bar.value() >= bar.maximum() - 2

    # ------------------------------------------------------------------------------------ one request

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        request_id = self.model.row(rows[0].row()).id
        self.copy_curl.setEnabled(False)
        self.details.setPlainText(f"Loading request {request_id}…")

        def work(token: CancelToken) -> dict[str, Any]:
            return self.admin.request(request_id)

        self.bridge.run(
            "Load a logged request",
            work,
            owner=self,
            on_finished=lambda entry: self._entry_arrived(request_id, entry),
            on_failed=lambda error: self.details.setPlainText(
                f"Request {request_id} could not be read: {(getattr(error, 'messages', None) or [error])[0]}"
            ),
        )

    def _entry_arrived(self, request_id: int, entry: dict[str, Any]) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.model.row(rows[0].row()).id != request_id:
            return  # the selection moved on
        self._selected_entry = entry
        self.details.setPlainText(describe_entry(entry))
        self.copy_curl.setEnabled(True)

    def copy_as_curl(self) -> None:
        if self._selected_entry is None:
            return
        QGuiApplication.clipboard().setText(curl_command(self._selected_entry, self.base_url))
        self.status.setText("Copied as curl (the key is a shell variable: $ONESIGNAL_…_KEY)")

    # ------------------------------------------------------------------------------------ faults

    def apply_fault(self) -> None:
        fault = self.faults.fault()
        self.faults.apply_button.setEnabled(False)
        self.bridge.run(
            "Inject a fault",
            lambda token: self.admin.add_fault(fault),
            owner=self,
            on_finished=self._fault_state,
            on_failed=self._fault_failed,
        )

    def clear_faults(self) -> None:
        self.bridge.run(
            "Clear faults",
            lambda token: self.admin.clear_faults(),
            owner=self,
            on_finished=self._fault_state,
            on_failed=self._fault_failed,
        )

    def _load_fault_state(self) -> None:
        self.bridge.run(
            "Read faults",
            lambda token: self.admin.faults(),
            owner=self,
            on_finished=self._fault_state,
            on_failed=self._fault_failed,
        )

    def _fault_state(self, state: dict[str, Any]) -> None:
        self.faults.apply_button.setEnabled(True)
        self.faults.show_error("")
        self.faults.show_state(state)

    def _fault_failed(self, error: object) -> None:
        self.faults.apply_button.setEnabled(True)
        self.faults.show_error((getattr(error, "messages", None) or [str(error)])[0])

    def showEvent(self, event: Any) -> None:
        # Shown again after a close: live again, from where the table stands.
        if self._live and not self._poll.isActive():
            self._poll.start()
            self.fetch()
        super().showEvent(event)

    def closeEvent(self, event: Any) -> None:
        self._poll.stop()
        self.bridge.cancel_owned_by(self)
        self._fetching = False
        super().closeEvent(event)
