"""監査カレンダー: the month view, the audit dialog with live warnings, drag to move, the plan
grid, .ics and PDF exports — driven like a user with qtbot on a copy of the demo."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QColor
from sqlalchemy import select

from jukidesk.storage.models import Audit, Institution
from tests.gui.helpers import click_ok, sql_dump


@pytest.fixture
def calendar_tab(window, context):
    context.set_fiscal_year(2014)
    tab = window.show_tab("監査カレンダー")
    # It opens on the 基準日's month (April 2014, tests/gui/test_reference_date.py); these
    # tests look at the month of the year's first audit.
    tab.show_day(dt.date(2014, 10, 21))
    return tab


@pytest.fixture
def synchronous():
    from jukidesk.gui import operations

    operations.set_synchronous(True)
    yield
    operations.set_synchronous(False)


def _audit_id(context, fy, kind, code):
    with context.database.session() as session:
        return session.scalars(
            select(Audit.id).join(Institution).where(Audit.fy == fy, Audit.kind == kind, Institution.code == code)
        ).one()


def _stored(context, audit_id):
    with context.database.session() as session:
        return session.get(Audit, audit_id)


def test_the_tab_lists_the_years_audits_and_progress(calendar_tab, context):
    rows = calendar_tab.visible_rows()
    assert [r[2] for r in rows] == ["職員課", "税務課", "建築指導課", "長野地方事務所", "北信地方事務所"]
    assert rows[0][0] == "H26.10.21（火） 13:30〜15:30" and rows[0][3] == "予定"
    assert calendar_tab.ui.list_title.text() == "平成26年度の監査（5件）"
    progress = calendar_tab.progress_model
    assert [progress.index(0, c).data() for c in range(5)] == ["3", "0", "0", "0", "3"]
    assert [progress.index(1, c).data() for c in range(5)] == ["2", "0", "0", "0", "2"]
    # The month of the year's first audit, with its marks and the holidays coloured.
    calendar = calendar_tab.ui.calendar
    assert (calendar.yearShown(), calendar.monthShown()) == (2014, 10)
    assert [e.institution for e in calendar.marks[dt.date(2014, 10, 21)]] == ["職員課"]
    assert calendar.off_days[dt.date(2014, 10, 13)] == "祝日（体育の日）"
    assert calendar.dateTextFormat(QDate(2014, 10, 13)).toolTip() == "祝日（体育の日）"
    context.set_fiscal_year(2013)
    assert calendar_tab.ui.list_title.text() == "平成25年度の監査（6件）"
    assert [progress.index(1, c).data() for c in range(5)] == ["0", "2", "0", "0", "2"]


def _cell_rect(calendar, day: dt.date):
    view = calendar.view
    model = view.model()
    for row in range(model.rowCount()):
        for col in range(model.columnCount()):
            rect = view.visualRect(model.index(row, col))
            if calendar.date_at(rect.center()) == day:
                return rect
    raise AssertionError(f"{day} not shown")


def test_paint_cell_draws_a_bar_for_each_audit_day(calendar_tab, qtbot):
    calendar = calendar_tab.ui.calendar
    qtbot.waitUntil(lambda: calendar.view.viewport().isVisible())
    image = calendar.view.viewport().grab().toImage()

    def bar_pixels(day):
        rect = _cell_rect(calendar, day)
        return sum(
            1
            for y in range(rect.bottom() - 8, rect.bottom())
            for x in range(rect.left() + 4, rect.right() - 4)
            if (c := QColor(image.pixel(x, y))).blue() > c.red() + 40  # the internal-audit blue
        )

    assert bar_pixels(dt.date(2014, 10, 28)) > 20  # 税務課, 内部監査
    assert bar_pixels(dt.date(2014, 10, 29)) == 0


def test_date_at_maps_cells_including_neighbouring_months(calendar_tab):
    calendar = calendar_tab.ui.calendar
    shown = [_cell_rect(calendar, day) for day in (dt.date(2014, 9, 29), dt.date(2014, 10, 1), dt.date(2014, 11, 9))]
    assert len({(r.x(), r.y()) for r in shown}) == 3
    assert calendar.date_at(QPoint(5, 5)) is None  # the weekday header


def test_moving_an_audit_to_a_holiday_warns_live_and_is_saved(calendar_tab, context, qtbot, artifacts, prompts_log):
    audit_id = _audit_id(context, 2014, "internal", "106")  # 建築指導課, 2014-11-11
    dialog = calendar_tab.edit_audit(audit_id)
    qtbot.waitExposed(dialog)
    assert dialog.warnings_text() == ""
    dialog.ui.date.setDate(QDate(2014, 11, 3))  # 文化の日
    assert dialog.warnings_text() == "⚠ 2014年11月3日（月）は祝日（文化の日）です。"
    assert dialog.ui.warnings_label.isVisible()
    assert dialog.grab().save(str(artifacts / "gui_audit_dialog_holiday_warning.png"))
    dialog.ui.date.setDate(QDate(2014, 11, 8))
    assert "土曜日" in dialog.warnings_text()
    dialog.ui.date.setDate(QDate(2014, 11, 3))
    click_ok(qtbot, dialog.ui.buttons)
    stored = _stored(context, audit_id)
    assert stored.starts_at == dt.datetime(2014, 11, 3, 13, 30) and stored.ends_at == dt.datetime(2014, 11, 3, 15, 30)
    row = next(r for r in calendar_tab.visible_rows() if r[2] == "建築指導課")
    assert row[0].startswith("H26.11.3（月）") and row[6] == "⚠ 1件"
    assert calendar_tab.ui.status_label.text() == "警告のある監査: 1件"
    calendar_tab.select_id(audit_id)
    assert "文化の日" in calendar_tab.ui.detail_label.text()
    calendar_tab.show_day(dt.date(2014, 11, 3))
    assert calendar_tab.grab().save(str(artifacts / "gui_calendar_tab_warning.png"))
    assert not prompts_log.calls


def test_the_same_auditor_at_the_same_time_warns_in_the_dialog(calendar_tab, context, qtbot):
    dialog = calendar_tab.add_audit(dt.date(2014, 10, 21))
    qtbot.waitExposed(dialog)
    index = dialog.ui.institution.findText("107 国際課（業務端末）")
    dialog.ui.institution.setCurrentIndex(index)
    dialog.ui.start_time.setTime(dialog.ui.start_time.time().fromString("14:00", "HH:mm"))
    dialog.ui.end_time.setTime(dialog.ui.end_time.time().fromString("16:00", "HH:mm"))
    dialog.ui.auditors.setPlainText("市町村課・情報システム推進室")
    assert "監査人「市町村課・情報システム推進室」は同じ時間に職員課の内部監査" in dialog.warnings_text()
    dialog.ui.auditors.setPlainText("監査法人A")
    assert dialog.warnings_text() == ""
    dialog.reject()


def test_a_broken_rule_stays_in_the_dialog_and_changes_nothing(calendar_tab, context, qtbot, demo_path):
    before = sql_dump(demo_path)
    dialog = calendar_tab.edit_audit(_audit_id(context, 2014, "internal", "102"))
    dialog.ui.kind.setCurrentIndex(dialog.ui.kind.findData("external"))  # 職員課 has no terminal
    click_ok(qtbot, dialog.ui.buttons)
    assert "業務端末設置機関ではない" in dialog.error_text() and dialog.isVisible()
    dialog.ui.kind.setCurrentIndex(dialog.ui.kind.findData("internal"))
    dialog.ui.status.setCurrentIndex(dialog.ui.status.findData("notified"))
    dialog.ui.undated.setChecked(True)
    click_ok(qtbot, dialog.ui.buttons)
    assert "日時を入力してください" in dialog.error_text()
    assert [dialog.ui.status.itemData(i) for i in range(dialog.ui.status.count())] == ["planned", "notified"]
    dialog.reject()
    assert sql_dump(demo_path) == before


def test_dropping_an_audit_on_a_day_moves_it_and_warns(calendar_tab, context, prompts_log):
    audit_id = _audit_id(context, 2014, "external", "209")  # 2014-12-09 10:00
    warnings = calendar_tab.move_audit_to(audit_id, dt.date(2014, 12, 13))
    assert warnings == ["2014年12月13日（土）は土曜日です。"]
    assert prompts_log.kinds() == ["warn"] and "土曜日" in prompts_log.texts("warn")[0]
    assert _stored(context, audit_id).starts_at == dt.datetime(2014, 12, 13, 10)
    assert calendar_tab.move_audit_to(audit_id, dt.date(2014, 12, 12)) == []
    # Another fiscal year where the institution already has that audit: refused, nothing changes.
    assert calendar_tab.move_audit_to(audit_id, dt.date(2011, 12, 12)) is None
    assert prompts_log.kinds()[-1] == "error" and "既に登録されています" in prompts_log.texts("error")[-1]
    assert _stored(context, audit_id).starts_at == dt.datetime(2014, 12, 12, 10)


def test_the_audit_list_drags_the_audit_id(calendar_tab):
    from jukidesk.gui.calendar_widget import audit_id_from_mime

    index = calendar_tab.proxy.index(0, 0)
    data = calendar_tab.proxy.mimeData([index])
    assert audit_id_from_mime(data) == calendar_tab.model.entries[0].audit_id


def test_plan_dialog_checks_the_grid_live_and_saves_in_one_transaction(calendar_tab, context, qtbot, artifacts, prompts_log):
    dialog = calendar_tab.open_plan_dialog()
    qtbot.waitExposed(dialog)
    dialog.resize(900, 760)
    assert dialog.cycle_start() == 2014 and dialog.targets().internal == (3, 4, 4)
    assert dialog.check_text().startswith("✔ すべての規則を満たしています") and dialog.save_button.isEnabled()
    assert dialog.grab().save(str(artifacts / "gui_plan_dialog.png"))
    grid = dialog.grid
    row = next(r for r, i in enumerate(grid.context.institutions) if i.code == "101")
    # Click 消防課 into FY2014: it now counts there, FY2016 is one short, and 消防課 has no terminal.
    qtbot.mouseClick(dialog.ui.grid.viewport(), Qt.MouseButton.LeftButton,
                     pos=dialog.ui.grid.visualRect(grid.index(row, 0)).center())
    assert grid.assignment[grid.context.institutions[row].id] == (2014, "internal")
    assert "平成26年度の内部監査が4件です（件数の目標は3件）" in dialog.check_text()
    assert not dialog.save_button.isEnabled()
    grid.cycle(row, 0)  # a terminal-less institution skips 外部: back to none
    assert "消防課がこの巡目に監査されません" in dialog.check_text()
    assert dialog.grab().save(str(artifacts / "gui_plan_dialog_problems.png"))
    dialog.set_targets((3, 4, 4), (9, 2, 2))
    dialog.propose()
    assert "業務端末設置機関の数（11機関）より多く" in dialog.check_text()
    # Recompute with the usual counts, then move 消防課 to FY2015 and ものづくり振興課 to FY2016 by hand.
    dialog.set_targets((3, 4, 4), (2, 2, 2))
    dialog.ui.replace_planned.setChecked(True)
    assert dialog.propose()
    assert grid.assignment[grid.context.institutions[row].id] == (2016, "internal")
    grid.cycle(row, 1)
    assert "平成27年度の内部監査が5件です（件数の目標は4件）" in dialog.check_text()
    other = next(r for r, i in enumerate(grid.context.institutions) if i.code == "105")
    assert grid.assignment[grid.context.institutions[other].id] == (2015, "internal")
    grid.cycle(other, 2)
    assert dialog.check() == [], dialog.check_text()
    assert dialog.save_button.isEnabled()
    dialog.save()
    assert prompts_log.kinds() == ["info"] and "監査計画を保存しました" in prompts_log.texts()[0]
    with context.database.session() as session:
        def cycle_audit(code):
            return session.scalars(
                select(Audit).join(Institution).where(Institution.code == code, Audit.fy.in_([2014, 2015, 2016]))
            ).one()

        assert (cycle_audit("101").fy, cycle_audit("101").pinned) == (2015, True)
        assert (cycle_audit("105").fy, cycle_audit("105").pinned) == (2016, True)
        assert not cycle_audit("102").pinned  # unchanged proposals are not pinned
        assert session.query(Audit).filter(Audit.fy == 2015, Audit.kind == "internal").count() == 4
    assert calendar_tab.progress_model.index(0, 4).data() == "3"  # FY2014 list refreshed through data_changed


def test_ics_and_pdf_exports_from_the_tab(calendar_tab, tmp_path, synchronous, prompts_log, artifacts):
    prompts_log.answers.append(str(tmp_path / "schedule"))
    calendar_tab.export_ics()
    assert calendar_tab.last_export == tmp_path / "schedule.ics"
    assert (tmp_path / "schedule.ics").read_bytes().count(b"BEGIN:VEVENT") == 5
    assert "5 件の監査" in prompts_log.texts("info")[0]
    calendar_tab.show_day(dt.date(2014, 11, 1))
    calendar_tab.print_month(str(tmp_path / "month.pdf"))
    pdf = tmp_path / "month.pdf"
    assert calendar_tab.last_export == pdf and pdf.exists()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "2014年11月（平成26年度）" in text and "文化の日" in text and "建築指導課" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert all(" yes " in line for line in fonts.splitlines()[2:])  # every font embedded
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(artifacts / "calendar-month-2014-11")], check=True)


def test_findings_dialog_records_responses_and_a_follow_up_confirms_them(calendar_tab, context, qtbot, artifacts, demo_path):
    from jukidesk.core import audits
    from jukidesk.core.checklists import Entry, applicable_items, complete_checklist, ensure_checklist, write_entry
    from jukidesk.gui.models.finding_model import COL_DUE, COL_RESPONSE, COL_STATUS

    audit_id = _audit_id(context, 2014, "internal", "102")
    with context.database.transaction() as session:
        audits.set_status(session, audit_id, "notified", today=dt.date(2014, 10, 1))
        audits.set_status(session, audit_id, "done", today=dt.date(2014, 10, 21))
        audit = audits.get_audit(session, audit_id)
        checklist = ensure_checklist(session, 2014, "internal", audit.institution_id)
        for item in applicable_items(checklist.template, "internal"):
            low = item.number == "4-5"
            write_entry(session, checklist, item, Entry(score=2 if low else 3, remark="鍵の台帳と現物の照合記録がない。" if low else ""))
        session.flush()
        complete_checklist(session, checklist.id)
    context.notify_changed("audit")
    dialog = calendar_tab.open_findings(audit_id)
    qtbot.waitExposed(dialog)
    assert dialog.findings.rowCount() == 0 and "1件がまだ指摘事項になっていません" in dialog.ui.sync_label.text()
    qtbot.mouseClick(dialog.ui.sync_button, Qt.MouseButton.LeftButton)
    assert [r.content for r in dialog.findings.rows] == ["鍵の台帳と現物の照合記録がない。"]
    assert not dialog.edit(0, COL_DUE, "2015/13/40") and "改善期限" in dialog.ui.error_label.text()
    assert not dialog.edit(0, COL_STATUS, "改善確認済") and "確認した監査" in dialog.ui.error_label.text()
    assert dialog.edit(0, COL_RESPONSE, "毎月照合し記録する。")
    assert dialog.edit(0, COL_DUE, "2015/1/31") and dialog.edit(0, COL_STATUS, "対応中")
    assert dialog.grab().save(str(artifacts / "gui_findings_dialog.png"))
    click_ok(qtbot, dialog.ui.buttons)
    with context.database.session() as session:
        [finding] = audits.get_audit(session, audit_id).findings
        assert (finding.response, finding.due_date, finding.status) == ("毎月照合し記録する。", dt.date(2015, 1, 31), "in_progress")
        assert "→毎月照合し記録する。（対応中）" in audits.findings_text(session, 2014, "internal")

    # A follow-up of 職員課 in FY2015, carried out: its findings dialog offers the open finding.
    with context.database.transaction() as session:
        followup = audits.create_audit(session, audits.AuditData(
            fy=2015, kind="followup", institution_id=audit.institution_id, status="planned",
            starts_at=dt.datetime(2015, 7, 14, 13, 30)))
        audits.set_status(session, followup.id, "notified", today=dt.date(2015, 7, 1))
        audits.set_status(session, followup.id, "done", today=dt.date(2015, 7, 14))
        followup_id = followup.id
    dialog = calendar_tab.open_findings(followup_id)
    assert dialog.open_model.rowCount() == 1 and dialog.open_model.rows[0].source == "平成26年度 内部監査"
    dialog.open_model.setData(dialog.open_model.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert dialog.grab().save(str(artifacts / "gui_findings_dialog_followup.png"))
    click_ok(qtbot, dialog.ui.buttons)
    with context.database.session() as session:
        [finding] = audits.get_audit(session, audit_id).findings
        assert (finding.status, finding.confirmed_by_audit_id) == ("confirmed", followup_id)
        assert "（改善確認済）" in audits.findings_text(session, 2014, "internal")
    # Unticking it in the follow-up's dialog takes the confirmation back.
    dialog = calendar_tab.open_findings(followup_id)
    assert dialog.open_model.checked == {finding.id}
    dialog.open_model.setData(dialog.open_model.index(0, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    click_ok(qtbot, dialog.ui.buttons)
    with context.database.session() as session:
        assert audits.get_audit(session, audit_id).findings[0].status == "in_progress"


def test_notices_for_the_selected_audits_or_the_month(calendar_tab, context, tmp_path, synchronous, prompts_log):
    """Notices need not be every audit of the year: the ones selected in the list, or the
    month shown. Agreeing to 通知済 marks only those."""
    from PySide6.QtCore import QItemSelectionModel

    table = calendar_tab.ui.audits_table
    first, second = _audit_id(context, 2014, "internal", "102"), None
    month = calendar_tab.month_audit_ids()  # October 2014
    assert first in month and len(month) < 5
    calendar_tab.select_id(first)
    others = [i for i in calendar_tab.model.entries if i.audit_id != first and i.starts_at is not None]
    second = others[-1].audit_id
    row = calendar_tab.proxy.mapFromSource(calendar_tab.model.index(calendar_tab.model.row_of_id(second), 0)).row()
    table.selectionModel().select(
        calendar_tab.proxy.index(row, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert set(calendar_tab.selected_ids()) == {first, second}
    prompts_log.answers.append(False)  # not 通知済 yet
    calendar_tab.print_notices(calendar_tab.selected_ids(), str(tmp_path / "two.pdf"))
    info = subprocess.run(["pdfinfo", str(tmp_path / "two.pdf")], capture_output=True, text=True, check=True).stdout
    assert "Pages:           2" in info
    assert _stored(context, first).status == "planned"
    calendar_tab.print_notices(month, str(tmp_path / "month.pdf"))  # confirm() answers yes
    text = subprocess.run(["pdftotext", str(tmp_path / "month.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "職員課" in text
    assert _stored(context, first).status == "notified"
    assert _stored(context, second).status == "planned"
