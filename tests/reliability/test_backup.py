"""Backups: generations in backups/, pruning, backup at open only when changed, checked restore."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys

import pytest

from jukidesk.base.errors import JukideskError
from jukidesk.core.settings import save_settings
from jukidesk.storage.backup import (
    backup_file,
    backup_if_changed_since_last,
    backups_dir,
    list_backups,
    prune_backups,
)
from jukidesk.storage.database import open_database
from jukidesk.storage.integrity import check
from jukidesk.storage.models import Setting
from jukidesk.storage.recovery import restore_backup

from .support import scalar, sql_dump


def _set(path, key, value):
    db = open_database(path)
    try:
        with db.transaction() as session:
            save_settings(session, {key: value})
    finally:
        db.close()


def test_a_generation_is_named_with_date_time_and_reason_and_listed(demo_path):
    before = dt.datetime.now().replace(microsecond=0)
    target = backup_file(demo_path, reason="before-import")
    assert target.parent == demo_path.parent / "backups"
    assert target.name.startswith("demo-") and target.name.endswith("-before-import.sqlite")
    [info] = list_backups(demo_path)
    assert info.path == target and info.reason == "before-import" and info.size == target.stat().st_size
    assert before <= info.created <= dt.datetime.now()
    assert check(target) == []
    # A single file in rollback-journal mode, with the same data.
    assert scalar(target, "PRAGMA journal_mode") == "delete"
    assert sql_dump(target) == sql_dump(demo_path)


def test_a_backup_holds_only_committed_data_while_a_transaction_is_open(demo_path):
    db = open_database(demo_path)
    try:
        session = db.session()
        session.get(Setting, "org_name").value = "書きかけ"
        session.flush()  # written into the open transaction, not committed
        target = backup_file(demo_path)
        session.rollback()
        session.close()
    finally:
        db.close()
    assert scalar(target, "SELECT value FROM setting WHERE key='org_name'") == "長野県"


def test_only_the_configured_number_of_generations_is_kept(demo_path):
    _set(demo_path, "backup_generations", 3)
    made = [backup_file(demo_path, reason="before-import") for _ in range(5)]
    kept = [info.path for info in list_backups(demo_path)]
    assert kept == list(reversed(made[-3:]))  # newest first, the two oldest deleted
    assert not made[0].exists() and not made[1].exists()


def test_the_clerks_own_backups_are_never_pruned_by_automatic_ones(demo_path):
    _set(demo_path, "backup_generations", 2)
    manual = backup_file(demo_path, reason="manual")
    automatic = [backup_file(demo_path, reason="before-import") for _ in range(4)]
    assert manual.exists()
    assert [info.path for info in list_backups(demo_path)] == [*reversed(automatic[-2:]), manual]


def test_the_default_is_thirty_generations(demo_path):
    made = [backup_file(demo_path, reason="open", prune=False) for _ in range(32)]
    removed = prune_backups(demo_path)
    assert sorted(removed) == made[:2]
    assert len(list_backups(demo_path)) == 30


def test_backups_of_other_files_in_the_same_folder_are_left_alone(demo_path, tmp_path):
    other = tmp_path / "demo-other.sqlite"
    other.write_bytes(demo_path.read_bytes())
    mine = backup_file(demo_path)
    theirs = backup_file(other)
    assert [i.path for i in list_backups(demo_path)] == [mine]
    assert [i.path for i in list_backups(other)] == [theirs]
    prune_backups(demo_path, keep=1)
    assert theirs.exists()


def test_backup_at_open_only_when_the_file_changed_since_the_last_backup(demo_path):
    first = backup_if_changed_since_last(demo_path)
    assert first is not None and first.name.endswith("-open.sqlite")
    # Opening and reading changes nothing: no new generation.
    db = open_database(demo_path)
    db.close()
    assert backup_if_changed_since_last(demo_path) is None
    assert len(list_backups(demo_path)) == 1
    _set(demo_path, "org_name", "変更後の組織")
    second = backup_if_changed_since_last(demo_path)
    assert second is not None and second != first
    assert scalar(second, "SELECT value FROM setting WHERE key='org_name'") == "変更後の組織"
    assert backup_if_changed_since_last(demo_path) is None
    # No temporary files are left in the folder.
    assert sorted(p.name for p in backups_dir(demo_path).iterdir()) == sorted([first.name, second.name])


def test_restore_checks_the_backup_backs_up_the_current_file_then_replaces_it(demo_path):
    good = backup_file(demo_path)
    _set(demo_path, "org_name", "復元で消える変更")
    current = sql_dump(demo_path)
    previous = restore_backup(good, demo_path)
    assert previous is not None and previous.name.endswith("-before-restore.sqlite")
    assert sql_dump(previous) == current
    assert scalar(demo_path, "SELECT value FROM setting WHERE key='org_name'") == "長野県"
    assert check(demo_path) == []
    # The restored file opens and works normally (WAL again, history recording).
    db = open_database(demo_path)
    try:
        with db.transaction() as session:
            save_settings(session, {"org_name": "復元後の編集"})
    finally:
        db.close()
    assert scalar(demo_path, "SELECT value FROM setting WHERE key='org_name'") == "復元後の編集"


def test_a_leftover_write_ahead_log_is_not_replayed_onto_the_restored_file(demo_path):
    good = backup_file(demo_path)
    # A process that commits into the WAL and dies without checkpointing leaves it behind.
    code = (
        "import os, sqlite3, sys\n"
        "con = sqlite3.connect(sys.argv[1])\n"
        "con.execute('PRAGMA journal_mode=WAL'); con.execute('PRAGMA wal_autocheckpoint=0')\n"
        "con.execute(\"UPDATE setting SET value='WALの中の変更' WHERE key='org_name'\"); con.commit()\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(demo_path)], check=True)
    wal = demo_path.with_name(demo_path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    previous = restore_backup(good, demo_path)
    assert scalar(previous, "SELECT value FROM setting WHERE key='org_name'") == "WALの中の変更"
    assert not wal.exists() or wal.stat().st_size == 0
    assert check(demo_path) == []
    assert scalar(demo_path, "SELECT value FROM setting WHERE key='org_name'") == "長野県"
    assert sql_dump(demo_path) == sql_dump(good)


def test_a_damaged_backup_is_refused_and_nothing_changes(demo_path, tmp_path):
    bad = tmp_path / "bad.sqlite"
    data = bytearray(demo_path.read_bytes())
    data[4096 * 3 : 4096 * 5] = b"\xa5" * 8192
    bad.write_bytes(bytes(data))
    before = sql_dump(demo_path)
    with pytest.raises(JukideskError, match="復元に使えません"):
        restore_backup(bad, demo_path)
    assert sql_dump(demo_path) == before
    assert list_backups(demo_path) == []  # refused before anything was written


def test_a_backup_from_a_newer_app_is_refused(demo_path, tmp_path):
    newer = tmp_path / "newer.sqlite"
    backup_file(demo_path, target=newer)
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    before = sql_dump(demo_path)
    with pytest.raises(JukideskError, match="新しい形式"):
        restore_backup(newer, demo_path)
    assert sql_dump(demo_path) == before


def test_restoring_the_oldest_generation_does_not_prune_it_away(demo_path):
    _set(demo_path, "backup_generations", 2)
    oldest = backup_file(demo_path)
    backup_file(demo_path)
    restore_backup(oldest, demo_path)
    assert oldest.exists()
    assert check(demo_path) == []


def test_a_damaged_current_file_is_kept_byte_for_byte_before_restoring(demo_path, tmp_path):
    good = tmp_path / "good.sqlite"
    backup_file(demo_path, target=good)
    damaged = b"SQLite format 3\x00" + b"\x00" * 200 + b"garbage" * 100
    demo_path.write_bytes(damaged)
    for suffix in ("-wal", "-shm"):
        (demo_path.parent / (demo_path.name + suffix)).unlink(missing_ok=True)
    previous = restore_backup(good, demo_path)
    assert previous.read_bytes() == damaged
    assert check(demo_path) == []


def test_backup_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(JukideskError, match="見つかりません"):
        backup_file(tmp_path / "none.sqlite")
