"""The rotation plan of one cycle as an editable grid (institutions × years).

「提案を計算」 asks ``core.planner`` for a proposal with the counts typed above the grid;
the last column says why each institution lands in its year (``PlanningContext.reason``,
e.g. 前回 H23 内部監査・最も長く監査していない; 指定により固定 for a cell clicked by hand);
every click on the grid and every count change re-checks all rules with
``PlanningContext.check`` (no database access) and shows the result live. 「保存」 is
enabled only for a valid plan and stores it with ``actions.audits.apply_plan`` (which checks
it again against the stored data, backs the file up, then stores it in one transaction);
cells changed by hand are stored as pinned audits.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QSpinBox, QWidget

from jukidesk.actions.audits import apply_plan
from jukidesk.base import audit_kinds
from jukidesk.base.errors import JukideskError
from jukidesk.core.planner import PlanError, PlanningContext, Targets, planning_context, rotation_kinds
from jukidesk.gui import prompts
from jukidesk.gui.context import AppContext
from jukidesk.gui.forms.ui_plan_dialog import Ui_PlanDialog
from jukidesk.gui.models.audit_model import PlanGridModel
from jukidesk.gui.widgets import fit_to_screen

OK_STYLE = "QLabel { color: #146c2e; font-weight: bold; }"
PROBLEM_STYLE = "QLabel { color: #c00000; }"


class PlanDialog(QDialog):
    applied = Signal(object)  # planner.ApplyResult

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, cycle_start: int | None = None):
        super().__init__(parent)
        self.ui = Ui_PlanDialog()
        self.ui.setupUi(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context = context
        self.plan_context: PlanningContext | None = None
        self.grid: PlanGridModel | None = None
        self.spins: dict[tuple[int, str], QSpinBox] = {}
        self.problems: list[str] = []
        style = context.year_style
        current = style.cycle(context.fiscal_year + 1)  # after the selected year: the cycle to plan
        starts = sorted({style.cycle(current.first_fy - style.cycle_length).first_fy, current.first_fy,
                         current.first_fy + style.cycle_length})
        starts = [s for s in starts if s >= style.cycle_first_fy]
        for start in starts:
            cycle = style.cycle(start)
            self.ui.cycle.addItem(
                f"{cycle.label(fullwidth=False)}（{style.label(cycle.first_fy, fullwidth=False)}〜{style.label(cycle.last_fy, fullwidth=False)}）",
                start,
            )
        self.ui.cycle.setCurrentIndex(max(0, self.ui.cycle.findData(cycle_start or current.first_fy)))
        self.save_button = self.ui.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("計画を保存(&S)")
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Close).setText("閉じる")
        self.ui.buttons.accepted.connect(self.save)
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.cycle.currentIndexChanged.connect(self.load_cycle)
        self.ui.propose_button.clicked.connect(self.propose)
        self.ui.replace_planned.toggled.connect(self.propose)
        self.ui.grid.clicked.connect(self._cell_clicked)
        self.load_cycle()
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    # -- loading ----------------------------------------------------------------------
    def cycle_start(self) -> int:
        return self.ui.cycle.currentData()

    def load_cycle(self, *_args) -> None:
        try:
            with self.context.database.session() as session:
                self.plan_context = planning_context(session, self.cycle_start())
        except JukideskError as exc:
            self._show_problems([str(exc)])
            return
        ctx = self.plan_context
        try:
            targets = ctx.targets()
        except PlanError:
            targets = Targets(per_kind={kind: (0,) * ctx.cycle.length for kind in rotation_kinds()})
        self._build_spins(targets)
        self.grid = PlanGridModel(ctx, self)
        self.grid.changed.connect(self.check)
        self.ui.grid.setModel(self.grid)
        header = self.ui.grid.horizontalHeader()
        # the years as wide as their label (令和元年度), the reason takes the rest (full text in its tooltip)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.grid.reason_column, QHeaderView.ResizeMode.Stretch)
        self.ui.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.propose()

    def _build_spins(self, targets: Targets) -> None:
        layout = self.ui.targets_grid
        while layout.count():
            widget = layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.spins = {}
        ctx = self.plan_context
        for col, fy in enumerate(ctx.cycle.years, start=1):
            layout.addWidget(QLabel(ctx.style.label(fy, fullwidth=False)), 0, col, Qt.AlignmentFlag.AlignCenter)
        for row, kind in enumerate(rotation_kinds(), start=1):
            entry = audit_kinds.kind(kind)
            layout.addWidget(QLabel(entry.label + ("（業務端末設置機関）" if entry.needs_terminal else "")), row, 0)
            for index, fy in enumerate(ctx.cycle.years):
                spin = QSpinBox()
                spin.setRange(0, max(99, len(ctx.institutions)))
                spin.setValue(targets.count(index, kind))
                spin.setSuffix(" 件")
                spin.valueChanged.connect(self.check)
                layout.addWidget(spin, row, index + 1)
                self.spins[(fy, kind)] = spin
        if targets.from_previous_cycle:
            source = "前の巡目の実績"
        elif targets.note:
            source = "。".join(targets.note.splitlines())  # 前の巡目の件数が機関数と合わないため、均等に割り振りました
        else:
            source = "指定してください"
        self.ui.targets_box.setTitle(f"年度ごとの件数（既定: {source}）")

    def targets(self) -> Targets:
        years = list(self.plan_context.cycle.years)
        return Targets(per_kind={kind: tuple(self.spins[(fy, kind)].value() for fy in years) for kind in rotation_kinds()})

    def set_targets(self, *counts: tuple[int, ...]) -> None:
        """Counts per year for each rotating kind, in the table's order (内部, 外部)."""
        for kind, per_year in zip(rotation_kinds(), counts, strict=True):
            for index, fy in enumerate(self.plan_context.cycle.years):
                self.spins[(fy, kind)].setValue(per_year[index])

    # -- proposing and checking -------------------------------------------------------
    def propose(self, *_args) -> bool:
        if self.plan_context is None:
            return False
        try:
            plan = self.plan_context.propose(self.targets(), replace_planned=self.ui.replace_planned.isChecked())
        except PlanError as exc:
            self._show_problems(["提案できません:", *exc.problems])
            return False
        self.grid.set_plan(plan)  # emits changed → check()
        return True

    def _cell_clicked(self, index) -> None:
        if self.grid is not None and index.isValid():
            self.grid.cycle(index.row(), index.column())

    def check(self, *_args) -> list[str]:
        if self.plan_context is None or self.grid is None:
            return []
        targets = self.targets()
        problems = self.plan_context.check(self.grid.assignment, targets)
        counts = self.grid.counts()
        style = self.plan_context.style
        self.ui.counts_label.setText(
            "　".join(
                f"{style.label(fy, fullwidth=False)}: "
                + "・".join(f"{audit_kinds.kind(k).short} {counts[(fy, k)]}/{targets.count(i, k)}" for k in rotation_kinds())
                for i, fy in enumerate(self.plan_context.cycle.years)
            )
        )
        if problems:
            self._show_problems(problems)
        else:
            self.problems = []
            n = len(self.plan_context.institutions)
            self.ui.check_label.setStyleSheet(OK_STYLE)
            self.ui.check_label.setText(
                f"✔ すべての規則を満たしています（事務利用機関{n}機関を各1回、外部監査は業務端末設置機関のみ、件数は目標どおり）。"
            )
            self.save_button.setEnabled(True)
        return problems

    def _show_problems(self, problems: list[str]) -> None:
        self.problems = problems
        self.ui.check_label.setStyleSheet(PROBLEM_STYLE)
        self.ui.check_label.setText("\n".join(p if p.endswith(":") else f"✖ {p}" for p in problems))
        self.save_button.setEnabled(False)

    def check_text(self) -> str:
        return self.ui.check_label.text()

    # -- saving -----------------------------------------------------------------------
    def save(self) -> None:
        if self.check():
            return
        plan = self.grid.plan(self.targets())
        try:
            outcome = apply_plan(self.context.database, plan)
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return
        self.context.apply(outcome)
        result = outcome.value
        prompts.info(
            self,
            f"監査計画を保存しました（追加 {result.added} 件、削除 {result.removed} 件、変更なし {result.unchanged} 件、"
            f"日程の案 {result.scheduled} 件）。日時は監査カレンダーで直せます。",
        )
        self.applied.emit(result)
        self.accept()
