"""Table model of one institution's checklist: category rows and item rows.

The rows come from ``core.checklists.load_sheet``; the model only shows them (numbers,
text, previous answer, score, remark) and marks entries that are incomplete (a score under
3 without a remark). Previous and current scores under 3 stand out by colour and by a mark
(``LOW_MARK``), so they are seen without telling colours apart. Editing the remark column emits ``remark_edited``; the tab saves it.
Tested without a window in tests/gui/test_checklist_model.py.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from jukidesk.base.vocabulary import NOT_APPLICABLE_LABEL, REANSWER_LABEL
from jukidesk.core.checklists import ChecklistSheet, Entry, ItemRow
from jukidesk.core.scoring import is_low

COL_NUMBER, COL_TEXT, COL_PREVIOUS, COL_SCORE, COL_REMARK = range(5)
HEADERS = ("番号", "点検項目", "前回", "評価", "備考（3点未満の理由・改善予定）")
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1  # the ItemRow of an item row, None on a category row

CATEGORY_BRUSH = QBrush(QColor("#e8e8e8"))
INCOMPLETE_BRUSH = QBrush(QColor("#f8d0d0"))
PREVIOUS_BRUSH = QBrush(QColor("#707070"))
REANSWER_BRUSH = QBrush(QColor("#B00020"))
UNCONFIRMED_BRUSH = QBrush(QColor("#FFF2B3"))  # carried over from last year, not re-checked yet
LOW_BRUSH = QBrush(QColor("#FFE3C2"))  # a score under 3 that has its remark
LOW_PREVIOUS_BRUSH = QBrush(QColor("#B3261E"))  # last time's score under 3 (text colour)
EVIDENCE_MARK = "＊"  # the item has evidence (証拠資料)
LOW_MARK = "▲"  # before a score under 3, current or previous (not colour alone)


def score_cell(entry: Entry | None) -> str:
    """'▲2', '3', '該当なし' or '' — a score as this table shows it."""
    if entry is None:
        return ""
    return (LOW_MARK if is_low(entry.score) else "") + entry.score_text()


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_ITEM = int(ITEM_ROLE)


class ChecklistModel(QAbstractTableModel):
    """What each cell shows is worked out once per row when the sheet (or an entry) is set:
    ``_cells[row][column]`` maps a role to its value, and ``data`` only looks it up (the view
    asks every cell for eight roles each time it measures the wrapped rows). Overriding
    ``multiData`` instead would ask once per cell, but PySide6 6.12 releases ``None`` once
    per call of a Python ``multiData`` (the interpreter aborts at exit)."""

    remark_edited = Signal(int, str)  # item id, new remark

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[str | ItemRow] = []  # a category label or an item
        self._cells: list[tuple[dict[int, object], ...]] = []  # per row, per column: role → value
        self._row_of_item: dict[int, int] = {}
        self.read_only = False
        self.score_meanings: dict[int, str] = {}
        self.previous_label = "前回"
        self.evidence: dict[int, int] = {}  # item id → number of attachments (set by the tab)
        self._bold = QFont()  # category rows and scores under 3
        self._bold.setBold(True)

    # -- content ----------------------------------------------------------------------
    def set_sheet(
        self,
        sheet: ChecklistSheet | None,
        *,
        score_meanings: dict[int, str],
        previous_label: str,
        evidence: dict[int, int] | None = None,
    ) -> None:
        self.beginResetModel()
        self._rows, self._row_of_item = [], {}
        self.score_meanings = score_meanings
        self.previous_label = previous_label
        if evidence is not None:
            self.evidence = evidence
        self.read_only = sheet is None or sheet.completed
        if sheet is not None:
            category = None
            for item in sheet.items:
                label = f"{item.category_code} {item.category_name}".strip()
                if label != category:
                    category = label
                    self._rows.append(label)
                self._row_of_item[item.item_id] = len(self._rows)
                self._rows.append(item)
        self._cells = [self._row_cells(value) for value in self._rows]
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)

    def set_entry(self, item_id: int, entry: Entry | None) -> None:
        row = self._row_of_item[item_id]
        self._rows[row].entry = entry
        self._cells[row] = self._row_cells(self._rows[row])
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def _row_cells(self, value: str | ItemRow) -> tuple[dict[int, object], ...]:
        """Every role of every cell of one row except tooltips (worked out when hovered)."""
        bold = self._bold
        if isinstance(value, str):  # category row (spans the whole width)
            cells = tuple({_BACKGROUND: CATEGORY_BRUSH, _FONT: bold} for _ in HEADERS)
            cells[COL_NUMBER][_DISPLAY] = value
            return cells
        item, entry, previous = value, value.entry, value.previous
        texts = (
            item.number + (EVIDENCE_MARK if self.evidence.get(item.item_id) else ""),
            item.text + ("（重要）" if item.important else ""),
            REANSWER_LABEL if item.reanswer else score_cell(previous),
            score_cell(entry),
            entry.remark if entry else "",
        )
        cells = tuple({_DISPLAY: text, _EDIT: text, _ITEM: item} for text in texts)
        for column in (COL_NUMBER, COL_PREVIOUS, COL_SCORE):
            cells[column][_ALIGNMENT] = _CENTER
        if item.reanswer:
            cells[COL_PREVIOUS][_FOREGROUND] = REANSWER_BRUSH
        else:
            low_previous = previous is not None and is_low(previous.score)
            cells[COL_PREVIOUS][_FOREGROUND] = LOW_PREVIOUS_BRUSH if low_previous else PREVIOUS_BRUSH
        if previous is not None and is_low(previous.score):
            cells[COL_PREVIOUS][_FONT] = bold
        if entry is not None:
            if is_low(entry.score):
                cells[COL_SCORE][_FONT] = bold
            if not entry.confirmed:
                cells[COL_SCORE][_BACKGROUND] = UNCONFIRMED_BRUSH
            elif entry.needs_remark:
                cells[COL_SCORE][_BACKGROUND] = INCOMPLETE_BRUSH
            elif is_low(entry.score):
                cells[COL_SCORE][_BACKGROUND] = LOW_BRUSH
            if entry.needs_remark:
                cells[COL_REMARK][_BACKGROUND] = INCOMPLETE_BRUSH
        return cells

    def item_at(self, row: int) -> ItemRow | None:
        if 0 <= row < len(self._rows):
            value = self._rows[row]
            return value if isinstance(value, ItemRow) else None
        return None

    def row_of(self, item_id: int) -> int:
        return self._row_of_item[item_id]

    def is_category(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and isinstance(self._rows[row], str)

    def item_rows(self) -> list[int]:
        return list(self._row_of_item.values())

    def next_item_row(self, row: int, step: int = 1) -> int | None:
        """The next (or previous, ``step=-1``) item row after ``row``, skipping categories."""
        row += step
        while 0 <= row < len(self._rows):
            if isinstance(self._rows[row], ItemRow):
                return row
            row += step
        return None

    # -- Qt model ---------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.previous_label if section == COL_PREVIOUS else HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == COL_SCORE:
            return self._meanings_text()
        return None

    def _meanings_text(self) -> str:
        parts = [f"{s} = {self.score_meanings.get(s, '')}" for s in (3, 2, 1)]
        return "\n".join(parts + [f"0 または N = {NOT_APPLICABLE_LABEL}"])

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_REMARK and self.item_at(index.row()) is not None and not self.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == _TOOLTIP:
            return self._tooltip(index.row(), index.column())
        return self._cells[index.row()][index.column()].get(role)

    def _tooltip(self, row: int, column: int) -> str | None:
        item = self.item_at(row)
        if item is None:
            return None
        entry = item.entry
        if column == COL_TEXT:
            return f"{item.text}\n【確認の着眼点】{item.guidance}" if item.guidance else item.text
        if column == COL_NUMBER and self.evidence.get(item.item_id):
            return f"証拠資料 {self.evidence[item.item_id]}件（右クリック →「証拠資料…」）"
        if column == COL_PREVIOUS and item.reanswer:
            return "項目の文言が前回から変わったため、前回の回答は引き継いでいません。改めて回答してください。"
        if column == COL_SCORE and entry is not None and not entry.confirmed:
            return "前回の回答を引き継いだもので、まだ確認されていません（未確認）。\n確認したら同じ点数をもう一度入力してください。"
        if column == COL_SCORE:
            if entry is not None and entry.needs_remark:
                return "3点未満の項目には備考（理由・改善予定）が必要です（備考なし）。Tab キーで備考を入力します。"
            return self._meanings_text()
        if column == COL_PREVIOUS and item.previous is not None and item.previous.remark:
            return f"前回の備考: {item.previous.remark}"
        if column == COL_REMARK and entry is not None and entry.remark:
            return entry.remark
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role != Qt.ItemDataRole.EditRole or index.column() != COL_REMARK or self.read_only:
            return False
        item = self.item_at(index.row())
        if item is None:
            return False
        text = (value or "").strip()
        if text == (item.entry.remark if item.entry else ""):
            return False
        self.remark_edited.emit(item.item_id, text)  # the tab saves, then calls set_entry
        return True

