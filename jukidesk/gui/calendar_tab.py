"""監査カレンダー: the month view, the fiscal year's audits, and how far the year's plan is.

Everything shown is computed by ``core.calendar`` (schedule with warnings, progress, the
month's marks) and ``core.planner``; this tab only draws it. Double-click an audit (or a
marked day) to edit it, 指摘事項 to record the findings' responses and confirm earlier
findings as fixed; drag an audit from the list onto a day to move it; 監査計画 opens
the rotation planner; the year's schedule exports to .ics and the month prints to a
one-page PDF (drawn by ``reports.calendar_pdf`` with reportlab, the same fonts as the reports).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget

from jukidesk.actions.audits import move_audit
from jukidesk.base.errors import JukideskError
from jukidesk.base.fiscal import fiscal_year_bounds, fiscal_year_of, screen_date
from jukidesk.core.calendar import export_ics, month_view, year_progress, year_schedule
from jukidesk.gui import operations, prompts
from jukidesk.gui.audit_dialog import AUDIT, AuditDialog
from jukidesk.gui.context import INSTITUTION, SETTINGS, AppContext
from jukidesk.gui.findings_dialog import FindingsDialog
from jukidesk.gui.forms.ui_calendar_tab import Ui_CalendarTab
from jukidesk.gui.models.audit_model import (
    COL_AUDITORS,
    COL_METHODS,
    COL_WHEN,
    ID_ROLE,
    SORT_ROLE,
    AuditTableModel,
    ProgressModel,
)
from jukidesk.gui.operations import run_operation
from jukidesk.gui.plan_dialog import PlanDialog
from jukidesk.gui.tables import set_up_table
from jukidesk.gui.widgets import ReloadWhenShown

LEGEND = (
    "<span style='color:#2861b8'>■</span>内部監査　"
    "<span style='color:#1f8c4d'>■</span>外部監査　"
    "<span style='color:#d9730d'>■</span>フォローアップ（薄い色は予定）　"
    "<span style='color:#e69600'>◥</span>警告あり<br>"
    "<span style='color:#c81414'>赤</span>: 日曜・祝日・閉庁日　<span style='color:#194bbe'>青</span>: 土曜"
)


class CalendarTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_CalendarTab()
        self.ui.setupUi(self)
        self.context = context
        self.dialog = None  # the dialog opened last (tests reach it here)
        self.last_export: Path | None = None

        self.model = AuditTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        table = self.ui.audits_table
        table.setModel(self.proxy)
        table.sortByColumn(COL_WHEN, Qt.SortOrder.AscendingOrder)
        table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        set_up_table(  # 監査人・方法 share the free width; 日時 and the rest are shown whole
            table, stretch=(COL_AUDITORS, COL_METHODS), empty_text="この年度の監査はまだありません。「監査計画…」で巡目の計画を作るか、カレンダーの日をダブルクリックして追加します。"
        )

        self.progress_model = ProgressModel(self)
        self.ui.progress_table.setModel(self.progress_model)
        self.ui.progress_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.ui.progress_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.ui.legend_label.setText(LEGEND)
        self.ui.splitter.setStretchFactor(0, 2)
        self.ui.splitter.setStretchFactor(1, 3)
        self.ui.splitter.setSizes([520, 760])
        self.ui.main_layout.setStretch(1, 1)  # the calendar and the list take the height
        self.ui.left_layout.setStretch(0, 1)

        calendar = self.ui.calendar
        calendar.currentPageChanged.connect(lambda *_: self.load_month())
        calendar.selectionChanged.connect(self._day_selected)
        calendar.day_activated.connect(self._day_activated)
        calendar.audit_dropped.connect(self.move_audit_to)
        table.doubleClicked.connect(self._double_clicked)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.ui.add_button.clicked.connect(lambda: self.add_audit())
        self.ui.edit_button.clicked.connect(lambda: self.edit_audit())
        self.ui.findings_button.clicked.connect(lambda: self.open_findings())
        self.ui.plan_button.clicked.connect(lambda: self.open_plan_dialog())
        self.ui.ics_button.clicked.connect(lambda: self.export_ics())
        self.ui.pdf_button.clicked.connect(lambda: self.print_month())
        self._install_notice_button()
        self._year_moved = False  # the year changed while the tab was hidden: show its start
        self._reloader = ReloadWhenShown(self, self._reload_for_changes)
        context.year_changed.connect(self._year_changed)
        context.data_changed.connect(self._data_changed)
        self.reload()
        self.show_year_start()

    # -- loading ----------------------------------------------------------------------
    def reload(self) -> None:
        selected = self.selected_id()
        fy = self.context.fiscal_year
        with self.context.database.session() as session:
            entries = year_schedule(session, fy)
            progress = year_progress(session, fy)
        self.model.set_entries(entries)
        self.progress_model.set_progress(progress)
        self._fit_progress_table()
        label = self.context.year_style.label(fy, fullwidth=False)
        undated = sum(1 for e in entries if e.starts_at is None)
        warned = sum(1 for e in entries if e.warnings)
        self.ui.list_title.setText(
            f"{label}の監査（{len(entries)}件" + (f"、日程未定 {undated}件" if undated else "") + "）"
        )
        self.ui.status_label.setText(f"警告のある監査: {warned}件" if warned else "")
        self.load_month()
        if selected is not None:
            self.select_id(selected)
        self._selection_changed()

    def _fit_progress_table(self) -> None:
        table = self.ui.progress_table
        table.resizeRowsToContents()
        height = table.horizontalHeader().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(r) for r in range(self.progress_model.rowCount()))
        table.setFixedHeight(height)

    def load_month(self) -> None:
        with self.context.database.session() as session:
            view = month_view(session, self.ui.calendar.yearShown(), self.ui.calendar.monthShown())
        self.ui.calendar.set_month(view)

    def show_year_start(self) -> None:
        """Show today's month when today (the organisation's 基準日, ``context.today``) is
        in the year on screen; else the month of the year's first audit, or April."""
        fy = self.context.fiscal_year
        first, last = fiscal_year_bounds(fy)
        today = self.context.today
        dated = sorted(e.starts_at.date() for e in self.model.entries if e.starts_at is not None)
        if first <= today <= last:
            target = today
        else:
            target = dated[0] if dated else first
        self.show_day(target)

    def show_day(self, day: dt.date) -> None:
        self.ui.calendar.setSelectedDate(QDate(day))
        self.ui.calendar.setCurrentPage(day.year, day.month)
        self.load_month()

    def _year_changed(self, _fy: int) -> None:
        self._year_moved = True
        self._reloader.request()

    def _data_changed(self, area: str) -> None:
        if area in (AUDIT, INSTITUTION, SETTINGS, "checklist"):
            self._reloader.request()

    def _reload_for_changes(self) -> None:
        self.reload()
        if self._year_moved:
            self._year_moved = False
            self.show_year_start()

    # -- selection --------------------------------------------------------------------
    def selected_id(self) -> int | None:
        rows = self.ui.audits_table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def select_id(self, audit_id: int) -> bool:
        row = self.model.row_of_id(audit_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, COL_WHEN))
        self.ui.audits_table.selectRow(index.row())
        self.ui.audits_table.scrollTo(index)
        return True

    def visible_rows(self) -> list[list[str]]:
        return [
            [self.proxy.index(r, c).data() for c in range(self.proxy.columnCount())] for r in range(self.proxy.rowCount())
        ]

    def _selection_changed(self, *_args) -> None:
        audit_id = self.selected_id()
        self.ui.edit_button.setEnabled(audit_id is not None)
        self.ui.findings_button.setEnabled(audit_id is not None)
        entry = next((e for e in self.model.entries if e.audit_id == audit_id), None)
        text = "\n".join(f"⚠ {w}" for w in entry.warnings) if entry and entry.warnings else ""
        self.ui.detail_label.setText(text)
        self.ui.detail_label.setVisible(bool(text))

    def _day_selected(self) -> None:
        day = self.ui.calendar.selectedDate().toPython()
        entries = self.ui.calendar.marks.get(day, [])
        for entry in entries:
            if self.select_id(entry.audit_id):
                break

    def _day_activated(self, day: dt.date) -> None:
        entries = self.ui.calendar.marks.get(day, [])
        if entries:
            self.edit_audit(entries[0].audit_id)
        else:
            self.add_audit(day)

    def _double_clicked(self, index: QModelIndex) -> None:
        self.edit_audit(index.data(ID_ROLE))

    # -- actions ----------------------------------------------------------------------
    def edit_audit(self, audit_id: int | None = None) -> AuditDialog | None:
        audit_id = audit_id if audit_id is not None else self.selected_id()
        if audit_id is None:
            return None
        dialog = AuditDialog(self.context, self, audit_id=audit_id)
        dialog.saved.connect(self._saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_audit(self, day: dt.date | None = None) -> AuditDialog:
        if day is None:
            selected = self.ui.calendar.selectedDate().toPython()
            day = selected if fiscal_year_of(selected) == self.context.fiscal_year else None
        dialog = AuditDialog(self.context, self, day=day)
        dialog.saved.connect(self._saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, audit_id: int) -> None:
        self.select_id(audit_id)

    def move_audit_to(self, audit_id: int, day: dt.date) -> list[str] | None:
        """Move an audit to ``day`` at the same times (drag and drop). Returns the warnings
        of the new day, None when the move was refused."""
        try:
            outcome = move_audit(self.context.database, audit_id, day)
        except JukideskError as exc:
            prompts.error(self, f"監査を {screen_date(day)} に移せません: {exc}")
            return None
        self.context.apply(outcome)
        warnings = outcome.value
        self.select_id(audit_id)
        if warnings:
            prompts.warn(self, f"{day.month}月{day.day}日に移しました。次の点を確認してください。\n" + "\n".join(warnings))
        return warnings

    def open_findings(self, audit_id: int | None = None) -> FindingsDialog | None:
        audit_id = audit_id if audit_id is not None else self.selected_id()
        if audit_id is None:
            return None
        dialog = FindingsDialog(self.context, self, audit_id=audit_id)
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_plan_dialog(self, cycle_start: int | None = None) -> PlanDialog:
        dialog = PlanDialog(self.context, self, cycle_start=cycle_start)
        self.dialog = dialog
        dialog.open()
        return dialog

    def export_ics(self, path: str | None = None):
        fy = self.context.fiscal_year
        if path is None:
            path = prompts.save_file_name(self, "予定表（.ics）に書き出し", f"監査予定_{fy}年度.ics", "予定表 (*.ics)", kind="calendar")
            if not path:
                return None
        target = Path(path)
        if target.suffix.lower() != ".ics":
            target = target.with_name(target.name + ".ics")
        database = self.context.database

        def work(_progress):
            with database.session() as session:
                return export_ics(session, fy, target)

        def done(result) -> None:
            self.last_export = result.path
            text = f"{result.events} 件の監査を {result.path} に書き出しました。"
            if result.undated:
                text += f"\n日程未定の {result.undated} 件は含めていません。"
            prompts.info(self, text)

        return run_operation(self, work, label="予定表に書き出しています…", on_success=done)

    # -- notices for some audits (issue 21) ----------------------------------------------
    def _install_notice_button(self) -> None:
        from PySide6.QtGui import QAction
        from PySide6.QtWidgets import QMenu, QToolButton

        self.ui.audits_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.notice_button = QToolButton(self)
        self.notice_button.setText("監査通知(&T)")
        self.notice_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.notice_button)
        self.notice_selected_action = QAction("選択した監査の通知を印刷（PDF）…", self)
        self.notice_month_action = QAction("この月の監査の通知を印刷（PDF）…", self)
        self.notice_selected_action.triggered.connect(lambda: self.print_notices(self.selected_ids()))
        self.notice_month_action.triggered.connect(lambda: self.print_notices(self.month_audit_ids()))
        menu.addAction(self.notice_selected_action)
        menu.addAction(self.notice_month_action)
        self.notice_button.setMenu(menu)
        self.ui.toolbar.insertWidget(self.ui.toolbar.indexOf(self.ui.pdf_button), self.notice_button)

    def selected_ids(self) -> list[int]:
        """The audits selected in the list (Ctrl/Shift-click selects several), in list order."""
        rows = sorted(self.ui.audits_table.selectionModel().selectedRows(), key=lambda index: index.row())
        return [index.data(ID_ROLE) for index in rows]

    def month_audit_ids(self) -> list[int]:
        """The dated audits of the month shown in the calendar."""
        year, month = self.ui.calendar.yearShown(), self.ui.calendar.monthShown()
        return [
            e.audit_id for e in self.model.entries
            if e.starts_at is not None and (e.starts_at.year, e.starts_at.month) == (year, month)
        ]

    def print_notices(self, audit_ids: list[int], path: str | None = None):
        """The notice letters of these audits as one PDF (actions.papers.print_notices); then,
        if the clerk agrees, the ones still 予定 become 通知済 on their letters' dates."""
        from jukidesk.actions.papers import mark_notified, print_notices

        if not audit_ids:
            prompts.info(self, "通知を印刷する監査がありません。一覧で監査を選ぶ（Ctrl・Shift で複数）か、監査のある月を表示してください。")
            return None
        if path is None:
            path = prompts.save_file_name(self, "監査実施通知（PDF）の保存先", f"監査実施通知_{len(audit_ids)}件.pdf", "PDF (*.pdf)", kind="notices")
            if not path:
                return None
        target = Path(path).with_suffix(".pdf")
        database, fy = self.context.database, self.context.fiscal_year

        def done(printed) -> None:
            text = f"通知 {len(printed.letters)} 件を保存しました。\n{printed.path}"
            if printed.pending and prompts.confirm(
                self,
                f"{text}\n\n予定のままの {len(printed.pending)} 件の監査を「通知済」（通知日 {printed.dates_text()}）にしますか？",
                ok_text="通知済にする",
            ):
                try:
                    self.context.apply(mark_notified(database, printed.pending, dates=printed.dates))
                except JukideskError as exc:
                    prompts.error(self, str(exc))
            elif not printed.pending:
                prompts.info(self, text)

        self.last_operation = operations.run_action(
            self,
            self.context,
            lambda progress: print_notices(database, fy, target=target, audit_ids=audit_ids, progress=progress),
            label="通知を作成しています…",
            on_success=done,
        )
        return self.last_operation

    def print_month(self, path: str | None = None):
        year, month = self.ui.calendar.yearShown(), self.ui.calendar.monthShown()
        if path is None:
            path = prompts.save_file_name(self, "この月を PDF に印刷", f"監査予定_{year}-{month:02d}.pdf", "PDF (*.pdf)", kind="calendar")
            if not path:
                return None
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        database = self.context.database
        organisation = self.context.settings.get("org_name", "")

        def work(_progress):
            from jukidesk.reports.calendar_pdf import write_month_pdf

            with database.session() as session:
                view = month_view(session, year, month)
            return write_month_pdf(view, target, organisation=organisation)

        def done(result) -> None:
            self.last_export = result
            prompts.info(self, f"{year}年{month}月の監査予定を {result} に書き出しました。")

        return run_operation(self, work, label="PDF を作成しています…", on_success=done)
