"""The Segments page: the app's segments a page at a time, and the editor for the chosen or a new one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.bridge import CancelToken
from onesignal_desktop.ui.common.empty_state import EmptyStack
from onesignal_desktop.ui.common.record_table import record_table_view, select_record, selected_record
from onesignal_desktop.ui.common.subview import (
    PagedSubView,
    RowFinder,
    tool_button,
)
from onesignal_desktop.ui.notifications.composer import open_composer
from onesignal_desktop.ui.segments.editor import SegmentEditor
from onesignal_desktop.ui.segments.list_model import NAME, SegmentsTableModel, is_builtin
from onesignal_desktop.ui.shell.context import ConsoleContext

PAGE_SIZE = 50


class SegmentsView(PagedSubView):
    title = "Segments"
    busy_text = "Loading…"

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(context, PAGE_SIZE, parent)
        self.loaded = False
        self._detail_token = 0
        self._select_after_load: str | None = None
        self.last_composer: Any = None
        self._guarding = False
        self._counting = False
        self._tag_keys: set[str] = set()  # tag keys seen in this app's segments, suggested while typing

        self.model = SegmentsTableModel()
        self.table = record_table_view("segmentsTable", self.model, stretch_column=NAME)
        self.table.setWordWrap(False)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.stack = EmptyStack(self.table)
        self.add_delete_shortcut(self.table)

        self.new_button = tool_button("New segment", "add", self.create_new, "Build a new segment (Ctrl+N)")
        self.delete_button = tool_button(
            "Delete…", "close", self.delete_selected, "Delete the selected segment (Delete)"
        )
        self.copy_button = tool_button("Copy ID", "copy", self.copy_selected_id, "Copy the segment id")
        self.notify_button = tool_button(
            "New notification…",
            "notifications",
            self.notify_selected,
            "Open the composer with this segment as the audience",
        )
        self.previous_button = tool_button("◀", "", self.previous_page, "Previous page")
        self.next_button = tool_button("▶", "", self.next_page, "Next page")
        self.count_button = tool_button(
            "Count sizes",
            "players",
            self.count_sizes,
            "Ask OneSignal how many subscribed users each segment on this page holds (one call each)",
        )
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        self.find_edit = RowFinder(self.table, "Find on this page (Ctrl+F)")
        toolbar = QHBoxLayout()
        for button in (self.new_button, self.delete_button, self.copy_button, self.notify_button):
            toolbar.addWidget(button)
        toolbar.addWidget(self.find_edit)
        toolbar.addStretch(1)
        toolbar.addWidget(self.busy_label)
        toolbar.addWidget(self.count_button)
        toolbar.addWidget(self.previous_button)
        toolbar.addWidget(self.page_label)
        toolbar.addWidget(self.next_button)

        self.editor = SegmentEditor()
        self.editor.save_requested.connect(self.save)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(toolbar)
        top_layout.addWidget(self.stack, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.editor)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([220, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._refresh_controls()

    # --- AppSubView -------------------------------------------------------------------------------
    def load(self, app_id: str) -> None:
        offset, limit = self.offset, self.page_size
        client = self.context.client
        if not self.model.rowCount():
            self.stack.show_empty("Loading segments…")
        self.run(
            "Load segments",
            lambda token: client.get_segments(app_id, offset=offset, limit=limit),
            self._show_page,
            lambda _error: self._load_failed(),
        )

    def clear(self) -> None:
        self.model.clear()
        self._tag_keys.clear()
        self.offset = self.total = 0
        self.loaded = False
        self.editor.start_new()
        self._refresh_controls()

    def show_no_app(self) -> None:
        self.stack.show_empty(self.no_app_text + "\nSegments belong to an app.")

    def create_new(self) -> None:
        if self.app_id is None or not self._may_discard_edits():
            return
        self._guarding = True
        self.table.clearSelection()
        self._guarding = False
        self._counting = False
        self.editor.start_new()
        self.editor.name_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def delete_selected(self) -> None:
        segment = self.selected_segment()
        app_id = self.app_id
        if segment is None or app_id is None:
            return
        name = segment.name or segment.id
        warning = (
            "\n\nIt is a built-in segment: notifications that target it by name will stop reaching anyone."
            if self.model.builtin_at(self.model.row_of(segment.id))
            else ""
        )
        if not self.confirm(
            "Delete segment",
            f"Delete the segment “{name}”?\nThis cannot be undone; notifications already sent keep their "
            f"results.{warning}",
        ):
            return
        client, segment_id = self.context.client, str(segment.id)

        def deleted(_result: Any) -> None:
            self.editor.start_new()
            self.show_status(f"Deleted the segment “{name}”.")
            self.leave_emptied_page(self.model.rowCount())
            self.refresh()

        self.run(
            "Delete segment", lambda token: client.delete_segments(app_id, segment_id), deleted, change=True
        )

    # --- actions ----------------------------------------------------------------------------------
    def selected_segment(self) -> Any | None:
        return selected_record(self.table)

    def copy_selected_id(self) -> None:
        segment = self.selected_segment()
        if segment is not None and segment.id:
            QGuiApplication.clipboard().setText(str(segment.id))
            self.show_status(f"Copied segment id {segment.id}")

    def count_sizes(self) -> None:
        """Fill the Size column for the page: one get_segment per segment, reported as each arrives."""
        app_id = self.app_id
        ids = [
            str(s.id) for s in (self.model.record_at(r) for r in range(self.model.rowCount())) if s and s.id
        ]
        if app_id is None or not ids:
            return
        client = self.context.client

        def work(token: CancelToken) -> int:
            for segment_id in ids:
                token.check()
                detail = client.get_segment(app_id, segment_id, include_segment_detail=True)
                source = detail.payload.source if detail.payload is not None else None
                token.report((segment_id, source, detail.subscriber_count))
            return len(ids)

        def arrived(progress: Any) -> None:
            segment_id, source, size = progress
            self.model.set_details(segment_id, source=source, size=size)

        self._counting = True
        self.count_button.setEnabled(False)
        self.run(
            "Count segment sizes",
            work,
            lambda count: self._counted(f"Counted the members of {count} segments."),
            lambda _error: self._counted(""),
            on_progress=arrived,
        )

    def _counted(self, message: str) -> None:
        self._counting = False
        self._refresh_controls()
        if message:
            self.show_status(message)

    def notify_selected(self) -> None:
        """Open the notification composer aimed at the selected segment (by name, as OneSignal targets)."""
        segment = self.selected_segment()
        if segment is None or not segment.name:
            return
        self.last_composer = open_composer(
            self.context, self.window(), draft={"app_id": self.app_id, "included_segments": [segment.name]}
        )

    def save(self) -> None:
        app_id = self.app_id
        if app_id is None or self.editor.read_only or not self.editor.validate():
            return
        body, segment_id, client = self.editor.body(), self.editor.segment_id, self.context.client
        self.editor.save_button.setEnabled(False)
        refused = self._refused

        if segment_id is None:

            def created(result: Any) -> None:
                if result.id:
                    self.editor.mark_created(str(result.id))
                else:
                    self.editor.start_new()
                self.show_status(f"Created the segment “{body['name']}”.")
                # New segments come last: show the last page, with the new one selected.
                self.total += 1
                self.offset = max(0, (self.total - 1) // self.page_size * self.page_size)
                self._select_after_load = result.id
                self.refresh()

            self.run(
                "Create segment",
                lambda token: client.create_segments(app_id, body),
                created,
                refused,
                change=True,
            )
        else:

            def updated(_result: Any) -> None:
                self.editor.mark_saved()
                self.show_status(f"Saved the segment “{body['name']}”.")
                self._select_after_load = segment_id
                self.refresh()

            self.run(
                "Update segment",
                lambda token: client.update_segment(app_id, segment_id, body),
                updated,
                refused,
                change=True,
            )

    # --- showing ----------------------------------------------------------------------------------
    def _show_page(self, page: Any) -> None:
        self.loaded = True
        self.total = int(page.total_count if page.total_count is not None else len(page.segments))
        if not page.segments and self.offset > 0 and self.total > 0:
            self.offset = max(0, (self.total - 1) // self.page_size * self.page_size)
            self.refresh()
            return
        keep = self._select_after_load
        if keep is None:
            selected = self.selected_segment()
            keep = selected.id if selected is not None else None
        self._select_after_load = None
        self.model.set_records(page.segments)
        if self.model.rowCount():
            self.stack.show_content()
        else:
            self.stack.show_empty(
                "This app has no segments yet.\nBuild one below, or press Ctrl+N: name it, add conditions, "
                "then Create segment."
            )
        self._refresh_controls()
        select_record(self.table, keep)

    def _load_failed(self) -> None:
        if not self.model.rowCount():
            self.stack.show_empty(
                "The segments could not be loaded (see the message above). Press F5 to try again."
            )

    def _may_discard_edits(self) -> bool:
        """True unless the editor holds changes the person wants to keep."""
        if not self.editor.dirty:
            return True
        name = self.editor.body()["name"] or "(unnamed)"
        what = f"the new segment “{name}”" if self.editor.segment_id is None else f"the segment “{name}”"
        return self.confirm("Discard changes", f"Discard your changes to {what}?")

    def _select_editor_segment(self) -> None:
        """Put the selection back on what the editor shows (after the person chose to keep editing)."""
        self._guarding = True
        row = self.model.row_of(self.editor.segment_id)
        if row >= 0:
            self.table.selectRow(row)
        else:
            self.table.clearSelection()
        self._guarding = False
        self._counting = False
        self._refresh_controls()

    def _selection_changed(self) -> None:
        self._refresh_controls()
        segment, app_id = self.selected_segment(), self.app_id
        if self._guarding or segment is None or app_id is None or not segment.id:
            return
        segment_id = str(segment.id)
        if self.editor.segment_id == segment_id and self.editor.dirty:
            return  # the list reloaded under the edits: keep them
        if not self._may_discard_edits():
            self._select_editor_segment()
            return
        self._detail_token += 1
        token_value = self._detail_token
        builtin_guess = is_builtin(segment)
        self.editor.show_loading(str(segment.name or segment_id))
        client = self.context.client

        def show(detail: Any) -> None:
            if token_value != self._detail_token:
                return  # another segment was chosen meanwhile
            payload = detail.payload
            source = payload.source if payload is not None else None
            filters = [f.to_payload() for f in payload.filters or []] if payload is not None else []
            builtin = is_builtin(segment, source) if source else builtin_guess
            self.model.set_details(segment_id, source=source, size=detail.subscriber_count)
            self._tag_keys.update(
                str(f["key"])
                for f in filters
                if isinstance(f, dict) and f.get("field") == "tag" and f.get("key")
            )
            self.editor.builder.set_known_tag_keys(sorted(self._tag_keys))
            self.editor.show_segment(
                segment_id,
                str(segment.name or (payload.name if payload else "") or ""),
                filters,
                builtin=builtin,
                read_only=bool(segment.read_only),
            )
            self.editor.set_size(detail.subscriber_count)

        def failed(_error: BaseException) -> None:
            if token_value == self._detail_token:
                self.editor.show_segment(
                    segment_id, str(segment.name or ""), [], builtin=builtin_guess, read_only=True
                )
                self.editor.size_label.setText("Could not load the segment")

        self.run(
            "Load segment",
            lambda token: client.get_segment(app_id, segment_id, include_segment_detail=True),
            show,
            failed,
        )

    def _refused(self, error: BaseException) -> None:
        self.editor.save_button.setEnabled(True)
        messages = [m for m in getattr(error, "messages", []) if m]
        if getattr(error, "status", None) is not None and messages:
            self.editor.show_server_errors(messages)

    def _refresh_controls(self) -> None:
        selected = self.selected_segment() is not None
        self.delete_button.setEnabled(selected)
        self.copy_button.setEnabled(selected)
        self.notify_button.setEnabled(selected)
        has_app = self.app_id is not None
        self.new_button.setEnabled(has_app)
        self.find_edit.setEnabled(has_app)
        self.count_button.setEnabled(self.model.rowCount() > 0 and not self._counting)
        self.editor.setVisible(has_app)
        first = self.offset + 1 if self.model.rowCount() else 0
        last = self.offset + self.model.rowCount()
        self.page_label.setText(f"{first} to {last} of {self.total:,}" if self.loaded else "")
        self.previous_button.setEnabled(self.has_previous_page)
        self.next_button.setEnabled(self.has_next_page)
        paged = self.total > self.page_size
        for widget in (self.previous_button, self.next_button):
            widget.setVisible(paged)
