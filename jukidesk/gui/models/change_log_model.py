"""Read-only table models for the edit history and the backup generations."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from jukidesk.base.fiscal import screen_datetime
from jukidesk.base.vocabulary import BACKUP_REASON_LABELS
from jukidesk.core.change_history import HEADERS, ChangeEntry
from jukidesk.gui.models.base import ListTableModel
from jukidesk.storage.backup import BackupInfo

(
    COL_AT,
    COL_USER,
    COL_TABLE,
    COL_INSTITUTION,
    COL_YEAR,
    COL_ROW,
    COL_ACTION,
    COL_FIELD,
    COL_OLD,
    COL_NEW,
) = range(len(HEADERS))

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class ChangeLogTableModel(ListTableModel):
    """The history rows of ``core.change_history`` (never editable)."""

    HEADERS = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._entries: list[ChangeEntry] = []
        self._cells: list[list[str]] = []

    def set_entries(self, entries: Sequence[ChangeEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._cells = [entry.cells() for entry in self._entries]
        self.endResetModel()

    def entries(self) -> list[ChangeEntry]:
        return list(self._entries)

    def _row_count(self) -> int:
        return len(self._entries)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        text = self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text.replace("\n", " ⏎ ")
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (COL_ROW, COL_OLD, COL_NEW) and text:
            return text
        if role == SORT_ROLE:
            return self._entries[index.row()].id if index.column() == COL_AT else text
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: ARG002
        return False  # the history cannot be edited


BACKUP_HEADERS = ("日時", "理由", "サイズ", "ファイル")


def size_text(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


class BackupListModel(ListTableModel):
    """The generations in the backups folder, newest first."""

    HEADERS = BACKUP_HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._backups: list[BackupInfo] = []

    def set_backups(self, backups: Sequence[BackupInfo]) -> None:
        self.beginResetModel()
        self._backups = list(backups)
        self.endResetModel()

    def backup_at(self, row: int) -> BackupInfo:
        return self._backups[row]

    def _row_count(self) -> int:
        return len(self._backups)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        info = self._backups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                screen_datetime(info.created),
                BACKUP_REASON_LABELS.get(info.reason, info.reason),
                size_text(info.size),
                info.path.name,
            )[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
