"""Emergency response: the plan document and contact list (緊急時対応計画書・緊急時連絡網)
with their revisions, and drills (緊急時対応訓練)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base.fiscal import fiscal_year_bounds
from jukidesk.base.vocabulary import EMERGENCY_DOCUMENT_KIND_LABELS
from jukidesk.core.municipal.records import Column, Context, Field, RecordKind
from jukidesk.storage.models_municipal import Drill, EmergencyDocument


def current_documents(session: Session, day: dt.date) -> dict[str, EmergencyDocument | None]:
    """The revision in force on ``day`` of each document kind (None when there is none yet)."""
    current: dict[str, EmergencyDocument | None] = {}
    for kind in EMERGENCY_DOCUMENT_KIND_LABELS:
        current[kind] = session.scalars(
            select(EmergencyDocument)
            .where(EmergencyDocument.kind == kind, EmergencyDocument.revised_on <= day)
            .order_by(EmergencyDocument.revised_on.desc(), EmergencyDocument.id.desc())
        ).first()
    return current


def drills_in_year(session: Session, fy: int) -> list[Drill]:
    first, last = fiscal_year_bounds(fy)
    return list(
        session.scalars(select(Drill).where(Drill.held_on >= first, Drill.held_on <= last).order_by(Drill.held_on))
    )


def _documents(session: Session, ctx: Context) -> list[EmergencyDocument]:
    """Every revision up to the end of the selected year, newest first per kind."""
    last = fiscal_year_bounds(ctx.fy)[1]
    return list(
        session.scalars(
            select(EmergencyDocument)
            .where(EmergencyDocument.revised_on <= last)
            .order_by(EmergencyDocument.kind.desc(), EmergencyDocument.revised_on.desc())
        )
    )


EMERGENCY_DOCUMENT = RecordKind(
    key="emergency_document",
    label="緊急時対応計画・連絡網",
    model=EmergencyDocument,
    fields=(
        Field("kind", "種類", "choice", required=True, choices=lambda s, c: list(EMERGENCY_DOCUMENT_KIND_LABELS.items())),
        Field("title", "文書名", required=True),
        Field("version", "版"),
        Field("revised_on", "改訂日", "date", required=True, default=lambda s, c: c.as_of),
        Field("note", "改訂内容・備考", "multiline"),
    ),
    columns=(
        Column("種類", lambda d: EMERGENCY_DOCUMENT_KIND_LABELS[d.kind], 14),
        Column("文書名", lambda d: d.title, 30),
        Column("版", lambda d: d.version, 13),
        Column("改訂日", lambda d: d.revised_on, 10),
        Column("改訂内容・備考", lambda d: d.note, 30),
    ),
    list_records=_documents,
    record_label=lambda d: f"{d.title} {d.version}",
)


DRILL = RecordKind(
    key="drill",
    label="緊急時対応訓練",
    model=Drill,
    fields=(
        Field("held_on", "実施日", "date", required=True, default=lambda s, c: c.as_of),
        Field("scenario", "想定（シナリオ）", "multiline", required=True),
        Field("participants", "参加者", "multiline"),
        Field("findings", "訓練で分かった課題", "multiline"),
        Field("follow_up", "改善の対応", "multiline"),
        Field("follow_up_done", "改善の対応が完了", "bool"),
    ),
    columns=(
        Column("実施日", lambda d: d.held_on, 10),
        Column("想定", lambda d: d.scenario, 30),
        Column("参加者", lambda d: d.participants, 24),
        Column("課題", lambda d: d.findings, 30),
        Column("改善の対応", lambda d: d.follow_up, 30),
        Column("対応完了", lambda d: d.follow_up_done, 8),
    ),
    list_records=lambda session, ctx: drills_in_year(session, ctx.fy),
    record_label=lambda d: f"{d.held_on} {d.scenario[:20]}",
)
