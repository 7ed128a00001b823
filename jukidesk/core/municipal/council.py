"""The 審議会's yearly decision whether to meet (開催要否), the procedure the committee
agreed on: the documents (the 管理運用会議's minutes, the internal audit report …) are
sent to every member with a deadline; each member replies by mail whether a meeting is
needed; the chair decides 開催 or 不開催 and the date is kept.

(The rule for the members' terms — the rule's length by default, another length
confirmed — lives with the members in ``meetings``.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import fiscal_year_bounds, fiscal_year_of, num, screen_date, wareki_date
from jukidesk.base.vocabulary import COUNCIL_ANSWER_LABELS, COUNCIL_DECISION_LABELS, MEMBER_ROLE_LABELS
from jukidesk.core.municipal.meetings import members_in_year, members_on
from jukidesk.core.municipal.records import Column, Context, Field, RecordKind, check_in_fiscal_year, check_period
from jukidesk.storage.models_city import CouncilDecision, CouncilDecisionReply
from jukidesk.storage.models_municipal import CommitteeMember

DEFAULT_DOCUMENTS = "管理運用会議の議事録、内部監査の結果報告"

# ---------------------------------------------------------------- decisions


def decision_of(session: Session, fy: int) -> CouncilDecision | None:
    return session.scalars(select(CouncilDecision).where(CouncilDecision.fy == fy)).first()


def members_asked(session: Session, decision: CouncilDecision) -> list[CommitteeMember]:
    """The committee on the day the documents went out (chair, deputy, members)."""
    return members_on(session, decision.sent_on)


def outstanding(session: Session, decision: CouncilDecision) -> list[CommitteeMember]:
    replied = {reply.member_id for reply in decision.replies}
    return [m for m in members_asked(session, decision) if m.id not in replied]


@dataclass(frozen=True)
class DecisionSummary:
    """A decision as the committee report shows it."""

    decision: CouncilDecision
    asked: int
    replies: list[CouncilDecisionReply]
    waiting: list[CommitteeMember]

    @property
    def asked_to_hold(self) -> int:
        return sum(1 for r in self.replies if r.answer == "hold")

    def text(self) -> str:
        d = self.decision
        head = (
            f"{wareki_date(d.sent_on)}に資料（{d.documents or '－'}）を各委員へ送付し、"
            f"{wareki_date(d.opinions_due_on)}を期限として開催の要否について意見を照会した。"
            f"回答 {num(len(self.replies))}/{num(self.asked)}名（開催を要するとの回答 {num(self.asked_to_hold)}名）。"
        )
        if d.decision is None:
            return head + "会長の判断は未定。"
        verb = "開催する" if d.decision == "hold" else "開催しない"
        reason = f"（{d.reason.rstrip('。')}）" if d.reason else ""
        return head + f"{wareki_date(d.decided_on)}、会長が審議会を{verb}と決定した{reason}。"


def summary(session: Session, fy: int) -> DecisionSummary | None:
    decision = decision_of(session, fy)
    if decision is None:
        return None
    return DecisionSummary(decision, len(members_asked(session, decision)), list(decision.replies), outstanding(session, decision))


def reply_alerts(session: Session, today: dt.date, days: int) -> list[tuple[CouncilDecision, list[CommitteeMember]]]:
    """Undecided years whose deadline is within ``days`` (or past) with members who have not replied."""
    rows = session.scalars(
        select(CouncilDecision).where(
            CouncilDecision.decision.is_(None),
            CouncilDecision.sent_on <= today,
            CouncilDecision.opinions_due_on <= today + dt.timedelta(days=days),
        ).order_by(CouncilDecision.opinions_due_on)
    )
    result = []
    for decision in rows:
        waiting = outstanding(session, decision)
        if waiting:
            result.append((decision, waiting))
    return result


def _decision_rules(session: Session, values: dict, record, ctx: Context) -> None:
    fy = record.fy if record is not None else ctx.fy
    check_in_fiscal_year(values, "sent_on", "資料送付日", fy, "選択中の年度")
    check_period(values, "sent_on", "opinions_due_on", "資料送付日", "意見の回答期限")
    if values["decision"] is not None and values["decided_on"] is None:
        raise ValidationError("会長の判断を記録する場合は「判断日」を入力してください。", "decided_on")
    if values["decided_on"] is not None and values["decision"] is None:
        raise ValidationError("「判断日」を入力した場合は「会長の判断」（開催・不開催）も選んでください。", "decision")
    check_period(values, "sent_on", "decided_on", "資料送付日", "判断日")
    other = decision_of(session, fiscal_year_of(values["sent_on"])) if values["sent_on"] else None
    if other is not None and (record is None or other.id != record.id):
        raise ValidationError("この年度の開催要否は既に記録されています。その記録を編集してください。", "sent_on")


def _decision_confirmations(session: Session, values: dict, record, ctx: Context) -> list[str]:
    if values.get("decision") is None or record is None:
        return []
    waiting = outstanding(session, record)
    if not waiting:
        return []
    return [f"まだ回答のない委員がいます（{'、'.join(m.name for m in waiting)}）。会長の判断を記録しますか。"]


COUNCIL_DECISION = RecordKind(
    key="council_decision",
    label="審議会の開催要否",
    model=CouncilDecision,
    fields=(
        Field("sent_on", "資料送付日", "date", required=True, default=lambda s, c: c.as_of),
        Field("documents", "送付した資料", "multiline", default=lambda s, c: DEFAULT_DOCUMENTS,
              help="例: 管理運用会議の議事録、内部監査の結果報告"),
        Field("opinions_due_on", "意見の回答期限", "date", required=True, default=lambda s, c: c.as_of + dt.timedelta(days=14)),
        Field("decision", "会長の判断", "choice", choices=lambda s, c: list(COUNCIL_DECISION_LABELS.items()),
              help="回答がそろってから選ぶ（未定なら空欄）"),
        Field("decided_on", "判断日", "date"),
        Field("reason", "判断の理由", "multiline", help="例: 審議すべき重要事項はないとの回答のため"),
    ),
    columns=(
        Column("資料送付日", lambda d: d.sent_on, 10),
        Column("送付した資料", lambda d: d.documents, 30),
        Column("回答期限", lambda d: d.opinions_due_on, 10),
        Column("回答数", lambda d: len(d.replies), 6),
        Column("会長の判断", lambda d: COUNCIL_DECISION_LABELS.get(d.decision, "未定") if d.decision else "未定", 8),
        Column("判断日", lambda d: d.decided_on, 10),
        Column("理由", lambda d: d.reason, 30),
    ),
    list_records=lambda session, ctx: [d for d in [decision_of(session, ctx.fy)] if d is not None],
    rules=_decision_rules,
    derive=lambda session, values, record, ctx: {"fy": fiscal_year_of(values["sent_on"])},
    record_label=lambda d: f"{d.fy}年度の開催要否",
    confirmations=_decision_confirmations,
)

# ---------------------------------------------------------------- replies


def _decision_for(session: Session, record, ctx: Context) -> CouncilDecision | None:
    decision_id = record.decision_id if record is not None else ctx.parent_id
    return session.get(CouncilDecision, decision_id) if decision_id is not None else None


def _member_choices(session: Session, ctx: Context):
    decision = session.get(CouncilDecision, ctx.parent_id) if ctx.parent_id else None
    members = members_on(session, decision.sent_on) if decision is not None else members_in_year(session, ctx.fy)
    return [(m.id, f"{m.name}（{MEMBER_ROLE_LABELS[m.role]}）") for m in members]


def _reply_rules(session: Session, values: dict, record, ctx: Context) -> None:
    decision = _decision_for(session, record, ctx)
    if values["received_on"] < decision.sent_on:
        raise ValidationError(f"「回答日」が資料送付日（{screen_date(decision.sent_on)}）より前です。", "received_on")
    query = select(CouncilDecisionReply).where(
        CouncilDecisionReply.decision_id == decision.id, CouncilDecisionReply.member_id == values["member_id"]
    )
    if record is not None:
        query = query.where(CouncilDecisionReply.id != record.id)
    if session.scalars(query).first() is not None:
        raise ValidationError("この委員の回答は既に記録されています。", "member_id")


COUNCIL_REPLY = RecordKind(
    key="council_reply",
    label="開催要否の回答",
    model=CouncilDecisionReply,
    fields=(
        Field("member_id", "委員", "choice", required=True, choices=_member_choices),
        Field("received_on", "回答日", "date", required=True, default=lambda s, c: c.as_of),
        Field("answer", "回答", "choice", required=True, choices=lambda s, c: list(COUNCIL_ANSWER_LABELS.items()),
              default=lambda s, c: "not_hold"),
        Field("opinion", "意見", "multiline"),
    ),
    columns=(
        Column("委員", lambda r: r.member.name, 14),
        Column("回答日", lambda r: r.received_on, 10),
        Column("期限内", lambda r: r.received_on <= r.decision_row.opinions_due_on, 6),
        Column("回答", lambda r: COUNCIL_ANSWER_LABELS[r.answer], 12),
        Column("意見", lambda r: r.opinion, 40),
    ),
    list_records=lambda session, ctx: [] if ctx.parent_id is None else list(session.scalars(
        select(CouncilDecisionReply).where(CouncilDecisionReply.decision_id == ctx.parent_id)
        .order_by(CouncilDecisionReply.received_on, CouncilDecisionReply.id)
    )),
    rules=_reply_rules,
    parent_attr="decision_id",
    parent_label="開催要否の記録",
    record_label=lambda r: r.member.name,
)


def year_bounds_text(fy: int) -> str:
    first, last = fiscal_year_bounds(fy)
    return f"{wareki_date(first)}～{wareki_date(last)}"
