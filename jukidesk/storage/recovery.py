"""Recovering from a damaged file: refusing to open it for writing, finding the newest sound
backup, and restoring a backup after checking it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from jukidesk.base.errors import DatabaseError, JukideskError
from jukidesk.base.files import os_error_text
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


# Files up to this size get SQLite's full integrity_check at every open (it also compares
# each index with its table, which quick_check skips); larger ones get quick_check there
# (8 s against 2 s on a national-scale 450 MB file) and the full check in ``jukidesk check``.
THOROUGH_OPEN_LIMIT = 100 * 1024 * 1024


def ensure_not_damaged(path: Path | str, *, empty_is_new: bool = True) -> None:
    """Raise ``DamagedFileError`` when ``path`` exists and is damaged. An empty file with no
    backup beside it is a new file when ``empty_is_new`` (the GUI creating a file); with a
    good backup beside it, it is a failed copy or sync and is never silently replaced."""
    path = Path(path)
    if not path.is_file():
        return
    size = path.stat().st_size
    report = check_report(path, thorough=size <= THOROUGH_OPEN_LIMIT)
    if not report.damaged:
        return
    if size == 0 and empty_is_new and newest_good_backup(path) is None:
        return
    raise DamagedFileError(path, report)


def restore_advice(path: Path | str) -> str:
    """How to get the data back on the command line: the newest good backup and the command."""
    best = newest_good_backup(Path(path))
    if best is None:
        return "正常なバックアップが見つかりません。ファイルの以前の版（共有フォルダのスナップショットなど）を探してください。"
    return (
        f"最新の正常なバックアップは {best.path}（{best.created:%Y-%m-%d %H:%M}）です。"
        f"\n復元するには: jukidesk restore --db {path} {best.path}"
    )


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
        except (JukideskError, sqlite3.Error) as exc:
            if not check_report(db_path, thorough=False).damaged:
                # A sound file that could not be copied (a full disk, no permission): restore
                # nothing rather than call a good file damaged.
                raise JukideskError(f"復元前のファイルのバックアップを作れないため、復元しませんでした。\n{exc}") from exc
            # The current file is too damaged for the backup API: keep its bytes as they are.
            previous = new_backup_name(db_path, "damaged")
            try:
                previous.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(db_path, previous)
            except OSError as copy_error:
                previous.unlink(missing_ok=True)
                raise JukideskError(
                    f"壊れたファイルを残す場所を作れないため、復元しませんでした（{os_error_text(copy_error)}）。"
                ) from copy_error
    restore_file(backup, db_path)
    prune_backups(db_path, protect=tuple(p for p in (backup, previous) if p is not None))
    return previous
