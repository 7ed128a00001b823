"""ファイル → バックアップと復元, the 変更履歴 tab, and a damaged file at start (issue 7)."""

from __future__ import annotations

import argparse
import sqlite3

import openpyxl
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from jukidesk.storage.backup import backup_file, list_backups
from jukidesk.storage.integrity import check
from jukidesk.storage.models import Answer, Checklist, Institution
from jukidesk.storage.recovery import DamagedFileError

from .helpers import sql_dump


def _args(**kw):
    base = dict(db=None, demo=False, city=False, exit_when_ready=False, command=None)
    base.update(kw)
    return argparse.Namespace(**base)


def _org_name(path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT value FROM setting WHERE key='org_name'").fetchone()[0]
    finally:
        con.close()


def _set_org_name(context, value: str) -> None:
    from jukidesk.core.settings import save_settings

    with context.database.transaction() as session:
        save_settings(session, {"org_name": value})
    context.notify_changed("settings")


def _damage(path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 * 10 : 4096 * 14] = b"\xa5" * (4096 * 4)
    path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


# -- 変更履歴 ---------------------------------------------------------------------------


@pytest.fixture
def history_tab(window):
    return window.show_tab("変更履歴")


def test_history_tab_lists_the_selected_year_and_cannot_be_edited(history_tab, window, artifacts):
    model = history_tab.model
    assert window.context.fiscal_year == 2013
    assert model.rowCount() > 0
    assert {entry.fy for entry in model.entries()} == {2013}
    assert "平成25年度" in history_tab.ui.count_label.text()
    index = model.index(0, 0)
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(index, "改ざん")
    history_tab.ui.year_only.setChecked(False)
    assert len({entry.fy for entry in model.entries()}) > 3
    window.grab().save(str(artifacts / "history_tab.png"))


def test_history_tab_filters_by_institution_and_table_and_shows_a_new_change(history_tab, window):
    context = window.context
    with context.database.transaction() as session:
        inst = session.scalars(select(Institution).where(Institution.code == "207")).one()
        answer = session.scalars(
            select(Answer).join(Checklist).where(Checklist.fy == 2013, Checklist.kind == "self", Checklist.institution_id == inst.id)
        ).first()
        answer.score = 1
        inst_id = inst.id
    context.notify_changed("checklist")
    history_tab.set_filters(institution_id=inst_id, table="answer", year_only=True)
    entries = history_tab.model.entries()
    assert entries and all(e.institution_id == inst_id and e.table_name == "answer" and e.fy == 2013 for e in entries)
    newest = history_tab.proxy.index(0, 0)
    row = [history_tab.proxy.index(newest.row(), c).data() for c in range(10)]
    assert row[6:] == ["変更", "点数", "3", "1"]


def test_history_export_writes_the_rows_shown(history_tab, prompts_log, tmp_path):
    history_tab.set_filters(table="finding", year_only=False)
    target = tmp_path / "履歴"
    prompts_log.answers = [str(target)]
    path = history_tab.export_xlsx()
    assert path == tmp_path / "履歴.xlsx" and path.exists()
    sheet = openpyxl.load_workbook(path).active
    data_rows = [row for row in sheet.iter_rows(min_row=4, values_only=True) if any(row)]
    assert len(data_rows) == history_tab.model.rowCount() > 0
    assert prompts_log.kinds() == ["save_file_name", "info"]


# -- バックアップと復元 ---------------------------------------------------------------------


def test_the_file_menu_has_backup_and_restore(window):
    assert window.action_backup in window.ui.menu_file.actions()
    window.action_backup.trigger()
    dialog = window.backup_dialog
    assert dialog.isVisible() and dialog.model.rowCount() == 0
    dialog.close()


def test_backup_now_then_restore_a_generation_after_confirmation(window, qtbot, prompts_log, artifacts):
    path = window.context.path
    window.action_backup.trigger()
    dialog = window.backup_dialog
    made = dialog.backup_now()
    assert made.exists() and dialog.model.rowCount() == 1
    assert dialog.model.index(0, 1).data() == "手動"
    _set_org_name(window.context, "復元で消える名前")
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(artifacts / "backup_dialog.png"))

    prompts_log.answers = [False]  # the user says no: nothing happens
    assert not dialog.restore_selected()
    assert _org_name(path) == "復元で消える名前"

    old_context = window.context
    prompts_log.answers = [True]
    dialog.ui.table.selectRow(0)
    assert dialog.restore_selected()
    assert _org_name(path) == "長野県"
    assert window.context is not old_context and window.context.path == path
    assert window.context.settings["org_name"] == "長野県"
    reasons = [info.reason for info in list_backups(path)]
    assert "before-restore" in reasons and "manual" in reasons
    assert "復元しました" in prompts_log.texts("info")[-1]
    # The window works on the restored file.
    window.show_tab("機関台帳")
    _set_org_name(window.context, "復元後の入力")
    assert _org_name(path) == "復元後の入力"


def test_restoring_a_damaged_backup_file_is_refused_and_the_data_stays(window, prompts_log, tmp_path):
    path = window.context.path
    bad = tmp_path / "bad-backup.sqlite"
    backup_file(path, target=bad)
    _damage(bad)
    _set_org_name(window.context, "残る名前")
    before = sql_dump(path)
    window.action_backup.trigger()
    prompts_log.answers = [str(bad), True]
    assert not window.backup_dialog.restore_from_file()
    assert "復元に使えません" in prompts_log.texts("error")[-1]
    assert sql_dump(path) == before
    _set_org_name(window.context, "まだ使える")  # the file was reopened
    assert _org_name(path) == "まだ使える"


# -- a damaged file at start --------------------------------------------------------------


def test_a_damaged_file_is_not_opened(demo_path):
    from jukidesk.gui.opening import open_path

    _damage(demo_path)
    damaged = demo_path.read_bytes()
    with pytest.raises(DamagedFileError):
        open_path(demo_path)
    assert demo_path.read_bytes() == damaged


def test_at_start_a_damaged_file_is_restored_from_the_newest_good_backup(gui_app, demo_path, prompts_log):
    from jukidesk.gui.opening import open_path
    from jukidesk.gui.recovery import offer_restore

    older = backup_file(demo_path)
    newest = backup_file(demo_path)
    _damage(newest)  # a damaged generation is skipped
    _damage(demo_path)
    with pytest.raises(DamagedFileError) as caught:
        open_path(demo_path)
    opened = offer_restore(None, caught.value)
    try:
        assert opened is not None and check(demo_path) == []
        assert sql_dump(demo_path) == sql_dump(older)
        assert prompts_log.kinds() == ["confirm", "info"]
        assert "最新の正常なバックアップ" in prompts_log.texts("confirm")[0]
    finally:
        opened.database.close()
    damaged_copies = [i for i in list_backups(demo_path) if i.reason in ("before-restore", "damaged")]
    assert damaged_copies  # the damaged file is kept


def test_at_start_declining_leaves_the_damaged_file_as_it_is(gui_app, demo_path, prompts_log):
    from jukidesk.gui.app import run_gui

    backup_file(demo_path)
    _damage(demo_path)
    damaged = demo_path.read_bytes()
    prompts_log.answers = [False]
    assert run_gui(_args(db=str(demo_path))) == 1
    assert prompts_log.kinds() == ["confirm"]
    assert demo_path.read_bytes() == damaged


def test_at_start_without_a_backup_says_so(gui_app, demo_path, prompts_log):
    from jukidesk.gui.app import run_gui

    _damage(demo_path)
    assert run_gui(_args(db=str(demo_path))) == 1
    assert prompts_log.kinds() == ["error"]
    assert "正常なバックアップ" in prompts_log.texts()[0]


def test_opening_a_changed_file_makes_a_generation(gui_app, demo_path):
    from jukidesk.gui.opening import open_path

    opened = open_path(demo_path)
    opened.database.close()
    assert [i.reason for i in list_backups(demo_path)] == ["open"]
    opened = open_path(demo_path)  # unchanged since: no new generation
    opened.database.close()
    assert len(list_backups(demo_path)) == 1
