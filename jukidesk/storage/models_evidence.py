"""ORM models for evidence and issued papers (tables created by migration 0009_evidence).

* ``attachment`` — a file kept as evidence for an answer, a finding, an audit or a drill:
  its evidence date (the date of the document or photo, not of the upload), a description,
  the original file name, size and SHA-256. The owner is polymorphic: ``owner_type`` names
  the table, ``owner_id`` the row. For an answer the owner is the *checklist* and
  ``item_id`` the item, so clearing and re-entering a score never loses the evidence.
* ``attachment_content`` — the file's bytes, inside the database file (so every backup and
  restore carries them), one row per attachment, read only when the file is opened.
* ``issued_paper`` — a 資料2 or committee summary marked 発行済: the rendered xlsx and PDF,
  the report model as JSON, a SHA-256 of each, when and by whom. Rows are never changed or
  deleted (SQLite triggers in the migration refuse it), so a later version is a new row.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jukidesk.storage.models import Base, _now

ATTACHMENT_OWNER_TYPES = ("answer", "finding", "audit", "drill")


class Attachment(Base):
    __tablename__ = "attachment"
    __table_args__ = (
        CheckConstraint("owner_type IN ('answer', 'finding', 'audit', 'drill')", name="owner_type"),
        CheckConstraint("size >= 0", name="size"),
        Index("ix_attachment_owner", "owner_type", "owner_id", "item_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[int] = mapped_column(Integer)
    # Only for answers: the item of the checklist ``owner_id`` (no foreign key: owners are polymorphic).
    item_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    evidence_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    file_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    added_by: Mapped[str] = mapped_column(String(200), default="")


class AttachmentContent(Base):
    __tablename__ = "attachment_content"
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class IssuedPaper(Base):
    __tablename__ = "issued_paper"
    __table_args__ = (Index("ix_issued_paper_paper_fy", "paper", "fy"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    paper: Mapped[str] = mapped_column(String(20))  # a code of reports.papers (checked there; 0010)
    fy: Mapped[int] = mapped_column(Integer)
    # What the builder needs besides the year to rebuild the same paper (JSON, e.g. the
    # committee summary's reference date).
    parameters: Mapped[str] = mapped_column(Text, default="{}")
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    issued_by: Mapped[str] = mapped_column(String(200), default="")
    model_json: Mapped[str] = mapped_column(Text, deferred=True)
    model_sha256: Mapped[str] = mapped_column(String(64))
    xlsx: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    xlsx_sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
