"""Retire an institution: choose its last fiscal year in the registry. The dialog says
which of its audits not carried out yet fall after that year (they are removed, and when
the institution still owes the current cycle an audit, one goes into a remaining year); once
retired, it lists what moved in the plan (``actions.registry.retire_institution``)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from jukidesk.actions.registry import retire_institution
from jukidesk.base.errors import JukideskError
from jukidesk.base.vocabulary import AUDIT_STATUS_LABELS, CHECKLIST_KIND_LABELS
from jukidesk.core.planner import pending_audits_after
from jukidesk.core.registry import InstitutionData
from jukidesk.gui import prompts
from jukidesk.gui.context import AppContext
from jukidesk.gui.forms.ui_retire_dialog import Ui_RetireDialog
from jukidesk.gui.widgets import fit_to_screen


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
        self.moved: list[str] = []  # what the retirement changed in the plan (after OK)
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
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    def last_year(self) -> int:
        return self.ui.last_year.fiscal_year()

    def pending_after(self, last: int) -> list[str]:
        """Its audits not carried out yet (予定・通知済) after ``last``: '平成27年度の内部監査（予定）'."""
        style = self.context.year_style
        with self.context.database.session() as session:
            audits = pending_audits_after(session, self.institution_id, last)
            return [
                f"{style.label(a.fy, fullwidth=False)}の{CHECKLIST_KIND_LABELS[a.kind]}（{AUDIT_STATUS_LABELS[a.status]}）"
                for a in audits
            ]

    def _update_effect(self, *_args) -> None:
        style, last = self.context.year_style, self.last_year()
        text = f"{style.display(last)}まで有効。{style.display(last + 1)}からは台帳に表示されません。"
        pending = self.pending_after(last)
        if pending:
            text += (
                f"\n{style.label(last + 1, fullwidth=False)}以降の監査 {'、'.join(pending)}は削除します"
                "（この巡目にまだ監査が必要なら、残りの年度に入れ直します）。"
            )
        self.ui.effect_label.setText(text)

    def accept(self) -> None:
        try:
            outcome = retire_institution(self.context.database, self.institution_id, self.last_year())
        except JukideskError as exc:  # a ValidationError included
            self.ui.error_label.setText(str(exc))
            return
        self.context.apply(outcome)
        self.moved = outcome.value.lines()
        self.saved.emit(self.institution_id)
        super().accept()
        if self.moved:
            prompts.info(
                self.parentWidget(),
                f"「{self.institution.name}」を廃止しました。監査計画を次のとおり直しました。\n" + "\n".join(f"・{line}" for line in self.moved),
            )
