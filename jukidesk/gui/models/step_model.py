"""The steps of the clerk's year (core.year_progress) as a table model: number and title,
status (coloured: 要対応 red, 完了 green …), the one-line detail, and the next action."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from jukidesk.core.year_progress import ATTENTION, DONE, IN_PROGRESS, NOT_STARTED, Step
from jukidesk.gui.models.base import ListTableModel

COL_STEP, COL_STATUS, COL_DETAIL, COL_ACTION = range(4)
HEADERS = ("手順", "状況", "内容", "次の作業")

STEP_KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the step's key ('collect' …)
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2  # the status code ('attention' …)
ACTION_ROLE = Qt.ItemDataRole.UserRole + 3  # the action key, or None

# (background of the status cell, text colour of the status and the detail)
STATUS_COLOURS = {
    NOT_STARTED: (QColor("#EDEDED"), QColor("#404040")),
    IN_PROGRESS: (QColor("#DDEBF7"), QColor("#1F4E79")),
    DONE: (QColor("#E2EFDA"), QColor("#375623")),
    ATTENTION: (QColor("#F8CBAD"), QColor("#C00000")),
}
ATTENTION_TEXT = QColor("#C00000")


class StepModel(ListTableModel):
    HEADERS = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._steps: list[Step] = []

    def set_steps(self, steps) -> None:
        self.beginResetModel()
        self._steps = list(steps)
        self.endResetModel()

    def step_at(self, row: int) -> Step:
        return self._steps[row]

    def row_of(self, key: str) -> int:
        return next(row for row, step in enumerate(self._steps) if step.key == key)

    def steps(self) -> list[Step]:
        return list(self._steps)

    # -- Qt ---------------------------------------------------------------------------
    def _row_count(self) -> int:
        return len(self._steps)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        step = self._steps[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_STEP:
                return f"{index.row() + 1}. {step.title}"
            if column == COL_STATUS:
                return step.status_label
            if column == COL_DETAIL:
                return step.detail
            return ""  # the button sits there (HomeTab.setIndexWidget)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_DETAIL:
            return step.detail
        if role == Qt.ItemDataRole.AccessibleTextRole and column == COL_ACTION:
            return step.action_label
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_STATUS:
            return QBrush(STATUS_COLOURS[step.status][0])
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == COL_STATUS:
                return QBrush(STATUS_COLOURS[step.status][1])
            if column == COL_DETAIL and step.status == ATTENTION:
                return QBrush(ATTENTION_TEXT)
        if role == Qt.ItemDataRole.FontRole and (column == COL_STEP or (column == COL_STATUS and step.status == ATTENTION)):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_STATUS:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == STEP_KEY_ROLE:
            return step.key
        if role == STATUS_ROLE:
            return step.status
        if role == ACTION_ROLE:
            return step.action
        return None
