"""The Templates page: the app's templates, the chosen one's fields, and a notification from one."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.ui.common.empty_state import EmptyStack
from onesignal_desktop.ui.common.form_fields import ERROR_STYLE
from onesignal_desktop.ui.common.record_table import record_table_view, select_record, selected_record
from onesignal_desktop.ui.common.subview import PagedSubView, RowFinder, tool_button
from onesignal_desktop.ui.notifications.composer import open_composer
from onesignal_desktop.ui.notifications.templates.copy_dialog import (
    NEEDS_ORGANIZATION_KEY,
    CopyTemplateDialog,
)
from onesignal_desktop.ui.notifications.templates.form import TemplateForm
from onesignal_desktop.ui.notifications.templates.model import TemplatesTableModel
from onesignal_desktop.ui.shell.context import ConsoleContext

PAGE_SIZE = 50  # the most GET /templates returns at once


class TemplatesView(PagedSubView):
    title = "Templates"
    busy_text = "Loading…"

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(context, PAGE_SIZE, parent)
        self.template_id: str | None = None
        self._select_after_load: str | None = None
        self._detail_token = 0
        self.last_composer: Any = None
        self.dirty = False  # the form holds changes not sent yet
        self._guarding = False

        self.model = TemplatesTableModel()
        self.table = record_table_view("templatesTable", self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, 130)  # ids are long; the full one is in the tooltip and the form
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.stack = EmptyStack(self.table)
        self.add_delete_shortcut(self.table)

        self.new_button = tool_button("New template", "add", self.create_new, "Write a new template (Ctrl+N)")
        self.delete_button = tool_button(
            "Delete…", "close", self.delete_selected, "Delete the selected template (Delete)"
        )
        self.copy_button = tool_button(
            "Copy to app…",
            "copy",
            self.copy_selected,
            "Copy the selected template to another app of the organization",
        )
        self.last_dialog: Any = None
        self.previous_button = tool_button("◀", "", self.previous_page, "Previous page")
        self.next_button = tool_button("▶", "", self.next_page, "Next page")
        self.page_label = QLabel()
        self.find_edit = RowFinder(self.table, "Find (Ctrl+F)")
        toolbar = QHBoxLayout()
        toolbar.addWidget(self.new_button)
        toolbar.addWidget(self.delete_button)
        toolbar.addWidget(self.copy_button)
        toolbar.addWidget(self.find_edit)
        toolbar.addStretch(1)
        toolbar.addWidget(self.busy_label)
        toolbar.addWidget(self.previous_button)
        toolbar.addWidget(self.page_label)
        toolbar.addWidget(self.next_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(toolbar)
        left_layout.addWidget(self.stack, 1)

        self.form = TemplateForm()
        self.form.edited.connect(self._form_edited)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.save_button = QPushButton("Create template")
        self.save_button.setObjectName("saveTemplate")
        self.save_button.clicked.connect(self.save)
        self.compose_button = QPushButton("New notification from template")
        self.compose_button.setObjectName("composeFromTemplate")
        self.compose_button.setToolTip("Open the composer with this template")
        menu = QMenu(self.compose_button)
        self.use_id_action = menu.addAction("Send this template (template_id)", lambda: self.compose(True))
        self.copy_content_action = menu.addAction(
            "Start from a copy of its content", lambda: self.compose(False)
        )
        self.compose_button.setMenu(menu)
        buttons = QHBoxLayout()
        buttons.addWidget(self.compose_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        self.details = QGroupBox("New template")
        details_layout = QVBoxLayout(self.details)
        self.id_label = QLabel()
        self.id_label.setObjectName("templateId")
        self.id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.id_label.setToolTip("Send it as template_id in a create-notification body")
        details_layout.addWidget(self.id_label)
        details_layout.addWidget(self.form)
        details_layout.addStretch(1)
        details_layout.addWidget(self.error_label)
        details_layout.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.details)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([420, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._refresh_controls()

    # --- AppSubView -------------------------------------------------------------------------------
    def load(self, app_id: str) -> None:
        client, offset, limit = self.context.client, self.offset, self.page_size
        if not self.model.rowCount():
            self.stack.show_empty("Loading templates…")
        self.run(
            "Load templates",
            lambda token: client.view_templates(app_id, limit=limit, offset=offset),
            self._show_page,
            lambda _error: self._load_failed(),
        )

    def clear(self) -> None:
        self.model.set_records([])
        self.offset = self.total = 0
        self._start_new()

    def show_no_app(self) -> None:
        self.stack.show_empty(self.no_app_text + "\nTemplates belong to an app.")
        self._refresh_controls()

    def create_new(self) -> None:
        if self.app_id is None or not self._may_discard_edits():
            return
        self._guarding = True
        self.table.clearSelection()
        self._guarding = False
        self._start_new()
        self.form.name_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def delete_selected(self) -> None:
        template, app_id = self.selected_template(), self.app_id
        if template is None or app_id is None or not template.id:
            return
        name = template.name or template.id
        if not self.confirm(
            "Delete template",
            f"Delete the template “{name}”?\nNotifications already sent with it are not affected; "
            "this cannot be undone.",
        ):
            return
        client, template_id = self.context.client, str(template.id)

        def deleted(_result: Any) -> None:
            self.show_status(f"Deleted the template “{name}”.")
            self._start_new()
            self.leave_emptied_page(self.model.rowCount())
            self.refresh()

        self.run(
            "Delete template",
            lambda token: client.delete_template(template_id, app_id),
            deleted,
            change=True,
        )

    def copy_selected(self) -> None:
        template, app_id = self.selected_template(), self.app_id
        if template is None or app_id is None or not template.id:
            return
        name, template_id = template.name or template.id, str(template.id)
        others = [app for app in self.context.catalog.apps if app.id and app.id != app_id]
        dialog = CopyTemplateDialog(name, others, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        client = self.context.client

        def copy(target_app_id: str) -> None:
            target_name = next((a.name for a in others if a.id == target_app_id), None) or target_app_id

            def copied(result: Any) -> None:
                if shiboken6.isValid(dialog):
                    dialog.accept()
                self.show_status(f"Copied “{name}” to {target_name} (new template {result.id}).")

            def failed(error: BaseException) -> None:
                from onesignal_desktop.api.errors import MissingKeyError

                if not shiboken6.isValid(dialog):
                    return
                if isinstance(error, MissingKeyError) or getattr(error, "status", None) in (401, 403):
                    dialog.refused(NEEDS_ORGANIZATION_KEY)
                    return
                messages = [str(m) for m in getattr(error, "messages", []) if m]
                dialog.refused(" ".join(messages) or "The copy failed — see the message above.")

            self.run(
                "Copy template to app",
                lambda token: client.copy_template_to_app(
                    template_id, app_id, {"target_app_id": target_app_id}
                ),
                copied,
                failed,
                app_key=False,
                change=True,
                whatever_the_app=True,
            )

        dialog.on_copy = copy
        dialog.open()
        self.last_dialog = dialog

    # --- actions ----------------------------------------------------------------------------------
    def selected_template(self) -> Any | None:
        return selected_record(self.table)

    def refresh_and_select(self, template_id: str | None) -> None:
        self._select_after_load = template_id
        self.refresh()

    def save(self) -> None:
        app_id = self.app_id
        self.error_label.hide()
        if app_id is None or not self.form.validate():
            return
        body, template_id, client = self.form.body(), self.template_id, self.context.client
        self.save_button.setEnabled(False)

        def saved(template: Any) -> None:
            self.dirty = False
            self.save_button.setEnabled(True)
            self.show_status(f"Saved the template “{template.name or body['name']}”.")
            self._select_after_load = template.id or template_id
            self.template_id = template.id or template_id
            self.refresh()

        if template_id is None:
            self.run(
                "Create template",
                lambda token: client.create_template({"app_id": app_id, **body}),
                saved,
                self._refused,
                change=True,
            )
        else:
            self.run(
                "Update template",
                lambda token: client.update_template(template_id, app_id, body),
                saved,
                self._refused,
                change=True,
            )

    def compose(self, by_id: bool) -> None:
        """Open the composer with ``template_id`` (sent as the template) or with a copy of its content."""
        if self.template_id is None:
            return
        draft: dict[str, Any] = {"app_id": self.app_id}
        if by_id:
            draft["template_id"] = self.template_id
        else:
            draft.update(self.form.draft_content())
        self.last_composer = open_composer(self.context, self.window(), draft=draft)

    # --- showing ----------------------------------------------------------------------------------
    def _show_page(self, page: Any) -> None:
        templates = list(page.templates)
        total = getattr(page, "total_count", None)
        self.total = int(total) if isinstance(total, int) else self.offset + len(templates)
        keep = self._select_after_load or self.template_id
        self._select_after_load = None
        self.model.set_records(templates)
        if templates:
            self.stack.show_content()
        else:
            self.stack.show_empty(
                "This app has no templates yet.\nWrite one on the right (Ctrl+N) and press Create template; "
                "notifications can then be sent with its template_id."
            )
        select_record(self.table, keep)
        self._refresh_controls()

    def _load_failed(self) -> None:
        if not self.model.rowCount():
            self.stack.show_empty(
                "The templates could not be loaded (see the message above). Press F5 to try again."
            )

    def _may_discard_edits(self) -> bool:
        if not self.dirty:
            return True
        name = self.form.name_edit.text().strip() or "(unnamed)"
        return self.confirm("Discard changes", f"Discard your changes to the template “{name}”?")

    def _selection_changed(self) -> None:
        template, app_id = self.selected_template(), self.app_id
        if self._guarding or template is None or app_id is None or not template.id:
            self._refresh_controls()
            return
        if str(template.id) == self.template_id and self.dirty:
            return  # the list reloaded under the edits: keep them
        if not self._may_discard_edits():
            self._guarding = True
            row = self.model.row_of(self.template_id)
            if row >= 0:
                self.table.selectRow(row)
            else:
                self.table.clearSelection()
            self._guarding = False
            self._refresh_controls()
            return
        self.dirty = False
        self.template_id = str(template.id)
        self.details.setTitle(f"Template “{template.name or template.id}”")
        self.form.set_template(template)  # the list already carries the content; then fetch the latest
        self.save_button.setText("Save changes")
        self._detail_token += 1
        token_value, template_id, client = self._detail_token, str(template.id), self.context.client

        def show(latest: Any) -> None:
            if token_value == self._detail_token and self.template_id == template_id and not self.dirty:
                self.form.set_template(latest)
                self._refresh_controls()

        self.run("Load template", lambda token: client.view_template(template_id, app_id), show)
        self._refresh_controls()

    def _start_new(self) -> None:
        self.dirty = False
        self.template_id = None
        self._detail_token += 1
        self.details.setTitle("New template")
        self.form.set_template(None)
        self.save_button.setText("Create template")
        self.error_label.hide()
        self._refresh_controls()

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        messages = [m for m in getattr(error, "messages", []) if m]
        rest = self.form.show_server_errors(messages) if getattr(error, "status", None) else messages
        if rest:
            self.error_label.setText(" ".join(rest))
            self.error_label.show()

    def _form_edited(self) -> None:
        self.dirty = True
        self.error_label.hide()

    def _refresh_controls(self) -> None:
        self.id_label.setText(f"Template ID: {self.template_id}" if self.template_id else "")
        self.id_label.setVisible(self.template_id is not None)
        has_app = self.app_id is not None
        selected = self.selected_template() is not None
        self.new_button.setEnabled(has_app)
        self.delete_button.setEnabled(selected)
        self.copy_button.setEnabled(selected)
        self.details.setEnabled(has_app)
        self.compose_button.setEnabled(self.template_id is not None)
        first = self.offset + 1 if self.model.rowCount() else 0
        self.page_label.setText(f"{first} to {self.offset + self.model.rowCount()} of {self.total:,}")
        paged = self.total > self.page_size
        self.page_label.setVisible(has_app and paged)
        self.previous_button.setVisible(paged)
        self.next_button.setVisible(paged)
        self.previous_button.setEnabled(self.has_previous_page)
        self.next_button.setEnabled(self.has_next_page)
