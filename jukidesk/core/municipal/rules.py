"""The register of rules and procedures (例規・手順書): version, last revision, next review,
and documents still missing (未整備) as reported to the national survey."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.base.vocabulary import RULE_KIND_LABELS, RULE_STATUS_LABELS
from jukidesk.core.municipal.records import Column, Context, Field, RecordKind, check_period
from jukidesk.storage.models_municipal import RuleDocument


def all_rules(session: Session) -> list[RuleDocument]:
    """Rules first, then procedures; missing ones at the end of each."""
    rows = session.scalars(select(RuleDocument)).all()
    kinds = list(RULE_KIND_LABELS)
    return sorted(rows, key=lambda r: (kinds.index(r.kind), r.status == "missing", r.title))


def missing_rules(session: Session) -> list[RuleDocument]:
    return [r for r in all_rules(session) if r.status == "missing"]


def review_due(session: Session, today: dt.date, days: int) -> list[RuleDocument]:
    """Documents in place whose next review is on or before ``today + days`` (overdue included)."""
    limit = today + dt.timedelta(days=days)
    return sorted(
        (r for r in all_rules(session) if r.status == "ready" and r.next_review_on and r.next_review_on <= limit),
        key=lambda r: r.next_review_on,
    )


def _rules(session: Session, values: dict, record, ctx: Context) -> None:
    if values["status"] == "ready" and values["revised_on"] is None:
        raise ValidationError("整備済の例規・手順書には「最終改正日」を入力してください。", "revised_on")
    check_period(values, "revised_on", "next_review_on", "最終改正日", "次回見直し期限")
    query = select(RuleDocument).where(RuleDocument.title == values["title"])
    if record is not None:
        query = query.where(RuleDocument.id != record.id)
    if session.scalars(query).first() is not None:
        raise ValidationError(f"「{values['title']}」は既に登録されています。", "title")


RULE = RecordKind(
    key="rule",
    label="例規・手順書",
    model=RuleDocument,
    fields=(
        Field("title", "名称", required=True),
        Field("kind", "種類", "choice", required=True, choices=lambda s, c: list(RULE_KIND_LABELS.items()), default=lambda s, c: "procedure"),
        Field("status", "整備状況", "choice", required=True, choices=lambda s, c: list(RULE_STATUS_LABELS.items()), default=lambda s, c: "ready"),
        Field("version", "版"),
        Field("revised_on", "最終改正日", "date"),
        Field("next_review_on", "次回見直し期限", "date"),
        Field("note", "備考", "multiline"),
    ),
    columns=(
        Column("種類", lambda r: RULE_KIND_LABELS[r.kind], 8),
        Column("名称", lambda r: r.title, 44),
        Column("整備状況", lambda r: RULE_STATUS_LABELS[r.status], 8),
        Column("版", lambda r: r.version, 6),
        Column("最終改正日", lambda r: r.revised_on, 10),
        Column("次回見直し", lambda r: r.next_review_on, 10),
        Column("備考", lambda r: r.note, 24),
    ),
    list_records=lambda session, ctx: all_rules(session),
    rules=_rules,
    record_label=lambda r: r.title,
)
