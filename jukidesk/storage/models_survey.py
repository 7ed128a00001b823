"""ORM models for the yearly 調査票 (tables are created by migration 0012_survey).

The survey the organisation sends to 総務省 each year (「住民基本台帳ネットワークシステム及び
それに接続している既設ネットワークに関する調査票」): a versioned template of chapters and
questions (versioned like the checklist templates: a version with answers is never edited
in place, core/municipal/survey.py), each question possibly tied to procedures of the rules
register, and one answer per question per fiscal year.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jukidesk.storage.models import Base, _now
from jukidesk.storage.models_municipal import RuleDocument

SURVEY_STATUSES = ("done", "partial", "missing", "na")


class SurveyTemplate(Base):
    """One version of the survey's item list."""

    __tablename__ = "survey_template"
    __table_args__ = (UniqueConstraint("name", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    valid_from_fy: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    questions: Mapped[list[SurveyQuestion]] = relationship(
        back_populates="template", order_by="SurveyQuestion.position", cascade="all, delete-orphan"
    )


class SurveyQuestion(Base):
    """A question (item) of one template version, under its chapter (章)."""

    __tablename__ = "survey_question"
    __table_args__ = (UniqueConstraint("template_id", "position"), UniqueConstraint("template_id", "number"))
    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("survey_template.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    chapter: Mapped[str] = mapped_column(String(200))
    number: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)

    template: Mapped[SurveyTemplate] = relationship(back_populates="questions")
    links: Mapped[list[SurveyQuestionRule]] = relationship(
        back_populates="question", order_by="SurveyQuestionRule.id", cascade="all, delete-orphan"
    )

    @property
    def procedures(self) -> list[RuleDocument]:
        return [link.rule for link in self.links]


class SurveyQuestionRule(Base):
    """A question tied to a rule or procedure of the register (例規・手順書)."""

    __tablename__ = "survey_question_rule"
    __table_args__ = (UniqueConstraint("question_id", "rule_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rule_document.id", ondelete="RESTRICT"), index=True)

    question: Mapped[SurveyQuestion] = relationship(back_populates="links")
    rule: Mapped[RuleDocument] = relationship()


class SurveyAnswer(Base):
    """The organisation's answer to one question in one fiscal year.

    ``status`` None = not answered yet; ``confirmed`` False = carried from last year (or
    pre-filled from the register) and not yet reviewed (未確認)."""

    __tablename__ = "survey_answer"
    __table_args__ = (
        UniqueConstraint("fy", "question_id"),
        CheckConstraint(f"status IS NULL OR status IN ({', '.join(repr(s) for s in SURVEY_STATUSES)})", name="status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    fy: Mapped[int] = mapped_column(Integer, index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")

    question: Mapped[SurveyQuestion] = relationship()
