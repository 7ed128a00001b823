"""指摘事項 of one audit, and the improvements this audit confirmed.

Upper table: the audit's findings (items scored under 3 in its checklist; 「チェックリストから
取り込む」 creates the missing ones with ``core.audits.sync_findings``). 指摘内容, 対応, 改善期限
and 状況 (未対応 / 対応中) are edited in place. Lower table (once the audit is carried out):
the institution's earlier findings still open — tick those this audit found fixed; a
finding closes (改善確認済) only this way. OK saves everything in one transaction
(``actions.audits.save_findings``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QHeaderView, QStyledItemDelegate, QWidget
from sqlalchemy import select

from jukidesk.actions.audits import FindingEdit, save_findings, sync_findings
from jukidesk.base.errors import JukideskError
from jukidesk.base.fiscal import screen_datetime
from jukidesk.base.vocabulary import AUDIT_STATUS_LABELS, CHECKLIST_KIND_LABELS, FINDING_STATUS_LABELS
from jukidesk.core import audits
from jukidesk.core.scoring import is_low
from jukidesk.gui.context import AppContext
from jukidesk.gui.forms.ui_findings_dialog import Ui_FindingsDialog
from jukidesk.gui.models.finding_model import (
    COL_CONTENT,
    COL_RESPONSE,
    COL_STATUS,
    EDITABLE_STATUSES,
    OPEN_COL_CONTENT,
    OPEN_COL_RESPONSE,
    FindingRow,
    FindingsModel,
    OpenFindingsModel,
    source_label,
)
from jukidesk.gui.tables import set_up_table
from jukidesk.gui.widgets import fit_to_screen
from jukidesk.storage.models import Finding


class StatusDelegate(QStyledItemDelegate):
    """状況 is picked from 未対応 / 対応中."""

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        for status in EDITABLE_STATUSES:
            combo.addItem(FINDING_STATUS_LABELS[status])
        return combo

    def setEditorData(self, editor, index):
        editor.setCurrentText(index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText())


class FindingsDialog(QDialog):
    saved = Signal(int)  # the audit's id

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, audit_id: int):
        super().__init__(parent)
        self.ui = Ui_FindingsDialog()
        self.ui.setupUi(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context = context
        self.audit_id = audit_id
        self.confirmed_here: set[int] = set()
        self.findings = FindingsModel(self)
        self.open_model = OpenFindingsModel(self)
        for table, model, stretch in (
            (self.ui.findings_table, self.findings, (COL_CONTENT, COL_RESPONSE)),
            (self.ui.open_table, self.open_model, (OPEN_COL_CONTENT, OPEN_COL_RESPONSE)),
        ):
            table.setModel(model)
            set_up_table(table, stretch=stretch)
            table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.ui.findings_table.setItemDelegateForColumn(COL_STATUS, StatusDelegate(self))
        self.ui.sync_row.setStretch(0, 1)  # the note takes the row's width, not the spacer
        self.findings.dataChanged.connect(lambda *_: self._show_model_error())
        self.ui.sync_button.clicked.connect(self.sync)
        self.ui.buttons.accepted.connect(self.accept)
        self.ui.buttons.rejected.connect(self.reject)
        self.load()
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    def load(self) -> None:
        style = self.context.year_style
        with self.context.database.session() as session:
            audit = audits.get_audit(session, self.audit_id)
            inst = audit.institution
            when = screen_datetime(audit.starts_at) if audit.starts_at else "日程未定"
            self.ui.audit_label.setText(
                f"{inst.report_name}　{style.label(audit.fy, fullwidth=False)} {CHECKLIST_KIND_LABELS[audit.kind]}"
                f"（{when}、{AUDIT_STATUS_LABELS[audit.status]}）"
            )
            own = sorted(audit.findings, key=lambda f: (f.item.position if f.item else 10**6, f.id))
            self.findings.set_rows([FindingRow.of(f, source_label(f, style)) for f in own])
            checklist = audits.audit_checklist_of(audit)
            low = {a.item_id for a in checklist.answers if is_low(a.score)} if checklist else set()
            missing = len(low - {f.item_id for f in own})
            self.ui.sync_label.setText(
                f"チェックリストの3点未満の項目のうち {missing}件がまだ指摘事項になっていません。" if missing
                else ("この監査のチェックリストはまだありません。" if checklist is None else "")
            )
            self.ui.sync_button.setEnabled(checklist is not None)
            performed = audit.status in audits.PERFORMED_STATUSES
            if performed:
                confirmed_here = list(session.scalars(select(Finding).where(Finding.confirmed_by_audit_id == audit.id)))
                candidates = [
                    f for f in audits.open_findings(session, audit.institution_id)
                    if audits.confirming_audit_problem(f, audit) is None
                ]
                rows = [FindingRow.of(f, source_label(f, style)) for f in confirmed_here + candidates]
                self.confirmed_here = {f.id for f in confirmed_here}
                self.open_model.set_rows(rows)
                self.open_model.checked = set(self.confirmed_here)
                self.ui.confirm_title.setText(
                    f"この監査で改善を確認した指摘事項（{inst.report_name}の未了の指摘 {len(candidates)}件）にチェックを付けます"
                )
            else:
                self.open_model.set_rows([])
                self.ui.confirm_title.setText("改善の確認は、この監査を実施済にしてから行えます。")
            self.ui.open_table.setVisible(performed)

    def _show_model_error(self) -> None:
        self.ui.error_label.setText(self.findings.last_error)

    def edit(self, row: int, column: int, value) -> bool:
        """Type ``value`` into a cell (what the delegates do; used by tests)."""
        ok = self.findings.setData(self.findings.index(row, column), value)
        self.ui.error_label.setText(self.findings.last_error)
        return ok

    def sync(self) -> None:
        try:
            outcome = sync_findings(self.context.database, self.audit_id)
        except JukideskError as exc:
            self.ui.error_label.setText(str(exc))
            return
        self.load()
        self.context.apply(outcome)
        result = outcome.value
        self.ui.sync_label.setText(f"取り込みました（追加 {result.created}件、削除 {result.removed}件）。")

    def accept(self) -> None:
        original = self.findings.original
        edits = [
            FindingEdit(row.id, row.content, row.response, row.due_date, row.status,
                        seen=_shown(original[row.id]) if row.id in original else None)
            for row in self.findings.changed_rows()
        ]
        try:
            outcome = save_findings(
                self.context.database,
                self.audit_id,
                edits,
                confirm=self.open_model.checked - self.confirmed_here,
                unconfirm=self.confirmed_here - self.open_model.checked,
            )
        except JukideskError as exc:  # a ValidationError included
            self.ui.error_label.setText(str(exc))
            return
        self.context.apply(outcome)
        self.saved.emit(self.audit_id)
        super().accept()


def _shown(row) -> tuple:
    """A finding row as the dialog loaded it, in ``actions.audits.finding_view``'s order."""
    return (row.content, row.response, row.due_date, row.status)
