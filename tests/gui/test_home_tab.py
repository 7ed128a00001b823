"""今年度の進捗: the whole FY2014 cycle walked on the demo data through the home tab alone.

Roll forward, export, fill the workbooks as the institutions would (openpyxl), import them
(a folder, then files dropped on the window), apply the plan, print notices, enter one audit
result, generate 資料2 — each step's status in the table changes as it goes; a second
年度更新 changes nothing in the file. Days pass by moving the organisation's reference date.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import replace
from fractions import Fraction

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from jukidesk.core.audits import AuditData, delete_audit, list_audits, update_audit
from jukidesk.core.checklists import Entry, complete_checklist, load_sheet, save_answer
from jukidesk.core.registry import list_institutions
from jukidesk.core.scoring import format_score
from jukidesk.core.settings import save_settings
from jukidesk.core.year_progress import Step
from jukidesk.exchange.checklist_xlsx import HEADER_ROW, MAIN_SHEET
from jukidesk.gui import operations, prompts
from jukidesk.gui.models.step_model import COL_ACTION, COL_DETAIL, COL_STATUS, STATUS_ROLE, StepModel

from .helpers import sql_dump

HOME = "今年度の進捗"
LOW = {"3-2": 2, "4-5": 1, "6-5": 1, "9-4": 2}  # the first returned workbook's scores under 3
# The demo's FY2014 audits (third cycle), as the clerk schedules them in the calendar.
SCHEDULE = {
    "102": dt.datetime(2014, 10, 21, 13, 30),
    "103": dt.datetime(2014, 10, 28, 13, 30),
    "106": dt.datetime(2014, 11, 11, 13, 30),
    "209": dt.datetime(2014, 12, 9, 10, 0),
    "210": dt.datetime(2014, 12, 10, 10, 0),
}


@pytest.fixture
def home(window, monkeypatch, prompts_log):
    """The home tab, operations run at once, folder choices answered from prompts_log.answers."""

    def folder(parent, title, directory="", **_kwargs):
        prompts_log.calls.append(("existing_directory", title))
        return prompts_log.answers.pop(0)

    monkeypatch.setattr(prompts, "existing_directory", folder)
    operations.set_synchronous(True)
    yield window.show_tab(HOME)
    operations.set_synchronous(False)


def click(qtbot, home, step: str) -> None:
    button = home.action_buttons[step]
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def statuses(home) -> dict[str, str]:
    """What the table shows in the 状況 column, by step."""
    model = home.model
    return {model.step_at(row).key: model.index(row, COL_STATUS).data() for row in range(model.rowCount())}


def set_today(context, day: dt.date) -> None:
    """Time passes: the organisation's reference date (what "today" means for deadlines)."""
    with context.database.transaction() as session:
        save_settings(session, {"reference_date": day.isoformat()})
    context.notify_changed("settings")


def fill(path, low: dict[str, int] | None = None, *, by: str = "記入 太郎") -> int:
    """Fill a returned workbook as an institution does; returns the number of items scored."""
    low = low or {}
    wb = openpyxl.load_workbook(path)
    ws = wb[MAIN_SHEET]
    scored = 0
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        number = ws[f"A{row}"].value
        if number is None or ws[f"D{row}"].protection.locked is not False:
            continue
        ws[f"D{row}"] = low.get(number, 3)
        if number in low:
            ws[f"E{row}"] = "手順書の見直しが遅れているため、今年度中に改訂する。"
        scored += 1
    ws["B4"] = by
    wb.save(path)
    return scored


def drop_on(window, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(200, 300), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(200, 300), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)


def test_the_whole_fy2014_cycle_through_the_home_tab(qtbot, window, home, prompts_log, demo_path, tmp_path, artifacts):
    context = window.context
    assert window.current_tab_title() == HOME and window.tab_titles()[0] == HOME
    # The demo ships the third cycle's plan; FY2014's part is removed so the year has to be planned.
    with context.database.transaction() as session:
        for audit in list_audits(session, 2014):
            delete_audit(session, audit.id)
    context.notify_changed("audit")

    assert context.fiscal_year == 2013  # the demo's data ends in FY2013
    context.set_fiscal_year(2014)
    assert statuses(home) == {
        "prepare": "未着手",
        "distribute": "未着手",
        "collect": "未着手",
        "plan": "要対応",  # the cycle has a plan, but five institutions are in no year of it
        "notify": "未着手",
        "results": "未着手",
        "findings": "完了",
        "report": "未着手",
    }
    assert "計画に入っていない機関が5" in home.detail_text("plan")

    # 1. 年度更新 prepares the year of the reference date (2014-04-07) after a confirmation
    context.set_fiscal_year(2013)
    assert home.ui.rollover_button.text() == "年度更新（平成26年度）(&U)…"
    qtbot.mouseClick(home.ui.rollover_button, Qt.MouseButton.LeftButton)
    confirm = prompts_log.texts("confirm")[-1]
    assert "自己点検のチェックリスト 19件を作成します" in confirm and "前年度から変更なし" in confirm
    # the cycle's plan misses five institutions: 年度更新 adds them with a proposed schedule
    assert "監査計画: 3巡目の計画（5件）を適用します" in confirm
    assert "監査の日程: 予定5件に日時・監査人・方法・場所の案を入れます" in confirm
    assert context.fiscal_year == 2014 and home.ui.title_label.text() == "平成26年度の進捗"
    assert statuses(home)["prepare"] == "完了"
    assert "チェックリスト 24/24 作成済" in home.detail_text("prepare")
    assert statuses(home)["plan"] == "完了" and "plan" not in home.action_buttons

    # 2. 自己点検の配布: every workbook into a folder
    out = tmp_path / "配布"
    prompts_log.answers.append(str(out))
    click(qtbot, home, "distribute")
    workbooks = sorted(out.glob("*.xlsx"))
    assert len(workbooks) == 19
    assert statuses(home)["distribute"] == "完了" and "19/19機関分を書き出し済" in home.detail_text("distribute")
    assert "distribute" not in home.action_buttons  # nothing left to do there

    # 3. 回収: twelve come back (one with low scores and their remarks), plus a stray file that is not a checklist
    returned = tmp_path / "回収"
    returned.mkdir()
    first_batch = workbooks[:12]
    items = 0
    for index, path in enumerate(first_batch):
        target = returned / path.name
        shutil.copy(path, target)
        items = fill(target, LOW if index == 0 else None)
    shutil.copy(workbooks[12], returned / "記入前のコピー.xlsx")  # blank: valid, nothing in it
    stray = openpyxl.Workbook()
    stray.active["A1"] = "会議の出欠表"
    stray.save(returned / "出欠表.xlsx")
    (returned / "~$開いているファイル.xlsx").write_bytes(b"lock")
    prompts_log.answers.append(str(returned))
    click(qtbot, home, "collect")
    kind, text = prompts_log.calls[-1]
    assert kind == "warn" and "出欠表.xlsx" in text and "隠しシート" in text  # rejected with its reason
    assert "取り込み 12件" in text and "変更なし 1件" in text
    assert statuses(home)["collect"] == "進行中"
    assert home.ui.returned_value.text().startswith("12 / 19")
    assert "出欠表.xlsx" in home.ui.log_view.toPlainText()

    # the same folder again: nothing is imported twice, the file is not touched
    before = sql_dump(demo_path)
    prompts_log.answers.append(str(returned))
    click(qtbot, home, "collect")
    assert "取り込み済みのため省略 12件" in home.ui.log_view.toPlainText()  # said in the log, no box
    assert sql_dump(demo_path) == before

    # the due date (06-30) passes with seven missing: overdue, in red
    set_today(context, dt.date(2014, 7, 10))
    assert statuses(home)["collect"] == "要対応"
    assert "10日超過" in home.detail_text("collect")
    row = home.model.row_of("collect")
    assert home.model.index(row, COL_DETAIL).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c00000"
    assert home.ui.returned_value.palette().color(home.ui.returned_value.foregroundRole()).name() == "#c00000"
    window.grab().save(str(artifacts / "gui_home_tab_overdue.png"))

    # the other seven arrive by mail and are dropped on the window
    late = tmp_path / "遅れて回収"
    late.mkdir()
    for path in workbooks[12:]:
        shutil.copy(path, late / path.name)
        fill(late / path.name)
    drop_on(window, sorted(late.glob("*.xlsx")))
    assert statuses(home)["collect"] == "完了"
    assert home.ui.returned_value.text().startswith("19 / 19")
    # this year's self-inspection average so far: 18 institutions at 3, one with the low scores
    expected = (18 * Fraction(3) + Fraction(3 * items - sum(3 - v for v in LOW.values()), items)) / 19
    assert f"自己点検　{format_score(expected)}" in home.ui.averages_value.text()
    assert format_score(expected) != "3.00"

    # 4. 監査計画: 年度更新 filled FY2014 with the five institutions the cycle missed, each
    # dated after its last audit (FY2011: 10/18 → 2014-10-18 is a Saturday → Monday 10/20)
    with context.database.session() as session:
        proposed = {a.institution.code: a.starts_at for a in list_audits(session, 2014)}
    assert proposed["102"] == dt.datetime(2014, 10, 20, 13, 30) and None not in proposed.values()
    # the clerk moves them in the calendar tab (here through the core, as that tab does)
    with context.database.transaction() as session:
        for audit in list_audits(session, 2014):
            starts = SCHEDULE[audit.institution.code]
            data = replace(AuditData.of(audit), starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
            update_audit(session, audit.id, data)
    context.notify_changed("audit")
    assert statuses(home)["plan"] == "完了"
    assert home.ui.next_audit_value.text().startswith("H26.10.21（火）")

    # 5. 監査通知: two weeks before the first audit its notice is due
    set_today(context, dt.date(2014, 10, 10))
    assert statuses(home)["notify"] == "要対応"
    pdf = tmp_path / "通知.pdf"
    prompts_log.answers.append(str(pdf))
    click(qtbot, home, "notify")
    # the reference date is past the notice window (10月7日): the letter is dated its last day
    assert "通知済」（通知日 2014-10-07）" in prompts_log.texts("confirm")[-1]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "平成２６年１０月２１日" in text and text.count("以上") == 1  # one letter: the audit on 10/21
    assert statuses(home)["notify"] == "進行中" and "通知済 1/5" in home.detail_text("notify")

    # 6. 監査結果: the day after the audit its result is missing
    set_today(context, dt.date(2014, 10, 22))
    assert statuses(home)["results"] == "要対応"
    click(qtbot, home, "results")  # opens the audit's checklist
    checklist_tab = window.tab_widget("チェックリスト")
    assert window.current_tab_title() == "チェックリスト"
    assert checklist_tab.kind == "internal"
    assert checklist_tab.ui.institution_combo.currentText().startswith("102 ")
    # the auditors' answers (entered through the core, as the checklist tab saves them)
    with context.database.transaction() as session:
        inst = next(i for i in list_institutions(session, 2014) if i.code == "102")
        sheet = load_sheet(session, 2014, "internal", inst.id)
        for row in sheet.items:
            low = row.number == "4-5"
            entry = Entry(2 if low else 3, False, "媒体の廃棄記録に承認印がない。" if low else "")
            checklist = save_answer(session, 2014, "internal", inst.id, row.item_id, entry)
        complete_checklist(session, checklist.id)
    window.show_tab(HOME)
    context.notify_changed("checklist")
    assert statuses(home)["results"] == "要対応" and "実施済への更新待ち" in home.detail_text("results")
    assert home.action_buttons["results"].text() == "実施済にする"
    click(qtbot, home, "results")
    assert statuses(home)["results"] == "進行中" and "入力済 1/5" in home.detail_text("results")
    assert statuses(home)["findings"] == "進行中"  # the 2 became a finding to follow up
    assert home.ui.findings_value.text() == "1件"

    # 7. 資料2: Excel and PDF, then 発行済 (the version handed over is kept)
    papers = tmp_path / "資料2"
    prompts_log.answers.append(str(papers))
    click(qtbot, home, "report")
    assert sorted(p.name for p in papers.iterdir()) == ["資料２_平成26年度.pdf", "資料２_平成26年度.xlsx"]
    text = subprocess.run(["pdftotext", str(papers / "資料２_平成26年度.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "資料２" in text and "平成26年度監査経過" in text
    assert statuses(home)["report"] == "進行中" and home.action_buttons["report"].text() == "発行済にする"
    click(qtbot, home, "report")
    assert statuses(home)["report"] == "完了" and "発行済" in home.detail_text("report")
    from jukidesk.reports.issued import list_issued

    with context.database.session() as session:
        assert [(i.paper, i.fy) for i in list_issued(session)] == [("shiryo2", 2014)]  # the version kept
    assert statuses(home) == {
        "prepare": "完了",
        "distribute": "完了",
        "collect": "完了",
        "plan": "完了",
        "notify": "要対応",  # the audit of 10/28 is due for its notice since 10/14
        "results": "進行中",
        "findings": "進行中",
        "report": "完了",
    }
    window.grab().save(str(artifacts / "gui_home_tab.png"))

    # a second 年度更新 changes nothing in the file
    before = sql_dump(demo_path)
    qtbot.mouseClick(home.ui.rollover_button, Qt.MouseButton.LeftButton)
    assert prompts_log.calls[-1] == ("info", "平成26年度（2014年度）は準備済みです。変更はありません。")
    assert sql_dump(demo_path) == before
    assert context.fiscal_year == 2014


def test_step_model_colours_and_roles(qapp):
    from jukidesk.core.year_progress import ATTENTION, DONE

    model = StepModel()
    model.set_steps([Step("collect", ATTENTION, "提出期限を3日超過", "import"), Step("report", DONE, "発行済")])
    assert model.rowCount() == 2 and model.columnCount() == 4
    assert model.index(0, 0).data() == "1. 回収状況" and model.index(1, 0).data() == "2. 資料2"
    assert model.index(0, COL_STATUS).data() == "要対応" and model.index(0, COL_STATUS).data(STATUS_ROLE) == ATTENTION
    red = model.index(0, COL_DETAIL).data(Qt.ItemDataRole.ForegroundRole).color().name()
    assert red == "#c00000" and model.index(1, COL_DETAIL).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, 3).data(Qt.ItemDataRole.AccessibleTextRole) == "回収したファイルを取り込む"


def test_a_drop_of_other_files_is_not_taken(qtbot, window, home, tmp_path, prompts_log, demo_path):
    note = tmp_path / "メモ.txt"
    note.write_text("x", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(note))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()
    # files of another year dropped on the window: refused with the reason, nothing stored
    from jukidesk.exchange.checklist_xlsx import export_checklists

    with window.context.database.session() as session:
        paths = export_checklists(session, 2013, "self", tmp_path / "2013", institution_code="101")
    before = sql_dump(demo_path)  # after the export, which stores the data file's workbook key once
    fill(paths[0])
    window.context.set_fiscal_year(2014)
    drop_on(window, paths)
    kind, text = prompts_log.calls[-1]
    assert kind == "warn" and "2013年度のチェックリストです（指定された年度は 2014年度）" in text
    assert sql_dump(demo_path) == before


def test_the_steps_fit_the_table_with_their_buttons_after_a_year_change(qtbot, window, home, context):
    """The 次の作業 buttons are measured with the other columns, and 内容 takes only what is
    left: no column runs past the table's right edge (FY2013's long 監査結果 line made the
    buttons' column stick out behind a horizontal scroll bar)."""
    view = home.ui.steps_view
    window.resize(1366, 705)
    qtbot.waitUntil(lambda: view.viewport().width() > 1200)
    context.set_fiscal_year(2014)
    context.set_fiscal_year(2013)  # read at once: the tab is on screen
    header = view.horizontalHeader()
    assert sum(header.sectionSize(c) for c in range(header.count())) <= view.viewport().width()
    assert home.action_buttons and all(
        header.sectionSize(COL_ACTION) >= button.sizeHint().width() for button in home.action_buttons.values()
    )
