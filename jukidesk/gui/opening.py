"""Which file the GUI opens, and opening it: the one path used at start and by ファイル → 開く.

These functions do no Qt work, so the menu can run them on the worker thread
(``operations.run_operation``); the window wraps the result in an ``AppContext``.

Every file the GUI opens — at start, ファイル → 開く, 最近使ったファイル, 新規作成, the
first-run choices, after a restore, and the demo copies — is opened by ``_open_locked``
below, which first takes the file's lock (``storage.lock.hold``): a file that another
jukidesk already has open is refused with a ``DatabaseLockedError`` naming who holds it
(user, computer, since when), before anything is read, backed up or migrated. The lock
goes with the ``OpenedFile`` (and then the ``AppContext``) and is released when that is
closed. Demo copies take it too: one rule for every open file, and nobody can write into
a demo copy from the command line while the window shows it.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jukidesk.base.errors import DatabaseError, JukideskError
from jukidesk.base.paths import default_database_path
from jukidesk.storage.urls import looks_like_url

if TYPE_CHECKING:  # the data layer loads on the worker thread, after the window is painted
    from jukidesk.storage.database import Database
    from jukidesk.storage.lock import LockHold


@dataclass
class OpenedFile:
    database: Database
    demo: bool = False
    temp_dir: Path | None = None  # a demo copy's folder, removed when the file is closed
    lock: LockHold | None = None  # this process's hold on the file (storage/lock.py)
    # A large file opened before its damage check: the window runs ``database.ensure_sound``
    # (the check, then the backup at open) on the worker right after showing it; writes wait
    # for it (``Database.ensure_sound``), the window does not.
    check_pending: bool = False

    def close(self) -> None:
        """Close the file and release its lock (the window's ``AppContext.close`` does the
        same for a file it took over)."""
        self.database.close()
        if self.lock is not None:
            self.lock.release()
        if self.temp_dir is not None:
            import shutil

            shutil.rmtree(self.temp_dir, ignore_errors=True)


@dataclass(frozen=True)
class StartChoice:
    """What to open at start: a file, or (``path`` None) a fresh demo copy. ``ask``: the
    default file does not exist yet — the GUI shows the first-run dialog (gui/first_run.py)
    and opens the demo only when it must not ask (``--exit-when-ready``)."""

    path: Path | None
    demo_name: str = "nagano"
    ask: bool = False

    @property
    def demo(self) -> bool:
        return self.path is None


def start_choice(args) -> StartChoice:
    """``--demo`` → the demo; ``--db PATH`` → that file (created when missing); otherwise
    ``JUKIDESK_DB`` or the user data folder's file — and, while that does not exist yet, the
    first-run question (answered with the demo when nobody can be asked)."""
    demo_name = "city" if getattr(args, "city", False) else "nagano"
    if getattr(args, "demo", False):
        return StartChoice(None, demo_name)
    if getattr(args, "db", None):
        target = _location(args.db)
        return StartChoice(target.expanduser() if isinstance(target, Path) else target)
    env = os.environ.get("JUKIDESK_DB", "")
    if looks_like_url(env):  # a server database (storage/server.py)
        return StartChoice(_location(env))
    path = default_database_path()
    if not path.exists():
        return StartChoice(None, demo_name, ask=True)
    return StartChoice(path)


# A file at least this large that needs no migration is shown before its damage check (seconds
# at national scale); smaller files are checked first (a fraction of a second).
DEFERRED_CHECK_SIZE = 16 * 1024 * 1024


def open_path(path: Path | str, *, create: bool = False, defer_check: bool = False) -> OpenedFile:
    """Open (and migrate) a jukidesk file, or a server database (``ServerLocation`` or a
    ``postgresql+psycopg://`` URL: no lock file, no backup at open — the server's own
    backups apply); every failure is a ``JukideskError`` in Japanese. ``defer_check``: a
    large current file is opened without its damage check and backup
    (``OpenedFile.check_pending``; the caller runs ``database.ensure_sound()`` next)."""
    target = _location(path)
    if not isinstance(target, Path):
        return OpenedFile(_open_database(target))
    path = Path(path)
    if not create and not path.exists():
        raise DatabaseError(f"データファイル {path} が見つかりません。")
    return _open_locked(path, check=True, defer_check=defer_check)


def _open_locked(
    path: Path, *, check: bool, demo: bool = False, temp_dir: Path | None = None, defer_check: bool = False
) -> OpenedFile:
    """THE place where the GUI opens a file: lock (refused while another process has it),
    then check and back up (``check``), open and migrate. Nothing stays locked on failure."""
    from jukidesk.storage.lock import hold  # on the worker thread at start, after the window's first paint

    lock = hold(path)
    try:
        deferred = check and defer_check and _may_defer_check(path)
        if check and not deferred and path.is_file() and path.stat().st_size > 0:
            _check_and_back_up(path)
        database = _open_database(path)
        if deferred:
            database.after_check = lambda: _back_up_at_open(path)
        else:
            # Checked just now, or just written by jukidesk itself (a new file, a demo copy):
            # the first action need not run the damage check again (a full integrity check
            # of a large file on the first key press of the checklist tab).
            database.sound = True
        return OpenedFile(database, demo=demo, temp_dir=temp_dir, lock=lock, check_pending=deferred)
    except BaseException:
        lock.release()
        raise


def _location(value) -> Path | Any:
    """A ``--db`` value: a ``storage.server.ServerLocation`` for a server URL (that module
    loads SQLAlchemy, so it is imported only then), a ``Path`` otherwise."""
    if not isinstance(value, (str, os.PathLike)):
        return value  # already a ServerLocation
    if looks_like_url(value):
        from jukidesk.storage.server import parse_server_url

        return parse_server_url(str(value))
    return Path(value)


def _open_database(path) -> Database:
    from jukidesk.storage.database import open_database

    try:
        return open_database(path, create=True)
    except JukideskError:
        raise
    except OSError as exc:
        raise DatabaseError(f"データファイル {path} を開けません: {exc.strerror or exc}") from exc
    except Exception as exc:  # sqlite3 / SQLAlchemy errors on damaged or foreign files
        if not isinstance(path, Path):
            from jukidesk.storage.server import server_error

            raise server_error(path, exc) from exc
        raise DatabaseError(f"データファイル {path} を開けません（壊れているか、jukidesk のファイルではありません）: {exc}") from exc


def create_organisation_file(path: Path | str, values: dict, *, standard_template: bool = True) -> OpenedFile:
    """A new file for a new organisation (first run → 新しく始める): created, the entered
    settings stored in one transaction (``actions.files.start_organisation``). Nothing is
    left behind when the entry is refused or the file cannot be written; an existing file
    is never touched."""
    from jukidesk.actions.files import start_organisation
    from jukidesk.core.organisation import first_run_values

    path = Path(path)
    first_run_values(values)  # a refused entry creates no file at all
    if path.exists():
        raise DatabaseError(f"{path} は既にあります。既存のファイルは「既存のファイルを開く」で開いてください。")
    created_dir = not path.parent.exists()
    opened = None
    try:
        opened = open_path(path, create=True)
        start_organisation(opened.database, values, standard_template=standard_template)
        return opened
    except BaseException:
        if opened is not None:
            opened.close()
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        if created_dir:
            try:
                path.parent.rmdir()
            except OSError:
                pass
        raise


def _may_defer_check(path: Path) -> bool:
    """Large, and at the current schema (a migration never runs on an unchecked file)."""
    from jukidesk.storage.revisions import quick_head_revision, stored_revision

    try:
        if not path.is_file() or path.stat().st_size < DEFERRED_CHECK_SIZE:
            return False
        head = quick_head_revision()
        return head is not None and stored_revision(path) == head
    except Exception:  # noqa: BLE001 - unreadable: the check first, which explains it
        return False


def _check_and_back_up(path: Path) -> None:
    """A damaged file is never opened for writing (``DamagedFileError``: the GUI offers the
    newest good backup, gui/recovery.py); a file changed since its last backup gets a new
    generation (storage/backup.py)."""
    from jukidesk.storage.recovery import ensure_not_damaged

    ensure_not_damaged(path)
    _back_up_at_open(path)


def _back_up_at_open(path: Path) -> None:
    from jukidesk.storage.backup import backup_if_changed_since_last

    try:
        backup_if_changed_since_last(path)
    except JukideskError as exc:  # e.g. a full disk: open anyway, the user can still work
        import logging

        logging.getLogger(__name__).warning("backup at open failed: %s", exc)


def open_demo(name: str = "nagano") -> OpenedFile:
    """A fresh copy of a demo built in a temporary folder (changes vanish when it is closed)."""
    from jukidesk.actions.files import write_demo
    from jukidesk.base.paths import resource

    if not resource("demo", f"{name}.toml").exists():
        raise JukideskError(f"デモデータ「{name}」は同梱されていません。")
    temp_dir = Path(tempfile.mkdtemp(prefix="jukidesk-demo-"))
    try:
        path = write_demo(temp_dir / "demo.sqlite", name=name).value
        return _open_locked(path, check=False, demo=True, temp_dir=temp_dir)
    except BaseException:
        import shutil

        shutil.rmtree(temp_dir, ignore_errors=True)
        raise


def open_choice(choice: StartChoice, *, defer_check: bool = False) -> OpenedFile:
    if choice.demo:
        return open_demo(choice.demo_name)
    return open_path(choice.path, create=True, defer_check=defer_check)
