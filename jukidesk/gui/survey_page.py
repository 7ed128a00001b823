"""調査票: the page of the 市町村の運用 tab for the yearly survey to 総務省.

A model/view table of the year's questions (章, 番号, 質問, 回答, 備考, 関連する例規・手順書,
前年度); the 回答 cell is a combo (整備・運用済 / 一部未整備 / 未整備 / 該当なし) and 備考 is
edited in place, or through the form under the table for the selected question. The
disagreements with the rules register are listed under the table. 調査票を開始 carries last
year's answers as 未確認; 項目一覧を取り込む reads the city's own list; Excel に書き出す
writes the printable workbook. Every change goes through ``actions.survey``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jukidesk.actions import survey as act
from jukidesk.base.errors import JukideskError
from jukidesk.base.vocabulary import RULE_STATUS_LABELS, SURVEY_STATUS_LABELS
from jukidesk.core.municipal import survey
from jukidesk.gui import operations, prompts
from jukidesk.gui.tables import set_up_table

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 4

COL_CHAPTER, COL_NUMBER, COL_TEXT, COL_ANSWER, COL_NOTE, COL_PROCEDURES, COL_PREVIOUS = range(7)
HEADERS = ["章", "番号", "質問", "回答", "備考", "関連する例規・手順書", "前年度"]
_UNCONFIRMED = QColor("#FFF2CC")
_MISMATCH = QColor("#F8CBAD")
ITEM_LIST_FILTER = "Excel ブック・CSV (*.xlsx *.csv);;すべてのファイル (*)"


@dataclass(frozen=True)
class Line:
    """One question as the table shows it (read from the core once per reload)."""

    question_id: int
    chapter: str
    number: str
    text: str
    status: str | None
    confirmed: bool
    label: str
    note: str
    procedures: str
    previous: str
    mismatch: bool


def load_lines(session, fy: int) -> tuple[list[Line], survey.SurveyStatus]:
    status = survey.survey_status(session, fy)
    wrong = {m.question.id for m in status.mismatches}
    lines = [
        Line(
            row.question.id, row.question.chapter, row.question.number, row.question.text, row.status,
            bool(row.answer and row.answer.confirmed), survey.status_label(row.answer),
            row.answer.note if row.answer else "",
            "\n".join(f"{r.title}（{RULE_STATUS_LABELS[r.status]}）" for r in row.question.procedures),
            survey.status_label(row.previous) if row.previous else "", row.question.id in wrong,
        )
        for row in status.rows
    ]
    return lines, status


class SurveyModel(QAbstractTableModel):
    """The year's questions; editing 回答 or 備考 emits ``edited(question_id, status, note)``."""

    edited = Signal(int, str, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lines: list[Line] = []
        self.started = False

    def set_lines(self, lines: list[Line], started: bool) -> None:
        self.beginResetModel()
        self.lines, self.started = lines, started
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (line.chapter, line.number, line.text, line.label, line.note, line.procedures, line.previous)[column]
        if role == Qt.ItemDataRole.EditRole:
            return line.status if column == COL_ANSWER else line.note if column == COL_NOTE else None
        if role == ID_ROLE:
            return line.question_id
        if role == STATUS_ROLE:
            return line.status
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_ANSWER:
            if line.mismatch:
                return QBrush(_MISMATCH)
            if not line.confirmed:
                return QBrush(_UNCONFIRMED)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.started and index.column() in (COL_ANSWER, COL_NOTE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        line = self.lines[index.row()]
        if index.column() == COL_ANSWER and value in SURVEY_STATUS_LABELS:
            if value != line.status or not line.confirmed:
                self.edited.emit(line.question_id, value, line.note)
            return True
        if index.column() == COL_NOTE:
            status = line.status
            if status is None:
                return False  # a remark needs an answer first
            if str(value) != line.note or not line.confirmed:
                self.edited.emit(line.question_id, status, str(value))
            return True
        return False

    def row_of(self, question_id: int) -> int | None:
        return next((i for i, line in enumerate(self.lines) if line.question_id == question_id), None)


class WrapDelegate(QStyledItemDelegate):
    """Rows as high as the wrapped text needs: the size is measured on the column's width
    less the cell's margins (the default measures the text a little wider than it is
    painted, and the last line of a question was cut)."""

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        view = self.parent()
        width = view.columnWidth(index.column()) - 8 if isinstance(view, QTableView) else size.width()
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        rect = option.fontMetrics.boundingRect(0, 0, max(width, 10), 100000, Qt.TextFlag.TextWordWrap, str(text))
        size.setHeight(max(size.height(), rect.height() + 8))
        return size


class AnswerDelegate(WrapDelegate):
    """The 回答 cell as a combo of the four answers."""

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        for code, label in SURVEY_STATUS_LABELS.items():
            combo.addItem(label, code)
        return combo

    def setEditorData(self, editor, index):
        row = editor.findData(index.data(STATUS_ROLE))
        editor.setCurrentIndex(max(row, 0))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class SurveyPage(QWidget):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.status: survey.SurveyStatus | None = None
        self.summary = ""

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.start_button = QPushButton("調査票を開始(&B)")
        self.start_button.setToolTip("前年度の回答を「未確認」として引き継ぎ、例規・手順書の未整備を反映して今年度の調査票を始めます。")
        self.import_button = QPushButton("項目一覧を取り込む(&I)…")
        self.import_button.setToolTip("章・番号・質問（項目）・関連手順の列がある Excel / CSV から、市の項目一覧を取り込みます。")
        self.standard_button = QPushButton("標準の項目を使う")
        self.standard_button.setToolTip("jukidesk に付属する項目一覧（技術的基準の章立てで書いたデモ）を使います。後から市の一覧を取り込めます。")
        self.export_button = QPushButton("Excel に書き出す(&X)…")
        self.export_button.setToolTip("今年度の回答・未整備の項目と手順・前年度からの変更を、印刷用（A4）の Excel に書き出します。")
        top = QHBoxLayout()
        top.addWidget(self.summary_label, 1)
        for button in (self.standard_button, self.start_button, self.import_button, self.export_button):
            top.addWidget(button)

        self.model = SurveyModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(WrapDelegate(self.view))
        self.view.setItemDelegateForColumn(COL_ANSWER, AnswerDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)  # wrap the questions, never cut them
        self.view.verticalHeader().setVisible(False)
        # short columns fit their content; chapter, question, remark and procedures share the rest
        set_up_table(
            self.view,
            stretch=(COL_CHAPTER, COL_TEXT, COL_NOTE, COL_PROCEDURES),
            empty_text="調査票の項目がまだありません。「項目一覧を取り込む…」で市の項目一覧（Excel・CSV）を"
            "取り込むか、「標準の項目を使う」を押します。",
        )
        # the wrapped questions stay whole when the sizer changes a column's width
        self.view.horizontalHeader().sectionResized.connect(lambda *_: self.view.resizeRowsToContents())

        self.answer_combo = QComboBox()
        for code, label in SURVEY_STATUS_LABELS.items():
            self.answer_combo.addItem(label, code)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("備考（整備の予定、代わりの運用など）")
        self.save_button = QPushButton("回答を保存(&A)")
        form_box = QGroupBox("選択した項目の回答")
        form = QFormLayout(form_box)
        self.question_label = QLabel("項目を選んでください。")
        self.question_label.setWordWrap(True)
        form.addRow(self.question_label)
        row = QHBoxLayout()
        answer_label, note_label = QLabel("回答(&T)"), QLabel("備考(&M)")
        answer_label.setBuddy(self.answer_combo)
        note_label.setBuddy(self.note_edit)
        row.addWidget(answer_label)
        row.addWidget(self.answer_combo)
        row.addWidget(note_label)
        row.addWidget(self.note_edit, 1)
        row.addWidget(self.save_button)
        form.addRow(row)

        self.warnings = QListWidget()
        self.warnings.setWordWrap(True)
        self.warnings.setMaximumHeight(120)
        warnings_box = QGroupBox("例規・手順書の一覧との不一致")
        QVBoxLayout(warnings_box).addWidget(self.warnings)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(form_box)
        bottom_layout.addWidget(warnings_box)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.start_button.clicked.connect(lambda: self.start_year())
        self.import_button.clicked.connect(lambda: self.import_items())
        self.standard_button.clicked.connect(lambda: self.use_standard())
        self.export_button.clicked.connect(lambda: self.export())
        self.save_button.clicked.connect(lambda: self.save_answer())
        self.model.edited.connect(self._edited)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())

    # -- loading ----------------------------------------------------------------------
    @property
    def fy(self) -> int:
        return self.context.fiscal_year

    def reload(self) -> None:
        selected = self.selected_id()
        with self.context.database.session() as session:
            lines, status = load_lines(session, self.fy)
            self.summary = status.describe()
            started, has_template = status.started, status.template is not None
            messages = [m.message for m in status.mismatches]
        self.model.set_lines(lines, started)
        self.view.resizeRowsToContents()
        self.summary_label.setText(self.summary)
        self.start_button.setEnabled(has_template and not started)
        self.standard_button.setVisible(not has_template)
        self.export_button.setEnabled(started)
        self.warnings.clear()
        self.warnings.addItems(messages or ["不一致はありません。"])
        if selected is not None:
            self.select_question(selected)
        self._show_selected()

    def selected_id(self) -> int | None:
        index = self.view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select_question(self, question_id: int) -> bool:
        row = self.model.row_of(question_id)
        if row is None:
            return False
        self.view.setCurrentIndex(self.model.index(row, COL_ANSWER))
        self.view.selectRow(row)
        return True

    def select_number(self, number: str) -> bool:
        line = next((line for line in self.model.lines if line.number == number), None)
        return line is not None and self.select_question(line.question_id)

    def _show_selected(self) -> None:
        question_id = self.selected_id()
        row = self.model.row_of(question_id) if question_id is not None else None
        enabled = row is not None and self.model.started
        for widget in (self.answer_combo, self.note_edit, self.save_button):
            widget.setEnabled(enabled)
        if row is None:
            self.question_label.setText("項目を選んでください。" if self.model.started else "調査票を開始すると回答できます。")
            return
        line = self.model.lines[row]
        self.question_label.setText(f"{line.number} {line.text}（現在: {line.label}）")
        self.answer_combo.setCurrentIndex(max(self.answer_combo.findData(line.status), 0))
        self.note_edit.setText(line.note)

    # -- changes ----------------------------------------------------------------------
    def save_answer(self) -> bool:
        question_id = self.selected_id()
        if question_id is None:
            return False
        return self._answer(question_id, self.answer_combo.currentData(), self.note_edit.text())

    def _edited(self, question_id: int, status: str, note: str) -> None:
        self._answer(question_id, status, note)

    def _answer(self, question_id: int, status: str, note: str) -> bool:
        try:
            outcome = act.answer(self.context.database, self.fy, question_id, status, note)
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return False
        self.context.apply(outcome)
        self.reload()  # the tab reloads the page it shows; this one may be built but hidden
        return True

    def start_year(self) -> bool:
        try:
            outcome = act.start_year(self.context.database, self.fy)
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return False
        self.context.apply(outcome)
        self.reload()
        prompts.info(self, outcome.value.describe())
        return True

    def use_standard(self) -> bool:
        try:
            outcome = act.load_standard(self.context.database, self.fy)
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return False
        self.context.apply(outcome)
        self.reload()
        prompts.info(self, outcome.value)
        return True

    def import_items(self) -> operations.Operation | None:
        name = prompts.open_file_name(self, "調査票の項目一覧を取り込む", "", ITEM_LIST_FILTER, kind="survey")
        if not name:
            return None
        database = self.context.database
        return operations.run_action(
            self,
            self.context,
            lambda progress: act.import_items(database, Path(name)),
            label="項目一覧を取り込んでいます…",
            on_success=lambda text: (self.reload(), prompts.info(self, text)),
        )

    def export(self) -> operations.Operation | None:
        label = self.context.year_style.label(self.fy, fullwidth=False)
        name = prompts.save_file_name(self, "調査票を Excel に書き出す", f"調査票_{label}.xlsx", prompts.XLSX_FILTER, kind="survey")
        if not name:
            return None
        database, fy, org = self.context.database, self.fy, self.context.settings.get("org_name", "")
        return operations.run_operation(
            self,
            lambda progress: act.export(database, fy, name, org),
            label="調査票を書き出しています…",
            on_success=lambda path: prompts.info(self, f"保存しました: {path}"),
        )
