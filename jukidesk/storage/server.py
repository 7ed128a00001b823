"""A jukidesk database on a PostgreSQL server, for several clerks at once.

``--db`` / ``JUKIDESK_DB`` take a SQLAlchemy URL instead of a file path::

    postgresql+psycopg://clerk@dbserver/jukidesk
    postgresql+psycopg:///jukidesk?host=/run/postgresql      (a Unix socket)
    postgresql+psycopg:///?service=jukidesk                  (a service file entry)

A password is never written in the URL (it would be stored in the recent-files list and
shown on screen): libpq reads it from the password file (``~/.pgpass``, on Windows
``%APPDATA%\\postgresql\\pgpass.conf``) or a service file (``pg_service.conf``). A URL
with a password is refused with a message saying so. The driver, psycopg 3, comes with the
optional extra ``pip install "jukidesk[server]"``.

The same models and Alembic migrations as the file (``storage.dialects`` holds the two
statements that differ); several clerks write at once, each action in its own short
transaction, and row versions (``version_id_col``) refuse a lost update with a message
naming who changed the row (``storage.conflicts``). Backups are the server's (``pg_dump``
when it is installed: ``backup_server``); ``check_server`` runs the checks that fit a
server (constraints, orphan rows, attachment digests, schema revision).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from jukidesk.base.errors import DatabaseError, JukideskError, SchemaTooNewError
from jukidesk.storage.urls import SERVER_SCHEMES, looks_like_url  # noqa: F401 (part of this module's interface)

DRIVER = "postgresql+psycopg"
# How long a statement waits for a row another clerk is writing before it gives up.
LOCK_TIMEOUT_MS = 10_000
PASSWORD_ADVICE = (
    "パスワードは URL に書かないでください（最近使ったファイルや画面に残ります）。"
    "PostgreSQL のパスワードファイル（~/.pgpass、Windows では %APPDATA%\\postgresql\\pgpass.conf）"
    "かサービスファイル（pg_service.conf）に書いてください。"
)


@dataclass(frozen=True)
class ServerLocation:
    """Where a server database is: its URL without any password."""

    url: URL

    @property
    def name(self) -> str:
        """The database's name (as a file's name is used in messages)."""
        return self.url.database or self.url.query.get("service", "") or "jukidesk"

    @property
    def host(self) -> str:
        host = self.url.host or self.url.query.get("host") or ""
        if isinstance(host, tuple):
            host = ",".join(host)
        return host or "localhost"

    @property
    def display(self) -> str:
        """What the window shows instead of a file path: server and database."""
        user = f"{self.url.username}@" if self.url.username else ""
        port = f":{self.url.port}" if self.url.port else ""
        return f"サーバー {user}{self.host}{port} のデータベース {self.name}"

    def __str__(self) -> str:
        return self.url.render_as_string(hide_password=True)

    def libpq_url(self) -> str:
        """The same place as a libpq connection URL (for ``pg_dump``)."""
        return self.url.set(drivername="postgresql").render_as_string(hide_password=True)


def parse_server_url(text: str) -> ServerLocation:
    """A ``postgresql[+driver]://…`` URL as a ``ServerLocation`` (driver psycopg 3);
    ``DatabaseError`` for a malformed URL or one with a password."""
    try:
        url = make_url(str(text).strip())
    except ArgumentError as exc:
        raise DatabaseError(f"データベースの URL を読めません: {text}（例: postgresql+psycopg://clerk@dbserver/jukidesk）") from exc
    if url.password:
        raise DatabaseError(f"データベースの URL にパスワードが含まれています。{PASSWORD_ADVICE}")
    if "password" in url.query:
        raise DatabaseError(f"データベースの URL にパスワードが含まれています。{PASSWORD_ADVICE}")
    return ServerLocation(url.set(drivername=DRIVER))


def location_of(target) -> Path | ServerLocation:
    """A ``--db`` value: a server URL as ``ServerLocation``, anything else as a file path."""
    if isinstance(target, ServerLocation):
        return target
    if isinstance(target, str) and looks_like_url(target):
        return parse_server_url(target)
    return Path(target)


def _require_driver() -> None:
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise DatabaseError(
            'PostgreSQL のデータベースを使うには、ドライバを入れてください: pip install "jukidesk[server]"'
        ) from exc


def server_error(location: ServerLocation, exc: Exception) -> JukideskError:
    """The Japanese error for a failure of the server (unreachable, refused, a lock timeout)."""
    original = getattr(exc, "orig", exc)
    message = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    lowered = message.lower()
    if "lock timeout" in lowered or "deadlock" in lowered or "could not serialize" in lowered:
        from jukidesk.storage.lock import DatabaseLockedError

        return DatabaseLockedError(
            f"{location.display} の同じ行を、ほかの担当者が書き込み中です。しばらく待ってから、もう一度実行してください。変更は保存していません。"
        )
    if "password" in lowered:
        return DatabaseError(f"{location.display} に接続できません（パスワードが必要です）。{PASSWORD_ADVICE}")
    return DatabaseError(f"{location.display} を使えません（{message}）。変更は保存していません。")


def make_server_engine(location: ServerLocation) -> Engine:
    _require_driver()
    return create_engine(
        location.url,
        pool_pre_ping=True,
        connect_args={"options": f"-c lock_timeout={LOCK_TIMEOUT_MS} -c TimeZone=Asia/Tokyo", "application_name": "jukidesk"},
    )


def _stored_revision(connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        tables = inspect(connection).get_table_names()
        if tables:
            raise DatabaseError("そのデータベースには jukidesk 以外の表があります。jukidesk 専用の空のデータベースを指定してください。")
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def stored_server_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return _stored_revision(connection)


def migrate_server(engine: Engine, location: ServerLocation, *, create: bool) -> None:
    """Bring the server database to head, in one transaction (PostgreSQL's DDL is
    transactional: a failed migration leaves nothing), one client at a time (an advisory
    lock), so two clerks starting a new version at once do not both migrate."""
    from alembic import command

    from jukidesk.storage.revisions import head_revision, known_revisions

    head = head_revision()
    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('jukidesk-migrate'))"))
        revision = _stored_revision(connection)
        if revision == head:
            return
        if revision is None and not create:
            raise DatabaseError(
                f"{location.display} にはまだ jukidesk のデータがありません。jukidesk new --db {location} で始めてください。"
            )
        if revision is not None and revision not in known_revisions():
            raise SchemaTooNewError(
                f"{location.display} はこのバージョンの jukidesk より新しい形式です（スキーマ {revision}）。jukidesk を更新してください。"
            )
        from jukidesk.storage.revisions import alembic_config

        command.upgrade(alembic_config(connection), "head")


def open_server(location: ServerLocation, *, create: bool = True):
    """Open (and if needed set up and migrate) the server database: its engine and session
    factory (``storage.database.open_database`` makes the ``Database`` of them)."""
    from sqlalchemy.orm import sessionmaker

    from jukidesk.storage import clean_text, conflicts, history

    engine = make_server_engine(location)
    try:
        migrate_server(engine, location, create=create)
    except JukideskError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        raise server_error(location, exc) from exc
    sessions = sessionmaker(engine, expire_on_commit=False)
    history.install(sessions)
    conflicts.install(sessions)
    clean_text.install(sessions)
    return engine, sessions


def clear_server_database(location: ServerLocation) -> None:
    """Drop every jukidesk table of the database (``jukidesk demo --force`` on a server)."""
    engine = make_server_engine(location)
    try:
        with engine.begin() as connection:
            from jukidesk.storage import schema

            schema.Base.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    finally:
        engine.dispose()


# -- backups --------------------------------------------------------------------------------


def pg_dump_program() -> str | None:
    return shutil.which("pg_dump")


def server_backups_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("jukidesk", appauthor=False) / "backups"


def backup_server(location: ServerLocation, *, target: Path | None = None, reason: str = "manual") -> Path:
    """``pg_dump`` (custom format, restorable with ``pg_restore``) of the database to
    ``target`` or to the user's backups folder. Without ``pg_dump`` it says plainly that the
    server's own backups apply."""
    program = pg_dump_program()
    if program is None:
        raise JukideskError(
            f"{location.display} のバックアップは、サーバー側のバックアップ（サーバー管理者の定期バックアップ）が対象です。"
            "この PC で取る場合は PostgreSQL のクライアント（pg_dump）を入れてから、もう一度実行してください。"
        )
    from jukidesk.base.files import atomic_output

    if target is None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = server_backups_dir() / f"{location.name}-{stamp}-{reason}.dump"
    target = Path(target)
    with atomic_output(target) as tmp:
        done = subprocess.run(
            [program, "--format=custom", "--no-owner", f"--file={tmp}", f"--dbname={location.libpq_url()}"],
            capture_output=True,
            text=True,
            env={**os.environ, "PGCONNECT_TIMEOUT": os.environ.get("PGCONNECT_TIMEOUT", "10")},
        )
        if done.returncode != 0:
            raise JukideskError(f"{location.display} のバックアップ（pg_dump）に失敗しました: {done.stderr.strip()[:500]}")
    return target


# -- checks ---------------------------------------------------------------------------------


def check_server(location: ServerLocation):
    """The checks that fit a server database: it answers, its schema revision, every table
    and column of the models, constraints that were added NOT VALID and never validated,
    rows whose foreign key points at no row (orphans; possible only when a constraint was
    dropped or disabled), and each attachment's bytes against its recorded SHA-256."""
    from jukidesk.storage.integrity import CheckReport, _listed
    from jukidesk.storage.revisions import head_revision, known_revisions

    report = CheckReport(location)  # type: ignore[arg-type]
    try:
        engine = make_server_engine(location)
    except JukideskError as exc:
        report.problems.append(str(exc))
        return report
    try:
        with engine.connect() as connection:
            report.notes.append(f"{location.display}（PostgreSQL {connection.dialect.server_version_info[0]}）")
            try:
                report.revision = _stored_revision(connection)
            except DatabaseError as exc:
                report.problems.append(str(exc))
                return report
            head = head_revision()
            if report.revision is None:
                report.problems.append("jukidesk のデータがありません（スキーマの版の記録がありません）。")
                return report
            if report.revision == head:
                report.notes.append(f"スキーマの版: {report.revision}（最新）")
            elif report.revision in known_revisions():
                report.notes.append(f"スキーマの版: {report.revision}（開くときに最新の {head} へ更新されます）")
                return report
            else:
                report.problems.append(f"このバージョンの jukidesk より新しい形式です（スキーマの版 {report.revision}）。jukidesk を更新してください。")
                return report
            report.problems.extend(_listed(_missing_schema(connection)))
            invalid = _unvalidated_constraints(connection)
            orphans = _orphans(connection)
            digests = _attachment_problems(connection)
            report.problems.extend(_listed(invalid) + _listed(orphans) + _listed(digests))
            report.damaged = bool(orphans or digests)
            report.notes.append("バックアップはサーバー側のもの（または jukidesk backup の pg_dump）です。")
    except SQLAlchemyError as exc:
        report.problems.append(str(server_error(location, exc)))
    finally:
        engine.dispose()
    return report


def _missing_schema(connection) -> list[str]:
    from jukidesk.storage import schema

    inspector = inspect(connection)
    missing = []
    tables = set(inspector.get_table_names())
    for table in schema.Base.metadata.sorted_tables:
        if table.name not in tables:
            missing.append(f"スキーマ: 表 {table.name} がありません。")
            continue
        columns = {column["name"] for column in inspector.get_columns(table.name)}
        missing += [f"スキーマ: 表 {table.name} に列 {column.name} がありません。" for column in table.columns if column.name not in columns]
    return missing


def _unvalidated_constraints(connection) -> list[str]:
    rows = connection.execute(
        text(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE NOT convalidated AND connamespace = 'public'::regnamespace"
        )
    )
    return [f"制約: {table} の {name} が検証されていません（既存の行が制約を満たすか不明）。" for table, name in rows]


def _orphans(connection) -> list[str]:
    from jukidesk.storage import schema

    found = []
    for table in schema.Base.metadata.sorted_tables:
        for fk in table.foreign_key_constraints:
            columns = [c.name for c in fk.columns]
            parent = fk.referred_table.name
            referred = [element.column.name for element in fk.elements]
            join = " AND ".join(f'p."{r}" = c."{c}"' for c, r in zip(columns, referred))
            present = " AND ".join(f'c."{c}" IS NOT NULL' for c in columns)
            count = connection.execute(
                text(f'SELECT count(*) FROM "{table.name}" c WHERE {present} AND NOT EXISTS (SELECT 1 FROM "{parent}" p WHERE {join})')
            ).scalar()
            if count:
                found.append(f"参照整合性: {table.name} の {count} 行が存在しない {parent} の行を参照しています。")
    return found


def _attachment_problems(connection) -> list[str]:
    rows = connection.execute(
        text(
            "SELECT a.id, a.file_name, a.sha256 = encode(sha256(c.data), 'hex') AS same, c.data IS NULL AS missing "
            "FROM attachment a LEFT JOIN attachment_content c ON c.attachment_id = a.id"
        )
    )
    bad = []
    for attachment_id, file_name, same, missing in rows:
        if missing:
            bad.append(f"証拠資料 {attachment_id}（{file_name}）の内容がありません。")
        elif not same:
            bad.append(f"証拠資料 {attachment_id}（{file_name}）の内容が登録時と一致しません（改変または破損）。")
    return bad
