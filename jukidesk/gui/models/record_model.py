"""Table models of the 市町村の運用 tab: a core ``records.Table`` (a municipal list) and an
inspection ``Grid`` (sites × days or months). They only show what the core computed."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from jukidesk.base.fiscal import month_heading, screen_date
from jukidesk.core.municipal import inspections
from jukidesk.core.municipal.records import Table, display

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
RAW_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


def _sort_key(value: Any) -> Any:
    """Values of one column compare with each other: dates as ISO text, numbers as numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class RecordTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.data_table = Table("", [], [], [])

    def set_table(self, table: Table) -> None:
        self.beginResetModel()
        self.data_table = table
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.data_table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.data_table.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.data_table.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = self.data_table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = display(value)
            return text.splitlines()[0] + " …" if "\n" in text else text
        if role == Qt.ItemDataRole.ToolTipRole:
            text = display(value)
            return text if len(text) > 20 or "\n" in text else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if isinstance(value, (bool, dt.date)):
                return int(Qt.AlignmentFlag.AlignCenter)
            if isinstance(value, (int, Fraction)):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == SORT_ROLE:
            return _sort_key(value)
        if role == RAW_ROLE:
            return value
        if role == ID_ROLE:
            return self.data_table.ids[index.row()]
        return None

    def row_of_id(self, record_id: int) -> int | None:
        try:
            return self.data_table.ids.index(record_id)
        except ValueError:
            return None

    def column_texts(self, column: int) -> list[str]:
        return [display(row[column]) for row in self.data_table.rows]


GRID_COLOURS = {
    inspections.OK: None,
    inspections.NG: QColor(252, 228, 214),
    inspections.MISSING: QColor(248, 203, 173),
    inspections.CLOSED: QColor(235, 235, 235),
    inspections.PENDING: None,
    inspections.NO_SHEET: QColor(235, 235, 235),
}
GRID_TIPS = {
    inspections.OK: "異常なし",
    inspections.NG: "不備あり",
    inspections.MISSING: "記録なし（点検漏れ）",
    inspections.CLOSED: "閉庁日",
    inspections.PENDING: "まだ点検日が来ていません（当日を含む）",
    inspections.NO_SHEET: "点検票の適用前",
}
PERIOD_ROLE = Qt.ItemDataRole.UserRole + 4
SITE_ROLE = Qt.ItemDataRole.UserRole + 5
STATUS_ROLE = Qt.ItemDataRole.UserRole + 6


class GridModel(QAbstractTableModel):
    """Sites down, periods across; a cell holds ○ × 未 and its record's id."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid: inspections.Grid | None = None

    def set_grid(self, grid: inspections.Grid) -> None:
        self.beginResetModel()
        self.grid = grid
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.grid is None else len(self.grid.sites)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.grid is None else len(self.grid.periods)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if self.grid is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return self.grid.sites[section].name
        period = self.grid.periods[section]
        if self.grid.kind == "daily":
            return f"{period.day}\n{'月火水木金土日'[period.weekday()]}"
        return f"{period.month}月"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.grid is None:
            return None
        site = self.grid.sites[index.row()]
        period = self.grid.periods[index.column()]
        cell = self.grid.cell(site.id, period)
        if role == Qt.ItemDataRole.DisplayRole:
            return inspections.STATUS_LABELS[cell.status]
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = GRID_COLOURS[cell.status]
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            when = screen_date(period) if self.grid.kind == "daily" else month_heading(period.year, period.month)
            return f"{site.name} {when}: {GRID_TIPS[cell.status]}"
        if role == ID_ROLE:
            return cell.record_id
        if role == PERIOD_ROLE:
            return period
        if role == SITE_ROLE:
            return site.id
        if role == STATUS_ROLE:
            return cell.status
        return None
