"""Add or edit one audit: date and time, place, auditors, methods, status.

Warnings (a weekend, holiday or closing day; an auditor with another audit at the same
time) are recomputed by ``core.calendar.audit_warnings`` on every change and shown live
above the buttons; they never block saving. OK saves through ``actions.audits.save_audit``
(``core.audits`` validates, including the one-step status rule counted from the
organisation's 基準日) in one transaction; a broken rule is shown in red inside the dialog,
the field gets the focus and nothing is stored.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from jukidesk.actions.audits import save_audit
from jukidesk.base import audit_kinds
from jukidesk.base.fiscal import fiscal_year_of
from jukidesk.base.vocabulary import AUDIT_STATUS_LABELS, CHECKLIST_KIND_LABELS
from jukidesk.core import audits
from jukidesk.core.audits import AuditData, next_statuses
from jukidesk.core.calendar import DEFAULT_DURATION, audit_warnings
from jukidesk.core.obligations import auditable
from jukidesk.core.registry import list_institutions
from jukidesk.gui.context import AppContext
from jukidesk.gui.forms.ui_audit_dialog import Ui_AuditDialog
from jukidesk.gui.widgets import fit_to_screen, save_or_show_error, show_field_error
from jukidesk.storage.models import AUDIT_STATUSES

AUDIT = "audit"  # the data_changed area of audits
DEFAULT_START = dt.time(10, 0)


class AuditDialog(QDialog):
    saved = Signal(int)  # the audit's id, after the transaction committed

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        audit_id: int | None = None,
        day: dt.date | None = None,
        today: dt.date | None = None,
    ):
        super().__init__(parent)
        self.ui = Ui_AuditDialog()
        self.ui.setupUi(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context = context
        self.audit_id = audit_id
        self.today = today
        self._loading = True
        ui = self.ui
        self.methods = {
            "hearing": ui.method_hearing,
            "log_analysis": ui.method_log_analysis,
            "site_visit": ui.method_site_visit,
            "documents": ui.method_documents,
        }
        with context.database.session() as session:
            for inst in list_institutions(session):
                if auditable(inst):
                    ui.institution.addItem(f"{inst.code} {inst.name}" + ("（業務端末）" if inst.has_terminal else ""), inst.id)
            data = AuditData.of(audits.get_audit(session, audit_id)) if audit_id is not None else None
        self.seen = data  # what the clerk is shown: a save over another clerk's change is refused
        for kind in audit_kinds.audit_codes():
            ui.kind.addItem(CHECKLIST_KIND_LABELS[kind], kind)
        ui.fiscal_year.set_years(context.fiscal_years(), context.year_style)
        if data is None:
            start = dt.datetime.combine(day, DEFAULT_START) if day else None
            fy = fiscal_year_of(day) if day else context.fiscal_year
            data = AuditData(fy=fy, kind="internal", institution_id=ui.institution.itemData(0), starts_at=start,
                             ends_at=start + DEFAULT_DURATION if start else None)
        self.original_status = data.status if audit_id is not None else None
        statuses = [data.status, *next_statuses(data.status)] if audit_id is not None else list(AUDIT_STATUSES)
        for status in AUDIT_STATUSES:
            if status in statuses:
                ui.status.addItem(AUDIT_STATUS_LABELS[status], status)
        self.setWindowTitle("監査の編集" if audit_id is not None else "監査の追加")
        self.fields = {
            "institution_id": ui.institution,
            "kind": ui.kind,
            "fy": ui.fiscal_year,
            "status": ui.status,
            "starts_at": ui.date,
            "ends_at": ui.end_time,
            "place": ui.place,
            "methods": ui.method_hearing,
        }
        self.set_data(data)
        for signal in (
            ui.institution.currentIndexChanged, ui.kind.currentIndexChanged, ui.fiscal_year.currentIndexChanged,
            ui.status.currentIndexChanged, ui.date.dateChanged, ui.start_time.timeChanged, ui.end_time.timeChanged,
            ui.undated.toggled, ui.auditors.textChanged,
        ):
            signal.connect(self._changed)
        ui.date.dateChanged.connect(self._date_changed)
        ui.undated.toggled.connect(self._undated_toggled)
        ui.buttons.accepted.connect(self.accept)
        ui.buttons.rejected.connect(self.reject)
        self.evidence_button = ui.buttons.addButton("証拠資料(&E)…", QDialogButtonBox.ButtonRole.ActionRole)
        self.evidence_button.setEnabled(audit_id is not None)
        self.evidence_button.setToolTip("この監査の証拠資料（写真・書類）" if audit_id is not None else "監査を保存してから添付できます")
        self.evidence_button.clicked.connect(self.open_evidence)
        self._loading = False
        self.update_warnings()
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    # -- the form ---------------------------------------------------------------------
    def set_data(self, data: AuditData) -> None:
        ui = self.ui
        ui.institution.setCurrentIndex(max(0, ui.institution.findData(data.institution_id)))
        ui.kind.setCurrentIndex(max(0, ui.kind.findData(data.kind)))
        ui.fiscal_year.set_fiscal_year(data.fy)
        ui.status.setCurrentIndex(max(0, ui.status.findData(data.status)))
        start = data.starts_at
        ui.undated.setChecked(start is None)
        shown = start or dt.datetime.combine(dt.date(data.fy, 10, 1), DEFAULT_START)
        ui.date.setDate(QDate(shown.date()))
        ui.start_time.setTime(QTime(shown.time()))
        end = data.ends_at or shown + DEFAULT_DURATION
        ui.end_time.setTime(QTime(end.time()))
        ui.place.setText(data.place)
        ui.auditors.setPlainText("\n".join(audits.auditor_names(data.auditors)))
        for code, box in self.methods.items():
            box.setChecked(code in data.methods)
        ui.pinned.setChecked(bool(data.pinned))
        ui.note.setPlainText(data.note)
        self.notified_on = data.notified_on
        self._undated_toggled(start is None)

    def data(self) -> AuditData:
        ui = self.ui
        starts_at = ends_at = None
        if not ui.undated.isChecked():
            day = ui.date.date().toPython()
            starts_at = dt.datetime.combine(day, ui.start_time.time().toPython().replace(second=0, microsecond=0))
            ends_at = dt.datetime.combine(day, ui.end_time.time().toPython().replace(second=0, microsecond=0))
        return AuditData(
            fy=ui.fiscal_year.fiscal_year(),
            kind=ui.kind.currentData(),
            institution_id=ui.institution.currentData(),
            status=ui.status.currentData(),
            starts_at=starts_at,
            ends_at=ends_at,
            place=ui.place.text(),
            auditors=ui.auditors.toPlainText(),
            methods=tuple(code for code, box in self.methods.items() if box.isChecked()),
            notified_on=self.notified_on,
            note=ui.note.toPlainText(),
            pinned=ui.pinned.isChecked(),
        )

    def _date_changed(self, qdate: QDate) -> None:
        # The fiscal year follows the date (an audit on 2015-03-10 belongs to FY2014).
        if not self._loading:
            self.ui.fiscal_year.set_fiscal_year(fiscal_year_of(qdate.toPython()))

    def _undated_toggled(self, undated: bool) -> None:
        for widget in (self.ui.date, self.ui.start_time, self.ui.end_time):
            widget.setEnabled(not undated)

    def _changed(self, *_args) -> None:
        if not self._loading:
            self.update_warnings()

    # -- live warnings and errors -----------------------------------------------------
    def warnings(self) -> list[str]:
        with self.context.database.session() as session:
            return audit_warnings(session, self.data(), audit_id=self.audit_id)

    def update_warnings(self) -> list[str]:
        warnings = self.warnings()
        self.ui.warnings_label.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.ui.warnings_label.setVisible(bool(warnings))
        return warnings

    def warnings_text(self) -> str:
        return self.ui.warnings_label.text() if self.ui.warnings_label.isVisible() else ""

    def error_text(self) -> str:
        return self.ui.error_label.text()

    def show_error(self, message: str, field: str | None = None) -> None:
        show_field_error(self.ui.error_label, self.fields, message, field)

    def open_evidence(self):
        """The audit's evidence (gui.evidence_dialog); its findings' evidence is reached from ファイル → 証拠資料."""
        from jukidesk.core.evidence import Owner
        from jukidesk.gui.evidence_dialog import AttachmentsDialog

        if self.audit_id is None:
            return None
        self.evidence_dialog = AttachmentsDialog(self.context, Owner("audit", self.audit_id), self)
        self.evidence_dialog.open()
        return self.evidence_dialog

    # -- saving -----------------------------------------------------------------------
    def accept(self) -> None:
        data = self.data()
        saved_id = save_or_show_error(
            self.context,
            lambda: save_audit(self.context.database, data, audit_id=self.audit_id, today=self.today, seen=self.seen),
            self.show_error,
        )
        if saved_id is None:
            return
        self.ui.error_label.clear()
        self.audit_id = saved_id
        self.saved.emit(saved_id)
        super().accept()
