"""What the Segments tab's sub-views (segments, outcomes, templates, API keys) share.

Each sub-view works on the console's current app, loads through its own :class:`TaskScope` only when it is
shown (and again after the app or connection changes), reports failures through the context naming the
operation, and asks before anything destructive through :attr:`AppSubView.confirm` (replaceable in tests).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut, QShowEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QPushButton, QTableView, QWidget

from onesignal_desktop.bridge import CancelToken, TaskScope
from onesignal_desktop.ui.shell import shortcuts
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.icons import icon

Confirm = Callable[[str, str], bool]
REJECTED_STATUSES = (401, 403)


def ask_user(parent: QWidget) -> Confirm:
    """A Yes/No question box, No being the default answer."""

    def confirm(title: str, text: str) -> bool:
        answer = QMessageBox.question(
            parent,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    return confirm


def tool_button(text: str, icon_name: str, slot: Callable[[], Any], tip: str) -> QPushButton:
    button = QPushButton(icon(icon_name), text) if icon_name else QPushButton(text)
    button.setToolTip(tip)
    button.setAutoDefault(False)
    button.clicked.connect(lambda _checked=False: slot())
    return button


class RowFinder(QLineEdit):
    """Hides the rows of a table whose first column does not contain what is typed (one page of rows:
    hiding them is cheaper than a proxy model and keeps row numbers those of the model)."""

    def __init__(self, table: QTableView, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.setMaximumWidth(260)
        # Wide enough for the whole placeholder (it names the shortcut), even in a crowded toolbar.
        self.setMinimumWidth(min(260, self.fontMetrics().horizontalAdvance(placeholder) + 40))
        self.textChanged.connect(lambda _text: self.apply())
        model = table.model()
        model.modelReset.connect(self.apply)
        model.rowsInserted.connect(lambda *_: self.apply())

    def apply(self) -> None:
        wanted = self.text().strip().casefold()
        model = self.table.model()
        for row in range(model.rowCount()):
            text = str(model.index(row, 0).data() or "").casefold()
            self.table.setRowHidden(row, bool(wanted) and wanted not in text)


class AppSubView(QWidget):
    """Base of one page of the Segments tab. Subclasses implement :meth:`load` and :meth:`clear`."""

    title = ""
    busy_text = "Working…"

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        # Loads are cancelled by F5 and app changes; changes (create, update, delete, rotate) are not:
        # their outcome must always be heard, even if the list was reloaded meanwhile.
        self.scope = TaskScope(context.bridge, self)
        self.changes = TaskScope(context.bridge, self)
        self.confirm: Confirm = ask_user(self)
        self._stale = True
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busyLabel")
        self.busy_label.hide()
        self.scope.busy_changed.connect(self._busy_changed)
        self.changes.busy_changed.connect(self._busy_changed)
        context.current_app_changed.connect(self._app_changed)
        context.connection_changed.connect(self._app_changed)

    # --- what subclasses provide -------------------------------------------------------------------
    def load(self, app_id: str) -> None:
        """Start loading the app's data (through :meth:`run`)."""

    def clear(self) -> None:
        """Forget the shown data (the app changed)."""

    def show_no_app(self) -> None:
        """Explain that an app must be chosen first."""

    def create_new(self) -> None:
        """Ctrl+N."""

    def delete_selected(self) -> None:
        """Delete (after confirmation)."""

    def focus_find(self) -> None:
        """Ctrl+F: the page's find field, if it has one."""
        finder = getattr(self, "find_edit", None)
        if isinstance(finder, QLineEdit):
            finder.setFocus(Qt.FocusReason.ShortcutFocusReason)
            finder.selectAll()

    # --- shared behaviour --------------------------------------------------------------------------
    @property
    def no_app_text(self) -> str:
        """Why nothing shows yet: still connecting, no apps at all, or none chosen."""
        if self.context.connection is None:
            return self.context.not_connected_text
        catalog = self.context.catalog
        if not catalog.apps:
            if catalog.busy:
                return "Loading apps…"
            if not catalog.loaded:
                return "The apps could not be loaded (see the message above). Press F5 to try again."
            return "There are no apps yet: create one on the Apps tab first."
        return "Choose an app in the app selector above."

    @property
    def app_id(self) -> str | None:
        return self.context.current_app_id

    def refresh(self) -> None:
        self._stale = False
        self.scope.cancel_all()
        if self.context.connection is None or self.app_id is None:
            self.clear()
            self.show_no_app()
            return
        self.load(self.app_id)

    @property
    def busy(self) -> bool:
        return self.scope.busy or self.changes.busy

    def run(
        self,
        operation: str,
        work: Callable[[CancelToken], Any],
        on_finished: Callable[[Any], None],
        on_failed: Callable[[BaseException], None] | None = None,
        *,
        app_key: bool = True,
        on_progress: Callable[[Any], None] | None = None,
        change: bool = False,
        whatever_the_app: bool = False,
    ) -> None:
        """Run ``work`` off the UI thread. A failure is reported as "<operation> failed: …" (and handed to
        ``on_failed`` too, if given); a refused app key is marked as rejected for the Keys dialog.

        ``change=True`` marks a call that changes something on the server: it is not cancelled by a
        reload, and if the app changed meanwhile only a status note says it is done (unless
        ``whatever_the_app``: its result must be seen, like a new key shown once)."""
        app_id = self.app_id

        def finished(result: Any) -> None:
            self.context.resolve_error(operation)
            if change and not whatever_the_app and self.app_id != app_id:
                self.show_status(f"{operation}: done.")
                return
            on_finished(result)

        def failed(error: BaseException) -> None:
            if app_key and app_id and getattr(error, "status", None) in REJECTED_STATUSES:
                self.context.key_status.mark_rejected(app_id)
            if on_failed is not None:
                on_failed(error)
            self.context.report_error(operation, error)

        scope = self.changes if change else self.scope
        scope.run(operation, work, on_finished=finished, on_failed=failed, on_progress=on_progress)

    def show_status(self, text: str) -> None:
        """A short note in the window's status bar (what just happened)."""
        status_bar = getattr(self.window(), "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(text, 5000)

    def add_delete_shortcut(self, widget: QWidget) -> QShortcut:
        """Delete on ``widget`` (a list, never a text field) deletes the selection after asking."""
        shortcut = QShortcut(shortcuts.sequences("list_delete")[0], widget)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.delete_selected)
        return shortcut

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _app_changed(self, _value: object) -> None:
        self.scope.cancel_all()
        self.clear()
        self._stale = True
        if self.isVisible():
            self.refresh()

    def _busy_changed(self, _busy: bool) -> None:
        busy = self.busy
        self.busy_label.setText(self.busy_text if busy else "")
        self.busy_label.setVisible(busy)


class PagedSubView(AppSubView):
    """A sub-view that lists the app's records a page at a time (``offset`` and ``page_size``, as the
    list APIs take them; ``total`` as the last answer said)."""

    def __init__(self, context: ConsoleContext, page_size: int, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.page_size = page_size
        self.offset = 0
        self.total = 0

    @property
    def has_previous_page(self) -> bool:
        return self.offset > 0

    @property
    def has_next_page(self) -> bool:
        return self.offset + self.page_size < self.total

    def previous_page(self) -> None:
        if self.has_previous_page:
            self.offset = max(0, self.offset - self.page_size)
            self.refresh()

    def next_page(self) -> None:
        if self.has_next_page:
            self.offset += self.page_size
            self.refresh()

    def leave_emptied_page(self, rows_on_page: int) -> None:
        """Before reloading after a delete: the page's last row gone, show the page before it."""
        if rows_on_page == 1 and self.offset > 0:
            self.offset = max(0, self.offset - self.page_size)
