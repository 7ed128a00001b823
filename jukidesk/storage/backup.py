"""Copies of the database file made with SQLite's online backup API."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path


def connect_readonly(path: Path) -> sqlite3.Connection:
    """Open a file read-only; the URI is percent-encoded so any file name works."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def backup_file(db_path: Path, *, reason: str = "manual", target: Path | None = None) -> Path:
    """Copy ``db_path`` (consistent even while open) to ``target`` or a dated file in
    ``backups/``; the copy is a single file in rollback-journal mode."""
    if target is None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = backups_dir(db_path) / f"{db_path.stem}-{stamp}-{reason}.sqlite"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    source = connect_readonly(db_path)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    finally:
        source.close()
    os.replace(partial, target)
    return target


def restore_file(backup: Path, db_path: Path) -> None:
    """Replace ``db_path`` with ``backup`` (the caller checks the backup first)."""
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    partial = db_path.with_name(db_path.name + ".restore")
    source = connect_readonly(backup)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    os.replace(partial, db_path)
