"""Recovering from a damaged file: refusing to open it for writing, finding the newest sound
backup, and restoring a backup after checking it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from jukidesk.base.errors import DatabaseError, JukideskError
from jukidesk.storage.backup import backup_file, list_backups, new_backup_name, prune_backups, restore_file
from jukidesk.storage.integrity import CheckReport, check, check_report


def newest_good_backup(db_path: Path):
    """The newest generation in ``backups/`` that passes ``check`` (``BackupInfo``) or ``None``."""
    for info in list_backups(db_path):
        if not check(info.path):
            return info
    return None


class DamagedFileError(DatabaseError):
    """The file is damaged: it must not be opened for writing (offer a backup instead)."""

    def __init__(self, path: Path, report: CheckReport):
        listed = "\n".join(f"・{p}" for p in report.problems[:5])
        super().__init__(f"データファイル {path} は壊れています。\n{listed}")
        self.path = Path(path)
        self.report = report


def ensure_not_damaged(path: Path | str) -> None:
    """Raise ``DamagedFileError`` when ``path`` exists and is damaged. An empty file with no
    backup beside it is a new file, not a damaged one."""
    path = Path(path)
    if not path.is_file():
        return
    # quick_check at every open (tests/benchmarks: start_large); ``jukidesk check`` and
    # restoring a backup stay thorough.
    report = check_report(path, thorough=False)
    if not report.damaged:
        return
    if path.stat().st_size == 0 and newest_good_backup(path) is None:
        return
    raise DamagedFileError(path, report)


def restore_backup(backup: Path, db_path: Path) -> Path | None:
    """Check ``backup`` (integrity, foreign keys, schema version no newer than this app),
    back the current ``db_path`` up (reason ``before-restore``), then replace it.
    Returns the backup of the replaced file (``None`` if there was no file).
    The caller holds the file's lock (``storage.lock``) and has closed its connections."""
    backup, db_path = Path(backup), Path(db_path)
    if not backup.is_file():
        raise JukideskError(f"復元するバックアップ {backup} が見つかりません。")
    problems = check(backup)
    if problems:
        raise JukideskError(f"{backup.name} は復元に使えません:\n" + "\n".join(f"・{p}" for p in problems))
    previous = None
    if db_path.exists():
        try:
            previous = backup_file(db_path, reason="before-restore", prune=False)
        except (JukideskError, sqlite3.Error):
            # The current file is too damaged for the backup API: keep its bytes as they are.
            previous = new_backup_name(db_path, "damaged")
            previous.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(db_path, previous)
    restore_file(backup, db_path)
    prune_backups(db_path, protect=tuple(p for p in (backup, previous) if p is not None))
    return previous
