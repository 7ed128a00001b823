"""Bad days (issue 22), storage side: an empty or damaged file, eroding backups, a second
writer, locks left by a reused PID or another PC, leftovers of killed writes, console
encodings. Each test failed on the tree before the fix."""

from __future__ import annotations

import io
import json
import os
import socket
import sqlite3
import stat
import sys
import time

import pytest

from jukidesk.actions.base import Area, write
from jukidesk.base.errors import JukideskError
from jukidesk.cli import main
from jukidesk.core.settings import save_settings
from jukidesk.storage.backup import backup_file, list_backups
from jukidesk.storage.database import open_database
from jukidesk.storage.integrity import check
from jukidesk.storage.lock import DatabaseLock, DatabaseLockedError, lock_path, process_started, read_holder
from jukidesk.storage.recovery import DamagedFileError, restore_backup

from .support import scalar, sql_dump


def _damage_a_page(path):
    data = bytearray(path.read_bytes())
    data[4096 * 20 : 4096 * 22] = b"\x5a" * 8192
    path.write_bytes(bytes(data))


# -- an empty file ------------------------------------------------------------------------


def test_an_empty_file_with_a_backup_is_never_turned_into_a_new_database(demo_path, capsys):
    good = backup_file(demo_path, reason="manual")
    demo_path.write_bytes(b"")
    assert main(["summary", "--db", str(demo_path), "--fy", "2013"]) == 1
    err = capsys.readouterr().err
    assert "空のファイル" in err and str(good) in err and "jukidesk restore" in err
    assert demo_path.stat().st_size == 0  # left exactly as it was
    with pytest.raises(DamagedFileError):
        open_database(demo_path)  # the GUI's path (create=True) refuses it too


def test_a_command_never_creates_a_database_in_an_empty_file_even_without_backups(tmp_path, capsys):
    empty = tmp_path / "copy.sqlite"
    empty.write_bytes(b"")
    assert main(["summary", "--db", str(empty), "--fy", "2013"]) == 1
    assert "空のファイル" in capsys.readouterr().err
    assert empty.stat().st_size == 0


# -- damaged files take no writes ---------------------------------------------------------


def test_a_damaged_file_takes_no_write_through_an_action(demo_path):
    db = open_database(demo_path)
    try:
        db.close()
        _damage_a_page(demo_path)
        before = demo_path.read_bytes()
        with pytest.raises(DamagedFileError):
            write(db, {Area.SETTINGS}, lambda session: save_settings(session, {"org_name": "別名"}), backup="before-bulk")
        assert demo_path.read_bytes() == before
        assert list_backups(demo_path) == []
    finally:
        db.close()


def test_a_backup_of_a_damaged_file_is_refused_and_keeps_no_copy(demo_path):
    _damage_a_page(demo_path)
    with pytest.raises(JukideskError, match="壊れている"):
        backup_file(demo_path, reason="manual")
    assert list_backups(demo_path) == []
    assert not list(demo_path.parent.rglob("*.part"))


def test_check_finds_a_missing_table_and_summary_explains_instead_of_a_traceback(demo_path, capsys):
    con = sqlite3.connect(demo_path)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("DROP TABLE year_note")
    con.commit()
    con.close()
    assert check(demo_path) == ["スキーマ: 表 year_note がありません。"]
    con = sqlite3.connect(demo_path)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("DROP TABLE answer")
    con.commit()
    con.close()
    assert main(["summary", "--db", str(demo_path), "--fy", "2013"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "jukidesk check" in err


def test_check_finds_tampered_attachment_contents(demo_path, tmp_path):
    import datetime as dt

    from jukidesk.core.evidence import Owner, add_attachment

    photo = tmp_path / "写真.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    db = open_database(demo_path)
    try:
        with db.transaction() as session:
            from jukidesk.storage.models import Audit

            audit = session.query(Audit).first()
            add_attachment(session, Owner("audit", audit.id), photo, evidence_date=dt.date(2013, 10, 1))
    finally:
        db.close()
    assert check(demo_path) == []
    con = sqlite3.connect(demo_path)
    con.execute("UPDATE attachment_content SET data = ?", (b"changed",))
    con.commit()
    con.close()
    problems = check(demo_path)
    assert len(problems) == 1 and "登録時と一致しません" in problems[0] and "写真.png" in problems[0]


# -- backups do not erode -----------------------------------------------------------------


def test_a_failed_write_leaves_no_backup_generation(demo_db, demo_path):
    manual = backup_file(demo_path, reason="manual")

    def refuse(session):
        save_settings(session, {"org_name": "途中"})
        raise JukideskError("取り込めないファイルがあります")

    for _ in range(3):
        with pytest.raises(JukideskError):
            write(demo_db, {Area.CHECKLISTS}, refuse, backup="before-import")
    assert [info.path for info in list_backups(demo_path)] == [manual]
    assert scalar(demo_path, "SELECT count(*) FROM setting WHERE value = '途中'") == 0


def test_a_successful_write_keeps_its_backup(demo_db, demo_path):
    done = write(demo_db, {Area.SETTINGS}, lambda s: save_settings(s, {"org_name": "新しい名前"}), backup="before-bulk")
    assert done.backup is not None and done.backup.exists() and done.changes == {Area.SETTINGS}
    assert scalar(done.backup, "SELECT count(*) FROM setting WHERE value = '新しい名前'") == 0


def test_leftovers_of_killed_writes_are_removed_at_the_next_open(demo_path):
    backups = demo_path.parent / "backups"
    backups.mkdir()
    old = backups / f".{demo_path.stem}-20240101-000000-000000-manual-abc.sqlite.part"
    fresh = demo_path.parent / f".{demo_path.stem}-xyz.sqlite.part"
    unrelated = demo_path.parent / ".other-abc.sqlite.part"
    for path in (old, fresh, unrelated):
        path.write_bytes(b"half")
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    os.utime(unrelated, (hour_ago, hour_ago))
    open_database(demo_path).close()
    assert not old.exists()
    assert fresh.exists()  # may be a write in progress
    assert unrelated.exists()  # another file's


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_restore_keeps_the_file_mode(demo_path):
    os.chmod(demo_path, 0o640)
    good = backup_file(demo_path, reason="manual")
    restore_backup(good, demo_path)
    assert stat.S_IMODE(demo_path.stat().st_mode) == 0o640


def test_a_sound_file_that_cannot_be_backed_up_is_not_restored_over_nor_called_damaged(demo_path, monkeypatch):
    good = backup_file(demo_path, reason="manual")
    before = sql_dump(demo_path)
    import jukidesk.storage.recovery as recovery

    def disk_full(*_args, **_kwargs):
        raise JukideskError("ディスクの空き容量が足りません")

    monkeypatch.setattr(recovery, "backup_file", disk_full)
    with pytest.raises(JukideskError, match="復元しませんでした"):
        restore_backup(good, demo_path)
    assert sql_dump(demo_path) == before
    assert not list((demo_path.parent / "backups").glob("*-damaged.sqlite"))


# -- a second writer ----------------------------------------------------------------------


def test_a_second_writer_gets_a_japanese_message_not_an_engine_error(demo_db, demo_path, monkeypatch):
    from jukidesk.storage import database

    other = sqlite3.connect(demo_path, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        demo_db.engine.dispose()
        monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
        with pytest.raises(DatabaseLockedError, match="書き込み中"):
            with demo_db.transaction() as session:
                save_settings(session, {"org_name": "二人目"})
    finally:
        other.rollback()
        other.close()


# -- locks ---------------------------------------------------------------------------------


def test_a_lock_whose_pid_was_reused_after_a_power_cut_is_stale(demo_path):
    parent = os.getppid()  # alive, but not the process that wrote the lock
    assert process_started(parent) is not None or sys.platform not in ("linux",)
    record = {"pid": parent, "started": "another-boot:1", "host": socket.gethostname(), "user": "前の利用者", "token": "t", "app": "jukidesk"}
    lock_path(demo_path).write_text(json.dumps(record), encoding="utf-8")
    with DatabaseLock(demo_path) as lock:
        assert lock.took_over["user"] == "前の利用者"


def test_a_live_process_keeps_its_lock(demo_path):
    parent = os.getppid()
    record = {"pid": parent, "started": process_started(parent), "host": socket.gethostname(), "user": "使用中", "token": "t"}
    lock_path(demo_path).write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(DatabaseLockedError, match="使用中"):
        DatabaseLock(demo_path).acquire()


def _foreign_lock(path, *, token="remote"):
    record = {"pid": 4242, "host": "総務課-PC-07", "user": "suzuki", "since": "2026-11-30T08:15:00", "token": token, "app": "jukidesk"}
    lock_path(path).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return record


def test_another_pcs_lock_is_cleared_only_when_confirmed_and_is_recorded_in_the_history(demo_path, capsys, monkeypatch):
    _foreign_lock(demo_path)
    with pytest.raises(DatabaseLockedError, match="jukidesk unlock"):
        DatabaseLock(demo_path).acquire()
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: no question can be asked
    assert main(["unlock", "--db", str(demo_path)]) == 1
    assert "--yes" in capsys.readouterr().err and read_holder(demo_path)["host"] == "総務課-PC-07"
    assert main(["unlock", "--db", str(demo_path), "--yes"]) == 0
    assert read_holder(demo_path) is None
    row = scalar(demo_path, "SELECT row_label FROM change_log WHERE table_name = 'file_lock'")
    assert "総務課-PC-07" in row and "suzuki" in row


def test_a_lock_that_changed_after_confirmation_is_not_cleared(demo_path):
    from jukidesk.actions.locks import clear_foreign_lock

    shown = _foreign_lock(demo_path, token="first")
    _foreign_lock(demo_path, token="second")  # the other PC reopened the file meanwhile
    with pytest.raises(DatabaseLockedError, match="変わりました"):
        clear_foreign_lock(demo_path, shown)
    assert read_holder(demo_path)["token"] == "second"


# -- consoles and files --------------------------------------------------------------------


def test_json_output_is_utf8_whatever_the_console_encoding(demo_path, monkeypatch):
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="cp932", errors="strict"))
    assert main(["institutions", "--db", str(demo_path), "--fy", "2013", "--json"]) == 0
    sys.stdout.flush()
    data = json.loads(raw.getvalue().decode("utf-8"))
    assert any("長野" in str(row) or "課" in str(row) for row in data)


def test_text_the_console_cannot_show_does_not_stop_a_command(demo_path, monkeypatch):
    db = open_database(demo_path)
    with db.transaction() as session:
        save_settings(session, {"org_name": "𠮷野市"})  # not in cp932
    db.close()
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="cp932", errors="strict"))
    assert main(["summary", "--db", str(demo_path), "--fy", "2013"]) == 0


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root can write read-only files")
def test_a_read_only_file_is_named_as_read_only_not_damaged(demo_path):
    os.chmod(demo_path, 0o444)
    with pytest.raises(JukideskError, match="読み取り専用"):
        open_database(demo_path)


def test_read_only_check_message(demo_path, monkeypatch):
    # The same rule where the test runs as root (CI): os.access is what SQLite would meet.
    real = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if str(path) == str(demo_path) and mode == os.W_OK else real(path, mode))
    with pytest.raises(JukideskError, match="読み取り専用") as caught:
        open_database(demo_path)
    assert not isinstance(caught.value, DamagedFileError)


def test_os_errors_are_explained_in_japanese(demo_path, tmp_path, capsys):
    blocked = tmp_path / "ファイル"
    blocked.write_text("x")
    assert main(["backup", "--db", str(demo_path), "--out", str(blocked / "sub" / "b.sqlite")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "エラー" in err


# -- text ----------------------------------------------------------------------------------


def test_control_characters_in_stored_text_never_break_an_xlsx_export(demo_path, tmp_path):
    from openpyxl import load_workbook

    from jukidesk.exchange.xlsx_text import write_text

    wb_path = tmp_path / "t.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    write_text(wb.active["A1"], "備考\x01\x0bあり\x00")
    write_text(wb.active["A2"], "=1+1\x0c")
    wb.save(wb_path)
    sheet = load_workbook(wb_path).active
    assert sheet["A1"].value == "備考あり" and sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    db = open_database(demo_path)
    with db.transaction() as session:
        save_settings(session, {"report_title": "監査経過\x01報告\x0b"})
    db.close()
    assert main(["report", "shiryo2", "--db", str(demo_path), "--fy", "2013", "--xlsx", str(tmp_path / "資料2.xlsx")]) == 0
    texts = [c.value for row in load_workbook(tmp_path / "資料2.xlsx").active.iter_rows() for c in row if isinstance(c.value, str)]
    assert "監査経過報告" in texts


def test_control_characters_are_removed_from_every_stored_text(demo_db, demo_path):
    from jukidesk.core.registry import list_institutions

    with demo_db.transaction() as session:
        save_settings(session, {"org_name": "長野\x01県\x0b", "notice_body": "本文\n二行目\t字下げ"})
        list_institutions(session, 2013)[0].name = "\x00企画課"
    assert scalar(demo_path, "SELECT value FROM setting WHERE key='org_name'") == "長野県"
    assert scalar(demo_path, "SELECT value FROM setting WHERE key='notice_body'") == "本文\n二行目\t字下げ"
    assert scalar(demo_path, "SELECT count(*) FROM institution WHERE name = '企画課'") >= 1
    assert scalar(demo_path, "SELECT count(*) FROM change_log WHERE new LIKE '%' || char(1) || '%'") == 0


def test_a_restore_cannot_replace_the_file_while_a_command_writes_into_it(demo_path, tmp_path):
    """An import racing a restore once reported success while its answers ended up in no
    file: the writer now holds the file's lock for its whole transaction."""
    import subprocess

    good = backup_file(demo_path, reason="manual")
    db = open_database(demo_path)
    try:
        with db.transaction() as session:
            save_settings(session, {"org_name": "取り込み中"})
            restore = subprocess.run(
                [sys.executable, "-m", "jukidesk", "restore", "--db", str(demo_path), str(good)],
                capture_output=True, text=True, timeout=120,
            )
        assert restore.returncode == 1 and "使用中" in restore.stderr and "Traceback" not in restore.stderr
    finally:
        db.close()
    assert scalar(demo_path, "SELECT value FROM setting WHERE key='org_name'") == "取り込み中"
    assert not lock_path(demo_path).exists()  # released with the transaction


def _break_an_index(path):
    """An index whose entries no longer match its table (what a bad sector or a sync tool
    can leave): only SQLite's full integrity_check sees it, quick_check does not."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA writable_schema=ON")
    con.execute("UPDATE sqlite_master SET sql = replace(sql, '(fy)', '(kind)') WHERE name = 'ix_checklist_fy'")
    con.commit()
    con.close()


def test_the_gui_does_not_open_a_file_whose_index_check_reports(demo_path, monkeypatch):
    from jukidesk.storage import recovery

    _break_an_index(demo_path)
    assert any("整合性検査" in p for p in check(demo_path))
    with pytest.raises(DamagedFileError):
        recovery.ensure_not_damaged(demo_path)  # the open-time check (gui/opening.py)
    # Only very large files are checked with quick_check at open, which misses this:
    monkeypatch.setattr(recovery, "THOROUGH_OPEN_LIMIT", 0)
    recovery.ensure_not_damaged(demo_path)
