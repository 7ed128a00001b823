"""The city's own steps of 今年度の進捗 (setting ``org_kind`` = 市区町村): after the
self-inspection and internal-audit steps, a city's year goes on with training, drills,
the daily and monthly inspections, the 管理運用会議, the 調査票 to 総務省 and the annual
report to the 審議会 — a city does not make 資料2.

Each function returns ``(key, status, detail, action)``; ``core.year_progress`` turns them
into its ``Step`` rows (the statuses are its constants). Only reads. Qt-free.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base.fiscal import fiscal_year_bounds, screen_datetime, wareki_short
from jukidesk.base.vocabulary import SURVEY_UNANSWERED_LABEL, SURVEY_UNCONFIRMED_LABEL

NOT_STARTED, IN_PROGRESS, DONE, ATTENTION = "not_started", "in_progress", "done", "attention"

STEP_TITLES = {
    "training": "研修",
    "drills": "緊急時対応訓練",
    "inspections": "日次・月次点検",
    "management": "管理運用会議",
    "survey": "調査票（総務省）",
    "council": "審議会への報告",
}

ACTION_LABELS = {
    "city_training": "研修の記録を開く",
    "city_emergency": "訓練の記録を開く",
    "city_inspections": "点検の記録を開く",
    "city_meetings": "会議の記録を開く",
    "city_survey": "調査票を開く",
    "city_report": "審議会への報告を作る",
}

# The action key → the view of the 市町村の運用 tab it opens (the report opens the 資料2 tab).
ACTION_VIEWS = {
    "city_training": "training",
    "city_emergency": "emergency",
    "city_inspections": "inspections",
    "city_meetings": "meetings",
    "city_survey": "survey",
}

Row = tuple[str, str, str, str]

# The record modules (training, emergency, inspections with the holiday calendar, meetings)
# are imported by the step that reads them, i.e. only for a city: a prefecture's home tab
# uses this module's titles and labels and never its steps.


def city_steps(session: Session, fy: int, today: dt.date) -> list[Row]:
    return [
        _training(session, fy, today),
        _drills(session, fy),
        _inspections(session, fy, today),
        _management(session, fy),
        _survey(session, fy),
        _council(session, fy),
    ]


def _training(session: Session, fy: int, today: dt.date) -> Row:
    from jukidesk.core.municipal import training  # a city only

    statuses = training.training_status(session, fy)
    if not statuses:
        return ("training", ATTENTION, "今年度の研修計画がありません（年度の準備で前年度の研修を引き継ぎます）。", "city_training")
    required = [s for s in statuses if s.course.required]
    missing = sum(len(s.missing) for s in required)
    head = f"研修 {len(statuses)}件（必須 {len(required)}件）"
    if required and not missing:
        return ("training", DONE, f"{head}・対象者全員が受講済", "")
    overdue = [s for s in required if s.missing and training.course_due(s.course) < today]
    if overdue:
        names = "、".join(s.course.title for s in overdue[:2])
        return ("training", ATTENTION, f"{head}・受講期限を過ぎて未受講 {sum(len(s.missing) for s in overdue)}名（{names}）", "city_training")
    done = sum(len(s.completed) for s in required)
    status = IN_PROGRESS if done else NOT_STARTED
    return ("training", status, f"{head}・未受講 延べ{missing}名", "city_training")


def _drills(session: Session, fy: int) -> Row:
    from jukidesk.core.municipal import emergency  # a city only

    drills = emergency.drills_in_year(session, fy)
    if not drills:
        return ("drills", NOT_STARTED, "今年度の緊急時対応訓練はまだ記録されていません。", "city_emergency")
    last = max(d.held_on for d in drills)
    open_follow_up = [d for d in drills if d.follow_up and not d.follow_up_done]
    detail = f"{len(drills)}回実施（最終 {wareki_short(last)}）"
    if open_follow_up:
        return ("drills", IN_PROGRESS, f"{detail}・改善事項の対応待ち {len(open_follow_up)}件", "city_emergency")
    return ("drills", DONE, detail, "")


def _inspections(session: Session, fy: int, today: dt.date) -> Row:
    from jukidesk.core.municipal import inspections  # a city only (with core.calendar and jpholiday)

    first, last = fiscal_year_bounds(fy)
    if today < first:
        return ("inspections", NOT_STARTED, "年度が始まっていません。", "")
    counts = inspections.completeness(session, fy, min(today, last + dt.timedelta(days=1)))
    daily, monthly = counts["daily"], counts["monthly"]
    detail = f"日次 {daily.recorded}/{daily.expected}・月次 {monthly.recorded}/{monthly.expected}"
    if daily.missing or monthly.missing:
        return ("inspections", ATTENTION, f"{detail}・記録漏れ {daily.missing + monthly.missing}件", "city_inspections")
    return ("inspections", DONE if today > last else IN_PROGRESS, detail, "")


def _management(session: Session, fy: int) -> Row:
    from jukidesk.core.municipal import meetings  # a city only

    held = [m for m in meetings.meetings_in_year(session, fy) if m.kind == "management"]
    if not held:
        return ("management", NOT_STARTED, "今年度の管理運用会議はまだ記録されていません。", "city_meetings")
    days = "、".join(wareki_short(meetings.meeting_date(m)) for m in held if meetings.meeting_date(m))
    return ("management", DONE, f"{len(held)}回開催（{days}）", "")


def _survey(session: Session, fy: int) -> Row:
    from jukidesk.core.municipal import survey

    status = survey.survey_status(session, fy)
    if status.template is None:
        return ("survey", NOT_STARTED, "調査票の項目一覧がありません（標準の項目を使うか、市の項目一覧を取り込みます）。", "city_survey")
    if not status.started:
        return ("survey", NOT_STARTED, f"調査票は未開始です（項目 {len(status.rows)}件。前年度の回答を未確認として引き継いで始めます）。", "city_survey")
    counts = status.counts
    open_items = counts[SURVEY_UNANSWERED_LABEL] + counts[SURVEY_UNCONFIRMED_LABEL]
    detail = status.describe()
    if status.mismatches:
        return ("survey", ATTENTION, detail, "city_survey")
    return ("survey", IN_PROGRESS if open_items else DONE, detail, "city_survey" if open_items else "")


def _council(session: Session, fy: int) -> Row:
    from jukidesk.storage.models_evidence import IssuedPaper

    issued = session.scalars(
        select(IssuedPaper)
        .where(IssuedPaper.paper == "committee", IssuedPaper.fy == fy)
        .order_by(IssuedPaper.issued_at.desc(), IssuedPaper.id.desc())
    ).first()
    from jukidesk.base.vocabulary import COUNCIL_DECISION_LABELS
    from jukidesk.core.municipal import council

    decision = council.decision_of(session, fy)
    if decision is None:
        held = "開催要否は未記録"
    elif decision.decision is None:
        held = f"開催要否は照会中（回答 {len(decision.replies)}件・期限 {wareki_short(decision.opinions_due_on)}）"
    else:
        held = f"会長の判断: {COUNCIL_DECISION_LABELS[decision.decision]}（{wareki_short(decision.decided_on)}）"
    if issued is not None:
        return ("council", DONE, f"審議会への年次報告を発行済（{screen_datetime(issued.issued_at)}）・{held}", "")
    return ("council", NOT_STARTED, f"審議会への年次報告はまだ発行していません・{held}", "city_report")
