"""The visual filter builder: edits OneSignal's ``filters`` array as rows in AND groups joined by OR.

Used by the Segments tab and by the notification composer. It never talks to the network: it takes
and gives the plain ``list[dict]`` that goes into a create-segment or create-notification body.
"""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.ui.common.form_fields import ERROR_STYLE
from onesignal_desktop.ui.segments.filter_fields import (
    EMPTY_OR_GROUP,
    OR_AT_END,
    OR_AT_START,
    OR_ENTRY,
    check_structure,
    is_operator,
    is_understood,
    locate_refusal,
)
from onesignal_desktop.ui.segments.filter_row import BuilderRow, FilterRow, RawFilterRow

EMPTY_STATE_TEXT = (
    "No conditions yet.\nAdd a condition to choose who matches. Conditions in a group must all hold (AND); "
    "matching any one group is enough (OR)."
)


class FilterGroup(QFrame):
    """An AND group: every condition in it must hold."""

    add_requested = Signal()
    remove_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterGroup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.rows: list[BuilderRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        self.title = QLabel("Match all of these")
        self.title.setToolTip("Conditions in one group are combined with AND.")
        title_font = self.title.font()
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.remove_button = QToolButton()
        self.remove_button.setObjectName("removeGroupButton")
        self.remove_button.setText("Remove group")
        self.remove_button.setToolTip("Remove this group and all its conditions")
        self.remove_button.setAutoRaise(True)
        self.remove_button.clicked.connect(self.remove_requested)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.remove_button)
        layout.addLayout(header)
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setSpacing(6)
        layout.addLayout(self.rows_layout)
        self.error_label = QLabel()
        self.error_label.setObjectName("groupError")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.add_button = QPushButton("+ And condition")
        self.add_button.setObjectName("addRowButton")
        self.add_button.setToolTip("Add a condition to this group (Enter in a row does the same)")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def insert_row(self, position: int, row: BuilderRow) -> None:
        self.rows.insert(position, row)
        self.rows_layout.insertWidget(position, row)

    def take_row(self, row: BuilderRow) -> None:
        self.rows.remove(row)
        self.rows_layout.removeWidget(row)

    def set_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))


class OrSeparator(QWidget):
    """The visible OR between two groups."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for position in range(3):
            if position == 1:
                label = QLabel("OR")
                label.setObjectName("orLabel")
                label.setToolTip('Sent as {"operator": "OR"}: a user matching either group matches.')
                label.setStyleSheet("font-weight: bold; padding: 0 8px;")
                layout.addWidget(label)
            else:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.HLine)
                line.setFrameShadow(QFrame.Shadow.Sunken)
                layout.addWidget(line, 1)


class FilterBuilder(QWidget):
    """Rows of field / relation / value grouped by AND, groups joined by OR.

    ``filters()`` is exactly the JSON array OneSignal receives; ``set_filters()`` shows one, keeping
    entries it does not understand as read-only rows so nothing is lost. ``{"operator": "AND"}``
    entries are dropped on load, since consecutive conditions are ANDed anyway.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._groups: list[FilterGroup] = []
        self._separators: list[OrSeparator] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)

        self.empty_label = QLabel(EMPTY_STATE_TEXT)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("padding: 16px 16px 8px 16px;")

        self.content = QWidget()
        self.content_layout = QVBoxLayout(self.content)
        self.content_layout.setContentsMargins(0, 0, 0, 0)
        self.content_layout.setSpacing(6)
        self.add_first_button = QPushButton("+ Add condition")
        self.add_first_button.setObjectName("addFirstRowButton")
        self.add_first_button.setToolTip("Start with a tag condition (key = value)")
        self.empty_state = QWidget()
        empty_layout = QVBoxLayout(self.empty_state)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.add_first_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.content_layout.addWidget(self.empty_state)
        self.content_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.content)
        outer.addWidget(self.scroll_area, 1)

        footer = QHBoxLayout()
        self.add_group_button = QPushButton("+ Or group")
        self.add_group_button.setObjectName("addGroupButton")
        self.add_group_button.setToolTip("Add a group of conditions that matches as an alternative (OR)")
        self.json_toggle = QPushButton("Show JSON")
        self.json_toggle.setObjectName("jsonToggle")
        self.json_toggle.setCheckable(True)
        self.json_toggle.setToolTip("Show the filters array exactly as it will be sent")
        self.copy_json_button = QPushButton("Copy JSON")
        self.copy_json_button.setObjectName("copyJsonButton")
        self.copy_json_button.setToolTip("Copy the filters array to the clipboard")
        for button in (self.add_first_button, self.add_group_button, self.json_toggle, self.copy_json_button):
            button.setAutoDefault(False)
        footer.addWidget(self.add_group_button)
        footer.addStretch(1)
        footer.addWidget(self.copy_json_button)
        footer.addWidget(self.json_toggle)
        outer.addLayout(footer)

        self.json_view = QPlainTextEdit()
        self.json_view.setObjectName("jsonView")
        self.json_view.setReadOnly(True)
        self.json_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.json_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.json_view.setMaximumHeight(220)
        self.json_view.hide()
        outer.addWidget(self.json_view)

        self.add_first_button.clicked.connect(lambda: self.add_row())
        self.add_group_button.clicked.connect(lambda: self.add_or_group())
        self.json_toggle.toggled.connect(self.set_json_visible)
        self.copy_json_button.clicked.connect(self.copy_json)
        self._key_completer = QCompleter([], self)
        self._key_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._key_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.changed.connect(self._refresh_json)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        self._refresh_structure()

    # ----- the array -------------------------------------------------------------------------------

    def filters(self) -> list[Any]:
        """The filters array as OneSignal will receive it (a fresh copy each call)."""
        return [entry for entry, _owner in self._entries()]

    def set_filters(self, filters: Sequence[Any] | None) -> None:
        """Show ``filters``: known conditions become editable rows, anything else a read-only raw row.

        ``None`` (a body without filters) shows the empty builder.
        """
        self._clear()
        group = self._append_group()
        for entry in filters or ():
            if is_operator(entry) and entry.get("operator") == "OR":
                group = self._append_group()
            elif is_operator(entry) and entry.get("operator") == "AND":
                continue
            else:
                self._insert_row(group, len(group.rows), self._row_for(entry))
        if len(self._groups) == 1 and not group.rows:
            self._remove_group(group)
        self._refresh_structure()
        self.changed.emit()

    def is_empty(self) -> bool:
        return not self._groups

    # ----- editing ---------------------------------------------------------------------------------

    def rows(self) -> list[BuilderRow]:
        """Every row, in array order."""
        return [row for group in self._groups for row in group.rows]

    def groups(self) -> list[FilterGroup]:
        return list(self._groups)

    def add_row(self, group_index: int | None = None, *, after: BuilderRow | None = None) -> FilterRow:
        """Add a new ``tag =`` condition (at the end of a group, or after a row) and focus its key."""
        if not self._groups:
            self._append_group()
        group = self._groups[-1 if group_index is None else group_index]
        position = len(group.rows)
        if after is not None:
            group = next(candidate for candidate in self._groups if after in candidate.rows)
            position = group.rows.index(after) + 1
        row = FilterRow()
        self._insert_row(group, position, row)
        self._refresh_structure()
        row.focus_first_editor()
        self.changed.emit()
        return row

    def add_or_group(self) -> FilterRow:
        """Add an OR group holding one new condition, and focus it."""
        if not self._groups:
            self._append_group()
        self._append_group()
        return self.add_row(len(self._groups) - 1)

    def remove_row(self, row: BuilderRow) -> None:
        """Remove a row; a group left empty by it goes too, so no stray OR remains.

        If the row had the keyboard focus, it moves to the row that takes its place.
        """
        group = next(candidate for candidate in self._groups if row in candidate.rows)
        focused = QApplication.focusWidget()
        had_focus = focused is not None and row.isAncestorOf(focused)
        rows = self.rows()
        position = rows.index(row)
        group.take_row(row)
        row.hide()
        row.deleteLater()
        if not group.rows:
            self._remove_group(group)
        self._refresh_structure()
        if had_focus:
            remaining = self.rows()
            if remaining:
                remaining[min(position, len(remaining) - 1)].focus_first_editor()
            else:
                self.add_first_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def remove_group(self, group: FilterGroup) -> None:
        """Remove a whole AND group with its conditions (and the OR that joined it)."""
        for row in list(group.rows):
            group.take_row(row)
            row.hide()
            row.deleteLater()
        self._remove_group(group)
        self._refresh_structure()
        self.changed.emit()

    def set_empty_text(self, text: str) -> None:
        """What the empty builder says (the composer explains filters differently than a segment)."""
        self.empty_label.setText(text)

    def set_json_controls_visible(self, visible: bool) -> None:
        """Hide Show/Copy JSON where the host already shows the whole request body."""
        self.json_toggle.setVisible(visible)
        self.copy_json_button.setVisible(visible)
        if not visible:
            self.set_json_visible(False)

    def move_row(self, row: BuilderRow, step: int) -> None:
        """Move a row one place up (-1) or down (+1); past a group's edge it joins the next group."""
        group_index = next(index for index, group in enumerate(self._groups) if row in group.rows)
        group = self._groups[group_index]
        position = group.rows.index(row) + step
        target, target_position = group, position
        if position < 0:
            if group_index == 0:
                return
            target = self._groups[group_index - 1]
            target_position = len(target.rows)
        elif position >= len(group.rows):
            if group_index == len(self._groups) - 1:
                return
            target, target_position = self._groups[group_index + 1], 0
        had_focus = QApplication.focusWidget()
        group.take_row(row)
        target.insert_row(target_position, row)
        row.show()
        if not group.rows:
            self._remove_group(group)
        self._refresh_structure()
        if had_focus is not None and row.isAncestorOf(had_focus):
            had_focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    # ----- validation and server errors -------------------------------------------------------------

    def validate(self) -> list[tuple[int, str]]:
        """Check every row and group, show each problem next to it, and return (array index, message)."""
        problems: list[tuple[int, str]] = []
        for index, owner in self._index_owners().items():
            if isinstance(owner, BuilderRow):
                problems += [(index, problem.message) for problem in owner.show_problems()]
        problems += self._show_group_problems()
        return sorted(problems, key=lambda item: item[0])

    def is_valid(self) -> bool:
        return not self.validate()

    def set_row_error(self, index: int, message: str) -> bool:
        """Show a refusal (e.g. from OneSignal) next to the entry at ``index`` of ``filters()``.

        An OR entry's message goes to the group it starts. Returns False if there is no such index.
        """
        owner = self._index_owners().get(index)
        if isinstance(owner, BuilderRow):
            owner.set_server_error(message)
            return True
        if isinstance(owner, FilterGroup):
            owner.set_error(message)
            return True
        return False

    def show_server_errors(self, messages: Sequence[str]) -> list[str]:
        """Put each of OneSignal's refusal messages next to the entry it names.

        Returns the messages that name no entry (e.g. "name already exists"), for the host to show.
        """
        filters = self.filters()
        unplaced: list[str] = []
        for message in messages:
            index = locate_refusal(filters, message)
            if index is None or not self.set_row_error(index, message):
                unplaced.append(message)
        return unplaced

    def clear_errors(self) -> None:
        for row in self.rows():
            row.clear_errors()
        for group in self._groups:
            group.set_error("")

    # ----- JSON view -------------------------------------------------------------------------------

    def set_json_visible(self, visible: bool) -> None:
        self.json_view.setVisible(visible)
        self.json_toggle.setChecked(visible)
        self.json_toggle.setText("Hide JSON" if visible else "Show JSON")
        self._refresh_json()

    def copy_json(self) -> None:
        clipboard = QApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.json_text())

    def set_known_tag_keys(self, keys: Sequence[str]) -> None:
        """Tag keys to suggest while typing a key (e.g. the app's tags, gathered by the Segments tab)."""
        model = self._key_completer.model()
        if isinstance(model, QStringListModel):
            model.setStringList(sorted(set(keys), key=str.casefold))

    def json_text(self) -> str:
        return json.dumps(self.filters(), indent=2, ensure_ascii=False)

    # ----- internals -------------------------------------------------------------------------------

    def _entries(self) -> list[tuple[Any, BuilderRow | FilterGroup]]:
        entries: list[tuple[Any, BuilderRow | FilterGroup]] = []
        for position, group in enumerate(self._groups):
            if position:
                entries.append((dict(OR_ENTRY), group))
            entries += [(copy.deepcopy(row.entry()), row) for row in group.rows]
        return entries

    def _index_owners(self) -> dict[int, BuilderRow | FilterGroup]:
        return {index: owner for index, (_entry, owner) in enumerate(self._entries())}

    def _show_group_problems(self) -> list[tuple[int, str]]:
        """Flag empty groups in place (only loaded arrays can have them) and return structure problems."""
        last = len(self._groups) - 1
        for position, group in enumerate(self._groups):
            message = ""
            if not group.rows and last > 0:
                message = OR_AT_START if position == 0 else OR_AT_END if position == last else EMPTY_OR_GROUP
            group.set_error(message)
        return check_structure(self.filters())

    def _row_for(self, entry: Any) -> BuilderRow:
        if is_understood(entry) and isinstance(entry, Mapping):
            return FilterRow(entry)
        return RawFilterRow(copy.deepcopy(entry))

    def _insert_row(self, group: FilterGroup, position: int, row: BuilderRow) -> None:
        row.edited.connect(self.changed)
        if isinstance(row, FilterRow):
            row.editor_replaced.connect(self._refresh_tab_order)
            row.set_key_completer(self._key_completer)
        row.remove_requested.connect(lambda: self.remove_row(row))
        row.enter_pressed.connect(lambda: self.add_row(after=row))
        row.move_requested.connect(lambda step: self.move_row(row, step))
        group.insert_row(position, row)

    def _append_group(self) -> FilterGroup:
        group = FilterGroup()
        group.add_requested.connect(lambda: self.add_row(self._groups.index(group)))
        group.remove_requested.connect(lambda: self.remove_group(group))
        if self._groups:
            separator = OrSeparator()
            self._separators.append(separator)
            self.content_layout.insertWidget(self.content_layout.count() - 1, separator)
        self._groups.append(group)
        self.content_layout.insertWidget(self.content_layout.count() - 1, group)
        return group

    def _remove_group(self, group: FilterGroup) -> None:
        position = self._groups.index(group)
        self._groups.pop(position)
        if self._separators:
            separator = self._separators.pop(max(position - 1, 0))
            separator.hide()
            separator.deleteLater()
        group.hide()
        group.deleteLater()

    def _clear(self) -> None:
        while self._groups:
            self._remove_group(self._groups[-1])

    def _refresh_structure(self) -> None:
        empty = not self._groups
        self.empty_state.setVisible(empty)
        self.add_group_button.setEnabled(not empty)
        for position, group in enumerate(self._groups):
            group.title.setText("Match all of these" if position == 0 else "Or match all of these")
            group.remove_button.setVisible(len(self._groups) > 1)
        self._show_group_problems()
        self._refresh_tab_order()
        self._refresh_json()

    def _refresh_tab_order(self) -> None:
        chain: list[QWidget] = []
        for group in self._groups:
            for row in group.rows:
                chain += row.focus_chain()
            chain.append(group.add_button)
            chain.append(group.remove_button)
        chain += [self.add_first_button, self.add_group_button, self.copy_json_button, self.json_toggle]
        chain.append(self.json_view)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _refresh_json(self) -> None:
        if self.json_toggle.isChecked():
            self.json_view.setPlainText(self.json_text())

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Check a row once focus leaves it, so problems show without nagging during typing."""
        if old is None:
            return
        for row in self.rows():
            if row.isAncestorOf(old) and (new is None or not row.isAncestorOf(new)):
                row.show_problems()
                return
