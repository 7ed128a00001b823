"""ORM model for yearly results from before jukidesk (table created by migration 0011_past_results).

* ``past_result`` — one row per fiscal year and kind (自己点検 / 内部監査 / 外部監査 /
  フォローアップ) imported from the organisation's own file (``jukidesk results import``):
  the number of institutions, the average exactly as given (decimal text such as
  ``"2.91"``; none for a kind that is only counted), optionally the institutions and the
  findings as typed, and where the figure came from (file name, its SHA-256, the row, when
  and by whom it was imported). ``core.summary`` uses a row only for a year and kind that
  has no checklists or audits of its own (``core.past_results``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jukidesk.base import audit_kinds
from jukidesk.storage.models import Base, _now

PAST_RESULT_KINDS = audit_kinds.checklist_codes()  # as at import, as the schema is


class PastResult(Base):
    __tablename__ = "past_result"
    __table_args__ = (
        UniqueConstraint("fy", "kind"),
        CheckConstraint(audit_kinds.check_sql("kind", PAST_RESULT_KINDS), name="kind"),
        CheckConstraint("institutions >= 0", name="institutions"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    fy: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    institutions: Mapped[int] = mapped_column(Integer)
    average: Mapped[str | None] = mapped_column(String(20), nullable=True)  # exact decimal text, "2.91"
    performed_by: Mapped[str] = mapped_column(Text, default="")  # 実施機関 as given (、-separated)
    findings: Mapped[str] = mapped_column(Text, default="")  # 指摘内容 as given
    source_file: Mapped[str] = mapped_column(String(255))  # the imported file's name
    source_sha256: Mapped[str] = mapped_column(String(64))
    source_row: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    imported_by: Mapped[str] = mapped_column(String(200), default="")
