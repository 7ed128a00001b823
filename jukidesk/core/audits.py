"""Audit records (内部監査 / 外部監査 / フォローアップ), their status, and the findings
followed until a later audit confirms the fix.

Rules that live here and nowhere else:

- what a valid audit record is (``validate``): the institution is a 事務利用機関 valid in
  the fiscal year, an external audit only at a 業務端末設置機関, the date inside the fiscal
  year, one audit per year, kind and institution;
- the status steps 予定 → 通知済 → 実施済 → 報告済 (one step forward, or one step back to
  correct a mistake) and what each step needs (``set_status``);
- findings: every item scored under 3 in an audit's checklist becomes a finding whose
  指摘内容 is the answer's remark (``sync_findings``); a finding is closed (改善確認済) only
  by a follow-up audit or a later audit of the same institution (``confirm_finding``);
- the 指摘内容と対応 text of the yearly report (``findings_summary`` → ``findings_text``).

Qt-free; every function works on a session inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field, fields, replace
from functools import cache

from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import Session, contains_eager, joinedload, selectinload

from jukidesk.base import audit_kinds
from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import fiscal_year_of, to_fullwidth, wareki_date
from jukidesk.base.vocabulary import (
    AUDIT_METHOD_LABELS,
    AUDIT_STATUS_LABELS,
    CHECKLIST_KIND_LABELS,
    FINDING_STATUS_LABELS,
)
from jukidesk.core.obligations import audit_refusal
from jukidesk.core.scoring import is_low, low_score_clause
from jukidesk.core.settings import year_style
from jukidesk.storage.models import (
    AUDIT_STATUSES,
    Answer,
    Audit,
    Checklist,
    Finding,
    Institution,
    TemplateItem,
    report_name_of,
)
from jukidesk.storage.plain import plain_rows

# Table columns (storage.plain): the report's findings are read as values, with no ORM
# objects to build (資料2 reads every kind of its year on each build).
_AUDIT = Audit.__table__.c
_FINDING = Finding.__table__.c
_CHECKLIST = Checklist.__table__.c
_ANSWER = Answer.__table__.c
_INSTITUTION = Institution.__table__.c
_ITEM = TemplateItem.__table__.c

PENDING_STATUSES = ("planned", "notified")
PERFORMED_STATUSES = ("done", "reported")
NO_ISSUES_TEXT = "改善を要する項目なし"
SCHEDULED_SUFFIX = "に実施予定"

# Auditors are typed as a list: one per line, or separated by 、 , ; (not ・, which
# belongs inside names such as 市町村課・情報システム推進室). Stored joined with 、.
_AUDITOR_SEPARATORS = re.compile(r"[\n\r、,，;；]+")


def auditor_names(text: str) -> list[str]:
    """The auditors of an audit as a list (NFKC-normalised, blanks dropped, order kept)."""
    names: list[str] = []
    for part in _AUDITOR_SEPARATORS.split(text or ""):
        name = part.strip()
        if name and name not in names:
            names.append(name)
    return names


def auditor_key(name: str) -> str:
    """The form two auditor names are compared in (full/half width and spaces ignored)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def method_codes(text: str) -> tuple[str, ...]:
    return tuple(code for code in (text or "").split(",") if code)


def method_labels(codes) -> str:
    return "・".join(AUDIT_METHOD_LABELS.get(code, code) for code in codes)


@dataclass
class AuditData:
    """What a user edits for an audit (the dialog, the planner and imports fill this)."""

    fy: int
    kind: str
    institution_id: int
    status: str = "planned"
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    place: str = ""
    auditors: str = ""
    methods: tuple[str, ...] = ()
    notified_on: dt.date | None = None
    note: str = ""
    pinned: bool = False

    @classmethod
    def of(cls, audit: Audit) -> AuditData:
        values = {f.name: getattr(audit, f.name) for f in fields(cls)}
        values["methods"] = method_codes(audit.methods)
        return cls(**values)

    def moved_to(self, day: dt.date) -> AuditData:
        """The same audit on another day at the same times (drag and drop in the calendar)."""
        if self.starts_at is None:
            return replace(self, starts_at=dt.datetime.combine(day, dt.time(10, 0)), ends_at=None)
        delta = dt.datetime.combine(day, self.starts_at.time()) - self.starts_at
        return replace(self, starts_at=self.starts_at + delta, ends_at=self.ends_at + delta if self.ends_at else None)

    def as_columns(self) -> dict:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["methods"] = ",".join(self.methods)
        return values


def _inst_label(institution: Institution) -> str:
    return institution.report_name


def validate(session: Session, data: AuditData, *, audit_id: int | None = None) -> AuditData:
    """Check ``data`` against every audit rule; return it cleaned or raise ``ValidationError``
    (the message names the field)."""
    data = replace(data, place=(data.place or "").strip(), note=(data.note or "").strip())
    data.auditors = "、".join(auditor_names(data.auditors))
    if not audit_kinds.is_audit(data.kind):
        raise ValidationError(f"監査区分が正しくありません: {data.kind}", "kind")
    if data.status not in AUDIT_STATUSES:
        raise ValidationError(f"監査の状況が正しくありません: {data.status}", "status")
    unknown = [m for m in data.methods if m not in AUDIT_METHOD_LABELS]
    if unknown:
        raise ValidationError(f"監査の方法が正しくありません: {'、'.join(unknown)}", "methods")
    data.methods = tuple(code for code in AUDIT_METHOD_LABELS if code in data.methods)
    institution = session.get(Institution, data.institution_id)
    if institution is None:
        raise ValidationError("監査の対象機関が見つかりません（削除された可能性があります）。", "institution_id")
    kind_label = CHECKLIST_KIND_LABELS[data.kind]
    name = _inst_label(institution)
    style = year_style(session)
    year = style.label(data.fy, fullwidth=False)
    refusal = audit_refusal(institution, data.fy, data.kind, style)
    if refusal is not None:
        raise ValidationError(*refusal)
    if data.starts_at is not None and fiscal_year_of(data.starts_at.date()) != data.fy:
        raise ValidationError(
            f"日時 {data.starts_at:%Y-%m-%d} は{year}（{data.fy}年4月1日〜{data.fy + 1}年3月31日）の期間外です。",
            "starts_at",
        )
    if data.ends_at is not None:
        if data.starts_at is None:
            raise ValidationError("終了時刻を入れる場合は開始日時も入力してください。", "starts_at")
        if data.ends_at <= data.starts_at:
            raise ValidationError(
                f"終了日時（{data.ends_at:%Y-%m-%d %H:%M}）が開始日時（{data.starts_at:%Y-%m-%d %H:%M}）より後になっていません。",
                "ends_at",
            )
    if data.status != "planned" and data.starts_at is None:
        raise ValidationError(
            f"「{AUDIT_STATUS_LABELS[data.status]}」にするには監査の日時を入力してください。", "starts_at"
        )
    clash = session.scalars(
        select(Audit).where(Audit.fy == data.fy, Audit.kind == data.kind, Audit.institution_id == data.institution_id)
    ).first()
    if clash is not None and clash.id != audit_id:
        raise ValidationError(
            f"{name}の{year}の{kind_label}は既に登録されています。", "institution_id"
        )
    return data


def create_audit(session: Session, data: AuditData) -> Audit:
    data = validate(session, data)
    audit = Audit(**data.as_columns())
    session.add(audit)
    session.flush()
    return audit


def get_audit(session: Session, audit_id: int) -> Audit:
    audit = session.get(Audit, audit_id)
    if audit is None:
        raise ValidationError("指定された監査が見つかりません（削除された可能性があります）。")
    return audit


def update_audit(session: Session, audit_id: int, data: AuditData, *, today: dt.date | None = None) -> Audit:
    """Save an edited audit. A status change goes through the same step rule as ``set_status``."""
    audit = get_audit(session, audit_id)
    today = today or dt.date.today()
    if data.status != audit.status:
        _check_step(audit, data.status, starts_at=data.starts_at, today=today)
    data = validate(session, data, audit_id=audit_id)
    old_status = audit.status
    for key, value in data.as_columns().items():
        setattr(audit, key, value)
    session.flush()
    if data.status != old_status:
        _after_step(session, audit, old_status, today, data.notified_on)
    return audit


def delete_audit(session: Session, audit_id: int) -> None:
    """Only an audit not yet carried out can be deleted (results and findings are records)."""
    audit = get_audit(session, audit_id)
    if audit.status not in PENDING_STATUSES:
        raise ValidationError(
            f"「{AUDIT_STATUS_LABELS[audit.status]}」の監査は削除できません（結果と指摘事項は記録として残します）。"
        )
    session.delete(audit)
    session.flush()


def list_audits(session: Session, fy: int | None = None, *, kind: str | None = None) -> list[Audit]:
    """Audits by date (undated last), then kind, then registry order, with their institution
    and findings loaded in the same read (one lazy load per audit and relationship made the
    calendar of a national-scale file's year about 900 queries)."""
    query = (
        select(Audit)
        .join(Audit.institution)
        .options(contains_eager(Audit.institution), selectinload(Audit.findings))
    )
    if fy is not None:
        query = query.where(Audit.fy == fy)
    if kind is not None:
        query = query.where(Audit.kind == kind)
    audits = list(session.scalars(query))
    return sorted(
        audits,
        key=lambda a: (
            a.fy,
            a.starts_at is None,
            a.starts_at or dt.datetime.min,
            audit_kinds.order(a.kind),
            a.institution.sort_order,
            a.institution.id,
        ),
    )


# ---------------------------------------------------------------- status steps


def _check_step(audit: Audit, new_status: str, *, starts_at: dt.datetime | None, today: dt.date) -> None:
    if new_status not in AUDIT_STATUSES:
        raise ValidationError(f"監査の状況が正しくありません: {new_status}", "status")
    old, new = AUDIT_STATUSES.index(audit.status), AUDIT_STATUSES.index(new_status)
    if abs(new - old) != 1:
        path = "→".join(AUDIT_STATUS_LABELS[s] for s in AUDIT_STATUSES)
        raise ValidationError(
            f"監査の状況は「{AUDIT_STATUS_LABELS[audit.status]}」から「{AUDIT_STATUS_LABELS[new_status]}」へ"
            f"直接変更できません（{path} の順に１段階ずつ進めます）。",
            "status",
        )
    if new_status in ("notified", "done") and old < new and starts_at is None:
        raise ValidationError(f"{AUDIT_STATUS_LABELS[new_status]}にするには監査の日時を入力してください。", "starts_at")
    if new_status == "done" and old < new and starts_at.date() > today:
        raise ValidationError(f"監査の日（{starts_at:%Y-%m-%d}）がまだ来ていないため、実施済にできません。", "status")
    if new_status == "notified" and old > new and audit.findings:
        raise ValidationError(
            f"この監査には指摘事項が{len(audit.findings)}件あるため、実施前の状況には戻せません。", "status"
        )
    if new_status == "reported" and audit_kinds.kind(audit.kind).scored:  # its checklist is required
        checklist = audit_checklist_of(audit)
        if checklist is None or checklist.status != "complete":
            raise ValidationError(
                "報告済にするには、この監査のチェックリストの入力を完了してください（チェックリストのタブ）。", "status"
            )


def _after_step(session: Session, audit: Audit, old_status: str, today: dt.date, notified_on: dt.date | None) -> None:
    if audit.status == "notified" and old_status == "planned":
        audit.notified_on = notified_on or audit.notified_on or today
    if audit.status == "planned":
        audit.notified_on = None
    if audit.status in PERFORMED_STATUSES:
        sync_findings(session, audit.id)
    session.flush()


def set_status(
    session: Session, audit_id: int, new_status: str, *, on: dt.date | None = None, today: dt.date | None = None
) -> Audit:
    """Move an audit one step (予定 → 通知済 → 実施済 → 報告済, or one step back).

    通知済 records the notice date (``on``, default today); 実施済 needs the audit day to
    have come; 報告済 needs a completed checklist. Reaching 実施済/報告済 creates the
    findings from the checklist."""
    audit = get_audit(session, audit_id)
    if new_status == audit.status:
        return audit
    today = today or dt.date.today()
    _check_step(audit, new_status, starts_at=audit.starts_at, today=today)
    old_status = audit.status
    audit.status = new_status
    _after_step(session, audit, old_status, today, on)
    return audit


def notice_date(audit: Audit, reference: dt.date, lead_days: int, given: dt.date | None = None) -> dt.date:
    """The date of the audit's notice letter.

    ``given`` (a date the clerk asked for) is kept unless it falls after the audit: a letter
    is never dated after the audit it announces (``ValidationError`` naming the audit and its
    day). Otherwise the reference date (基準日) when it lies inside the notice window — no
    later than ``lead_days`` before the audit — else the last day of that window."""
    if audit.starts_at is None:
        return given or reference
    day = audit.starts_at.date()
    if given is not None:
        if given > day:
            raise ValidationError(
                f"{audit.institution.report_name}の{CHECKLIST_KIND_LABELS[audit.kind]}（{wareki_date(day)}）より後の日付"
                f"（{wareki_date(given)}）では通知を作成できません。通知の日付は監査の日以前にしてください。",
                "date",
            )
        return given
    last = day - dt.timedelta(days=max(0, int(lead_days)))
    return reference if reference <= last else last


def next_statuses(status: str) -> list[str]:
    """The statuses an audit in ``status`` may move to (for menus)."""
    index = AUDIT_STATUSES.index(status)
    return [AUDIT_STATUSES[i] for i in (index - 1, index + 1) if 0 <= i < len(AUDIT_STATUSES)]


# ---------------------------------------------------------------- findings


def audit_checklist_of(audit: Audit) -> Checklist | None:
    """The checklist the auditors filled in for this audit (same year, kind and institution)."""
    from sqlalchemy.orm import object_session

    from jukidesk.core.checklists import find_checklist

    return find_checklist(object_session(audit), audit.fy, audit.kind, audit.institution_id)


@dataclass(frozen=True)
class FindingSync:
    created: int
    removed: int


def _finding_content(answer: Answer) -> str:
    return finding_text(answer.remark, answer.item.number, answer.item.text)


def finding_text(remark: str | None, number: str, text: str) -> str:
    """指摘内容 of an answer under 3: its remark, or the item's number and text without one."""
    return (remark or "").strip() or f"{number} {text}"


def sync_findings(session: Session, audit_id: int) -> FindingSync:
    """Make the audit's findings match its checklist: one finding per item scored under 3,
    with the answer's remark as 指摘内容. A finding whose item now scores 3 (or 該当なし) is
    removed only while nothing was done with it (未対応, no response); others are kept."""
    audit = get_audit(session, audit_id)
    checklist = audit_checklist_of(audit)
    low = {}
    if checklist is not None:
        low = {a.item_id: a for a in checklist.answers if is_low(a.score)}
    existing = {f.item_id: f for f in audit.findings if f.item_id is not None}
    created = removed = 0
    for item_id, answer in sorted(low.items(), key=lambda pair: pair[1].item.position):
        if item_id not in existing:
            audit.findings.append(Finding(item_id=item_id, content=_finding_content(answer), status="open"))
            created += 1
    for item_id, finding in existing.items():
        if item_id not in low and finding.status == "open" and not finding.response.strip():
            audit.findings.remove(finding)
            removed += 1
    session.flush()
    return FindingSync(created, removed)


_KEEP = object()


def update_finding(
    session: Session,
    finding_id: int,
    *,
    content: str | None = None,
    response: str | None = None,
    due_date=_KEEP,
    status: str | None = None,
) -> Finding:
    """Edit 指摘内容, 対応 (the improvement plan), due date and status (未対応 / 対応中).
    Arguments left out stay as they are (``due_date=None`` clears the date).

    改善確認済 is never set here: only ``confirm_finding`` closes a finding."""
    finding = _get_finding(session, finding_id)
    if content is not None:
        if not content.strip():
            raise ValidationError("指摘内容を入力してください。", "content")
        finding.content = content.strip()
    if response is not None:
        finding.response = response.strip()
    if due_date is not _KEEP:
        if due_date is not None and finding.audit.starts_at is not None and due_date < finding.audit.starts_at.date():
            raise ValidationError(
                f"改善期限（{due_date:%Y-%m-%d}）が監査の日（{finding.audit.starts_at:%Y-%m-%d}）より前です。", "due_date"
            )
        finding.due_date = due_date
    if status is not None and status != finding.status:
        if status == "confirmed":
            raise ValidationError(
                "改善確認済にできるのは、フォローアップ監査または次回の監査で改善を確認したときだけです"
                "（確認した監査を選んで「改善を確認」してください）。",
                "status",
            )
        if status not in FINDING_STATUS_LABELS:
            raise ValidationError(f"指摘事項の状況が正しくありません: {status}", "status")
        if finding.status == "confirmed":
            raise ValidationError("改善確認済の指摘事項は、確認を取り消してから変更してください。", "status")
        finding.status = status
    session.flush()
    return finding


def confirming_audit_problem(finding: Finding, audit: Audit) -> str | None:
    """Why ``audit`` cannot confirm ``finding`` (None when it can)."""
    source = finding.audit
    if audit.institution_id != source.institution_id:
        return "改善を確認できるのは、同じ機関の監査だけです。"
    if audit.id == source.id:
        return "指摘した監査そのものでは改善を確認できません（フォローアップ監査または次回の監査で確認します）。"
    if audit.status not in PERFORMED_STATUSES:
        return f"確認に使う監査がまだ実施されていません（{AUDIT_STATUS_LABELS[audit.status]}）。"
    later = (audit.fy, audit.starts_at or dt.datetime.min) > (source.fy, source.starts_at or dt.datetime.min)
    if not later:
        return "改善を確認できるのは、指摘した監査より後の監査だけです。"
    return None


def confirm_finding(session: Session, finding_id: int, by_audit_id: int, *, on: dt.date | None = None) -> Finding:
    """Close a finding: a follow-up (or the next audit) of the same institution confirmed the fix."""
    finding = _get_finding(session, finding_id)
    audit = get_audit(session, by_audit_id)
    problem = confirming_audit_problem(finding, audit)
    if problem:
        raise ValidationError(problem, "confirmed_by_audit_id")
    finding.status = "confirmed"
    finding.confirmed_by_audit_id = audit.id
    finding.confirmed_on = on or audit.starts_at.date()
    session.flush()
    return finding


def unconfirm_finding(session: Session, finding_id: int) -> Finding:
    finding = _get_finding(session, finding_id)
    if finding.status == "confirmed":
        finding.status = "in_progress"
        finding.confirmed_by_audit_id = None
        finding.confirmed_on = None
        session.flush()
    return finding


def _moment(when: dt.date | int | Audit) -> tuple[int, dt.datetime]:
    """A point in time comparable with an audit's ``(fy, starts_at)``: a fiscal year means
    its start (1 April), a day its first moment, an audit its start (an undated one the end
    of its year: everything carried out in the year so far comes before it)."""
    if isinstance(when, Audit):
        return when.fy, when.starts_at or dt.datetime.max
    if isinstance(when, dt.datetime):
        return fiscal_year_of(when.date()), when
    if isinstance(when, dt.date):
        return fiscal_year_of(when), dt.datetime.combine(when, dt.time.min)
    return int(when), dt.datetime.min


def _held_moment(fy: int, starts_at: dt.datetime | None) -> tuple[int, dt.datetime]:
    """When an audit of ``fy`` starting at ``starts_at`` was held (undated: its year's start)."""
    return fy, starts_at or dt.datetime.min


def _open_findings_select(columns, *, of_institution: bool) -> Select:
    """The select of the findings :func:`open_findings` looks at, up to a year (bound
    parameters ``fy``, ``institution_id``), as ``columns`` and the confirming audit's id,
    year and start. Built once per caller with bound parameters: SQLAlchemy keeps a built
    statement's cache key instead of walking a new one on every call.

    The confirming audit's year and start come in the same rows (outer join): one query,
    not one lookup per confirmed finding (資料2 asks for every finding up to its year). A
    finding confirmed by an audit of an earlier year than the cut's is closed by the rule in
    ``_still_open`` whatever the day; leaving it out in SQL keeps old, closed findings unread."""
    by = Audit.__table__.alias("confirming")
    fy = bindparam("fy")
    query = (
        select(*columns, by.c.id.label("by_id"), by.c.fy.label("by_fy"), by.c.starts_at.label("by_starts_at"))
        .select_from(Finding.__table__)
        .join(Audit.__table__, _FINDING.audit_id == _AUDIT.id)
    )
    if of_institution:
        query = query.where(_AUDIT.institution_id == bindparam("institution_id"))
    return (
        query.where(_AUDIT.fy <= fy, _AUDIT.status.in_(PERFORMED_STATUSES))
        .outerjoin(by, _FINDING.confirmed_by_audit_id == by.c.id)
        .where(or_(_FINDING.status != "confirmed", by.c.id.is_(None), by.c.fy >= fy))
        .order_by(_AUDIT.fy, _AUDIT.starts_at, _FINDING.id)
    )


@cache
def _open_findings_query(of_institution: bool) -> Select:
    """:func:`open_findings`'s statement with ``before``: the findings with their audits."""
    return _open_findings_select([Finding], of_institution=of_institution).options(joinedload(Finding.audit))


@cache
def _open_finding_rows_query() -> Select:
    """:func:`open_finding_rows`'s statement: plain columns, with the institution's names."""
    return _open_findings_select(
        [
            _FINDING.id,
            _FINDING.status,
            _FINDING.confirmed_on,
            _AUDIT.id.label("audit_id"),
            _AUDIT.fy,
            _AUDIT.kind,
            _AUDIT.starts_at,
            _AUDIT.institution_id,
            _INSTITUTION.short_name,
            _INSTITUTION.name,
        ],
        of_institution=False,
    ).join(Institution.__table__, _AUDIT.institution_id == _INSTITUTION.id)


def _still_open(
    cut: tuple[int, dt.datetime],
    source_fy: int,
    source_starts_at: dt.datetime | None,
    status: str,
    confirmed_on: dt.date | None,
    by_id: int | None,
    by_fy: int | None,
    by_starts_at: dt.datetime | None,
) -> bool:
    """A finding of an audit of ``source_fy`` (started at ``source_starts_at``) as it stood at
    ``cut``: found by then, and not confirmed before it (by the audit ``by_*``, or on
    ``confirmed_on`` when no audit is named)."""
    if not _held_moment(source_fy, source_starts_at) < cut:
        return False
    if status == "confirmed":
        if by_id is not None:
            confirmed_at = _held_moment(by_fy, by_starts_at)
        elif confirmed_on is not None:
            confirmed_at = _moment(confirmed_on)
        else:
            return False  # confirmed, nobody knows when: closed
        if confirmed_at < cut:
            return False
    return True


def open_findings(
    session: Session, institution_id: int | None = None, before: dt.date | int | Audit | None = None
) -> list[Finding]:
    """Findings not yet confirmed, oldest audit first: what a follow-up audit checks, what
    the next notice's 前回までの指摘事項 lists and what 資料2's 指摘内容と対応 carries on.

    A finding follows its institution from EVERY earlier audit (not only the last one)
    until a follow-up or a later audit confirms it. With ``before`` (a fiscal year = its 1
    April, a day, or an audit = its start), the findings as they stood then: found by an
    audit carried out before it and not confirmed by an audit before it — a finding a
    later audit confirmed is still open as of an earlier moment, so a notice printed again
    says the same. Without ``before``: every finding not confirmed now."""
    query = select(Finding).join(Audit, Finding.audit_id == Audit.id)
    if institution_id is not None:
        query = query.where(Audit.institution_id == institution_id)
    if before is None:
        query = query.where(Finding.status != "confirmed")
        return list(session.scalars(query.order_by(Audit.fy, Audit.starts_at, Finding.id)))
    cut = _moment(before)
    skip = before.id if isinstance(before, Audit) else None
    rows = session.execute(
        _open_findings_query(institution_id is not None), {"fy": cut[0], "institution_id": institution_id}
    )
    return [
        finding
        for finding, by_id, by_fy, by_starts_at in rows
        if finding.audit.id != skip
        and _still_open(
            cut, finding.audit.fy, finding.audit.starts_at, finding.status, finding.confirmed_on, by_id, by_fy, by_starts_at
        )
    ]


@dataclass(frozen=True)
class OpenFinding:
    """A finding still open at a moment (:func:`open_finding_rows`), as plain values."""

    id: int
    audit_id: int
    fy: int  # the year of the audit that found it
    kind: str  # that audit's kind
    institution_id: int
    institution: str  # the institution's report name


def open_finding_rows(session: Session, before: dt.date | int) -> list[OpenFinding]:
    """:func:`open_findings` ``(session, before=before)`` of every institution as plain values,
    read as table columns with no ORM objects (資料2 carries them on)."""
    cut = _moment(before)
    return [
        OpenFinding(row.id, row.audit_id, row.fy, row.kind, row.institution_id, report_name_of(row.short_name, row.name))
        for row in plain_rows(session, _open_finding_rows_query(), {"fy": cut[0]}).all()
        if _still_open(cut, row.fy, row.starts_at, row.status, row.confirmed_on, row.by_id, row.by_fy, row.by_starts_at)
    ]


def _get_finding(session: Session, finding_id: int) -> Finding:
    finding = session.get(Finding, finding_id)
    if finding is None:
        raise ValidationError("指定された指摘事項が見つかりません（削除された可能性があります）。")
    return finding


# ---------------------------------------------------------------- the report's 指摘内容と対応


@dataclass(frozen=True)
class FindingLine:
    """One distinct finding of the year, with the institutions it was found at."""

    content: str
    response: str
    status: str  # open / in_progress / confirmed ('open' for self-checks, which have no follow-up)
    institutions: tuple[str, ...]


@dataclass(frozen=True)
class FindingsSummary:
    """The facts behind a report's 指摘内容と対応 cell for one fiscal year and kind."""

    fy: int
    kind: str
    audits: int  # audits of the kind in the year (for 'self': checklists)
    results: int  # completed checklists behind it
    low_answers: int  # answers scored under 3 in those checklists
    lines: tuple[FindingLine, ...] = ()
    awaiting_results: int = 0  # audits carried out whose checklist is not complete yet
    scheduled: tuple[dt.date, ...] = ()  # dates of audits still to come (planned / notified)
    undated: int = 0  # audits still to come without a date
    confirmed: int = 0  # earlier findings these audits confirmed as fixed (follow-ups)
    held: int = 0  # audits carried out (done / reported); for 'self': checklists begun

    @property
    def no_issues(self) -> bool:
        return self.results > 0 and self.low_answers == 0


def findings_summary(session: Session, fy: int, kind: str) -> FindingsSummary:
    """Collect the findings of ``kind`` (self / internal / external / followup) in ``fy``."""
    return findings_summaries(session, fy, [kind])[kind]


@cache
def _findings_queries() -> dict[str, Select]:
    """The statements of :func:`findings_summaries`, built once with bound parameters (``fy``,
    ``kinds``, ``audited``): SQLAlchemy keeps a built statement's cache key instead of
    walking a new one on every call — most of the time of a small query."""
    fy = bindparam("fy")
    kinds = bindparam("kinds", expanding=True)
    audited = bindparam("audited", expanding=True)
    return {
        "checklists": select(
            _CHECKLIST.id,
            _CHECKLIST.kind,
            _CHECKLIST.institution_id,
            _CHECKLIST.status,
            _INSTITUTION.sort_order,
            _INSTITUTION.short_name,
            _INSTITUTION.name,
        )
        .join_from(Checklist.__table__, Institution.__table__, _CHECKLIST.institution_id == _INSTITUTION.id)
        .where(_CHECKLIST.fy == fy, _CHECKLIST.kind.in_(kinds)),
        # Counted in one query, and findings read with their audits: one query per audit
        # made 資料2 slow at national scale (tests/benchmarks, shiryo2_*).
        "confirmations": select(_FINDING.confirmed_by_audit_id, func.count(_FINDING.id))
        .join_from(Finding.__table__, Audit.__table__, _FINDING.confirmed_by_audit_id == _AUDIT.id)
        .where(_AUDIT.fy == fy, _AUDIT.kind.in_(audited))
        .group_by(_FINDING.confirmed_by_audit_id),
        # Each audit with its findings (none: one row of NULLs), audits in id order.
        "audits": select(
            _AUDIT.id,
            _AUDIT.kind,
            _AUDIT.institution_id,
            _AUDIT.status,
            _AUDIT.starts_at,
            _FINDING.id.label("finding_id"),
            _FINDING.item_id,
            _FINDING.content,
            _FINDING.response,
            _FINDING.status.label("finding_status"),
        )
        .outerjoin_from(Audit.__table__, Finding.__table__, _FINDING.audit_id == _AUDIT.id)
        .where(_AUDIT.fy == fy, _AUDIT.kind.in_(audited))
        .order_by(_AUDIT.id, _FINDING.id),
        # Only the answers under 3, in one query (not every answer of every checklist).
        "low_answers": select(
            _ANSWER.checklist_id, _ANSWER.item_id, _ANSWER.remark, _ITEM.position, _ITEM.number, _ITEM.text
        )
        .join_from(Answer.__table__, Checklist.__table__, _ANSWER.checklist_id == _CHECKLIST.id)
        .join(TemplateItem.__table__, _ANSWER.item_id == _ITEM.id)
        .where(_CHECKLIST.fy == fy, _CHECKLIST.kind.in_(kinds), low_score_clause(_ANSWER.score)),
    }


@dataclass
class _YearAudit:
    """An audit of the summarised year as :func:`_findings_summary` reads it, with its findings."""

    id: int
    kind: str
    institution_id: int
    status: str
    starts_at: dt.datetime | None
    findings: list = field(default_factory=list)  # rows of the "audits" query, finding_id not NULL


def findings_summaries(session: Session, fy: int, kinds) -> dict[str, FindingsSummary]:
    """:func:`findings_summary` of each of ``kinds`` in ``fy``, read together: each query
    runs once for all the kinds (資料2 needs every kind of the year)."""
    kinds = list(dict.fromkeys(kinds))
    audit_kinds_wanted = [kind for kind in kinds if audit_kinds.is_audit(kind)]
    queries = _findings_queries()
    params = {"fy": fy, "kinds": kinds, "audited": audit_kinds_wanted}
    checklists: dict[str, dict[int, object]] = {kind: {} for kind in kinds}
    for checklist in plain_rows(session, queries["checklists"], params).all():
        checklists[checklist.kind][checklist.institution_id] = checklist
    audits_by_kind: dict[str, list[_YearAudit]] = {kind: [] for kind in audit_kinds_wanted}
    confirm_counts: dict[int, int] = {}
    if audit_kinds_wanted:
        confirm_counts = dict(plain_rows(session, queries["confirmations"], params).all())
        audit = None
        for row in plain_rows(session, queries["audits"], params).all():
            if audit is None or audit.id != row.id:
                audit = _YearAudit(row.id, row.kind, row.institution_id, row.status, row.starts_at)
                audits_by_kind[audit.kind].append(audit)
            if row.finding_id is not None:
                audit.findings.append(row)
    low_by_checklist: dict[int, list] = {}
    for answer in plain_rows(session, queries["low_answers"], params).all():
        low_by_checklist.setdefault(answer.checklist_id, []).append(answer)
    return {
        kind: _findings_summary(
            fy, kind, checklists[kind], audits_by_kind.get(kind, []), confirm_counts, low_by_checklist
        )
        for kind in kinds
    }


def _findings_summary(
    fy: int,
    kind: str,
    checklists: dict[int, object],
    audits_of_kind: list[_YearAudit],
    confirm_counts: dict[int, int],
    low_by_checklist: dict[int, list],
) -> FindingsSummary:
    """One kind's summary from the rows :func:`findings_summaries` read: its checklists by
    institution, its audits, confirmations by confirming audit and answers under 3 by checklist."""
    complete = {iid: c for iid, c in checklists.items() if c.status == "complete"}
    findings: dict[tuple[int, int | None], object] = {}
    scheduled: set[dt.date] = set()
    undated = awaiting = audits = confirmed = held = 0
    if audit_kinds.is_audit(kind):
        performed = set()
        for audit in audits_of_kind:
            audits += 1
            if audit.status in PENDING_STATUSES:
                if audit.starts_at is None:
                    undated += 1
                else:
                    scheduled.add(audit.starts_at.date())
                continue
            performed.add(audit.institution_id)
            held += 1
            confirmed += confirm_counts.get(audit.id, 0)
            # A follow-up (not scored) without a checklist of its own is complete with its confirmations.
            optional = not audit_kinds.kind(kind).scored and audit.institution_id not in checklists
            if audit.institution_id not in complete and not optional:
                awaiting += 1
            for finding in audit.findings:
                findings[(audit.institution_id, finding.item_id)] = finding
        complete = {iid: c for iid, c in complete.items() if iid in performed}
    else:
        audits = held = len(checklists)
    grouped: OrderedDict[tuple[str, str, str], list[str]] = OrderedDict()
    # In item order, then registry order; ``seq`` keeps equal ones in the order read (as a
    # stable sort would) and the tuples compare natively (thousands of answers nationally).
    rows = []
    for checklist in complete.values():
        answers = low_by_checklist.get(checklist.id)
        if not answers:
            continue
        iid, order = checklist.institution_id, checklist.sort_order
        label = report_name_of(checklist.short_name, checklist.name)
        rows += [(answer.position, order, iid, len(rows) + n, label, answer) for n, answer in enumerate(answers)]
    low_answers = len(rows)
    rows.sort()
    for _position, _order, iid, _seq, label, answer in rows:
        finding = findings.get((iid, answer.item_id))
        if finding is not None:
            key = (finding.content, finding.response, finding.finding_status)
        else:
            key = (finding_text(answer.remark, answer.number, answer.text), "", "open")
        grouped.setdefault(key, []).append(label)
    lines = tuple(FindingLine(c, r, s, tuple(insts)) for (c, r, s), insts in grouped.items())
    return FindingsSummary(
        fy=fy,
        kind=kind,
        audits=audits,
        results=len(complete),
        low_answers=low_answers,
        lines=lines,
        awaiting_results=awaiting,
        scheduled=tuple(sorted(scheduled)),
        undated=undated,
        confirmed=confirmed,
        held=held,
    )


def scheduled_dates_text(dates, *, fullwidth: bool = False) -> str:
    """'12月18日' / '12月17日、18日、1月20日': month and day of each date in order, the
    month written once for consecutive dates of the same month."""
    parts = []
    previous = None
    for day in sorted(set(dates)):
        month = (day.year, day.month)
        parts.append(f"{day.day}日" if month == previous else f"{day.month}月{day.day}日")
        previous = month
    text = "、".join(parts)
    return to_fullwidth(text) if fullwidth else text


def _line_text(line: FindingLine, *, with_status: bool) -> str:
    text = f"・{line.content}"
    if len(line.institutions) > 1:
        text += f"（{len(line.institutions)}機関）"
    if line.response:
        text += f"→{line.response}"
    if with_status and line.status != "open":
        text += f"（{FINDING_STATUS_LABELS[line.status]}）"
    return text


def render_findings_text(summary: FindingsSummary, *, max_lines: int | None = None, fullwidth: bool = False) -> str:
    """The report cell. ``改善を要する項目なし`` when every answered item scored 3; otherwise the
    number of items and one line per distinct finding (→ response, status); then, for
    audits still to come, ``12月18日に実施予定``. Empty when the kind has nothing that year."""
    parts: list[str] = []
    if summary.results:
        if summary.low_answers == 0:
            parts.append(NO_ISSUES_TEXT)
        else:
            parts.append(f"改善を要する項目 {summary.low_answers}件")
            shown = summary.lines if max_lines is None else summary.lines[:max_lines]
            parts.extend(_line_text(line, with_status=audit_kinds.is_audit(summary.kind)) for line in shown)
            if len(summary.lines) > len(shown):
                parts.append(f"ほか{len(summary.lines) - len(shown)}件")
    if summary.confirmed:
        parts.append(f"指摘事項 {summary.confirmed}件の改善を確認")
    if summary.awaiting_results:
        parts.append(f"{summary.awaiting_results}機関は結果取りまとめ中")
    if summary.scheduled:
        parts.append(scheduled_dates_text(summary.scheduled) + SCHEDULED_SUFFIX)
    if summary.undated:
        parts.append(f"{summary.undated}機関は日程調整中")
    text = "\n".join(parts)
    return to_fullwidth(text) if fullwidth else text


def findings_text(session: Session, fy: int, kind: str, *, max_lines: int | None = None, fullwidth: bool = False) -> str:
    """The 指摘内容と対応 of 資料2 for ``kind`` in ``fy`` (see ``render_findings_text``)."""
    return render_findings_text(findings_summary(session, fy, kind), max_lines=max_lines, fullwidth=fullwidth)
