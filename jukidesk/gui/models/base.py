"""What every flat table model here repeats: a list of rows under fixed column titles."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex

_DISPLAY = Qt.ItemDataRole.DisplayRole.value  # compared as a plain int: Qt asks headerData
_HORIZONTAL = Qt.Orientation.Horizontal  # hundreds of times per layout, mostly other roles


class ListTableModel(QAbstractTableModel):
    """A flat table: ``_row_count()`` rows, one column per title in ``HEADERS`` (horizontal
    header only). Subclasses set ``HEADERS``, implement ``_row_count`` and ``data``."""

    HEADERS: tuple[str, ...] = ()

    def _row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self._row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == _DISPLAY and orientation == _HORIZONTAL:
            return self.HEADERS[section]
        return None


class RowListModel(ListTableModel):
    """A ``ListTableModel`` over a plain list ``rows`` that is replaced whole by ``set_rows``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self.rows)
