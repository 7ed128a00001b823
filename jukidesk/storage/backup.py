"""Backups of the database file, made with SQLite's online backup API (consistent even
while the file is open), and restoring them.

Backups are kept as generations in ``backups/`` beside the data file, one file each, named
``<name>-<YYYYMMDD-HHMMSS-ffffff>-<reason>.sqlite``; after each new generation the oldest
beyond the ``backup_generations`` setting (default 30) among the automatic ones are deleted;
the clerk's own (``manual``) and a restore's safety copies are never pruned.

Who takes which generation (the reason in its name):

- ``"before-migration"`` — ``storage.database.migrate``;
- ``"before-import"`` / ``"before-bulk"`` — the actions (``actions.base.write``) before the
  transaction of an import or a bulk change; removed again when the change fails;
- ``"before-restore"`` — ``storage.recovery.restore_backup``;
- ``"open"`` — ``backup_if_changed_since_last`` when the app opens a file;
- ``"manual"`` — ``jukidesk backup`` and ファイル → バックアップ.

Every copy is checked (quick_check, foreign keys) before it counts as a generation. Reasons are
short lower-case codes; their Japanese labels are in ``base.vocabulary.BACKUP_REASON_LABELS``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from jukidesk.base.errors import JukideskError
from jukidesk.base.files import atomic_output, os_error_text, retry_sharing_violation
from jukidesk.storage.sqlite_file import connect_readonly

BACKUP_DIR_NAME = "backups"
DEFAULT_GENERATIONS = 30
_STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z0-9-]+)\.sqlite$")
_REASON = re.compile(r"^[a-z0-9-]+$")
# Generations made by jukidesk itself, pruned to the ``backup_generations`` setting.
AUTOMATIC_REASONS = frozenset({"open", "before-migration", "before-import", "before-bulk"})


def backups_dir(db_path: Path) -> Path:
    return Path(db_path).parent / BACKUP_DIR_NAME


@dataclass(frozen=True)
class BackupInfo:
    """One generation in the backups folder."""

    path: Path
    created: dt.datetime
    reason: str
    size: int


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The generations of ``db_path``, newest first."""
    db_path = Path(db_path)
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if not match or match["stem"] != db_path.stem or not entry.is_file():
            continue
        created = dt.datetime.strptime(match["stamp"], _STAMP_FORMAT)
        found.append(BackupInfo(entry, created, match["reason"], entry.stat().st_size))
    found.sort(key=lambda info: (info.created, info.path.name), reverse=True)
    return found


def generations_setting(db_path: Path) -> int:
    """The ``backup_generations`` setting stored in the file (its default if unset/unreadable)."""
    from jukidesk.base.settings_specs import SPEC_BY_KEY

    default = SPEC_BY_KEY["backup_generations"].default if "backup_generations" in SPEC_BY_KEY else DEFAULT_GENERATIONS
    try:
        con = connect_readonly(db_path)
        try:
            row = con.execute("SELECT value FROM setting WHERE key = 'backup_generations'").fetchone()
        finally:
            con.close()
        return max(1, int(row[0])) if row else default
    except (sqlite3.Error, ValueError, TypeError):
        return default


def prune_backups(db_path: Path, keep: int | None = None, *, protect: tuple[Path, ...] = ()) -> list[Path]:
    """Delete the oldest automatic generations beyond ``keep`` (the setting when ``None``).
    The clerk's own backups (``manual``) and the safety copies of a restore are kept apart:
    never pruned by automatic ones."""
    keep = generations_setting(db_path) if keep is None else max(1, keep)
    protected = {Path(p).resolve() for p in protect}
    removed = []
    automatic = [info for info in list_backups(db_path) if info.reason in AUTOMATIC_REASONS]
    for info in automatic[keep:]:
        if info.path.resolve() in protected:
            continue
        info.path.unlink(missing_ok=True)
        removed.append(info.path)
    return removed


def _copy(source_path: Path, target: Path) -> None:
    """Online-backup ``source_path`` into ``target`` (an empty or new file) as one file."""
    source = connect_readonly(source_path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    finally:
        source.close()


def new_backup_name(db_path: Path, reason: str) -> Path:
    if not _REASON.match(reason):
        raise ValueError(f"backup reason must be a lower-case code: {reason!r}")
    stamp = dt.datetime.now().strftime(_STAMP_FORMAT)
    return backups_dir(db_path) / f"{db_path.stem}-{stamp}-{reason}.sqlite"


def backup_file(
    db_path: Path, *, reason: str = "manual", target: Path | None = None, prune: bool = True
) -> Path:
    """Copy ``db_path`` (consistent even while open) to ``target`` or to a new generation in
    ``backups/`` (then prune old generations). The copy is a single file in
    rollback-journal mode, written to a temporary name and renamed when complete."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise JukideskError(f"バックアップ元のデータベースファイル {db_path} が見つかりません。")
    in_folder = target is None
    target = new_backup_name(db_path, reason) if in_folder else Path(target)
    try:
        with atomic_output(target) as tmp:
            _copy(db_path, tmp)
            problems = _copy_problems(tmp)
            if problems:
                raise JukideskError(
                    f"{db_path} は壊れているため、バックアップを作成しませんでした（壊れた写しで正常なバックアップを押し出さないため）。\n"
                    + "\n".join(f"・{p}" for p in problems[:5])
                )
    except sqlite3.DatabaseError as exc:
        damaged = "malformed" in str(exc) or "not a database" in str(exc)
        reason = "は壊れているため、" if damaged else "の"
        raise JukideskError(f"{db_path} {reason}バックアップを作成できません: {exc}") from exc
    except sqlite3.Error as exc:
        raise JukideskError(f"{db_path} のバックアップを作成できません: {exc}") from exc
    if in_folder and prune:
        prune_backups(db_path, protect=(target,))
    return target


def _copy_problems(copy: Path) -> list[str]:
    """SQLite's quick_check and foreign_key_check of a fresh copy: the online backup copies
    pages as they are, so a damaged source gives a damaged copy, which must not count as a
    generation."""
    con = sqlite3.connect(copy)
    try:
        rows = [row[0] for row in con.execute("PRAGMA quick_check")]
        problems = [] if rows == ["ok"] else [f"整合性検査: {text}" for text in rows]
        problems += [f"参照整合性: {table} の行 {rowid} が {parent} の存在しない行を参照しています。" for table, rowid, parent, _ in con.execute("PRAGMA foreign_key_check")]
        return problems
    except sqlite3.DatabaseError as exc:
        return [f"読み込めません: {exc}"]
    finally:
        con.close()


def _content_digest(path: Path) -> str:
    """Hash of a backup file, ignoring header counters that do not reflect content."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:  # in chunks: a national-scale file is 400 MB
        header = bytearray(stream.read(100))
        for start, end in ((24, 28), (92, 100)):  # file change counter; version-valid-for, SQLite version
            header[start:end] = bytes(end - start)
        digest.update(header)
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _Unchanged(Exception):
    pass


# Header bytes that differ between a file and an online-backup copy of the same content:
# read/write format versions (WAL or rollback journal), file change counter, schema cookie
# (the backup API bumps it), version-valid-for number and the SQLite version.
_COPY_HEADER_NOISE = ((18, 20), (24, 28), (40, 44), (92, 100))


def _same_as_backup(db_path: Path, backup: Path) -> bool:
    """``True`` when the file on disk holds, page for page, the same content as ``backup``
    (header bytes above aside): then no copy is needed to know it is unchanged. Only
    decided when the write-ahead log is empty (the main file is then the whole content);
    ``False`` means "not known", and the caller copies and compares digests. Comparing the
    files directly reads them once each; copying and hashing took about 3 s for a 450 MB
    file at every start (tests/benchmarks, start_large)."""
    wal = Path(str(db_path) + "-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return False
        if db_path.stat().st_size != backup.stat().st_size:
            return False
        with db_path.open("rb") as live, backup.open("rb") as kept:
            a, b = bytearray(live.read(100)), bytearray(kept.read(100))
            for start, end in _COPY_HEADER_NOISE:
                a[start:end] = b[start:end] = bytes(end - start)
            if a != b:
                return False
            while True:
                chunk = live.read(1 << 20)
                if chunk != kept.read(1 << 20):
                    return False
                if not chunk:
                    return True
    except OSError:
        return False


def backup_if_changed_since_last(db_path: Path) -> Path | None:
    """At open: make a generation (reason ``open``) unless the file's content equals the
    newest generation's. Returns the new backup or ``None``."""
    db_path = Path(db_path)
    newest = next(iter(list_backups(db_path)), None)
    if newest is not None and _same_as_backup(db_path, newest.path):
        return None
    target = new_backup_name(db_path, "open")
    try:
        with atomic_output(target) as tmp:
            _copy(db_path, tmp)
            if newest is not None and _content_digest(tmp) == _content_digest(newest.path):
                raise _Unchanged
    except _Unchanged:
        return None
    except sqlite3.Error as exc:
        raise JukideskError(f"{db_path} のバックアップを作成できません: {exc}") from exc
    prune_backups(db_path, protect=(target,))
    return target


def restore_file(backup: Path, db_path: Path) -> None:
    """Replace ``db_path`` with ``backup`` (unchecked: use ``restore_backup``)."""
    db_path = Path(db_path)
    with atomic_output(db_path) as tmp:
        _copy(backup, tmp)
        # Fold the old file's write-ahead log in and drop it: a WAL left beside the restored
        # file would be replayed onto it.
        if db_path.exists():
            try:
                con = sqlite3.connect(db_path)
                try:
                    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    con.close()
            except sqlite3.Error:
                pass  # a damaged file: its WAL is discarded below (it was backed up first)
        for suffix in ("-wal", "-shm"):
            side = Path(str(db_path) + suffix)
            try:
                retry_sharing_violation(lambda side=side: side.unlink(missing_ok=True))
            except OSError as exc:
                raise JukideskError(
                    f"{side.name} をほかのプログラムが使用中のため、復元できません（{os_error_text(exc)}）。"
                    "そのファイルを開いているプログラムを閉じてから、もう一度実行してください。"
                ) from exc
