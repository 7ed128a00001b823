"""While a jukidesk window (another process) holds a file, the command line may read it but
not change it: every write goes through ``Database.transaction()``, which checks the lock
(storage/lock.py ``check_not_in_use``); ``demo --force`` checks it before deleting."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest

from jukidesk.cli import main
from jukidesk.storage.database import open_database
from jukidesk.storage.lock import DatabaseLockedError, hold, lock_path, read_holder

from .support import held_by_other_process, sql_dump


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "--db", "DB", "--cycle-start", "2014", "--apply"],
        ["year", "prepare", "--db", "DB", "--fy", "2014"],
        ["demo", "--db", "DB", "--force"],
        ["attach", "add", "--db", "DB", "--audit", "2013", "external", "207", "--date", "2013-12-18", "EVIDENCE"],
    ],
    ids=["plan-apply", "year-prepare", "demo-force", "attach-add"],
)
def test_writing_commands_are_refused_while_another_process_holds_the_file(demo_path, tmp_path, capsys, argv):
    evidence = tmp_path / "写真.txt"
    evidence.write_text("訓練の記録", encoding="utf-8")
    argv = [{"DB": str(demo_path), "EVIDENCE": str(evidence)}.get(a, a) for a in argv]
    before = sql_dump(demo_path)
    with held_by_other_process(demo_path) as proc:
        assert main(argv) == 1
        assert read_holder(demo_path)["pid"] == proc.pid
    err = capsys.readouterr().err
    assert "使用中" in err and str(proc.pid) in err and socket.gethostname() in err
    assert demo_path.exists() and sql_dump(demo_path) == before


def test_reading_still_works_while_the_file_is_held(demo_path, capsys):
    with held_by_other_process(demo_path):
        assert main(["summary", "--db", str(demo_path), "--fy", "2013", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["fy"] == 2013


def test_writing_works_again_once_the_holder_is_gone(demo_path, capsys):
    with held_by_other_process(demo_path):
        pass  # killed: its lock file stays behind, stale
    assert lock_path(demo_path).exists()
    assert main(["plan", "--db", str(demo_path), "--cycle-start", "2014", "--apply"]) == 0
    assert not lock_path(demo_path).exists()  # the stale lock was taken over for the write, then released


def test_the_holding_process_itself_writes_as_usual(demo_path):
    from jukidesk.core.settings import load_settings, save_settings

    with hold(demo_path):  # as the GUI holds its file
        db = open_database(demo_path)
        try:
            with db.transaction() as session:
                save_settings(session, {"org_name": "窓の中から"})
            with db.session() as session:
                assert load_settings(session)["org_name"] == "窓の中から"
        finally:
            db.close()
    assert not lock_path(demo_path).exists()


def test_a_transaction_is_refused_without_a_trace(demo_path):
    from jukidesk.core.settings import save_settings

    before = sql_dump(demo_path)
    db = open_database(demo_path)
    try:
        with held_by_other_process(demo_path):
            with pytest.raises(DatabaseLockedError, match="変更できません"):
                with db.transaction() as session:
                    save_settings(session, {"org_name": "書けないはず"})
    finally:
        db.close()
    assert sql_dump(demo_path) == before


def test_holds_in_one_process_are_shared_and_the_last_release_removes_the_lock(tmp_path):
    db = tmp_path / "data.sqlite"
    first = hold(db)
    second = hold(db)  # e.g. the window reopening its own file after a restore
    assert first.lock is second.lock
    first.release()
    first.release()  # twice: no effect
    assert lock_path(db).exists()
    code = "import sys\nfrom jukidesk.storage.lock import DatabaseLock\nDatabaseLock(sys.argv[1]).acquire()\n"
    other = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True)
    assert other.returncode != 0 and "DatabaseLockedError" in other.stderr  # still ours for others
    second.release()
    assert not lock_path(db).exists()
