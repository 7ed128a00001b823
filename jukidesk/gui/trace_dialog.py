"""The answers behind a figure ("why 2.98?"): which institutions, which checklists, which
items, which scores. The data comes from ``core.trace.trace_figure``; this dialog only
shows it. From an answer, its evidence (証拠資料) opens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jukidesk.core.scoring import format_points, format_score, is_low
from jukidesk.core.trace import Trace, TracedAnswer, TracedChecklist, trace_figure
from jukidesk.gui.context import AppContext
from jukidesk.gui.models.base import RowListModel
from jukidesk.gui.tables import set_up_table
from jukidesk.gui.widgets import fit_to_screen

LOW_BRUSH = QBrush(QColor("#FBE3D6"))


class TracedChecklistModel(RowListModel):
    HEADERS = ("機関コード", "機関", "得点", "採点した項目", "3点未満", "該当なし")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            low = sum(1 for a in row.answers if is_low(a.score))
            return (
                row.institution_code, row.institution_name, format_score(row.score),
                str(len(row.answers)), str(low) if low else "", str(row.not_applicable) if row.not_applicable else "",
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and is_low(row.score):
            return LOW_BRUSH
        return None


class TracedAnswerModel(RowListModel):
    HEADERS = ("項目", "区分（章）", "点検項目", "点", "備考")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (row.number, row.category, row.text, str(row.score), row.remark)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 3):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and is_low(row.score):
            return LOW_BRUSH
        return None


def _table(parent: QWidget, model) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    return view


class TraceDialog(QDialog):
    def __init__(self, context: AppContext, fy: int, kind: str, parent: QWidget | None = None, *,
                 institution_id: int | None = None, what: str = "average"):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context = context
        with context.database.session() as session:
            self.trace: Trace = trace_figure(session, fy, kind, institution_id)
        trace = self.trace
        style = context.year_style
        year = style.label(fy, fullwidth=False)
        figure = format_points(trace.value) if trace.value is not None else "結果なし"
        self.setWindowTitle(f"根拠: {year} {trace.kind_label}")
        layout = QVBoxLayout(self)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        missing = [name for _code, name, has in trace.counted if not has]
        lines = [
            f"<b>{year} {trace.kind_label}</b>　"
            + (f"平均点 <b>{figure}</b>" if institution_id is None else f"得点 <b>{figure}</b>"),
            f"対象 {len(trace.counted)}機関のうち結果のある {len(trace.checklists)}機関の得点の平均です"
            f"（各機関の得点 = 採点した項目の平均。該当なしは除く）。回答 {trace.answer_count}件、うち3点未満 {len(trace.low_answers)}件。"
            if institution_id is None
            else f"採点した {trace.answer_count}項目の平均です（該当なしは除く）。",
        ]
        if missing:
            lines.append("結果がまだない機関（平均に含めていません）: " + "、".join(missing))
        if trace.past is not None:  # imported from the organisation's own file: no answers behind it
            from html import escape

            lines = [lines[0], escape(trace.past.text())]
        elif what == "count":
            lines.insert(1, f"対象機関数 {len(trace.counted)}: " + "、".join(name for _c, name, _h in trace.counted))
        self.summary_label.setText("<br/>".join(lines))
        layout.addWidget(self.summary_label)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.checklist_model = TracedChecklistModel(self)
        self.checklist_model.set_rows(trace.checklists)
        self.checklist_view = _table(splitter, self.checklist_model)
        set_up_table(self.checklist_view, stretch=(1,))
        answers_box = QWidget(splitter)
        answers_layout = QVBoxLayout(answers_box)
        answers_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.answers_label = QLabel(answers_box)
        row.addWidget(self.answers_label, 1)
        self.low_only = QCheckBox("3点未満だけ", answers_box)
        row.addWidget(self.low_only)
        self.evidence_button = QPushButton("証拠資料…", answers_box)
        self.evidence_button.setEnabled(False)
        row.addWidget(self.evidence_button)
        answers_layout.addLayout(row)
        self.answer_model = TracedAnswerModel(self)
        self.answer_view = _table(answers_box, self.answer_model)
        set_up_table(self.answer_view, stretch=(2, 4))
        self.answer_view.setWordWrap(False)  # one line per answer; the full text is in the tooltip
        answers_layout.addWidget(self.answer_view, 1)
        splitter.addWidget(self.checklist_view)
        splitter.addWidget(answers_box)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([170, 400])
        layout.addWidget(splitter, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.checklist_view.selectionModel().currentRowChanged.connect(lambda *_: self._show_answers())
        self.answer_view.selectionModel().currentRowChanged.connect(lambda *_: self._answer_selected())
        self.answer_view.doubleClicked.connect(lambda _i: self.open_evidence())
        self.low_only.toggled.connect(lambda _on: self._show_answers())
        self.evidence_button.clicked.connect(self.open_evidence)
        self.resize(900, 640)
        self.low_only.setChecked(bool(trace.low_answers))  # "why not 3.00?" first
        if trace.checklists:
            first = next((i for i, c in enumerate(trace.checklists) if is_low(c.score)), 0)
            self.checklist_view.selectRow(first)
        self._show_answers()
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    def current_checklist(self) -> TracedChecklist | None:
        index = self.checklist_view.currentIndex()
        return self.checklist_model.rows[index.row()] if index.isValid() else None

    def current_answer(self) -> TracedAnswer | None:
        index = self.answer_view.currentIndex()
        return self.answer_model.rows[index.row()] if index.isValid() else None

    def _show_answers(self) -> None:
        checklist = self.current_checklist()
        if checklist is None:
            self.answer_model.set_rows([])
            self.answers_label.setText("")
        else:
            answers = [a for a in checklist.answers if is_low(a.score)] if self.low_only.isChecked() else checklist.answers
            self.answer_model.set_rows(answers)
            self.answers_label.setText(
                f"{checklist.institution_name}: {format_score(checklist.score)} 点 = "
                f"{sum(a.score for a in checklist.answers)} 点 ÷ {len(checklist.answers)} 項目"
                + ("（3点未満の項目だけ表示）" if self.low_only.isChecked() else "")
            )
        self._answer_selected()

    def _answer_selected(self) -> None:
        self.evidence_button.setEnabled(self.current_answer() is not None)

    def open_evidence(self):
        from jukidesk.core.evidence import Owner
        from jukidesk.gui.evidence_dialog import AttachmentsDialog

        checklist, answer = self.current_checklist(), self.current_answer()
        if checklist is None or answer is None:
            return None
        dialog = AttachmentsDialog(self.context, Owner("answer", checklist.checklist_id, answer.item_id), self)
        dialog.open()
        return dialog
