"""Entering one inspection sheet in a few keystrokes, and editing the item sheets.

The sheet opens with every item ticked (異常なし) and the site's last inspector filled in,
so a normal day is Enter. Unticking an item enables its remark. Saving goes through the
actions ``actions.municipal.save_inspection`` / ``save_inspection_items`` (one transaction);
a broken rule is shown in red in the dialog and nothing is stored. "Today" (no sheet for a
day still to come) is the organisation's reference date.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select

from jukidesk.actions import municipal as act
from jukidesk.actions.base import today_of
from jukidesk.base.fiscal import fiscal_year_of, screen_date
from jukidesk.base.vocabulary import INSPECTION_KIND_LABELS
from jukidesk.core.municipal import inspections
from jukidesk.gui.context import AppContext
from jukidesk.gui.record_dialog import DateField
from jukidesk.gui.widgets import fit_to_screen, save_or_show_error, show_field_error
from jukidesk.storage.models_municipal import InspectionRecord


class InspectionDialog(QDialog):
    saved = Signal(int)

    def __init__(
        self,
        context: AppContext,
        kind: str,
        parent: QWidget | None = None,
        *,
        site_id: int | None = None,
        day: dt.date | None = None,
        record_id: int | None = None,
        today: dt.date | None = None,
    ):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context, self.kind, self.record_id = context, kind, record_id
        self.today = today_of(context.database, today)
        label = INSPECTION_KIND_LABELS[kind]
        self.setWindowTitle(f"{label}の{'修正' if record_id else '記録'}")
        failed: dict[int, str] = {}
        inspector = note = ""
        with context.database.session() as session:
            if record_id is not None:
                record = session.get(InspectionRecord, record_id)
                site_id, day = record.institution_id, record.period
                failed = {r.item_id: r.remark for r in record.results if not r.ok}
                inspector, note = record.inspector, record.note
            day = day or self.today
            sites = inspections.inspection_sites(session, fiscal_year_of(day))
            if record_id is None and site_id is not None:
                inspector = self._last_inspector(session, site_id)

        self.site = QComboBox(self)
        for site in sites:
            self.site.addItem(site.name, site.id)
        self.site.setCurrentIndex(max(0, self.site.findData(site_id)))
        self.day = DateField(False, day, self)
        self.inspector = QLineEdit(inspector, self)
        self.note = QLineEdit(note, self)
        form = QFormLayout()
        form.addRow("点検場所:", self.site)
        form.addRow("点検日:" if kind == "daily" else "点検月（その月の任意の日）:", self.day)
        self.items_box = QGroupBox("点検項目（不備のある項目の印を外し、内容を書きます）", self)
        self.items_layout = QGridLayout(self.items_box)
        self.checks: dict[int, QCheckBox] = {}
        self.remarks: dict[int, QLineEdit] = {}
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        bottom = QFormLayout()
        bottom.addRow("点検者:", self.inspector)
        bottom.addRow("備考:", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.items_box)
        layout.addLayout(bottom)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._fill_items(failed)
        self.day.edit.dateChanged.connect(lambda *_: self._fill_items({}))
        self.resize(620, self.sizeHint().height())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setFocus()
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    def _last_inspector(self, session, site_id: int) -> str:
        last = session.scalar(
            select(func.max(InspectionRecord.period)).where(
                InspectionRecord.kind == self.kind, InspectionRecord.institution_id == site_id
            )
        )
        if last is None:
            return ""
        record = session.scalars(
            select(InspectionRecord).where(
                InspectionRecord.kind == self.kind,
                InspectionRecord.institution_id == site_id,
                InspectionRecord.period == last,
            )
        ).first()
        return record.inspector if record else ""

    def _fill_items(self, failed: dict[int, str]) -> None:
        while self.items_layout.count():
            widget = self.items_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.checks, self.remarks = {}, {}
        day = self.day.value()
        with self.context.database.session() as session:
            template = inspections.template_for(session, self.kind, inspections.period_of(self.kind, day)) if day else None
            items = [(item.id, item.text) for item in template.items] if template else []
        if not items:
            self.items_layout.addWidget(QLabel("この日に適用される点検項目がありません（「点検項目の編集」で登録してください）。"), 0, 0)
        for row, (item_id, text) in enumerate(items):
            check = QCheckBox(text, self.items_box)
            remark = QLineEdit(failed.get(item_id, ""), self.items_box)
            remark.setPlaceholderText("不備の内容")
            check.setChecked(item_id not in failed)
            remark.setEnabled(item_id in failed)
            check.toggled.connect(lambda ok, r=remark: r.setEnabled(not ok))
            self.items_layout.addWidget(check, row, 0)
            self.items_layout.addWidget(remark, row, 1)
            self.checks[item_id], self.remarks[item_id] = check, remark

    def entry(self) -> inspections.InspectionEntry:
        failed = {item_id: self.remarks[item_id].text() for item_id, check in self.checks.items() if not check.isChecked()}
        return inspections.InspectionEntry(
            self.kind, self.site.currentData(), self.day.value(), failed, self.inspector.text(), self.note.text()
        )

    def error_text(self) -> str:
        return self.error_label.text()

    def show_error(self, message: str, field: str | None = None) -> None:
        show_field_error(self.error_label, {"institution_id": self.site, "day": self.day}, message, field)

    def accept(self) -> None:
        entry = self.entry()
        saved_id = save_or_show_error(
            self.context,
            lambda: act.save_inspection(self.context.database, entry, record_id=self.record_id, today=self.today),
            self.show_error,
        )
        if saved_id is None:
            return
        self.record_id = saved_id
        self.saved.emit(saved_id)
        super().accept()


class InspectionItemsDialog(QDialog):
    """Edit a kind's item sheet: the new list becomes the next version from a date."""

    def __init__(self, context: AppContext, kind: str, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context, self.kind = context, kind
        today = today_of(context.database, today)
        label = INSPECTION_KIND_LABELS[kind]
        self.setWindowTitle(f"{label}の点検項目の編集")
        with context.database.session() as session:
            current = inspections.template_for(session, kind, dt.date.max)
            texts = [item.text for item in current.items] if current else []
            last = session.scalar(select(func.max(InspectionRecord.period)).where(InspectionRecord.kind == kind))
        start = today if last is None else max(today, last + dt.timedelta(days=1))
        if kind == "monthly" and last is not None:
            start = max(start, inspections.month_end(last) + dt.timedelta(days=1))
        self.items = QPlainTextEdit("\n".join(texts), self)
        self.valid_from = DateField(False, start, self)
        version = f"（現在: 第{current.version}版、{screen_date(current.valid_from, weekday=False)}から）" if current else "（未登録）"
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"点検項目を1行に1つ書きます{version}。変更は新しい版として、適用開始日から使われます。", self))
        layout.addWidget(self.items)
        form = QFormLayout()
        form.addRow("適用開始日:", self.valid_from)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(600, 360)
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    def show_error(self, message: str, field: str | None = None) -> None:
        show_field_error(self.error_label, {"items": self.items, "valid_from": self.valid_from}, message, field)

    def accept(self) -> None:
        items, valid_from = self.items.toPlainText().splitlines(), self.valid_from.value()
        version = save_or_show_error(
            self.context, lambda: act.save_inspection_items(self.context.database, self.kind, items, valid_from), self.show_error
        )
        if version is None:
            return
        super().accept()
