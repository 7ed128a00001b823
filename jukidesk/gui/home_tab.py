"""今年度の進捗: the clerk's fiscal year as a checklist of its own (the first tab).

The steps and counts come from ``core.year_progress.year_overview`` for the selected year
(as of the organisation's reference date); each step's next action is one button, wired to
an action (``actions.year``, ``actions.papers``) through ``operations.run_action``, which
refreshes the tabs it changed:

- 年度更新 (top right) and 年度の準備: ``prepare_year`` after the clerk confirmed what it
  will do (its dry run: registry changes, checklists, the cycle's plan);
- 自己点検の配布: every workbook into a folder (``export_workbooks``);
- 回収状況: a folder of returned workbooks, or files dropped anywhere on the window — every
  valid one imported in one transaction, the rejected ones listed with their reasons;
- 監査計画: the rotation planner's proposal applied, its audits dated (``core.scheduler``);
  undated audits → 監査カレンダー;
- 監査通知: the notice letters as one PDF (the audits chosen by
  ``core.year_workflow.notice_candidates``), then 通知済;
- 監査結果: the audit's checklist opened in チェックリスト, or 実施済 once it is complete;
- 指摘事項: the open findings as an xlsx list; 資料2: Excel + PDF, then 発行済 — the same
  actions as the 資料2 tab's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QUrl
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHeaderView, QPushButton, QWidget

from jukidesk.actions import papers as paper_actions
from jukidesk.actions import year as year_actions
from jukidesk.actions.base import today_of
from jukidesk.base.errors import JukideskError
from jukidesk.base.fiscal import fiscal_year_of, screen_date, screen_datetime
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
from jukidesk.core.municipal.year_steps import ACTION_VIEWS as CITY_ACTION_VIEWS
from jukidesk.core.scoring import format_score
from jukidesk.core.year_progress import ATTENTION, YearOverview, year_overview
from jukidesk.gui import operations, prompts
from jukidesk.gui.context import AppContext
from jukidesk.gui.forms.ui_home_tab import Ui_HomeTab
from jukidesk.gui.models.step_model import COL_ACTION, COL_DETAIL, COL_STATUS, StepModel
from jukidesk.gui.tables import set_up_table
from jukidesk.gui.widgets import ReloadWhenShown

PDF_FILTER = "PDF (*.pdf);;すべてのファイル (*)"
RED = "#C00000"


def dropped_paths(mime) -> list[Path]:
    """Local files and folders in a drag: .xlsx files and folders are offered to the import."""
    paths = []
    for url in mime.urls() if mime is not None and mime.hasUrls() else []:
        if isinstance(url, QUrl) and url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.is_dir() or path.suffix.lower() == ".xlsx":
                paths.append(path)
    return paths


class _DropFilter(QObject):
    """Lets the whole main window take returned workbooks dropped on it."""

    def __init__(self, tab: HomeTab):
        super().__init__(tab)
        self._tab = tab

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if dropped_paths(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            paths = dropped_paths(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self._tab.import_paths(paths)
                return True
        return False


class HomeTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_HomeTab()
        self.ui.setupUi(self)
        self.context = context
        self.overview: YearOverview | None = None
        self.rollover_fy: int | None = None
        self.action_buttons: dict[str, QPushButton] = {}
        self.last_operation: operations.Operation | None = None
        self.model = StepModel(self)
        view = self.ui.steps_view
        view.setModel(self.model)
        set_up_table(view, stretch=(COL_DETAIL,))
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.ui.log_view.setAcceptDrops(False)

        self.ui.rollover_button.clicked.connect(self.roll_over)
        self._reloader = ReloadWhenShown(self, self.reload)
        context.year_changed.connect(self._reloader.request)
        context.data_changed.connect(self._reloader.request)
        self._drop_filter = _DropFilter(self)
        self.installEventFilter(self._drop_filter)
        window = self.window()
        if window is not self:
            window.setAcceptDrops(True)
            window.installEventFilter(self._drop_filter)
        self.reload()

    # -- refreshing -------------------------------------------------------------------
    @property
    def fy(self) -> int:
        return self.context.fiscal_year

    def reload(self) -> None:
        try:
            with self.context.database.session() as session:
                self.overview = year_overview(session, self.fy)
        except JukideskError as exc:  # e.g. an unreadable due-date setting
            self.overview = None
            self.model.set_steps([])
            self._log([str(exc)])
            return
        overview = self.overview
        style = self.context.year_style
        self.rollover_fy = fiscal_year_of(overview.today)
        self.ui.title_label.setText(f"{style.label(self.fy, fullwidth=False)}の進捗")
        self.ui.title_label.setToolTip(style.display(self.fy))
        self.ui.today_label.setText(f"基準日 {screen_date(overview.today)}")
        self.ui.rollover_button.setText(f"年度更新（{style.label(self.rollover_fy, fullwidth=False)}）(&U)…")
        self.model.set_steps(overview.steps)
        self._make_buttons()
        self._show_counts()
        self._show_getting_started()

    def _make_buttons(self) -> None:
        view = self.ui.steps_view
        self.action_buttons = {}
        for row, step in enumerate(self.model.steps()):
            if not step.action:
                continue
            button = QPushButton(step.action_label, view)
            button.setObjectName(f"action_{step.key}")
            button.clicked.connect(lambda _checked=False, action=step.action: self.run_action(action))
            view.setIndexWidget(self.model.index(row, COL_ACTION), button)
            self.action_buttons[step.key] = button
        view.sizer.apply()  # the buttons are the action column's content: the detail column shares what is left
        # every row as tall as a button, so rows with and without one line up
        view.verticalHeader().setMinimumSectionSize(QPushButton("X").sizeHint().height() + 4)
        view.resizeRowsToContents()

    def _show_counts(self) -> None:
        counts = self.overview.counts
        collect = self.overview.step("collect")
        self.ui.returned_value.setText(f"{counts.returned} / {counts.targets}　（完了 {counts.completed}）")
        self._colour(self.ui.returned_value, collect.status == ATTENTION)
        self.ui.averages_value.setText(
            "\n".join(
                f"{CHECKLIST_KIND_LABELS[kind]}　{format_score(value) or '－'}" for kind, value in counts.averages.items()
            )
        )
        text = f"{counts.open_findings}件"
        if counts.overdue_findings:
            text += f"（期限超過 {counts.overdue_findings}件）"
        self.ui.findings_value.setText(text)
        self._colour(self.ui.findings_value, bool(counts.overdue_findings))
        self.ui.next_audit_value.setText(counts.next_audit.text() if counts.next_audit else "予定なし")

    @staticmethod
    def _colour(label, red: bool) -> None:
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(RED) if red else label.parentWidget().palette().color(QPalette.ColorRole.WindowText))
        label.setPalette(palette)

    def _log(self, lines: list[str]) -> None:
        self.ui.log_view.setPlainText("\n".join(lines))

    def step_status(self, key: str) -> str:
        return self.overview.step(key).status

    def status_text(self, key: str) -> str:
        """What the view shows in the step's 状況 cell (tests read the table, not the core)."""
        return self.model.index(self.model.row_of(key), COL_STATUS).data()

    def detail_text(self, key: str) -> str:
        return self.model.index(self.model.row_of(key), COL_DETAIL).data()

    # -- actions ----------------------------------------------------------------------
    def run_action(self, action: str) -> None:
        handlers = {
            "prepare": lambda: self.prepare(self.fy),
            "template": lambda: self._show_tab("チェックリスト"),
            "export": self.export_workbooks,
            "import": self.import_folder,
            "apply_plan": self.apply_plan,
            "calendar": lambda: self._show_tab("監査カレンダー"),
            "schedule": self.schedule_audits,
            "notices": self.print_notices,
            "enter_results": self.enter_results,
            "mark_done": self.mark_done,
            "findings": self.export_findings,
            "report": self.generate_report,
            "mark_issued": self.mark_issued,
            "city_report": lambda: self._show_tab("資料2"),
        }
        if action in CITY_ACTION_VIEWS:  # a city's own steps open their view of 市町村の運用
            self.show_city_view(CITY_ACTION_VIEWS[action])
            return
        handlers[action]()

    def show_city_view(self, view: str) -> None:
        tab = self._show_tab("市町村の運用")
        if tab is not None and hasattr(tab, "show_view"):
            tab.show_view(view)

    def _show_tab(self, title: str) -> QWidget | None:
        window = self.window()
        if hasattr(window, "show_tab") and title in window.tab_titles():
            return window.show_tab(title)
        return None

    def _today(self) -> dt.date:
        return self.overview.today if self.overview is not None else today_of(self.context.database)

    def _run(self, work, *, label: str, on_success) -> operations.Operation:
        """Run an action (``work(progress)`` returns its ``Outcome``) in the background; the
        tabs it changed are refreshed before ``on_success(value)``."""
        self.last_operation = operations.run_action(self, self.context, work, label=label, on_success=on_success)
        return self.last_operation

    def _act(self, act):
        """Run a quick action now; its error is shown and None returned."""
        try:
            outcome = act()
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return None
        self.context.apply(outcome)
        return outcome

    # 年度更新 / 年度の準備
    def roll_over(self) -> None:
        """Prepare the year of the reference date and show it."""
        if self.rollover_fy is not None:
            self.prepare(self.rollover_fy, switch=True)

    def prepare(self, fy: int, *, switch: bool = False) -> None:
        label = self.context.year_style.display(fy)
        database = self.context.database
        preview = self._act(lambda: year_actions.prepare_year(database, fy, dry_run=True))
        if preview is None:
            return
        preview = preview.value
        if not preview.changed:
            self._log([f"{label}の年度更新:", *preview.lines()])
            prompts.info(self, f"{label}は準備済みです。変更はありません。", title="年度更新")
            if switch:
                self.context.set_fiscal_year(fy)
            return
        if not prompts.confirm(
            self,
            f"{label}を準備します。\n\n" + "\n".join(f"・{line}" for line in preview.lines()),
            title="年度更新",
            ok_text="準備する",
        ):
            return

        def done(result) -> None:
            self._log([f"{label}の年度更新:", *result.lines()])
            if switch:
                self.context.set_fiscal_year(fy)

        self._run(lambda _progress: year_actions.prepare_year(database, fy), label=f"{label}を準備しています…", on_success=done)

    # 自己点検の配布
    def export_workbooks(self) -> None:
        folder = prompts.existing_directory(self, "自己点検の Excel ブックの書き出し先（機関ごとに1ファイル）", kind="distribution")
        if not folder:
            return
        fy, database = self.fy, self.context.database

        def done(paths) -> None:  # said in the log below the table: no box to close
            self._log([f"{len(paths)} 件の Excel ブックを書き出しました。各機関に送ってください: {folder}"])

        self._run(
            lambda progress: year_actions.export_workbooks(database, fy, Path(folder), progress=progress),
            label="Excel ブックを書き出しています…",
            on_success=done,
        )

    # 回収状況
    def import_folder(self) -> None:
        folder = prompts.existing_directory(self, "回収した Excel ブックのフォルダ", kind="returns")
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> operations.Operation | None:
        if operations.running_count():
            prompts.warn(self, "処理中の作業が終わってから、もう一度取り込んでください。")
            return None
        fy, database = self.fy, self.context.database

        def done(result) -> None:
            lines = result.lines()
            self._log(lines)
            text = "\n".join(lines[:25]) + ("\n…（続きは画面下の欄）" if len(lines) > 25 else "")
            if result.rejected:  # the clerk must act on these; a clean import is said in the log only
                prompts.warn(self, text, title="取り込めないファイルがあります")

        return self._run(
            lambda progress: year_actions.import_workbooks(database, paths, fy=fy, progress=progress),
            label="回収したファイルを確かめて取り込んでいます…",
            on_success=done,
        )

    # 監査計画
    def apply_plan(self) -> None:
        label = self.context.year_style.display(self.fy)
        if not prompts.confirm(
            self,
            f"{label}を含む巡目の監査計画を、前の巡目の件数と各機関の前回の監査から作成して適用します。\n"
            "登録済みの予定はそのまま残し、計画に入っていない機関だけを追加します。\n"
            "日程が未定の監査には、前回の監査の時期・時刻・場所・監査人・方法から日程の案を入れます"
            "（設定「監査の日程」。監査カレンダーで直せます）。",
            title="監査計画の適用",
            ok_text="適用する",
        ):
            return
        fy, database = self.fy, self.context.database

        def done(result) -> None:
            counts = "・".join(f"{CHECKLIST_KIND_LABELS[k]} {n}件" for k, n in result.year_counts.items())
            self._log(
                [f"監査計画を適用しました: 追加 {result.added}件（{label}: {counts}）、日程の案 {result.scheduled}件。"
                 "日程は監査カレンダーで直せます。"]
                + [f"※ {note}" for note in result.notes]
            )

        self._run(lambda _progress: year_actions.apply_year_plan(database, fy), label="監査計画を作成しています…", on_success=done)

    def schedule_audits(self) -> None:
        """日程の案を入れる: no confirmation (nothing is lost: the dates are 予定 and move in
        the calendar); what was done is said in the log."""
        fy, database = self.fy, self.context.database

        def done(schedule) -> None:
            lines = [f"日程の案を入れました: {len(schedule.proposed)}件（監査カレンダーで直せます）"]
            lines += [f"・{item.text()}" for item in schedule.proposed] + schedule.notes()
            self._log(lines)

        self._run(lambda _progress: year_actions.schedule_audits(database, fy), label="日程の案を作っています…", on_success=done)

    # 監査通知
    def print_notices(self) -> None:
        from jukidesk.core.year_workflow import notice_candidates
        from jukidesk.reports.papers import default_file_name, paper_parameters

        today, fy = self._today(), self.fy
        with self.context.database.session() as session:  # which audits: the core's rule, for the list shown
            targets = [
                (a.id, f"{a.starts_at.month}月{a.starts_at.day}日 {a.institution.report_name}（{CHECKLIST_KIND_LABELS[a.kind]}）")
                for a in notice_candidates(session, fy, today)
            ]
            ids = [audit_id for audit_id, _ in targets]
            if ids:
                parameters = paper_parameters(session, "notices", {"audit_ids": ids, "reference": today})
                default = default_file_name(session, "notices", fy, "pdf", parameters)
        if not targets:
            prompts.info(self, "通知できる監査がありません（予定の監査がないか、日程が未定です）。")
            return
        path = prompts.save_file_name(self, "監査実施通知（PDF）の保存先", default, PDF_FILTER, kind="notices")
        if not path:
            return
        database = self.context.database

        def done(printed) -> None:
            names = "\n".join(f"・{text}" for _, text in targets)
            saved = f"通知 {len(printed.letters)}件を保存しました: {printed.path}"
            self._log([saved, names])
            if not prompts.confirm(
                self,
                f"通知 {len(printed.letters)}件を保存しました。\n{printed.path}\n\n{names}\n\n"
                f"これらの監査を「通知済」（通知日 {printed.dates_text()}）にしますか？",
                title="通知済にする",
                ok_text="通知済にする",
            ):
                return
            marked = self._act(lambda: paper_actions.mark_notified(database, ids, dates=printed.dates))
            if marked is not None:
                self._log([saved, f"{len(marked.value)}件を通知済にしました。", names])

        self._run(
            lambda progress: paper_actions.print_notices(database, fy, target=Path(path), audit_ids=ids, progress=progress),
            label="通知を作成しています…",
            on_success=done,
        )

    # 監査結果
    def enter_results(self) -> None:
        from jukidesk.base.audit_kinds import scored_audit_codes
        from jukidesk.core.year_progress import audits_awaiting_results, existing_checklists, year_audits

        with self.context.database.session() as session:
            waiting = audits_awaiting_results(year_audits(session, self.fy), existing_checklists(session, self.fy), self._today())
            first = next(((a.kind, a.institution_id) for a in waiting if a.kind in scored_audit_codes()), None)
        tab = self._show_tab("チェックリスト")
        if tab is not None and first is not None:
            tab.select_kind(first[0])
            tab.select_institution(first[1])

    def mark_done(self) -> None:
        fy, database = self.fy, self.context.database
        marked = self._act(lambda: year_actions.mark_audits_done(database, fy))
        if marked is not None:
            self._log([f"実施済にしました: {'、'.join(marked.value) or 'なし'}"])

    # 指摘事項のフォローアップ
    def export_findings(self) -> None:
        fy, today = self.fy, self._today()
        path = prompts.save_file_name(self, "指摘事項の一覧の保存先", f"指摘事項_{fy}_{today:%Y%m%d}.xlsx", prompts.XLSX_FILTER, kind="findings")
        if not path:
            return
        database = self.context.database

        def work(_progress):
            from jukidesk.exchange.findings_xlsx import write_open_findings

            with database.session() as session:
                return write_open_findings(session, fy, Path(path), today=today)

        def done(result) -> None:
            self._log([f"未確認の指摘事項 {result[1]}件の一覧を保存しました: {result[0]}"])

        self._run(work, label="指摘事項の一覧を作成しています…", on_success=done)

    # 資料2
    def generate_report(self) -> None:
        folder = prompts.existing_directory(self, "資料2（Excel と PDF）の保存先", kind="papers")
        if not folder:
            return
        fy, database = self.fy, self.context.database

        def done(written) -> None:  # said in the log below the table: no box to close
            self._log(["資料2を作成しました:", *(str(p) for p in written.values())])

        self._run(
            lambda progress: paper_actions.make_shiryo2(database, fy, folder=Path(folder), progress=progress),
            label="資料2を作成しています…",
            on_success=done,
        )

    def mark_issued(self) -> operations.Operation | None:
        """発行済: the paper as handed over is kept (the same action as the 資料2 tab's)."""
        label = self.context.year_style.display(self.fy)
        if not prompts.confirm(
            self,
            f"{label}の資料2を発行済にします。\n今のデータで作った Excel と PDF を、発行した版として保存します。",
            title="資料2",
            ok_text="発行済にする",
        ):
            return None
        fy, database = self.fy, self.context.database

        def done(info) -> None:
            self._log([f"{label}の資料2を発行済にしました（{screen_datetime(info.issued_at)}）。"])

        return self._run(
            lambda progress: paper_actions.issue_paper(database, "shiryo2", fy, progress=progress),
            label="資料2を発行済にしています…",
            on_success=done,
        )

    # -- a new file: register the institutions first (issue 21) -------------------------
    def _getting_started_box(self):
        from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout

        if getattr(self, "start_box", None) is not None:
            return self.start_box
        box = QFrame(self)
        box.setObjectName("start_box")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box.setStyleSheet("#start_box { background: #FFF8E1; }")
        layout = QVBoxLayout(box)
        self.start_label = QLabel(box)
        self.start_label.setWordWrap(True)
        layout.addWidget(self.start_label)
        row = QHBoxLayout()
        self.start_import_button = QPushButton("機関台帳を取り込む（Excel・CSV）(&I)…", box)
        self.start_add_button = QPushButton("機関を1件ずつ入力する(&A)…", box)
        self.start_template_button = QPushButton("チェックリストのテンプレートを確認する(&C)", box)
        for button in (self.start_import_button, self.start_add_button, self.start_template_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.template_label = QLabel(box)
        self.template_label.setWordWrap(True)
        layout.addWidget(self.template_label)
        self.start_import_button.clicked.connect(lambda: self._registry_tab().import_registry())
        self.start_add_button.clicked.connect(lambda: self._registry_tab().add_institution())
        self.start_template_button.clicked.connect(self._open_checklist_tab)
        self.ui.main_layout.insertWidget(0, box)
        self.start_box = box
        return box

    def _registry_tab(self):
        return self.window().show_tab("機関台帳")

    def _open_checklist_tab(self) -> None:
        self.window().show_tab("チェックリスト")

    def institution_count(self) -> int:
        from jukidesk.core.registry import list_institutions

        with self.context.database.session() as session:
            return len(list_institutions(session))

    def _show_getting_started(self) -> None:
        """While no institution is registered the year's steps cannot start: the tab says what
        to do first (register the institutions, check the checklist template) and the year's
        buttons stay disabled."""
        from jukidesk.core.templates import template_for_year

        empty = self.institution_count() == 0
        if not empty and getattr(self, "start_box", None) is None:
            return
        box = self._getting_started_box()
        box.setVisible(empty)
        for button in self.action_buttons.values():
            button.setEnabled(not empty)
        self.ui.rollover_button.setEnabled(not empty)
        if not empty:
            return
        with self.context.database.session() as session:
            template = template_for_year(session, self.fy)
            template_text = (
                f"チェックリストのテンプレート: {template.name} 第{template.version}版（{len(template.items)}項目）を使います。"
                "項目を変えるときは、年度の準備の前に「チェックリスト」タブの テンプレート → Excel に書き出し／読み込み で直します。"
                if template is not None
                else "チェックリストのテンプレートがありません。「チェックリスト」タブの テンプレート → Excel から読み込み で登録してください。"
            )
        self.start_label.setText(
            "<b>はじめに、監査する機関を登録してください。</b><br>"
            "機関台帳（コード・名称・区分・業務端末の有無）を Excel・CSV から取り込むか、1件ずつ入力します。"
            "機関が登録されるまで、年度更新と下の手順のボタンは使えません。"
        )
        self.template_label.setText(template_text)

