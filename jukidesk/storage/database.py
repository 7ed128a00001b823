"""Opening the SQLite file: pragmas, schema version checks, migrations with a backup first."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from jukidesk.base.errors import DatabaseError, SchemaTooNewError
from jukidesk.storage.backup import backup_file, restore_file
from jukidesk.storage.revisions import alembic_config, head_revision, known_revisions, quick_head_revision, stored_revision

# How long a write waits for another writer (a second jukidesk command) before it gives up
# with a Japanese message instead of an engine error.
BUSY_TIMEOUT_MS = 5000


def storage_error(path: Path, exc: Exception) -> Exception:
    """The Japanese error for a failure of the database engine itself: another program
    writing (busy beyond the timeout), a full disk, a file that vanished or turned read-only."""
    from jukidesk.storage.lock import DatabaseLockedError

    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            f"データファイル {path} は、ほかのプログラム（別の jukidesk のコマンドなど）が書き込み中です。"
            "しばらく待ってから、もう一度実行してください。変更は保存していません。"
        )
    if "full" in text:
        return DatabaseError(f"ディスクの空き容量が足りないため {path} に保存できません。空きを作ってから、もう一度実行してください。変更は保存していません。")
    if "readonly" in text or "read-only" in text:
        return DatabaseError(f"データファイル {path} が読み取り専用になっているため保存できません。変更は保存していません。")
    return DatabaseError(f"データファイル {path} に保存できません（{getattr(exc, 'orig', exc)}）。変更は保存していません。")


def _pragmas(journal_mode: str):
    """The connect hook: foreign keys, the busy timeout and the journal mode (WAL on a local
    disk, the rollback journal on a network file system: ``storage.shared_folder``)."""

    def set_pragmas(dbapi_connection, _record) -> None:
        # The stdlib driver's implicit transactions break SAVEPOINT before 3.12: take control.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA journal_mode={journal_mode.upper()}")
        cursor.close()

    return set_pragmas


def _begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(path: Path, journal_mode: str | None = None) -> Engine:
    from jukidesk.storage.shared_folder import journal_mode_for

    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _pragmas(journal_mode or journal_mode_for(path)))
    event.listen(engine, "begin", _begin)
    return engine


def migrate(path: Path) -> Path | None:
    """Bring the file's schema to head. Returns the backup made first (``None`` when the
    file had no schema yet or was already current). Restores the backup on failure."""
    revision = stored_revision(path)
    if revision is not None and revision == quick_head_revision():
        return None  # current: no need to load Alembic
    head = head_revision()
    if revision == head:
        return None
    if revision is not None and revision not in known_revisions():
        raise SchemaTooNewError(
            f"{path} はこのバージョンの jukidesk より新しい形式で保存されています"
            f"（スキーマ {revision}）。jukidesk を更新してから開いてください。"
        )
    backup = backup_file(path, reason="before-migration") if revision is not None else None
    from alembic import command

    # Batch migrations copy and drop tables: with foreign keys on, the drop would cascade.
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys=OFF")
        engine = create_engine("sqlite://", creator=lambda: con)
        try:
            with engine.begin() as connection:
                command.upgrade(alembic_config(connection), "head")
            problems = con.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise DatabaseError(f"移行後に参照整合性の問題が見つかりました: {problems[:5]}")
        finally:
            engine.dispose()
    except Exception:
        con.close()
        if backup is not None:
            restore_file(backup, path)
        raise
    con.close()
    return backup


@dataclass
class Database:
    """An open jukidesk database: the engine and a session factory. A file (``path``) or a
    PostgreSQL server database (``location``, a ``storage.server.ServerLocation``; ``path``
    is then ``None``). Code above storage never looks at which: it writes through
    ``transaction()`` and takes backups through ``backup()``; ``storage`` is the adapter
    (``storage.adapter``) for opening, checking, backing up and locking."""

    path: Path | None
    engine: Engine
    sessions: sessionmaker[Session]
    migration_backup: Path | None = None
    sound: bool = False  # passed the damage check since it was opened (ensure_sound)
    # Work that must follow a passed check and precede the first write (the GUI's backup at
    # open when it checks a large file after showing it); run once by ensure_sound.
    after_check: Callable[[], None] | None = None
    _check_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    journal_mode: str = "wal"  # "delete" (rollback journal) on a shared folder; "server" on PostgreSQL
    location: Any = None  # storage.server.ServerLocation of a server database

    @property
    def is_server(self) -> bool:
        return self.location is not None

    @property
    def display(self) -> str:
        """Where the data is, for messages and the window: the file, or server and database."""
        return self.location.display if self.location is not None else str(self.path)

    @property
    def name(self) -> str:
        return self.location.name if self.location is not None else Path(self.path).name

    @property
    def on_network(self) -> bool:
        """The file lies on a network file system (opened with the rollback journal)."""
        return self.journal_mode == "delete"

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action = one transaction: commit on success, roll back on any error.
        The file's lock is held throughout (shared with this process's own hold: a window
        keeps it all along): refused (``DatabaseLockedError``) while another process holds
        it — a jukidesk window, a restore —, and no restore can replace the file while this
        transaction writes into it. Reading stays possible."""
        from sqlalchemy.exc import IntegrityError

        from jukidesk.storage.conflicts import ConflictError

        if self.location is not None:  # a server: several clerks write at once, no file lock
            from jukidesk.storage.server import server_error

            try:
                with self._versioned_session() as session:
                    yield session
            except IntegrityError as exc:
                if "unique" not in str(exc.orig).lower() and "duplicate" not in str(exc.orig).lower():
                    raise
                raise ConflictError(
                    "ほかの担当者が同時に同じものを追加しました。画面を更新しました。内容を確かめてから、もう一度入力してください。変更は保存していません。"
                ) from exc
            except OperationalError as exc:
                raise server_error(self.location, exc) from exc
            return
        from jukidesk.storage.lock import check_not_in_use, hold

        check_not_in_use(self.path)  # the message that says nothing was changed
        with hold(self.path):
            try:
                with self._versioned_session() as session:
                    yield session
            except OperationalError as exc:
                raise storage_error(self.path, exc) from exc

    @contextlib.contextmanager
    def _versioned_session(self) -> Iterator[Session]:
        """A session in a transaction whose stale row versions (another clerk saved first)
        become the ``ConflictError`` that names who changed the row."""
        from sqlalchemy.orm.exc import StaleDataError

        from jukidesk.storage.conflicts import stale_error

        session = None
        try:
            with self.sessions.begin() as session:
                yield session
        except StaleDataError as exc:
            raise stale_error(self.engine, session) from exc

    def ensure_sound(self) -> None:
        """Refuse to write into a damaged file (``DamagedFileError``): checked once per open
        file, before its first write (the GUI checks at open and marks it ``sound``, or checks
        a large file on its worker thread right after showing it: a write meanwhile waits here
        for that check instead of running a second one)."""
        if self.sound:
            return
        with self._check_lock:
            if self.sound:
                return
            from jukidesk.storage.recovery import ensure_not_damaged

            ensure_not_damaged(self.path, empty_is_new=False)
            if self.after_check is not None:
                self.after_check()
                self.after_check = None
            self.sound = True

    def session(self) -> Session:
        return self.sessions()

    def backup(self, reason: str) -> Path | None:
        """A generation of the file before a change that writes much at once (reason code as
        in ``storage.backup``). Taken by the actions, outside their transaction."""
        if self.path is None or str(self.path) == ":memory:":
            return None  # a server: its own backups apply (``jukidesk backup`` runs pg_dump)
        return backup_file(self.path, reason=reason)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _refuse_unusable(path: Path, *, create: bool) -> None:
    """An existing file that must not be opened: empty (a failed copy or sync: never turned
    into a new database when a backup could bring the data back, nor by a command that does
    not create files), or read-only (SQLite could not even record that it opened it)."""
    import os

    if path.stat().st_size == 0:
        from jukidesk.storage.recovery import ensure_not_damaged

        ensure_not_damaged(path, empty_is_new=create)
    if not os.access(path, os.W_OK):
        raise DatabaseError(
            f"データファイル {path} は読み取り専用のため開けません。ファイルのプロパティで「読み取り専用」を外すか、書き込める場所にコピーしてください。"
        )
    if not os.access(path.parent, os.W_OK):
        raise DatabaseError(f"データファイルのあるフォルダ {path.parent} に書き込めないため開けません（作業用のファイルを置けません）。")


def _remove_leftovers(path: Path) -> None:
    """Hidden ``.part`` files of a write that was killed (a backup, a restore) beside the file
    and in its backups folder; only old ones, so a write in progress is left alone."""
    from jukidesk.base.files import remove_leftovers
    from jukidesk.storage.backup import backups_dir

    for folder in (path.parent, backups_dir(path)):
        remove_leftovers(folder, path.stem)


def open_database(path, *, create: bool = True) -> Database:
    """Open (and if needed create and migrate) the jukidesk file at ``path``, or the server
    database of a ``postgresql+psycopg://…`` URL (``storage.server``)."""
    from jukidesk.storage.server import ServerLocation, location_of

    target = location_of(path)
    if isinstance(target, ServerLocation):
        from jukidesk.storage.server import open_server

        engine, sessions = open_server(target, create=create)
        return Database(None, engine, sessions, None, sound=True, journal_mode="server", location=target)
    path = target
    if not path.exists():
        if not create:
            raise DatabaseError(f"データベースファイル {path} が見つかりません。")
        path.parent.mkdir(parents=True, exist_ok=True)
    elif path.is_dir():
        raise DatabaseError(f"{path} はフォルダです。データベースファイルを指定してください。")
    else:
        _refuse_unusable(path, create=create)
        _remove_leftovers(path)
    backup = migrate(path)
    from jukidesk.storage.shared_folder import journal_mode_for

    journal_mode = journal_mode_for(path)
    engine = make_engine(path, journal_mode)
    sessions = sessionmaker(engine, expire_on_commit=False)
    from jukidesk.storage import clean_text, conflicts, history

    history.install(sessions)
    conflicts.install(sessions)
    clean_text.install(sessions)  # runs first: the history records the cleaned values  # every change to an audited table is recorded (storage/history.py)
    return Database(path, engine, sessions, backup, journal_mode=journal_mode)
