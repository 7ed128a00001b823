"""Storage adapters: where the data lives, behind one interface.

Two implementations:

- ``SqliteFileStorage`` — a data file (on a local disk, or a shared folder with the rollback
  journal: ``storage.shared_folder``), with its lock file beside it (``storage.lock``) and
  its generations in ``backups/`` (``storage.backup``);
- ``PostgresStorage`` — a database on a PostgreSQL server (``storage.server``): several
  clerks at once, no lock file, backups by ``pg_dump`` or the server's own.

Each offers ``open`` (a ``Database``), ``migrate``, ``check``, ``backup``, ``lock``, ``exists``
and ``display`` (what the user sees: the file path, or server and database — never a
password). ``storage_for(target)`` picks one from a ``--db`` value (a path or a URL).
Everything above storage works with the ``Database`` and these adapters only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from jukidesk.base.errors import JukideskError


class NoLock:
    """The "lock" of a server database: none (the server keeps writers apart row by row)."""

    db_path = None
    released = False

    def release(self) -> None:
        self.released = True

    def __enter__(self) -> NoLock:
        return self

    def __exit__(self, *_exc) -> None:
        self.release()


class Storage(Protocol):
    kind: str  # "sqlite" / "postgresql"

    @property
    def display(self) -> str: ...

    @property
    def name(self) -> str: ...

    def exists(self) -> bool: ...

    def open(self, *, create: bool = True): ...

    def migrate(self, *, create: bool = True) -> Path | None: ...

    def check(self, *, thorough: bool = True): ...

    def backup(self, *, reason: str = "manual", target: Path | None = None) -> Path | None: ...

    def lock(self): ...


class SqliteFileStorage:
    kind = "sqlite"

    def __init__(self, path: Path | str):
        self.path = Path(path)

    @property
    def display(self) -> str:
        return str(self.path)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def target(self) -> Path:
        return self.path

    def exists(self) -> bool:
        return self.path.exists()

    def open(self, *, create: bool = True):
        from jukidesk.storage.database import open_database

        return open_database(self.path, create=create)

    def migrate(self, *, create: bool = True) -> Path | None:
        from jukidesk.storage.database import migrate

        return migrate(self.path)

    def check(self, *, thorough: bool = True):
        from jukidesk.storage.integrity import check_report

        return check_report(self.path, thorough=thorough)

    def backup(self, *, reason: str = "manual", target: Path | None = None) -> Path | None:
        from jukidesk.storage.backup import backup_file

        if not self.path.is_file():
            raise JukideskError(f"データベースファイル {self.path} が見つかりません。")
        return backup_file(self.path, reason=reason, target=target)

    def lock(self):
        from jukidesk.storage.lock import hold

        return hold(self.path)


class PostgresStorage:
    kind = "postgresql"

    def __init__(self, location):
        self.location = location

    @property
    def display(self) -> str:
        return self.location.display

    @property
    def name(self) -> str:
        return self.location.name

    @property
    def target(self):
        return self.location

    def exists(self) -> bool:
        """The server answers and the database holds jukidesk data."""
        from sqlalchemy.exc import SQLAlchemyError

        from jukidesk.storage.server import make_server_engine, server_error, stored_server_revision

        engine = make_server_engine(self.location)
        try:
            return stored_server_revision(engine) is not None
        except SQLAlchemyError as exc:
            raise server_error(self.location, exc) from exc
        finally:
            engine.dispose()

    def open(self, *, create: bool = True):
        from jukidesk.storage.database import open_database

        return open_database(self.location, create=create)

    def migrate(self, *, create: bool = True) -> Path | None:
        from jukidesk.storage.server import make_server_engine, migrate_server

        engine = make_server_engine(self.location)
        try:
            migrate_server(engine, self.location, create=create)
        finally:
            engine.dispose()
        return None

    def check(self, *, thorough: bool = True):
        from jukidesk.storage.server import check_server

        return check_server(self.location)

    def backup(self, *, reason: str = "manual", target: Path | None = None) -> Path | None:
        from jukidesk.storage.server import backup_server

        return backup_server(self.location, target=target, reason=reason)

    def lock(self):
        return NoLock()


def storage_for(target) -> SqliteFileStorage | PostgresStorage:
    """The adapter for a ``--db`` value: a ``postgresql…://`` URL (or ``ServerLocation``)
    gives ``PostgresStorage``, anything else a file."""
    from jukidesk.storage.server import ServerLocation, location_of

    if hasattr(target, "engine") and hasattr(target, "location"):  # an open Database
        target = target.location if target.location is not None else target.path
    location = location_of(target)
    if isinstance(location, ServerLocation):
        return PostgresStorage(location)
    return SqliteFileStorage(location)
