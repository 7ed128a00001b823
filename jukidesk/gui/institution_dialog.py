"""Add or edit one institution of the registry.

OK saves through ``actions.registry.save_institution`` (``core.registry`` validates) in one
transaction; what that did to the audit plan (a new 事務利用機関 goes into the current
cycle's remaining years, else the next cycle's) is shown once the dialog closes. A rule the input breaks is shown in red inside the dialog, the offending field
gets the focus, the dialog stays open and nothing is stored.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from jukidesk.actions.registry import save_institution
from jukidesk.base.vocabulary import INSTITUTION_KIND_LABELS
from jukidesk.core.registry import InstitutionData
from jukidesk.gui import prompts
from jukidesk.gui.context import AppContext
from jukidesk.gui.forms.ui_institution_dialog import Ui_InstitutionDialog
from jukidesk.gui.widgets import fit_to_screen, save_or_show_error, show_field_error

NO_END_TEXT = "なし（継続）"


class InstitutionDialog(QDialog):
    saved = Signal(int)  # the institution's id, after the transaction committed

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        institution_id: int | None = None,
        data: InstitutionData | None = None,
    ):
        super().__init__(parent)
        self.ui = Ui_InstitutionDialog()
        self.ui.setupUi(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context = context
        self.institution_id = institution_id
        self.plan_lines: list[str] = []  # what saving did to the audit plan (a new 事務利用機関 goes into it)
        self.setWindowTitle("機関の編集" if institution_id else "機関の追加")

        for code, label in INSTITUTION_KIND_LABELS.items():
            self.ui.kind.addItem(label, code)
        years = context.fiscal_years()
        self.ui.valid_from.set_years(years, context.year_style)
        self.ui.valid_until.set_years(years, context.year_style, none_text=NO_END_TEXT)
        self.ui.kind.currentIndexChanged.connect(self._kind_changed)
        self.ui.buttons.accepted.connect(self.accept)
        self.ui.buttons.rejected.connect(self.reject)

        self.fields: dict[str, QWidget] = {
            "code": self.ui.code,
            "name": self.ui.name,
            "short_name": self.ui.short_name,
            "kind": self.ui.kind,
            "has_terminal": self.ui.has_terminal,
            "head_title": self.ui.head_title,
            "address": self.ui.address,
            "valid_from_fy": self.ui.valid_from,
            "valid_until_fy": self.ui.valid_until,
        }
        self.set_data(data or InstitutionData(code="", name="", valid_from_fy=context.fiscal_year))
        self.ui.code.setFocus()
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    # -- the form ---------------------------------------------------------------------
    def set_data(self, data: InstitutionData) -> None:
        ui = self.ui
        ui.code.setText(data.code)
        ui.name.setText(data.name)
        ui.short_name.setText(data.short_name)
        ui.kind.setCurrentIndex(max(0, ui.kind.findData(data.kind)))
        ui.has_terminal.setChecked(bool(data.has_terminal))
        ui.head_title.setText(data.head_title)
        ui.address.setText(data.address)
        ui.valid_from.set_fiscal_year(data.valid_from_fy)
        ui.valid_until.set_fiscal_year(data.valid_until_fy)
        self._kind_changed()

    def data(self) -> InstitutionData:
        ui = self.ui
        return InstitutionData(
            code=ui.code.text(),
            name=ui.name.text(),
            short_name=ui.short_name.text(),
            kind=ui.kind.currentData(),
            has_terminal=ui.has_terminal.isChecked(),
            head_title=ui.head_title.text(),
            address=ui.address.text(),
            valid_from_fy=ui.valid_from.fiscal_year(),
            valid_until_fy=ui.valid_until.fiscal_year(),
        )

    def _kind_changed(self, *_args) -> None:
        # Only 事務利用機関 can have a terminal (the registry refuses it otherwise).
        is_user = self.ui.kind.currentData() == "user"
        if not is_user:
            self.ui.has_terminal.setChecked(False)
        self.ui.has_terminal.setEnabled(is_user)

    def error_text(self) -> str:
        return self.ui.error_label.text()

    def show_error(self, message: str, field: str | None = None) -> None:
        show_field_error(self.ui.error_label, self.fields, message, field, select_all=True)

    # -- saving -----------------------------------------------------------------------
    def accept(self) -> None:
        data = self.data()
        saved = save_or_show_error(
            self.context,
            lambda: save_institution(self.context.database, data, institution_id=self.institution_id),
            self.show_error,
            database_detail=True,
        )
        if saved is None:
            return
        self.ui.error_label.clear()
        self.institution_id = saved.id
        self.plan_lines = saved.lines()
        self.saved.emit(saved.id)
        super().accept()
        if self.plan_lines:
            prompts.info(self.parentWidget(), "監査計画: " + "\n".join(self.plan_lines))
