"""What the console's simple list tables share: one row per API record, fixed columns, one selected row.

A subclass names its :attr:`RecordTableModel.columns` and says in ``data`` what a cell shows; the rows,
the lookups by id and the header come from here. :func:`record_table_view` builds the view they sit in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

Index = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel):
    """Rows are records (API models, read by attribute); ``row_of`` finds one by ``id_attribute``."""

    columns: tuple[str, ...] = ()
    id_attribute = "id"

    def __init__(self) -> None:
        super().__init__()
        self._records: list[Any] = []

    def set_records(self, records: Iterable[Any]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record_at(self, row: int) -> Any | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def row_of(self, record_id: str | None) -> int:
        attribute = self.id_attribute
        return next(
            (row for row, record in enumerate(self._records) if getattr(record, attribute) == record_id), -1
        )

    def names(self) -> list[str]:
        return [str(record.name or "") for record in self._records]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None


def record_table_view(object_name: str, model: QAbstractItemModel, *, stretch_column: int = 0) -> QTableView:
    """A table of whole-row, single selections without row numbers; columns fit their contents but
    ``stretch_column`` (usually the name), which takes the room left."""
    table = QTableView()
    table.setObjectName(object_name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return table


def _records_of(table: QTableView) -> RecordTableModel:
    model = table.model()
    assert isinstance(model, RecordTableModel), "a table over a RecordTableModel"
    return model


def selected_record(table: QTableView) -> Any | None:
    """The record of the table's selected row, if a row is selected."""
    rows = table.selectionModel().selectedRows()
    return _records_of(table).record_at(rows[0].row()) if rows else None


def select_record(table: QTableView, record_id: str | None) -> bool:
    """Select the row of ``record_id`` and scroll it into view; False when no row holds it."""
    model = _records_of(table)
    row = model.row_of(record_id)
    if row < 0:
        return False
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().select(model.index(row, 0), flags)
    table.scrollTo(model.index(row, 0))
    return True
