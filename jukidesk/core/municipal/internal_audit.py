"""The 内部監査報告書 of an internal audit: its result by method and its 意見・提案.

- The methods come from the setting ``internal_audit_methods`` (聞き取り調査 / ログ解析等 /
  現地調査 …, one a line): a new report starts with one result row per method, each
  問題なし until the auditors' findings are written in.
- An 意見・提案 (e.g. reword the チェックシート, start irregular log checks at each 地域セン
  ター) is a work item with an owner, a due date and a status (未着手 / 対応中 / 完了),
  followed until done: ``open_proposals`` lists every one not done from any earlier year,
  and one past its due date is a warning.

The report is printed by ``reports.internal_audit`` and summarised in the committee report.
Qt-free.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import screen_date
from jukidesk.base.vocabulary import PROPOSAL_STATUS_LABELS
from jukidesk.core.municipal.common import setting_lines
from jukidesk.core.municipal.records import Column, Context, Field, RecordKind, check_period
from jukidesk.storage.models import Audit
from jukidesk.storage.models_city import InternalAuditMethod, InternalAuditProposal, InternalAuditReport

RESULT_LABELS = {True: "問題なし", False: "指摘あり"}


def methods(session: Session) -> list[str]:
    return setting_lines(session, "internal_audit_methods")


def internal_audits(session: Session, fy: int) -> list[Audit]:
    return list(
        session.scalars(
            select(Audit).where(Audit.fy == fy, Audit.kind == "internal").order_by(Audit.starts_at, Audit.id)
        )
    )


def audit_of(session: Session, fy: int, institution_code: str) -> Audit:
    """The internal audit of ``fy`` of the institution with that code (the command line's way in)."""
    for audit in internal_audits(session, fy):
        if audit.institution.code == str(institution_code):
            return audit
    raise ValidationError(f"{fy}年度に機関コード {institution_code} の内部監査はありません。")


def reports_of(session: Session, fy: int) -> list[InternalAuditReport]:
    rows = session.scalars(
        select(InternalAuditReport).join(Audit, InternalAuditReport.audit_id == Audit.id).where(Audit.fy == fy)
    ).all()
    return sorted(rows, key=lambda r: (r.reported_on, r.id))


def report_for(session: Session, audit_id: int) -> InternalAuditReport | None:
    return session.scalars(select(InternalAuditReport).where(InternalAuditReport.audit_id == audit_id)).first()


def open_proposals(session: Session, until_fy: int) -> list[InternalAuditProposal]:
    """Every proposal not done from the reports of ``until_fy`` and earlier, by due date."""
    rows = session.scalars(
        select(InternalAuditProposal)
        .join(InternalAuditReport, InternalAuditProposal.report_id == InternalAuditReport.id)
        .join(Audit, InternalAuditReport.audit_id == Audit.id)
        .where(Audit.fy <= until_fy, InternalAuditProposal.status != "done")
    ).all()
    return sorted(rows, key=lambda p: (p.due_on is None, p.due_on or dt.date.max, p.id))


def overdue_proposals(session: Session, today: dt.date) -> list[InternalAuditProposal]:
    rows = session.scalars(
        select(InternalAuditProposal).where(
            InternalAuditProposal.status != "done", InternalAuditProposal.due_on < today
        )
    ).all()
    return sorted(rows, key=lambda p: (p.due_on, p.id))


def audit_name(audit: Audit) -> str:
    day = f" {screen_date(audit.starts_at, weekday=False)}" if audit.starts_at else ""  # the screens' date style
    return f"{audit.institution.name}{day}"


# ---------------------------------------------------------------- the report


def _audit_choices(session: Session, ctx: Context):
    return [(a.id, audit_name(a)) for a in internal_audits(session, ctx.fy)]


def _report_rules(session: Session, values: dict, record, ctx: Context) -> None:
    other = report_for(session, values["audit_id"])
    if other is not None and (record is None or other.id != record.id):
        raise ValidationError("この監査の内部監査報告書は既にあります。その報告書を編集してください。", "audit_id")
    audit = session.get(Audit, values["audit_id"])
    if audit.starts_at is not None and values["reported_on"] < audit.starts_at.date():
        raise ValidationError(f"「報告日」が監査の日（{screen_date(audit.starts_at)}）より前です。", "reported_on")


def _after_add_report(session: Session, report: InternalAuditReport, ctx: Context) -> None:
    """A new report starts with one result per method of the settings, each 問題なし."""
    for position, method in enumerate(methods(session), start=1):
        report.methods.append(InternalAuditMethod(position=position, method=method, no_problem=True, result=""))


def _reports(session: Session, ctx: Context) -> list[InternalAuditReport]:
    return reports_of(session, ctx.fy)


REPORT = RecordKind(
    key="audit_report",
    label="内部監査報告書",
    model=InternalAuditReport,
    fields=(
        Field("audit_id", "内部監査", "choice", required=True, choices=_audit_choices, help="選択年度の内部監査"),
        Field("reported_on", "報告日", "date", required=True, default=lambda s, c: c.as_of),
        Field("auditors", "監査委員", help="例: 内部監査委員会（委員長 ○○）"),
        Field("scope", "監査の対象・範囲", "multiline"),
        Field("summary", "総評", "multiline"),
    ),
    columns=(
        Column("監査", lambda r: audit_name(r.audit), 24),
        Column("報告日", lambda r: r.reported_on, 10),
        Column("監査委員", lambda r: r.auditors, 20),
        Column("方法別の結果", lambda r: "・".join(f"{m.method} {RESULT_LABELS[m.no_problem]}" for m in r.methods), 40),
        Column("意見・提案", lambda r: f"{len(r.proposals)}件（未完了 {sum(p.status != 'done' for p in r.proposals)}）", 12),
    ),
    list_records=_reports,
    rules=_report_rules,
    after_add=_after_add_report,
    record_label=lambda r: audit_name(r.audit),
)

# ---------------------------------------------------------------- results by method


def _method_choices(session: Session, ctx: Context):
    return [(m, m) for m in methods(session)]


def _children(model, order):
    def list_records(session: Session, ctx: Context):
        if ctx.parent_id is None:
            return []
        return list(session.scalars(select(model).where(model.report_id == ctx.parent_id).order_by(order, model.id)))

    return list_records


def _next_position(model):
    def derive(session: Session, values: dict, record, ctx: Context) -> dict:
        if record is not None:
            return {}
        rows = session.scalars(select(model.position).where(model.report_id == ctx.parent_id)).all()
        return {"position": max(rows, default=0) + 1}

    return derive


def _method_rules(session: Session, values: dict, record, ctx: Context) -> None:
    if not values["no_problem"] and not values["result"]:
        raise ValidationError("「問題なし」でない場合は、「結果・指摘の内容」を入力してください。", "result")
    report_id = record.report_id if record is not None else ctx.parent_id
    query = select(InternalAuditMethod).where(
        InternalAuditMethod.report_id == report_id, InternalAuditMethod.method == values["method"]
    )
    if record is not None:
        query = query.where(InternalAuditMethod.id != record.id)
    if session.scalars(query).first() is not None:
        raise ValidationError(f"「{values['method']}」の結果は既にあります。その行を編集してください。", "method")


METHOD = RecordKind(
    key="audit_method",
    label="監査方法別の結果",
    model=InternalAuditMethod,
    fields=(
        Field("method", "監査方法", "combo", required=True, choices=_method_choices),
        Field("no_problem", "問題なし", "bool", default=lambda s, c: True),
        Field("result", "結果・指摘の内容", "multiline", help="例: 監査項目は全て守られており問題なし"),
    ),
    columns=(
        Column("No.", lambda m: m.position, 4),
        Column("監査方法", lambda m: m.method, 16),
        Column("結果", lambda m: RESULT_LABELS[m.no_problem], 8),
        Column("結果・指摘の内容", lambda m: m.result, 50),
    ),
    list_records=_children(InternalAuditMethod, InternalAuditMethod.position),
    rules=_method_rules,
    derive=_next_position(InternalAuditMethod),
    parent_attr="report_id",
    parent_label="内部監査報告書",
    record_label=lambda m: m.method,
)

# ---------------------------------------------------------------- proposals


def _proposal_rules(session: Session, values: dict, record, ctx: Context) -> None:
    if values["status"] == "done" and values["done_on"] is None:
        raise ValidationError("「完了」にする場合は「完了日」を入力してください。", "done_on")
    if values["done_on"] is not None and values["status"] != "done":
        raise ValidationError("「完了日」を入力した場合は、状況を「完了」にしてください。", "status")
    report_id = record.report_id if record is not None else ctx.parent_id
    report = session.get(InternalAuditReport, report_id)
    if values["due_on"] is not None and values["due_on"] < report.reported_on:
        raise ValidationError(f"「期限」が報告日（{screen_date(report.reported_on)}）より前です。", "due_on")
    check_period({"reported_on": report.reported_on, **values}, "reported_on", "done_on", "報告日", "完了日")


PROPOSAL = RecordKind(
    key="audit_proposal",
    label="内部監査の意見・提案",
    model=InternalAuditProposal,
    fields=(
        Field("method", "監査方法", "combo", choices=_method_choices, help="どの方法の監査から出た意見か（空欄可）"),
        Field("content", "意見・提案", "multiline", required=True),
        Field("owner", "担当", help="例: 住民情報課 住基ネット係"),
        Field("due_on", "期限", "date"),
        Field("status", "状況", "choice", required=True, choices=lambda s, c: list(PROPOSAL_STATUS_LABELS.items()),
              default=lambda s, c: "open"),
        Field("done_on", "完了日", "date"),
        Field("response", "対応内容", "multiline"),
    ),
    columns=(
        Column("No.", lambda p: p.position, 4),
        Column("監査方法", lambda p: p.method, 12),
        Column("意見・提案", lambda p: p.content, 40),
        Column("担当", lambda p: p.owner, 16),
        Column("期限", lambda p: p.due_on, 10),
        Column("状況", lambda p: PROPOSAL_STATUS_LABELS[p.status], 8),
        Column("完了日", lambda p: p.done_on, 10),
        Column("対応内容", lambda p: p.response, 30),
    ),
    list_records=_children(InternalAuditProposal, InternalAuditProposal.position),
    rules=_proposal_rules,
    derive=_next_position(InternalAuditProposal),
    parent_attr="report_id",
    parent_label="内部監査報告書",
    record_label=lambda p: (p.content or "")[:30],
)
