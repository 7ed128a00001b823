"""The window on a file in a shared folder (issue 19): the status bar says it is opened with
the rollback journal; a lock another PC left is cleared only after the user confirmed it,
seeing who held it, on which PC and since when; the clearing shows in 変更履歴."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from jukidesk.storage import shared_folder
from jukidesk.storage.lock import DatabaseLock, DatabaseLockedError, lock_path, read_holder
from tests.gui.helpers import shown


@pytest.fixture
def shared_file(monkeypatch, tmp_path, demo_template) -> Path:
    share = tmp_path / "share"
    share.mkdir()
    monkeypatch.setattr(shared_folder, "network_probe", lambda path: Path(path).resolve().is_relative_to(share.resolve()))
    target = share / "audit.sqlite"
    shutil.copy(demo_template, target)
    return target


def test_the_status_bar_says_the_file_is_on_a_shared_folder(qtbot, gui_app, shared_file, artifacts):
    from jukidesk.gui.context import AppContext
    from jukidesk.gui.main_window import MainWindow
    from jukidesk.storage.database import open_database

    context = AppContext(open_database(shared_file))
    window = MainWindow(context)
    shown(qtbot, window)
    text = window.file_label.text()
    assert str(shared_file) in text and "共有フォルダ" in text and "ロールバックジャーナル" in text
    window.grab().save(str(artifacts / "shared_folder_status.png"))
    window.close()
    context.close()


def test_another_pcs_lock_is_cleared_from_the_gui_only_after_confirmation(gui_app, shared_file, prompts_log):
    from jukidesk.gui.app import _offer_to_clear_foreign_lock
    from jukidesk.gui.opening import StartChoice
    from jukidesk.storage.database import open_database

    record = {"pid": 4242, "host": "総務課-PC-07", "user": "suzuki", "since": "2026-11-30T08:15:00", "token": "remote", "app": "jukidesk"}
    lock_path(shared_file).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DatabaseLockedError) as refused:
        DatabaseLock(shared_file).acquire()
    choice = StartChoice(shared_file)

    prompts_log.answers = [False]  # the user does not confirm: nothing changes
    assert _offer_to_clear_foreign_lock(refused.value, choice, interactive=True) is None
    question = prompts_log.texts("confirm")[0]
    assert "suzuki" in question and "総務課-PC-07" in question and "前から" in question
    assert read_holder(shared_file)["host"] == "総務課-PC-07"

    prompts_log.answers = [True]
    opened = _offer_to_clear_foreign_lock(refused.value, choice, interactive=True)
    assert opened is not None
    assert read_holder(shared_file)["host"] != "総務課-PC-07"  # now ours
    opened.close()
    with open_database(shared_file, create=False) as db, db.session() as session:
        from jukidesk.core.change_history import list_changes

        labels = [entry.cells() for entry in list_changes(session, table="file_lock")]
    assert labels and any("総務課-PC-07" in str(cells) for cells in labels)


def test_the_shown_tab_rereads_what_another_pc_changed(qtbot, gui_app, shared_file, monkeypatch):
    """Several clerks: on a shared folder (or a server) the shown tab rereads the data on the
    timer and when the clerk switches back to it; a local file is left alone."""
    from jukidesk.core.registry import InstitutionData, add_institution
    from jukidesk.gui.context import AppContext
    from jukidesk.gui.main_window import MainWindow
    from jukidesk.storage import lock
    from jukidesk.storage.database import open_database

    context = AppContext(open_database(shared_file))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.shared_data() and window.refresh_timer.isActive()
    tab = window.show_tab("機関台帳")
    before = tab.model.rowCount()

    # another PC adds an institution (its own connection; the lock file is this process's)
    monkeypatch.setattr(lock, "check_not_in_use", lambda _path: None)
    other = open_database(shared_file)
    with other.transaction() as session:
        add_institution(session, InstitutionData(code="99901", name="共有フォルダ新町", valid_from_fy=2008))
    other.close()
    assert tab.model.rowCount() == before  # not yet seen
    assert window.refresh_current_tab()  # the timer's tick
    assert tab.model.rowCount() == before + 1

    other = open_database(shared_file)
    with other.transaction() as session:
        add_institution(session, InstitutionData(code="99902", name="共有フォルダ新村", valid_from_fy=2008))
    other.close()
    window.show_tab("今年度の進捗")
    window.show_tab("機関台帳")  # switching back rereads it
    assert tab.model.rowCount() == before + 2
    window.close()
    context.close()


def test_a_server_url_from_db_or_the_environment_is_opened_as_a_server(monkeypatch, tmp_path):
    import argparse

    from jukidesk.gui.opening import start_choice
    from jukidesk.storage.server import ServerLocation

    args = argparse.Namespace(db="postgresql+psycopg://clerk@dbserver/jukidesk", demo=False, city=False)
    choice = start_choice(args)
    assert isinstance(choice.path, ServerLocation) and choice.path.name == "jukidesk"
    monkeypatch.setenv("JUKIDESK_DB", "postgresql+psycopg:///jukidesk?host=/run/postgresql")
    choice = start_choice(argparse.Namespace(db=None, demo=False, city=False))
    assert isinstance(choice.path, ServerLocation) and "/run/postgresql" in choice.path.display


def test_recent_files_keep_server_urls_without_a_password(gui_app, tmp_path):
    from jukidesk.gui.main_window import window_settings
    from jukidesk.gui.recent import RecentFiles, _menu_text
    from jukidesk.storage.server import ServerLocation, parse_server_url

    recent = RecentFiles(window_settings())
    recent.clear()
    location = parse_server_url("postgresql+psycopg://clerk@dbserver/jukidesk")
    recent.add(tmp_path / "a.sqlite")
    recent.add(location)
    recent.set_last_year(location, 2013)
    entries = recent.paths()
    assert isinstance(entries[0], ServerLocation) and str(entries[0]) == str(location)
    assert recent.last_year(location) == 2013
    assert _menu_text(1, entries[0]) == "&1 サーバー clerk@dbserver のデータベース jukidesk"
    assert recent.remove_missing() == [tmp_path / "a.sqlite"]  # a missing file goes, the server stays
    assert recent.paths() == [location]
    stored = window_settings().value("recent/files")
    assert "dbserver" in stored and "secret" not in stored


def test_the_timers_reread_keeps_the_shiryo2_notes_being_typed(qtbot, gui_app, shared_file):
    """資料2's notes typed but not saved survive the shared-folder reread (the tab's own
    reload_for_others), where a plain reload would put back the stored text."""
    from jukidesk.gui.context import AppContext
    from jukidesk.gui.main_window import MainWindow
    from jukidesk.storage.database import open_database

    context = AppContext(open_database(shared_file))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = window.show_tab("資料2")
    key, edit = next(iter(tab.note_edits.items()))
    edit.setPlainText("入力中の今後の対策（まだ保存していない）")
    assert tab.notes_dirty()
    assert window.refresh_current_tab()
    assert tab.note_edits[key].toPlainText() == "入力中の今後の対策（まだ保存していない）"
    tab.reload()  # what a reread without the hook would do
    assert tab.note_edits[key].toPlainText() != "入力中の今後の対策（まだ保存していない）"
    window.close()
    context.close()
