"""One reference date (基準日) for the window: the year it opens on, the calendar's first
month, and the registry dialogs telling what a change did to the audit plan."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import select

from jukidesk.gui.context import AppContext
from jukidesk.gui.main_window import MainWindow
from jukidesk.storage.database import open_database
from jukidesk.storage.models import Audit, Institution
from tests.gui.helpers import shown

from .helpers import choose, click_ok, type_text


def _window(qtbot, path) -> MainWindow:
    win = MainWindow(AppContext(open_database(path)))
    shown(qtbot, win)
    return win


def test_the_demo_opens_on_its_reference_dates_year_and_month(qtbot, gui_app, demo_path):
    win = _window(qtbot, demo_path)
    context = win.context
    assert context.today == dt.date(2014, 4, 7) and context.today_fy == 2014
    assert context.fiscal_year == 2014 and win.year_combo.currentText() == "平成26年度（2014年度）"
    calendar = win.show_tab("監査カレンダー").ui.calendar
    assert (calendar.yearShown(), calendar.monthShown()) == (2014, 4)  # the 基準日's month
    assert calendar.selectedDate().toPython() == dt.date(2014, 4, 7)
    # another year: the month of its first audit, as before
    context.set_fiscal_year(2013)
    assert (calendar.yearShown(), calendar.monthShown()) == (2013, 10)
    win.close()


def test_today_follows_the_reference_date_setting(gui_app, demo_path):
    from jukidesk.actions.settings import save_settings

    context = AppContext(open_database(demo_path))
    try:
        outcome = save_settings(context.database, {"reference_date": "2016-11-20"})
        context.apply(outcome)
        assert context.today == dt.date(2016, 11, 20) and context.today_fy == 2016
        context.apply(save_settings(context.database, {"reference_date": ""}))
        assert context.today == dt.date.today()  # no 基準日: the PC's date
    finally:
        context.close()


def test_the_opening_year_is_capped_by_the_data(gui_app, demo_path):
    from jukidesk.actions.settings import save_settings

    db = open_database(demo_path)
    save_settings(db, {"reference_date": "2026-05-01"})
    db.close()
    context = AppContext(open_database(demo_path))
    try:
        assert context.today_fy == 2026
        assert context.fiscal_year == 2013  # the demo's checklists end in FY2013
        assert context.fiscal_years()[-1] >= 2029
    finally:
        context.close()


def test_retiring_in_the_dialog_lists_the_moved_audit(qtbot, gui_app, demo_path, prompts_log):
    win = _window(qtbot, demo_path)
    tab = win.show_tab("機関台帳")
    row = tab.visible_names().index("ものづくり振興課")
    tab.ui.table.selectRow(row)
    dialog = tab.retire_selected()
    choose(dialog.ui.last_year, 2014)
    assert "平成27年度の内部監査（予定）は削除します" in dialog.ui.effect_label.text()
    click_ok(qtbot, dialog.ui.buttons)
    assert dialog.moved == ["ものづくり振興課の平成27年度の内部監査（予定）を平成26年度の内部監査に移しました。"]
    assert any("平成26年度の内部監査に移しました" in text for text in prompts_log.texts("info"))
    with win.context.database.session() as session:
        inst = session.scalars(select(Institution).where(Institution.code == "105")).one()
        assert [a.fy for a in session.scalars(select(Audit).where(Audit.institution_id == inst.id, Audit.fy >= 2014))] == [2014]
    win.close()


def test_adding_an_institution_in_the_dialog_says_where_it_goes(qtbot, gui_app, demo_path, prompts_log):
    win = _window(qtbot, demo_path)
    tab = win.show_tab("機関台帳")
    qtbot.mouseClick(tab.ui.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    type_text(qtbot, dialog.ui.code, "108")
    type_text(qtbot, dialog.ui.name, "危機管理防災課")
    choose(dialog.ui.valid_from, 2014)
    click_ok(qtbot, dialog.ui.buttons)
    assert dialog.plan_lines == ["危機管理防災課を3巡目の平成26年度の内部監査の予定に入れました。"]
    assert prompts_log.texts("info") == ["監査計画: 危機管理防災課を3巡目の平成26年度の内部監査の予定に入れました。"]
    win.close()
