"""Warnings for the municipal records as of a reference date: committee terms ending,
vendor certificates expiring, rules due for review or still missing, inspection gaps,
written-procedure replies overdue and an emergency contact list not renewed this year.

The number of days ahead (or back, for inspection gaps) is a setting for each kind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base.fiscal import fiscal_year_bounds, fiscal_year_of, wareki_date
from jukidesk.base.vocabulary import EMERGENCY_DOCUMENT_KIND_LABELS, MEMBER_ROLE_LABELS
from jukidesk.core.municipal import contracts, council, inspections, internal_audit, meetings, rules, survey
from jukidesk.core.municipal.emergency import current_documents
from jukidesk.core.settings import load_settings, reference_date
from jukidesk.storage.models_municipal import Meeting

WARNING_KIND_LABELS = {
    "term_end": "委員の任期満了",
    "certificate": "委託先の認証の期限",
    "certificate_gap": "委託先の認証の不足",
    "requirements": "委託先の要件確認",
    "review": "例規・手順書の見直し",
    "missing_rule": "未整備の例規・手順書",
    "inspection_gap": "点検の記録漏れ",
    "reply": "書面開催の未回答",
    "council_reply": "開催要否の未回答",
    "proposal": "内部監査の提案の期限",
    "emergency": "緊急時連絡網の更新",
    "survey": "調査票と例規・手順書の不一致",
}


@dataclass(frozen=True)
class Alert:
    kind: str
    day: dt.date  # the date concerned: end of term, expiry, review due, missing day …
    message: str
    view: str  # the view of the municipal tab to open

    @property
    def label(self) -> str:
        return WARNING_KIND_LABELS[self.kind]

    def as_json(self) -> dict:
        return {"kind": self.kind, "label": self.label, "date": self.day.isoformat(), "message": self.message}


def _days(a: dt.date, b: dt.date) -> int:
    return (b - a).days


def _when(today: dt.date, day: dt.date) -> str:
    left = _days(today, day)
    if left == 0:
        return "本日"
    return f"あと{left}日" if left > 0 else f"{-left}日経過"


def collect(session: Session, today: dt.date | None = None) -> list[Alert]:
    """Every warning as of ``today`` (default: the reference date of the settings, else today)."""
    today = reference_date(session, today)
    settings = load_settings(session)
    alerts: list[Alert] = []

    for member in meetings.term_ending(session, today, settings["term_warning_days"]):
        alerts.append(Alert(
            "term_end", member.term_end,
            f"審議会委員 {member.name}（{MEMBER_ROLE_LABELS[member.role]}）の任期が"
            f" {wareki_date(member.term_end)} に満了します（{_when(today, member.term_end)}）。後任の委嘱を準備してください。",
            "meetings",
        ))

    for contract in contracts.certificate_expiring(session, today, settings["certificate_warning_days"]):
        expires = contract.privacy_mark_expires_on
        state = "が過ぎています" if expires < today else "が近づいています"
        alerts.append(Alert(
            "certificate", expires,
            f"委託先 {contract.vendor}（{contract.subject}）の{contracts.certificate_label(contract.certificate_kind)}（{contract.privacy_mark_number}）の"
            f"有効期限 {wareki_date(expires)}{state}（{_when(today, expires)}、契約は {wareki_date(contract.ends_on)} まで）。"
            "更新後の登録証を確認してください。",
            "contracts",
        ))
    for contract, message in contracts.certificate_gaps(session, today, settings["certificate_warning_days"]):
        alerts.append(Alert("certificate_gap", contract.starts_on, f"委託契約「{contract.subject}」: {message}", "contracts"))
    for contract in contracts.unchecked(session, today):
        alerts.append(Alert(
            "requirements", contract.starts_on,
            f"委託先 {contract.vendor}（{contract.subject}）のセキュリティ要件の確認が記録されていません。",
            "contracts",
        ))

    for rule in rules.review_due(session, today, settings["review_warning_days"]):
        state = "を過ぎています" if rule.next_review_on < today else "が近づいています"
        alerts.append(Alert(
            "review", rule.next_review_on,
            f"「{rule.title}」の見直し期限 {wareki_date(rule.next_review_on)}{state}（{_when(today, rule.next_review_on)}）。",
            "rules",
        ))
    for rule in rules.missing_rules(session):
        alerts.append(Alert("missing_rule", today, f"「{rule.title}」が未整備です。", "rules"))

    gap_days = settings["inspection_gap_days"]
    if gap_days > 0:
        first = today - dt.timedelta(days=gap_days)
        for site, day in inspections.daily_gaps(session, first, today - dt.timedelta(days=1), today):
            alerts.append(Alert(
                "inspection_gap", day,
                f"{site.name}の {wareki_date(day, weekday=True)} の日次点検が記録されていません。",
                "inspections",
            ))
    grid = inspections.monthly_grid(session, fiscal_year_of(today), today)
    for site, month in grid.gaps:
        alerts.append(Alert(
            "inspection_gap", inspections.month_end(month),
            f"{site.name}の{inspections.month_label(month)}の月次点検が記録されていません。",
            "inspections",
        ))

    for meeting in session.scalars(
        select(Meeting).where(Meeting.written.is_(True), Meeting.opinions_due_on < today)
    ):
        waiting = meetings.outstanding_replies(session, meeting)
        if waiting:
            alerts.append(Alert(
                "reply", meeting.opinions_due_on,
                f"書面開催「{meeting.title}」の回答期限 {wareki_date(meeting.opinions_due_on)} を過ぎましたが、"
                f"{len(waiting)}名（{'、'.join(m.name for m in waiting)}）から回答がありません。",
                "meetings",
            ))

    for decision, waiting in council.reply_alerts(session, today, settings["council_reply_warning_days"]):
        due = decision.opinions_due_on
        state = "を過ぎましたが" if due < today else f"が近づいていますが（{_when(today, due)}）"
        alerts.append(Alert(
            "council_reply", due,
            f"審議会の開催要否の意見照会の回答期限 {wareki_date(due)} {state}、"
            f"{len(waiting)}名（{'、'.join(m.name for m in waiting)}）から回答がありません。",
            "council",
        ))

    for proposal in internal_audit.overdue_proposals(session, today):
        owner = f"（担当 {proposal.owner}）" if proposal.owner else ""
        alerts.append(Alert(
            "proposal", proposal.due_on,
            f"内部監査の意見・提案「{proposal.content[:40]}」{owner}の期限 {wareki_date(proposal.due_on)} を"
            f"過ぎましたが、完了していません（{_when(today, proposal.due_on)}）。",
            "internal_audit",
        ))

    fy_start = fiscal_year_bounds(fiscal_year_of(today))[0]
    contacts = current_documents(session, today)["contacts"]
    if today >= fy_start + dt.timedelta(days=30) and (contacts is None or contacts.revised_on < fy_start):
        label = EMERGENCY_DOCUMENT_KIND_LABELS["contacts"]
        last = f"（最終改訂 {wareki_date(contacts.revised_on)}）" if contacts else "（登録なし）"
        alerts.append(Alert(
            "emergency", fy_start,
            f"{label}が今年度（{wareki_date(fy_start)}以降）に更新されていません{last}。人事異動を反映してください。",
            "emergency",
        ))

    for mismatch in survey.mismatches(session, fiscal_year_of(today)):
        alerts.append(Alert("survey", today, mismatch.message, "survey"))

    order = list(WARNING_KIND_LABELS)
    return sorted(alerts, key=lambda a: (a.day, order.index(a.kind)))
