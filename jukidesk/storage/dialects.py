"""The few statements that differ between SQLite and PostgreSQL, in one place: the storage
adapters and the migrations call these instead of writing engine-specific SQL themselves.

- append-only tables (``change_log``, ``issued_paper``): a trigger that aborts UPDATE and
  DELETE — SQLite's ``RAISE(ABORT, …)``, PostgreSQL's plpgsql function raising an exception;
- ``insert_ignoring_duplicates``: ``INSERT … ON CONFLICT DO NOTHING`` in either dialect;
- ``stored_as_text``: SQLite's ``typeof`` (a column holding another type than declared).
"""

from __future__ import annotations

from sqlalchemy import Table


def dialect_name(bind) -> str:
    return bind.dialect.name


def create_append_only_triggers(op, table: str, triggers: dict[str, str], message: str) -> None:
    """``triggers``: trigger name → event (``UPDATE`` / ``DELETE``), each refusing it."""
    bind = op.get_bind()
    if dialect_name(bind) == "postgresql":
        function = f"{table}_append_only"
        op.execute(
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{message}'; END $$"
        )
        for name, event in triggers.items():
            op.execute(f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()")
        return
    for name, event in triggers.items():
        op.execute(f"CREATE TRIGGER {name} BEFORE {event} ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END")


def drop_append_only_triggers(op, table: str, triggers: dict[str, str]) -> None:
    bind = op.get_bind()
    if dialect_name(bind) == "postgresql":
        for name in triggers:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")
        return
    for name in triggers:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def insert_ignoring_duplicates(connection, table: Table, **values):
    """``INSERT … ON CONFLICT DO NOTHING`` for the connection's engine."""
    if dialect_name(connection) == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return connection.execute(insert(table).values(**values).on_conflict_do_nothing())


def stored_as_text(session, column, *where) -> bool:
    """Whether a binary column's value is stored as TEXT (possible in SQLite, whose columns
    take any type, after another tool wrote into the file; a PostgreSQL bytea holds bytes only)."""
    if dialect_name(session.get_bind()) != "sqlite":
        return False
    from sqlalchemy import func, select

    return session.scalar(select(func.typeof(column)).where(*where)) == "text"
