"""Retire an institution: choose its last fiscal year in the registry."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from jukidesk.actions.registry import retire_institution
from jukidesk.base.errors import JukideskError
from jukidesk.core.registry import InstitutionData
from jukidesk.gui.context import AppContext
from jukidesk.gui.forms.ui_retire_dialog import Ui_RetireDialog


def default_last_year(data: InstitutionData, selected_fy: int) -> int:
    """What a clerk expects: an institution abolished in the year on screen leaves the
    registry from that year, so its last year is the one before (never before it started).
    An institution already retired keeps its recorded last year."""
    if data.valid_until_fy is not None:
        return data.valid_until_fy
    return max(data.valid_from_fy, selected_fy - 1)


class RetireDialog(QDialog):
    saved = Signal(int)

    def __init__(self, context: AppContext, institution_id: int, data: InstitutionData, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_RetireDialog()
        self.ui.setupUi(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context, self.institution_id, self.institution = context, institution_id, data
        style = context.year_style
        self.ui.message_label.setText(
            f"「{data.name}」（{data.code}）を廃止します。\n"
            "最終年度まではこれまでどおり台帳・点検・監査・報告に残り、翌年度から台帳に表示されなくなります。"
            "記録は削除しません。\n"
            f"最終年度の初期値は、選択中の年度（{style.label(context.fiscal_year, fullwidth=False)}）の前年度です。"
            "選択中の年度から台帳に載せない場合は、そのまま「廃止する」を押してください。"
        )
        years = [fy for fy in context.fiscal_years() if fy >= data.valid_from_fy] or [data.valid_from_fy]
        self.ui.last_year.set_years(years, style)
        self.ui.last_year.set_fiscal_year(default_last_year(data, context.fiscal_year))
        self.ui.last_year.currentIndexChanged.connect(self._update_effect)
        ok = self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("廃止する")
        self.ui.buttons.accepted.connect(self.accept)
        self.ui.buttons.rejected.connect(self.reject)
        self._update_effect()

    def last_year(self) -> int:
        return self.ui.last_year.fiscal_year()

    def _update_effect(self, *_args) -> None:
        style, last = self.context.year_style, self.last_year()
        self.ui.effect_label.setText(f"{style.display(last)}まで有効。{style.display(last + 1)}からは台帳に表示されません。")

    def accept(self) -> None:
        try:
            outcome = retire_institution(self.context.database, self.institution_id, self.last_year())
        except JukideskError as exc:  # a ValidationError included
            self.ui.error_label.setText(str(exc))
            return
        self.context.apply(outcome)
        self.saved.emit(self.institution_id)
        super().accept()
