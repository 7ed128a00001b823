import sqlite3

import pytest
from sqlalchemy import inspect

from jukidesk.base.errors import DatabaseError, SchemaTooNewError
from jukidesk.storage.database import head_revision, open_database, stored_revision
from jukidesk.storage.schema import Base


def test_migrations_upgrade_an_empty_file_to_head(tmp_path):
    path = tmp_path / "new.sqlite"
    db = open_database(path)
    try:
        assert stored_revision(path) == head_revision()
        tables = set(inspect(db.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert db.migration_backup is None  # nothing to back up in a brand-new file
    finally:
        db.close()


def test_migrations_and_models_agree(tmp_path):
    """A model change without a migration fails here (autogenerate finds a difference)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    db = open_database(tmp_path / "x.sqlite")
    try:
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == []
    finally:
        db.close()


def test_foreign_keys_and_wal_are_on(empty_db):
    with empty_db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_a_file_newer_than_the_app_is_refused(tmp_path):
    path = tmp_path / "future.sqlite"
    open_database(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    with pytest.raises(SchemaTooNewError, match="新しい形式"):
        open_database(path)


def test_an_old_file_is_backed_up_before_it_is_migrated(tmp_path):
    path = tmp_path / "old.sqlite"
    # A real file at revision 0001 (later slots create tables, so faking the version would not do).
    from alembic import command
    from sqlalchemy import create_engine

    from jukidesk.storage.revisions import alembic_config

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
    engine.dispose()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO setting (key, value) VALUES ('org_name', '旧組織')")
    con.commit()
    con.close()
    # Pretend the file predates the newest migration by stepping it back when there is more than one.
    from jukidesk.storage.database import known_revisions

    if len(known_revisions()) == 1:
        pytest.skip("only one migration so far: nothing to migrate from")
    db = open_database(path)
    try:
        assert db.migration_backup is not None and db.migration_backup.exists()
        copy = sqlite3.connect(db.migration_backup)
        assert copy.execute("SELECT value FROM setting WHERE key='org_name'").fetchone() == ("旧組織",)
        copy.close()
    finally:
        db.close()


def test_a_foreign_file_is_refused_with_a_message(tmp_path):
    path = tmp_path / "not-a-db.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match="読み込めません"):
        open_database(path)
