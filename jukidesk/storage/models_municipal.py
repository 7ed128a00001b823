"""ORM models for the municipal area (tables are created by migration 0005_municipal).

What a city must be able to show each year besides checklists and audits: the security
organisation roster, staff and their training, the emergency plan and drills, daily and
monthly inspections, meetings and the committee, the rules register and outsourcing
contracts. Codes are stored in English; their Japanese labels live in core.vocabulary.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jukidesk.storage.models import Base, Institution, _now

COURSE_KINDS = ("elearning", "practical", "other")
EMERGENCY_DOCUMENT_KINDS = ("plan", "contacts")
INSPECTION_KINDS = ("daily", "monthly")
MEETING_KINDS = ("management", "council")
MEMBER_ROLES = ("chair", "deputy", "member")
RULE_KINDS = ("rule", "procedure")
RULE_STATUSES = ("ready", "missing")
CERTIFICATE_KINDS = ("pmark", "isms")


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class RoleAssignment(Base):
    """One person holding one role of the security organisation (セキュリティ組織名簿) for a period."""

    __tablename__ = "role_assignment"
    __table_args__ = (CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(200))
    person: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")  # 職名 (e.g. 副市長, 住民情報課長)
    section: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class Staff(Base):
    """A member of staff who works with 住基ネット, in a section or branch office of the registry."""

    __tablename__ = "staff"
    __table_args__ = (CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # 職員番号
    name: Mapped[str] = mapped_column(String(200))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="RESTRICT"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")

    institution: Mapped[Institution] = relationship()


class TrainingCourse(Base):
    """A course of one fiscal year's training plan (研修計画)."""

    __tablename__ = "training_course"
    __table_args__ = (
        UniqueConstraint("fy", "title"),
        CheckConstraint(f"kind IN ({_in(COURSE_KINDS)})", name="kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    fy: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    planned_from: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    planned_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    due_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # 受講期限; None = end of the year
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(Text, default="")

    completions: Mapped[list[TrainingCompletion]] = relationship(
        back_populates="course", cascade="all, delete-orphan"
    )


class TrainingCompletion(Base):
    """One member of staff completed one course (受講完了者リスト)."""

    __tablename__ = "training_completion"
    __table_args__ = (UniqueConstraint("course_id", "staff_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_course.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"), index=True)
    completed_on: Mapped[dt.date] = mapped_column(Date)

    course: Mapped[TrainingCourse] = relationship(back_populates="completions")
    staff: Mapped[Staff] = relationship()


class EmergencyDocument(Base):
    """A revision of the emergency response plan (緊急時対応計画書) or contact list (緊急時連絡網)."""

    __tablename__ = "emergency_document"
    __table_args__ = (CheckConstraint(f"kind IN ({_in(EMERGENCY_DOCUMENT_KINDS)})", name="kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    version: Mapped[str] = mapped_column(String(40), default="")
    revised_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class Drill(Base):
    """An emergency drill (緊急時対応訓練)."""

    __tablename__ = "drill"
    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    scenario: Mapped[str] = mapped_column(Text)
    participants: Mapped[str] = mapped_column(Text, default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(Text, default="")
    follow_up_done: Mapped[bool] = mapped_column(Boolean, default=False)


class InspectionTemplate(Base):
    """One version of the daily or monthly inspection sheet; records keep the version they used."""

    __tablename__ = "inspection_template"
    __table_args__ = (
        UniqueConstraint("kind", "version"),
        CheckConstraint(f"kind IN ({_in(INSPECTION_KINDS)})", name="kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    items: Mapped[list[InspectionItem]] = relationship(
        back_populates="template", order_by="InspectionItem.position", cascade="all, delete-orphan"
    )


class InspectionItem(Base):
    __tablename__ = "inspection_item"
    __table_args__ = (UniqueConstraint("template_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("inspection_template.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    template: Mapped[InspectionTemplate] = relationship(back_populates="items")


class InspectionRecord(Base):
    """The inspection of one site for one day (daily) or one month (monthly: ``period`` is the 1st)."""

    __tablename__ = "inspection_record"
    __table_args__ = (
        UniqueConstraint("kind", "institution_id", "period"),
        CheckConstraint(f"kind IN ({_in(INSPECTION_KINDS)})", name="kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="RESTRICT"), index=True)
    period: Mapped[dt.date] = mapped_column(Date, index=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("inspection_template.id", ondelete="RESTRICT"))
    inspector: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    institution: Mapped[Institution] = relationship()
    template: Mapped[InspectionTemplate] = relationship()
    results: Mapped[list[InspectionResult]] = relationship(back_populates="record", cascade="all, delete-orphan")


class InspectionResult(Base):
    __tablename__ = "inspection_result"
    __table_args__ = (UniqueConstraint("record_id", "item_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("inspection_record.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("inspection_item.id", ondelete="RESTRICT"))
    ok: Mapped[bool] = mapped_column(Boolean, default=True)
    remark: Mapped[str] = mapped_column(Text, default="")

    record: Mapped[InspectionRecord] = relationship(back_populates="results")
    item: Mapped[InspectionItem] = relationship()


class CommitteeMember(Base):
    """A member of the committee (審議会委員) for one term, as chair, deputy or member."""

    __tablename__ = "committee_member"
    __table_args__ = (
        CheckConstraint(f"role IN ({_in(MEMBER_ROLES)})", name="role"),
        CheckConstraint("term_end >= term_start", name="term"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    affiliation: Mapped[str] = mapped_column(String(300), default="")
    role: Mapped[str] = mapped_column(String(20), default="member")
    term_start: Mapped[dt.date] = mapped_column(Date)
    term_end: Mapped[dt.date] = mapped_column(Date)
    email: Mapped[str] = mapped_column(String(200), default="")


class Meeting(Base):
    """A management meeting (管理運用会議) or committee session (審議会), possibly held in writing."""

    __tablename__ = "meeting"
    __table_args__ = (CheckConstraint(f"kind IN ({_in(MEETING_KINDS)})", name="kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    fy: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    held_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    time_text: Mapped[str] = mapped_column(String(100), default="")
    place: Mapped[str] = mapped_column(String(300), default="")
    web: Mapped[bool] = mapped_column(Boolean, default=False)
    written: Mapped[bool] = mapped_column(Boolean, default=False)  # 書面開催 (written procedure)
    materials_sent_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    opinions_due_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    minutes: Mapped[str] = mapped_column(Text, default="")

    agenda: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )
    attendance: Mapped[list[MeetingAttendance]] = relationship(
        back_populates="meeting", order_by="MeetingAttendance.id", cascade="all, delete-orphan"
    )
    replies: Mapped[list[WrittenReply]] = relationship(
        back_populates="meeting", order_by="WrittenReply.id", cascade="all, delete-orphan"
    )


class AgendaItem(Base):
    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("meeting_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    report: Mapped[str] = mapped_column(Text, default="")  # 報告・説明の内容
    decision: Mapped[str] = mapped_column(Text, default="")  # 決定事項

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")


class MeetingAttendance(Base):
    """Who attended: a committee member, or anyone else by name (e.g. the roster's officers)."""

    __tablename__ = "meeting_attendance"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("committee_member.id", ondelete="SET NULL"), nullable=True
    )
    name: Mapped[str] = mapped_column(String(200))
    capacity: Mapped[str] = mapped_column(String(200), default="")  # 委員, 事務局, 統括責任者 …
    present: Mapped[bool] = mapped_column(Boolean, default=True)

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    member: Mapped[CommitteeMember | None] = relationship()


class WrittenReply(Base):
    """A committee member's reply in a written procedure (書面による意見照会)."""

    __tablename__ = "written_reply"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("committee_member.id", ondelete="RESTRICT"))
    received_on: Mapped[dt.date] = mapped_column(Date)
    has_opinion: Mapped[bool] = mapped_column(Boolean, default=False)
    opinion: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="replies")
    member: Mapped[CommitteeMember] = relationship()


class RuleDocument(Base):
    """A rule (例規) or procedure (手順書) of the register, or one still missing (未整備)."""

    __tablename__ = "rule_document"
    __table_args__ = (
        UniqueConstraint("title"),
        CheckConstraint(f"kind IN ({_in(RULE_KINDS)})", name="kind"),
        CheckConstraint(f"status IN ({_in(RULE_STATUSES)})", name="status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    version: Mapped[str] = mapped_column(String(40), default="")
    revised_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    next_review_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="ready")
    note: Mapped[str] = mapped_column(Text, default="")


class OutsourcingContract(Base):
    """A contract with a vendor working on 住基ネット, with the security requirements checked."""

    __tablename__ = "outsourcing_contract"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="period"),
        CheckConstraint(f"certificate_kind IN ({_in(CERTIFICATE_KINDS)})", name="certificate_kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    vendor: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(300))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    # プライバシーマーク (pmark) or ISMS (isms): the number and expiry columns hold either (0013).
    certificate_kind: Mapped[str] = mapped_column(String(20), default="pmark", server_default="pmark")
    privacy_mark_number: Mapped[str] = mapped_column(String(100), default="")
    privacy_mark_expires_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    requirements_checked: Mapped[bool] = mapped_column(Boolean, default=False)
    checked_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
