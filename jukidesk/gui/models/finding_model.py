"""Table models of the 指摘事項 dialog: one audit's findings (指摘内容, 対応, 改善期限 and 状況
editable; edits are kept here until the dialog saves them through ``core.audits``), and the
institution's earlier open findings that this audit may confirm (checkable)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import screen_date
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS, FINDING_STATUS_LABELS
from jukidesk.core.municipal.records import parse_date
from jukidesk.gui.models.base import ListTableModel
from jukidesk.storage.models import Finding

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 2
EDITABLE_STATUSES = ("open", "in_progress")  # 改善確認済 is set only by a confirming audit


@dataclass(frozen=True)
class FindingRow:
    id: int
    number: str
    content: str
    response: str
    due_date: dt.date | None
    status: str
    source: str  # the audit that found it: '平成26年度 内部監査'
    confirmed_note: str = ""

    @classmethod
    def of(cls, finding: Finding, source: str) -> FindingRow:
        note = ""
        if finding.status == "confirmed" and finding.confirmed_on:
            note = f"{screen_date(finding.confirmed_on, weekday=False)} 確認"
        return cls(
            finding.id,
            finding.item.number if finding.item else "",
            finding.content,
            finding.response,
            finding.due_date,
            finding.status,
            source,
            note,
        )


def source_label(finding: Finding, style) -> str:
    return f"{style.label(finding.audit.fy, fullwidth=False)} {CHECKLIST_KIND_LABELS[finding.audit.kind]}"


(COL_NUMBER, COL_CONTENT, COL_RESPONSE, COL_DUE, COL_STATUS) = range(5)
HEADERS = ("項目", "指摘内容", "対応（改善計画）", "改善期限", "状況")


class FindingsModel(ListTableModel):
    HEADERS = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[FindingRow] = []
        self.original: dict[int, FindingRow] = {}
        self.last_error = ""

    def set_rows(self, rows: list[FindingRow]) -> None:
        """Show ``rows``; edits not yet saved are kept for findings that are still there."""
        edited = {r.id: r for r in self.rows if self.original.get(r.id) != r}
        self.beginResetModel()
        self.original = {r.id: r for r in rows}
        self.rows = [edited.get(r.id, r) for r in rows]
        self.endResetModel()

    def changed_rows(self) -> list[FindingRow]:
        return [r for r in self.rows if self.original.get(r.id) != r]

    def _row_count(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == COL_NUMBER:
                return row.number
            if col == COL_CONTENT:
                return row.content
            if col == COL_RESPONSE:
                return row.response
            if col == COL_DUE:
                return screen_date(row.due_date)
            label = FINDING_STATUS_LABELS[row.status]
            return f"{label}（{row.confirmed_note}）" if row.confirmed_note and role == Qt.ItemDataRole.DisplayRole else label
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.BackgroundRole and self.original.get(row.id) != row:
            return QBrush(QColor(232, 244, 255))  # edited, not saved yet
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_STATUS and row.status == "confirmed":
            return "改善確認済は、確認した監査の指摘事項の画面で取り消せます"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        row = self.rows[index.row()]
        if index.column() in (COL_CONTENT, COL_RESPONSE, COL_DUE) or (
            index.column() == COL_STATUS and row.status != "confirmed"
        ):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row = self.rows[index.row()]
        col = index.column()
        text = "" if value is None else str(value).strip()
        self.last_error = ""
        if col == COL_CONTENT:
            if not text:
                self.last_error = "指摘内容は空にできません。"
                return False
            new = replace(row, content=text)
        elif col == COL_RESPONSE:
            new = replace(row, response=text)
        elif col == COL_DUE:
            try:
                new = replace(row, due_date=parse_date(text, "改善期限", "due_date"))
            except ValidationError as exc:
                self.last_error = str(exc)
                return False
        elif col == COL_STATUS:
            status = next((code for code, label in FINDING_STATUS_LABELS.items() if label == text), text)
            if status not in EDITABLE_STATUSES:
                self.last_error = "状況は「未対応」か「対応中」を選びます（改善確認済は、確認した監査で付けます）。"
                return False
            new = replace(row, status=status)
        else:
            return False
        self.rows[index.row()] = new
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(HEADERS) - 1))
        return True


(OPEN_COL_CONFIRM, OPEN_COL_SOURCE, OPEN_COL_CONTENT, OPEN_COL_RESPONSE, OPEN_COL_STATUS) = range(5)
OPEN_HEADERS = ("改善を確認", "指摘した監査", "指摘内容", "対応", "状況")


class OpenFindingsModel(ListTableModel):
    """Earlier findings of the institution not yet confirmed; tick those this audit confirmed."""

    HEADERS = OPEN_HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[FindingRow] = []
        self.checked: set[int] = set()

    def set_rows(self, rows: list[FindingRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.checked &= {r.id for r in rows}
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == OPEN_COL_CONFIRM:
            return Qt.CheckState.Checked if row.id in self.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                OPEN_COL_CONFIRM: "",
                OPEN_COL_SOURCE: row.source,
                OPEN_COL_CONTENT: row.content,
                OPEN_COL_RESPONSE: row.response,
                OPEN_COL_STATUS: FINDING_STATUS_LABELS[row.status],
            }[col]
        if role == ID_ROLE:
            return row.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled
        if index.column() == OPEN_COL_CONFIRM:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or index.column() != OPEN_COL_CONFIRM:
            return False
        row = self.rows[index.row()]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(row.id)
        else:
            self.checked.discard(row.id)
        self.dataChanged.emit(index, index)
        return True
