"""ORM models for the city's year (issue 18; tables created by migration 0013_city_year).

* ``council_decision`` — one fiscal year's 開催要否 of the 審議会: the documents sent to
  the members (date, what), the deadline for opinions, the chair's decision (開催 /
  不開催) and its date; ``council_decision_reply`` — each member's reply (開催を要する /
  開催は不要) with any opinion.
* ``internal_audit_report`` — the 内部監査報告書 of one audit: ``internal_audit_method``
  holds its result by method (聞き取り調査, ログ解析等, 現地調査 … from the setting
  ``internal_audit_methods``: 問題なし or findings), ``internal_audit_proposal`` its
  意見・提案 as work items with an owner, a due date and a status, followed to done.

The certificate a vendor holds (``outsourcing_contract.certificate_kind``: プライバシー
マーク or ISMS) is a column of the municipal model.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jukidesk.storage.models import Audit, Base
from jukidesk.storage.models_municipal import CommitteeMember

COUNCIL_DECISIONS = ("hold", "not_hold")
COUNCIL_ANSWERS = ("hold", "not_hold")
PROPOSAL_STATUSES = ("open", "in_progress", "done")


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class CouncilDecision(Base):
    """Whether the 審議会 meets this year (開催要否), decided by the chair after the members
    read the documents sent to them and replied by the deadline."""

    __tablename__ = "council_decision"
    __table_args__ = (
        UniqueConstraint("fy"),
        CheckConstraint(f"decision IS NULL OR decision IN ({_in(COUNCIL_DECISIONS)})", name="decision"),
        CheckConstraint("opinions_due_on >= sent_on", name="due"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    fy: Mapped[int] = mapped_column(Integer)
    sent_on: Mapped[dt.date] = mapped_column(Date)
    documents: Mapped[str] = mapped_column(Text, default="")  # 送付した資料
    opinions_due_on: Mapped[dt.date] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(String(20), nullable=True)
    decided_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")  # 会長の判断の理由

    replies: Mapped[list[CouncilDecisionReply]] = relationship(
        back_populates="decision_row", order_by="CouncilDecisionReply.id", cascade="all, delete-orphan"
    )


class CouncilDecisionReply(Base):
    __tablename__ = "council_decision_reply"
    __table_args__ = (
        UniqueConstraint("decision_id", "member_id"),
        CheckConstraint(f"answer IN ({_in(COUNCIL_ANSWERS)})", name="answer"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("council_decision.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("committee_member.id", ondelete="RESTRICT"))
    received_on: Mapped[dt.date] = mapped_column(Date)
    answer: Mapped[str] = mapped_column(String(20), default="not_hold")
    opinion: Mapped[str] = mapped_column(Text, default="")

    decision_row: Mapped[CouncilDecision] = relationship(back_populates="replies")
    member: Mapped[CommitteeMember] = relationship()


class InternalAuditReport(Base):
    """The 内部監査報告書 of one internal audit."""

    __tablename__ = "internal_audit_report"
    __table_args__ = (UniqueConstraint("audit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit.id", ondelete="RESTRICT"))
    reported_on: Mapped[dt.date] = mapped_column(Date)
    auditors: Mapped[str] = mapped_column(Text, default="")  # 監査委員
    scope: Mapped[str] = mapped_column(Text, default="")  # 監査の対象・範囲
    summary: Mapped[str] = mapped_column(Text, default="")  # 総評

    audit: Mapped[Audit] = relationship()
    methods: Mapped[list[InternalAuditMethod]] = relationship(
        back_populates="report", order_by="InternalAuditMethod.position", cascade="all, delete-orphan"
    )
    proposals: Mapped[list[InternalAuditProposal]] = relationship(
        back_populates="report", order_by="InternalAuditProposal.position", cascade="all, delete-orphan"
    )


class InternalAuditMethod(Base):
    """The result of one method of an internal audit: 問題なし, or what was found."""

    __tablename__ = "internal_audit_method"
    __table_args__ = (UniqueConstraint("report_id", "method"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("internal_audit_report.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(100))
    no_problem: Mapped[bool] = mapped_column(Boolean, default=True)
    result: Mapped[str] = mapped_column(Text, default="")  # what was checked and found

    report: Mapped[InternalAuditReport] = relationship(back_populates="methods")


class InternalAuditProposal(Base):
    """An 意見・提案 of an internal audit, followed as work until done."""

    __tablename__ = "internal_audit_proposal"
    __table_args__ = (CheckConstraint(f"status IN ({_in(PROPOSAL_STATUSES)})", name="status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("internal_audit_report.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(100), default="")  # the method it came from, if any
    content: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")  # 担当
    due_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    done_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    response: Mapped[str] = mapped_column(Text, default="")  # 対応内容

    report: Mapped[InternalAuditReport] = relationship(back_populates="proposals")
