"""One instance per database file: the lock file beside it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import pytest

from jukidesk.cli import main
from jukidesk.storage.lock import DatabaseLock, DatabaseLockedError, lock_path, read_holder


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _write_lock(db, **holder):
    record = {"pid": 1, "host": socket.gethostname(), "user": "tanaka", "since": "2026-04-01T09:00:00", **holder}
    lock_path(db).write_text(json.dumps(record), encoding="utf-8")


def test_the_lock_file_says_who_holds_the_file(tmp_path):
    db = tmp_path / "data.sqlite"
    with DatabaseLock(db):
        holder = read_holder(db)
        assert holder["pid"] == os.getpid()
        assert holder["host"] == socket.gethostname()
        assert holder["user"]
        assert holder["since"]
    assert not lock_path(db).exists()


def test_a_second_opener_is_told_who_holds_it(tmp_path):
    db = tmp_path / "data.sqlite"
    first = DatabaseLock(db).acquire()
    try:
        with pytest.raises(DatabaseLockedError) as caught:
            DatabaseLock(db).acquire()
        message = str(caught.value)
        assert "使用中" in message and socket.gethostname() in message and str(os.getpid()) in message
    finally:
        first.release()


def test_a_lock_held_by_another_running_process(tmp_path):
    db = tmp_path / "data.sqlite"
    code = (
        "import sys, time\n"
        "from jukidesk.storage.lock import DatabaseLock\n"
        "lock = DatabaseLock(sys.argv[1]).acquire()\n"
        "print('locked', flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseLockedError, match=str(proc.pid)):
            DatabaseLock(db).acquire()
    finally:
        proc.kill()
        proc.wait()
    # Killed without releasing: the lock is stale now and is taken over.
    assert lock_path(db).exists()
    lock = DatabaseLock(db).acquire()
    assert lock.took_over["pid"] == proc.pid
    assert read_holder(db)["pid"] == os.getpid()
    lock.release()


def test_a_stale_lock_of_a_dead_process_is_taken_over(tmp_path):
    db = tmp_path / "data.sqlite"
    pid = _dead_pid()
    _write_lock(db, pid=pid)
    with DatabaseLock(db) as lock:
        assert lock.took_over["pid"] == pid
        assert read_holder(db)["pid"] == os.getpid()
    assert not list(tmp_path.glob("*.stale-*"))


def test_a_lock_from_another_computer_is_not_taken_over(tmp_path):
    db = tmp_path / "data.sqlite"
    _write_lock(db, pid=_dead_pid(), host="other-pc-in-the-office")
    with pytest.raises(DatabaseLockedError, match="other-pc-in-the-office"):
        DatabaseLock(db).acquire()
    assert read_holder(db)["host"] == "other-pc-in-the-office"


def test_an_unreadable_lock_is_stale_only_when_old(tmp_path):
    db = tmp_path / "data.sqlite"
    lock_path(db).write_text("", encoding="utf-8")  # writer died before writing
    with pytest.raises(DatabaseLockedError):
        DatabaseLock(db).acquire()  # could be mid-write: wait
    old = time.time() - 3600
    os.utime(lock_path(db), (old, old))
    with DatabaseLock(db):
        assert read_holder(db)["pid"] == os.getpid()


def test_release_never_removes_someone_elses_lock(tmp_path):
    db = tmp_path / "data.sqlite"
    lock = DatabaseLock(db).acquire()
    _write_lock(db, pid=12345, host="other-pc")  # replaced behind our back
    lock.release()
    assert read_holder(db)["host"] == "other-pc"


def test_cli_restore_refuses_a_file_in_use(demo_path, capsys):
    from jukidesk.storage.backup import backup_file

    backup = backup_file(demo_path)
    with DatabaseLock(demo_path):
        assert main(["restore", "--db", str(demo_path), str(backup)]) == 1
    assert "使用中" in capsys.readouterr().err
