"""The data file as a whole: starting a new organisation's file, a demo file, a backup now,
restoring a backup.

These work on the file's path (a ``Database`` is accepted for it): a backup or a restore
must not open — and so migrate — the file first, and a restore needs every connection
closed. The GUI still opens and closes its window's file around them (gui/opening.py,
gui/recovery.py); the storage calls live here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jukidesk.actions.base import Area, Outcome, write
from jukidesk.base.errors import JukideskError
from jukidesk.core import organisation
from jukidesk.storage import recovery
from jukidesk.storage.backup import backup_file
from jukidesk.storage.database import Database
from jukidesk.storage.lock import hold

MANUAL_BACKUP = "manual"
EVERYTHING = frozenset(Area)  # a restore replaces the whole file


def _path(file: Database | Path | str) -> Path:
    return Path(file.path if isinstance(file, Database) else file)


def start_organisation(db: Database, values: dict[str, Any], *, standard_template: bool = True) -> Outcome[dict[str, Any]]:
    """A new organisation's file: the first-run settings and (``standard_template``) the
    bundled standard checklist template, in one transaction. Returns the stored values; a
    refused entry (``ValidationError`` naming the field) stores nothing."""
    return write(
        db,
        (Area.SETTINGS, Area.TEMPLATES),
        lambda session: organisation.start_organisation(session, values, standard_template=standard_template),
    )


def write_demo(path: Path | str, *, name: str = "nagano", force: bool = False) -> Outcome[Path]:
    """A demo file built at ``path`` (``force``: replace a file already there)."""
    from jukidesk.demo.builder import write_demo as build

    return Outcome(build(path, name=name, force=force), EVERYTHING)


def backup_now(file: Database | Path | str, *, target: Path | str | None = None) -> Outcome[Path]:
    """A manual backup: a new generation in ``backups/`` beside the file (old ones beyond the
    setting pruned), or a copy at ``target``. Returns the backup's path."""
    from jukidesk.storage.adapter import storage_for

    storage = storage_for(file)
    if storage.kind != "sqlite":  # a server database: pg_dump (or its own backups)
        made = storage.backup(reason=MANUAL_BACKUP, target=Path(target) if target is not None else None)
        return Outcome(made, frozenset({Area.BACKUPS}), made)
    path = _path(file)
    if not path.is_file():
        raise JukideskError(f"データベースファイル {path} が見つかりません。")
    if target is not None and Path(target).resolve() == path.resolve():
        raise JukideskError("バックアップの保存先にデータベースファイル自身は指定できません。")
    made = backup_file(path, reason=MANUAL_BACKUP, target=Path(target) if target is not None else None)
    return Outcome(made, frozenset({Area.BACKUPS}), made)


def restore(file: Database | Path | str, backup: Path | str) -> Outcome[Path | None]:
    """Replace the file with ``backup`` after checking it (integrity, schema not newer than
    this jukidesk); the current file is kept first as a ``before-restore`` generation (its
    path is the value; None when there was no file). Every connection to the file must be
    closed. Refused (``DatabaseLockedError``) while another process holds the file; this
    process's own hold (the window's) is shared."""
    path, backup = _path(file), Path(backup)
    if not backup.is_file():
        raise JukideskError(f"復元するバックアップ {backup} が見つかりません。")
    if path.exists() and backup.resolve() == path.resolve():
        raise JukideskError("復元元と復元先が同じファイルです。")
    with hold(path):
        previous = recovery.restore_backup(backup, path)
    return Outcome(previous, EVERYTHING, previous)
