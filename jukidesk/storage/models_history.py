"""ORM models for the history area (tables are created by their own Alembic migration).

``change_log`` is append-only: rows are written by ``jukidesk.storage.history`` while a
session flushes, and SQLite triggers (migration 0002) refuse any UPDATE or DELETE of them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jukidesk.storage.models import Base

CHANGE_ACTIONS = ("insert", "update", "delete")


class ChangeLog(Base):
    """One recorded change: an inserted or deleted row (its values as JSON in ``new`` or
    ``old``), or one changed column of an updated row (``field`` with old and new value)."""

    __tablename__ = "change_log"
    __table_args__ = (CheckConstraint("action IN ('insert', 'update', 'delete')", name="action"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    os_user: Mapped[str] = mapped_column(String(200))
    table_name: Mapped[str] = mapped_column(String(100), index=True)
    row_key: Mapped[str] = mapped_column(String(200))
    # A readable name of the row at the time (e.g. "自己点検 3-2"), for the history view.
    row_label: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(String(10))
    field: Mapped[str | None] = mapped_column(String(100), nullable=True)
    old: Mapped[str | None] = mapped_column(Text, nullable=True)
    new: Mapped[str | None] = mapped_column(Text, nullable=True)
    # No foreign key: the history outlives the institution it talks about.
    institution_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    fy: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    # The computer the change was made on (several clerks on a server or a shared folder).
    host: Mapped[str | None] = mapped_column(String(200), nullable=True)
