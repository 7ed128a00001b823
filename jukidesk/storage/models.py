"""ORM models. The schema is created and changed only by the Alembic migrations in
``migrations/versions``; a test checks that the migrations and these models agree."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    or_,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from jukidesk.base import audit_kinds

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Institution kinds as stored; Japanese labels live in base.vocabulary. The checklist and
# audit kinds are the table in base.audit_kinds (taken once here, as the schema is).
INSTITUTION_KINDS = ("user", "operator")
CHECKLIST_KINDS = audit_kinds.checklist_codes()
AUDIT_KINDS = audit_kinds.audit_codes()
AUDIT_STATUSES = ("planned", "notified", "done", "reported")
CHECKLIST_STATUSES = ("open", "complete")
FINDING_STATUSES = ("open", "in_progress", "confirmed")


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Setting(Base):
    """The organisation's settings, declared with their defaults in core.settings."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    # Row version (migration 0015, like Answer.version): two clerks changing one setting at once
    # never overwrite each other silently (storage.conflicts).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class YearNote(Base):
    """Free text for one fiscal year (e.g. the paragraphs of 資料2 section 3)."""

    __tablename__ = "year_note"
    fy: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")


def valid_in_years(valid_from_fy: int, valid_until_fy: int | None, fy: int) -> bool:
    """The one rule of validity: from ``valid_from_fy`` to ``valid_until_fy`` inclusive (open
    when None). ``Institution.valid_in`` is this rule (and its SQL form); snapshots of an
    institution (the registry table's rows) call it with their own fields."""
    return valid_from_fy <= fy and (valid_until_fy is None or fy <= valid_until_fy)


def valid_in_clause(valid_from_fy, valid_until_fy, fy):
    """:func:`valid_in_years` as a SQL condition on the two columns (the entity's attributes,
    or its table's columns for a Core select)."""
    return (valid_from_fy <= fy) & or_(valid_until_fy.is_(None), valid_until_fy >= fy)


def report_name_of(short_name: str | None, name: str) -> str:
    """The name an institution goes by in papers: its short name, else its name.
    ``Institution.report_name`` is this rule; plain rows call it."""
    return short_name or name


def item_applies(kinds: str, kind: str) -> bool:
    """A template item's rule of which checklists ask it: ``kinds`` is its stored list
    ("self,internal,…"). ``TemplateItem.applies_to`` is this rule; plain rows call it."""
    return kind in kinds.split(",")


class Institution(Base):
    """An institution of the registry, valid from one fiscal year to another (inclusive)."""

    __tablename__ = "institution"
    __table_args__ = (
        CheckConstraint("kind IN ('user', 'operator')", name="kind"),
        CheckConstraint("valid_until_fy IS NULL OR valid_until_fy >= valid_from_fy", name="validity"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(20))
    has_terminal: Mapped[bool] = mapped_column(Boolean, default=False)
    head_title: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    valid_from_fy: Mapped[int] = mapped_column(Integer)
    valid_until_fy: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    @hybrid_method
    def valid_in(self, fy: int) -> bool:
        """In the registry in fiscal year ``fy``: on an institution a bool, on the class a SQL
        condition (``select(Institution).where(Institution.valid_in(fy))``)."""
        return valid_in_years(self.valid_from_fy, self.valid_until_fy, fy)

    @valid_in.inplace.expression
    @classmethod
    def _valid_in_expression(cls, fy: int):
        return valid_in_clause(cls.valid_from_fy, cls.valid_until_fy, fy)

    @property
    def report_name(self) -> str:
        return report_name_of(self.short_name, self.name)


class ChecklistTemplate(Base):
    """One version of the checklist. A version with answers is never edited in place."""

    __tablename__ = "checklist_template"
    __table_args__ = (UniqueConstraint("name", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    valid_from_fy: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    categories: Mapped[list[TemplateCategory]] = relationship(
        back_populates="template", order_by="TemplateCategory.position", cascade="all, delete-orphan"
    )
    items: Mapped[list[TemplateItem]] = relationship(
        back_populates="template", order_by="TemplateItem.position", cascade="all, delete-orphan"
    )


class TemplateCategory(Base):
    __tablename__ = "template_category"
    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_template.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20), default="")
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)

    template: Mapped[ChecklistTemplate] = relationship(back_populates="categories")
    items: Mapped[list[TemplateItem]] = relationship(back_populates="category", order_by="TemplateItem.position")


class TemplateItem(Base):
    """An item of one template version; answers point at the exact version they answered."""

    __tablename__ = "template_item"
    __table_args__ = (UniqueConstraint("template_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_template.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("template_category.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    important: Mapped[bool] = mapped_column(Boolean, default=False)
    # Comma-separated checklist kinds the item applies to (per-kind applicability).
    kinds: Mapped[str] = mapped_column(String(100), default=",".join(CHECKLIST_KINDS))
    position: Mapped[int] = mapped_column(Integer)

    template: Mapped[ChecklistTemplate] = relationship(back_populates="items")
    category: Mapped[TemplateCategory] = relationship(back_populates="items")

    def applies_to(self, kind: str) -> bool:
        return item_applies(self.kinds, kind)


class Checklist(Base):
    """The answers of one institution for one fiscal year and kind."""

    __tablename__ = "checklist"
    __table_args__ = (
        UniqueConstraint("fy", "kind", "institution_id"),
        CheckConstraint(audit_kinds.check_sql("kind", CHECKLIST_KINDS), name="kind"),
        CheckConstraint("status IN ('open', 'complete')", name="status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    fy: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="RESTRICT"), index=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_template.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(20), default="open")
    filled_by: Mapped[str] = mapped_column(String(200), default="")
    filled_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)

    institution: Mapped[Institution] = relationship()
    template: Mapped[ChecklistTemplate] = relationship()
    answers: Mapped[list[Answer]] = relationship(back_populates="checklist", cascade="all, delete-orphan")


class Answer(Base):
    """One item's answer: a score of 1–3, or 該当なし (``not_applicable``), and a remark."""

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("checklist_id", "item_id"),
        CheckConstraint("score IS NULL OR score IN (1, 2, 3)", name="score"),
        CheckConstraint("NOT (not_applicable AND score IS NOT NULL)", name="na_has_no_score"),
        CheckConstraint("status IN ('answered', 'unconfirmed')", name="status"),
        # Covering index for the averages (core.summary); also serves lookups by checklist.
        Index("ix_answer_checklist_id_score", "checklist_id", "score"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[int] = mapped_column(ForeignKey("checklist.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("template_item.id", ondelete="RESTRICT"))
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    not_applicable: Mapped[bool] = mapped_column(Boolean, default=False)
    remark: Mapped[str] = mapped_column(Text, default="")
    # 'unconfirmed' (未確認): carried over from last year's answer and not looked at yet
    # (core.carry_forward.start_from_previous); any entry typed or imported is 'answered'.
    status: Mapped[str] = mapped_column(String(20), default="answered", server_default="answered")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)
    # Bumped at every change (SQLAlchemy's version_id_col): two clerks saving the same answer
    # from what they each saw never overwrite each other silently (storage.conflicts).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    checklist: Mapped[Checklist] = relationship(back_populates="answers")
    item: Mapped[TemplateItem] = relationship()

    __mapper_args__ = {"version_id_col": version}


CHECKLIST_EVENT_ACTIONS = ("complete", "reopen", "import")


class ChecklistEvent(Base):
    """What happened to a checklist besides answers: completion, reopening (recorded with
    a reason, as the issue asks), replacement by an import."""

    __tablename__ = "checklist_event"
    __table_args__ = (CheckConstraint("action IN ('complete', 'reopen', 'import')", name="action"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[int] = mapped_column(ForeignKey("checklist.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    note: Mapped[str] = mapped_column(Text, default="")


class Audit(Base):
    """A planned or performed internal, external or follow-up audit of one institution."""

    __tablename__ = "audit"
    __table_args__ = (
        UniqueConstraint("fy", "kind", "institution_id"),
        CheckConstraint(audit_kinds.check_sql("kind", AUDIT_KINDS), name="kind"),
        CheckConstraint("status IN ('planned', 'notified', 'done', 'reported')", name="status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    fy: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    starts_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    place: Mapped[str] = mapped_column(String(300), default="")
    auditors: Mapped[str] = mapped_column(Text, default="")
    # Comma-separated methods: hearing, log_analysis, site_visit, documents.
    methods: Mapped[str] = mapped_column(String(200), default="")
    notified_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    # Kept by the rotation planner when it recomputes a cycle (core.planner).
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    # Stable identity outside this file (the .ics UID); never changes when the audit moves.
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    # Row version (migration 0015, like Answer.version): storage.conflicts.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    institution: Mapped[Institution] = relationship()
    findings: Mapped[list[Finding]] = relationship(
        back_populates="audit", foreign_keys="Finding.audit_id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class Finding(Base):
    """An item scored under 3 in an audit, followed until a later audit confirms the fix."""

    __tablename__ = "finding"
    __table_args__ = (CheckConstraint("status IN ('open', 'in_progress', 'confirmed')", name="status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("template_item.id", ondelete="SET NULL"), nullable=True)
    content: Mapped[str] = mapped_column(Text, default="")
    response: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    confirmed_by_audit_id: Mapped[int | None] = mapped_column(
        ForeignKey("audit.id", ondelete="SET NULL"), nullable=True
    )
    confirmed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # Row version (migration 0015, like Answer.version): storage.conflicts.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    audit: Mapped[Audit] = relationship(back_populates="findings", foreign_keys=[audit_id])
    item: Mapped[TemplateItem | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


# The clerk's year (core.year_progress, migration 0008): what happened outside the data.
# (The CHECK below also admits 'report_issued' from migration 0008; an issued 資料2 is kept
# by reports.issued in issued_paper instead, so nothing writes it.)
YEAR_EVENT_ACTIONS = ("export", "report_generated")


class YearEvent(Base):
    """A step of the year that leaves no trace in the data itself: the self-inspection
    workbooks sent out, 資料2 generated (with the change-log position it was made at)."""

    __tablename__ = "year_event"
    __table_args__ = (
        CheckConstraint("action IN ('export', 'report_generated', 'report_issued')", name="action"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    fy: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(40))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    count: Mapped[int] = mapped_column(Integer, default=0)  # e.g. workbooks written
    detail: Mapped[str] = mapped_column(Text, default="")  # e.g. the folder written to
    # The newest ``change_log.id`` when the event was recorded: any change with a higher id
    # came after it (資料2 "changed since generated"). NULL for events recorded before 0010.
    change_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ImportedFile(Base):
    """A returned workbook taken in by the folder import, known by its content hash so the
    same file is never imported twice (exchange.distribution)."""

    __tablename__ = "imported_file"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(300))
    fy: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="RESTRICT"), index=True)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
