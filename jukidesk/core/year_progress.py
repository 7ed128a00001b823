"""今年度の進捗: the clerk's fiscal year as an ordered list of steps, each with its status,
a one-line Japanese detail and the key of the action that moves it on.

The steps, in the order the year runs:

1. ``prepare``   年度の準備 — registry changes for the year, the template version in force,
   the year's checklists created (``core.year_workflow.prepare_year``);
2. ``distribute`` 自己点検の配布 — the self-inspection workbooks written out (recorded as a
   ``year_event``);
3. ``collect``   回収状況 — returned checklists n/N and days past the due date (setting
   ``self_check_due``);
4. ``plan``      監査計画 — the year's audits against the cycle plan's counts, and their dates;
5. ``notify``    監査通知 — audits still 予定 whose notice is due (setting
   ``notice_lead_days`` before the audit);
6. ``results``   監査結果 — audits whose day has passed without their results entered;
7. ``findings``  指摘事項のフォローアップ — open findings by due date, overdue ones;
8. ``report``    資料2 — generated (``year_event``) and issued (発行済: ``reports.issued`` keeps
   the frozen version).

"Today" is the organisation's reference date (setting ``reference_date``, else the real
today) so a demo or a test can stand on any day of the year. Everything here only reads;
the actions live in ``core.year_workflow``, ``exchange.distribution`` and
``reports.year_papers``. Qt-free.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jukidesk.base import audit_kinds
from jukidesk.base.fiscal import YearStyle, screen_date
from jukidesk.base.settings_specs import parse_month_day
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
from jukidesk.core import obligations
from jukidesk.core.municipal import year_steps as city_year_steps
from jukidesk.core.registry import list_institutions
from jukidesk.core.settings import load_settings, reference_date, year_style
from jukidesk.core.summary import year_summary
from jukidesk.core.templates import template_for_year
from jukidesk.storage.models import (
    Audit,
    Checklist,
    ChecklistEvent,
    Finding,
    Institution,
    YearEvent,
)

# The kinds, from their table (base.audit_kinds); the functions below read the table itself.
ROTATION_KINDS = audit_kinds.rotating_codes()  # the kinds the cycle plan distributes
RESULT_KINDS = audit_kinds.scored_audit_codes()  # audits whose results are entered as a checklist
SUMMARY_KINDS = audit_kinds.scored_codes()

NOT_STARTED, IN_PROGRESS, DONE, ATTENTION = "not_started", "in_progress", "done", "attention"
STATUS_LABELS = {NOT_STARTED: "未着手", IN_PROGRESS: "進行中", DONE: "完了", ATTENTION: "要対応"}

STEP_TITLES = {
    "prepare": "年度の準備",
    "distribute": "自己点検の配布",
    "collect": "回収状況",
    "plan": "監査計画",
    "notify": "監査通知",
    "results": "監査結果",
    "findings": "指摘事項のフォローアップ",
    "report": "資料2",
}
STEP_TITLES.update(city_year_steps.STEP_TITLES)  # a city's own steps (setting org_kind)

# Action keys the GUI maps to buttons, with their labels (the CLI prints them as hints).
ACTION_LABELS = {
    "prepare": "年度の準備をする",
    "template": "テンプレートを読み込む",
    "export": "Excel ブックを書き出す",
    "import": "回収したファイルを取り込む",
    "apply_plan": "巡目の計画を適用",
    "calendar": "監査カレンダーで日程を決める",
    "schedule": "日程の案を入れる",
    "notices": "通知を印刷して通知済にする",
    "enter_results": "結果を入力する",
    "mark_done": "実施済にする",
    "findings": "指摘事項の一覧を書き出す",
    "report": "資料2を作成（Excel・PDF）",
    "mark_issued": "発行済にする",
}
ACTION_LABELS.update(city_year_steps.ACTION_LABELS)

NAMES_SHOWN = 3  # institutions named in a detail line before 「ほかN機関」


# ---------------------------------------------------------------- small helpers




def date_in_fiscal_year(fy: int, month: int, day: int) -> dt.date:
    """The day of ``fy`` with that month and day (January–March belong to the next calendar year)."""
    return dt.date(fy if month >= 4 else fy + 1, month, day)


def short_date(day: dt.date) -> str:
    """'H26.10.21（火）': the screens' one date style (base.fiscal.screen_date)."""
    return screen_date(day)


def names_text(names: list[str], limit: int = NAMES_SHOWN) -> str:
    shown = "、".join(names[:limit])
    return shown + (f" ほか{len(names) - limit}機関" if len(names) > limit else "")


def _stamp(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


# ---------------------------------------------------------------- the result


@dataclass(frozen=True)
class Step:
    key: str
    status: str
    detail: str
    action: str | None = None

    @property
    def title(self) -> str:
        return STEP_TITLES[self.key]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, "") if self.action else ""

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "status": self.status,
            "status_label": self.status_label,
            "detail": self.detail,
            "action": self.action,
        }


@dataclass(frozen=True)
class NextAudit:
    starts_at: dt.datetime
    kind: str
    institution: str

    def text(self) -> str:
        return f"{short_date(self.starts_at.date())} {self.institution}（{CHECKLIST_KIND_LABELS[self.kind]}）"


@dataclass(frozen=True)
class YearCounts:
    """The figures at a glance."""

    targets: int  # institutions that fill in the self-inspection this year
    returned: int  # of them, returned (imported or completed)
    completed: int  # of them, completed
    averages: dict[str, Fraction | None] = field(default_factory=dict)  # self / internal / external
    open_findings: int = 0
    overdue_findings: int = 0
    next_audit: NextAudit | None = None

    def as_json(self) -> dict:
        from jukidesk.core.scoring import format_score

        return {
            "returned": self.returned,
            "targets": self.targets,
            "completed": self.completed,
            "averages": {kind: format_score(value) for kind, value in self.averages.items()},
            "open_findings": self.open_findings,
            "overdue_findings": self.overdue_findings,
            "next_audit": self.next_audit.starts_at.isoformat(timespec="minutes") if self.next_audit else None,
        }


@dataclass(frozen=True)
class YearOverview:
    fy: int
    today: dt.date
    steps: tuple[Step, ...]
    counts: YearCounts

    def step(self, key: str) -> Step:
        return next(step for step in self.steps if step.key == key)

    def statuses(self) -> dict[str, str]:
        return {step.key: step.status for step in self.steps}

    def as_json(self) -> dict:
        return {
            "fy": self.fy,
            "today": self.today.isoformat(),
            "steps": [step.as_json() for step in self.steps],
            "counts": self.counts.as_json(),
        }


# ---------------------------------------------------------------- what the year should have


def wanted_checklists(session: Session, fy: int) -> list[tuple[str, Institution]]:
    """The checklists the year needs: a self-inspection for every institution in the
    registry, and one per internal/external audit of the year (registry order); the rule
    is ``core.obligations.wanted_checklists``."""
    return obligations.wanted_checklists(session, fy)


def existing_checklists(session: Session, fy: int) -> dict[tuple[str, int], Checklist]:
    return {(c.kind, c.institution_id): c for c in session.scalars(select(Checklist).where(Checklist.fy == fy))}


@dataclass(frozen=True)
class RegistryChanges:
    institutions: int
    new: tuple[str, ...]  # valid from this year
    left: tuple[str, ...]  # valid until last year: no longer in the registry
    ending: tuple[str, ...]  # this year is their last

    def text(self) -> str:
        parts = []
        if self.new:
            parts.append(f"新規 {names_text(list(self.new))}")
        if self.left:
            parts.append(f"前年度で廃止 {names_text(list(self.left))}")
        if self.ending:
            parts.append(f"本年度で終了 {names_text(list(self.ending))}")
        return "、".join(parts) if parts else "前年度から変更なし"


def registry_changes(session: Session, fy: int) -> RegistryChanges:
    everyone = list_institutions(session)
    return RegistryChanges(
        institutions=sum(1 for inst in everyone if inst.valid_in(fy)),
        new=tuple(inst.report_name for inst in everyone if inst.valid_from_fy == fy),
        left=tuple(inst.report_name for inst in everyone if inst.valid_until_fy == fy - 1),
        ending=tuple(inst.report_name for inst in everyone if inst.valid_until_fy == fy),
    )


def cycle_targets(session: Session, fy: int) -> dict[str, int] | None:
    """{rotating kind: audits} the cycle plan calls for in ``fy`` (the previous cycle's
    counts, as the planner takes them), or None when they cannot be known (first cycle)."""
    from jukidesk.core.planner import PlanError, planning_context

    cycle = year_style(session).cycle(fy)
    try:
        targets = planning_context(session, cycle.first_fy).targets()
    except PlanError:
        return None
    index = fy - cycle.first_fy
    return {kind: targets.count(index, kind) for kind in audit_kinds.rotating_codes()}


def cycle_has_plan(session: Session, fy: int) -> bool:
    """Whether any audit of a rotating kind is stored in the cycle ``fy`` belongs to."""
    years = list(year_style(session).cycle(fy).years)
    return bool(
        session.scalar(
            select(func.count(Audit.id)).where(Audit.fy.in_(years), Audit.kind.in_(audit_kinds.rotating_codes()))
        )
    )


def unplanned_institutions(session: Session, fy: int) -> list[Institution]:
    """事務利用機関 due an audit in the cycle of ``fy`` (``core.obligations.due_in_cycle``)
    that no audit of a rotating kind in the cycle covers."""
    years = list(year_style(session).cycle(fy).years)
    covered = set(
        session.scalars(
            select(Audit.institution_id).where(Audit.fy.in_(years), Audit.kind.in_(audit_kinds.rotating_codes()))
        )
    )
    return [inst for inst in obligations.due_in_cycle(session, years) if inst.id not in covered]


def returned_institutions(session: Session, fy: int) -> set[int]:
    """Institutions whose self-inspection for ``fy`` came back: answers imported from a
    workbook (folder import or the checklist tab's import: an ``import`` event) or completed."""
    returned = set(
        session.scalars(
            select(Checklist.institution_id).where(
                Checklist.fy == fy, Checklist.kind == "self", Checklist.status == "complete"
            )
        )
    )
    returned |= set(
        session.scalars(
            select(Checklist.institution_id)
            .join(ChecklistEvent, ChecklistEvent.checklist_id == Checklist.id)
            .where(Checklist.fy == fy, Checklist.kind == "self", ChecklistEvent.action == "import")
        )
    )
    return returned


def last_event(session: Session, fy: int, action: str) -> YearEvent | None:
    return session.scalars(
        select(YearEvent).where(YearEvent.fy == fy, YearEvent.action == action).order_by(YearEvent.id.desc())
    ).first()


def notice_due(audit: Audit, lead_days: int) -> dt.date | None:
    """The day the notice should go out at the latest (``lead_days`` before the audit)."""
    return audit.starts_at.date() - dt.timedelta(days=lead_days) if audit.starts_at is not None else None


def audits_needing_notice(session: Session, fy: int, today: dt.date, lead_days: int) -> list[Audit]:
    """Audits still 予定, dated, whose notice is due by ``today`` (by date)."""
    return [
        audit
        for audit in year_audits(session, fy)
        if audit.status == "planned" and audit.starts_at is not None and notice_due(audit, lead_days) <= today
    ]


def year_audits(session: Session, fy: int) -> list[Audit]:
    from jukidesk.core.audits import list_audits

    return list_audits(session, fy)


def result_entered(audit: Audit, checklists: dict[tuple[str, int], Checklist]) -> bool:
    """An audit's results are in: carried out (実施済/報告済) and, for internal and external
    audits, its checklist completed."""
    if audit.status not in ("done", "reported"):
        return False
    if audit.kind not in audit_kinds.scored_audit_codes():
        return True
    checklist = checklists.get((audit.kind, audit.institution_id))
    return checklist is not None and checklist.status == "complete"


def audits_awaiting_results(audits: list[Audit], checklists: dict[tuple[str, int], Checklist], today: dt.date) -> list[Audit]:
    """Audits whose day has passed (before ``today``) without their results entered, by date."""
    waiting = [
        a
        for a in audits
        if a.starts_at is not None and a.starts_at.date() < today and not result_entered(a, checklists)
    ]
    return sorted(waiting, key=lambda a: a.starts_at)


def audits_ready_to_mark_done(session: Session, fy: int, today: dt.date) -> list[Audit]:
    """Audits notified, whose day has come and whose checklist is complete: only the status
    is missing (実施済)."""
    checklists = existing_checklists(session, fy)
    ready = []
    for audit in year_audits(session, fy):
        if audit.status != "notified" or audit.starts_at is None or audit.starts_at.date() > today:
            continue
        checklist = checklists.get((audit.kind, audit.institution_id))
        if audit.kind not in audit_kinds.scored_audit_codes() or (checklist is not None and checklist.status == "complete"):
            ready.append(audit)
    return ready


@dataclass(frozen=True)
class OpenFinding:
    """A finding not yet confirmed, for the follow-up list."""

    finding_id: int
    fy: int
    kind: str
    institution: str
    audit_date: dt.date | None
    item: str
    content: str
    response: str
    status: str
    due_date: dt.date | None
    days_overdue: int  # 0 when not overdue or without a due date


def open_findings_until(session: Session, fy: int, today: dt.date) -> list[OpenFinding]:
    """Findings of audits up to ``fy`` not yet confirmed, by due date (undated last)."""
    rows = session.scalars(
        select(Finding)
        .join(Audit, Finding.audit_id == Audit.id)
        .where(Finding.status != "confirmed", Audit.fy <= fy)
        .order_by(Audit.fy, Audit.starts_at, Finding.id)
    )
    result = []
    for finding in rows:
        audit = finding.audit
        overdue = (today - finding.due_date).days if finding.due_date is not None and finding.due_date < today else 0
        item = f"{finding.item.number} {finding.item.text}" if finding.item is not None else ""
        result.append(
            OpenFinding(
                finding.id,
                audit.fy,
                audit.kind,
                audit.institution.report_name,
                audit.starts_at.date() if audit.starts_at else None,
                item,
                finding.content,
                finding.response,
                finding.status,
                finding.due_date,
                overdue,
            )
        )
    return sorted(result, key=lambda f: (f.due_date is None, f.due_date or dt.date.max, f.finding_id))


# ---------------------------------------------------------------- the steps


def year_overview(session: Session, fy: int, *, today: dt.date | None = None) -> YearOverview:
    """Every step of ``fy`` and the counts at a glance, as of ``today`` (default: the
    organisation's reference date, else the real today)."""
    today = reference_date(session, today)
    settings = load_settings(session)
    style = year_style(session)
    # One query for the whole registry, kept referenced: the audits' and checklists'
    # institutions are then found in the session instead of one query each.
    everyone = list_institutions(session)
    audits = year_audits(session, fy)
    checklists = existing_checklists(session, fy)
    targets = list_institutions(session, fy)
    returned = returned_institutions(session, fy) & {inst.id for inst in targets}
    completed = {
        iid for (kind, iid), c in checklists.items() if kind == "self" and c.status == "complete"
    } & {inst.id for inst in targets}
    findings = open_findings_until(session, fy, today)

    steps = (
        _prepare_step(session, fy, checklists),
        _distribute_step(session, fy, len(targets), len(returned)),
        _collect_step(fy, today, settings, targets, returned, completed),
        _plan_step(session, fy, style, audits),
        _notify_step(fy, today, int(settings["notice_lead_days"]), audits),
        _results_step(today, audits, checklists),
        _findings_step(today, findings),
    ) + _last_steps(session, fy, today)
    figures = year_summary(session, fy)
    upcoming = [
        a for a in audits if a.status in ("planned", "notified") and a.starts_at is not None and a.starts_at.date() >= today
    ]
    upcoming.sort(key=lambda a: a.starts_at)
    counts = YearCounts(
        targets=len(targets),
        returned=len(returned),
        completed=len(completed),
        averages={kind: figures[kind].average for kind in audit_kinds.scored_codes()},
        open_findings=len(findings),
        overdue_findings=sum(1 for f in findings if f.days_overdue),
        next_audit=(
            NextAudit(upcoming[0].starts_at, upcoming[0].kind, upcoming[0].institution.report_name) if upcoming else None
        ),
    )
    del everyone
    return YearOverview(fy, today, steps, counts)


def _last_steps(session: Session, fy: int, today: dt.date) -> tuple[Step, ...]:
    """資料2 for a prefecture; a city's own steps (``core.municipal.year_steps``) instead,
    chosen by the setting ``org_kind``."""
    from jukidesk.core.municipal.common import is_municipality

    if not is_municipality(session):
        return (_report_step(session, fy),)
    rows = city_year_steps.city_steps(session, fy, today)
    return tuple(Step(key, status, detail, action or None) for key, status, detail, action in rows)


def _prepare_step(session: Session, fy: int, checklists) -> Step:
    template = template_for_year(session, fy)
    if template is None:
        return Step("prepare", ATTENTION, "この年度に使うチェックリストのテンプレートがありません。", "template")
    changes = registry_changes(session, fy)
    wanted = wanted_checklists(session, fy)
    made = sum(1 for kind, inst in wanted if (kind, inst.id) in checklists)
    detail = (
        f"機関 {changes.institutions}（{changes.text()}）・テンプレート第{template.version}版"
        f"・チェックリスト {made}/{len(wanted)} 作成済"
    )
    if wanted and made == len(wanted):
        return Step("prepare", DONE, detail)
    return Step("prepare", NOT_STARTED if made == 0 else IN_PROGRESS, detail, "prepare")


def _distribute_step(session: Session, fy: int, targets: int, returned: int) -> Step:
    event = last_event(session, fy, "export")
    if event is None:
        if returned:
            return Step("distribute", DONE, "書き出しの記録はありませんが、回収が始まっています。")
        return Step("distribute", NOT_STARTED, f"{targets}機関分の Excel ブックはまだ書き出していません。", "export")
    detail = f"{event.count}/{targets}機関分を書き出し済（{_stamp(event.at)}）"
    if event.detail:
        detail += f" {event.detail}"
    if event.count >= targets:
        return Step("distribute", DONE, detail)
    return Step("distribute", IN_PROGRESS, detail, "export")


def _collect_step(fy: int, today: dt.date, settings: dict, targets, returned: set[int], completed: set[int]) -> Step:
    total = len(targets)
    month, day = parse_month_day(settings["self_check_due"])
    due = date_in_fiscal_year(fy, month, day)
    missing = [inst.report_name for inst in targets if inst.id not in returned]
    head = f"回収 {len(returned)}/{total}（完了 {len(completed)}）"
    if total and not missing and len(completed) == total:
        return Step("collect", DONE, f"{head}・全機関の自己点検が完了しています。")
    if not missing:
        open_names = [inst.report_name for inst in targets if inst.id not in completed]
        return Step("collect", IN_PROGRESS, f"{head}・未完了 {names_text(open_names)}（チェックリストの入力不足）", "import")
    if today > due:
        late = (today - due).days
        return Step(
            "collect", ATTENTION, f"{head}・提出期限 {short_date(due)}を{late}日超過: 未回収 {names_text(missing)}", "import"
        )
    left = (due - today).days
    detail = f"{head}・提出期限 {short_date(due)}（あと{left}日）"
    if returned:
        return Step("collect", IN_PROGRESS, f"{detail}・未回収 {names_text(missing)}", "import")
    return Step("collect", NOT_STARTED, detail, "import")


def _span_text(audits: list[Audit]) -> str:
    days = sorted(a.starts_at.date() for a in audits if a.starts_at is not None)
    if not days:
        return ""
    first, last = days[0], days[-1]
    return f"{first.month}月{first.day}日" + ("" if first == last else f"〜{last.month}月{last.day}日")


def _plan_step(session: Session, fy: int, style: YearStyle, audits: list[Audit]) -> Step:
    cycle = style.cycle(fy)
    cycle_text = f"{cycle.label(fullwidth=False)}（{style.short(cycle.first_fy)}〜{style.short(cycle.last_fy)}）"
    # Every rotating kind is named (内部監査 0件 too); the others (フォローアップ) when there are some.
    counts = {kind: sum(1 for a in audits if a.kind == kind) for kind in audit_kinds.audit_codes()}
    stored = "・".join(
        f"{CHECKLIST_KIND_LABELS[kind]} {count}件"
        for kind, count in counts.items()
        if count or audit_kinds.kind(kind).rotates
    )
    if not cycle_has_plan(session, fy):
        expected = cycle_targets(session, fy)
        if expected is None:
            return Step("plan", NOT_STARTED, f"{cycle_text}の計画がありません（件数を決めて監査カレンダーで計画）。", "calendar")
        this_year = "・".join(f"{audit_kinds.SHORT_LABELS[kind]} {count}件" for kind, count in expected.items())
        return Step(
            "plan",
            NOT_STARTED,
            f"{cycle_text}の計画がありません。前の巡目の件数で計画します（本年度 {this_year}）。",
            "apply_plan",
        )
    missing = unplanned_institutions(session, fy)
    if missing:
        return Step(
            "plan",
            ATTENTION,
            f"本年度は{stored}。{cycle_text}の計画に入っていない機関が{len(missing)}あります: "
            f"{names_text([inst.report_name for inst in missing])}",
            "apply_plan",
        )
    undated = [a for a in audits if a.starts_at is None]
    if undated:
        from jukidesk.core.scheduler import propose_for_years

        # one button dates them (core.scheduler) while the rules leave room; else the calendar
        placeable = bool(propose_for_years(session, [fy]).proposed)
        return Step(
            "plan",
            IN_PROGRESS,
            f"{stored}・日程未定 {len(undated)}件（{names_text([a.institution.report_name for a in undated])}）",
            "schedule" if placeable else "calendar",
        )
    if not audits:
        return Step("plan", DONE, f"{cycle_text}: この年度の監査の予定はありません。")
    return Step("plan", DONE, f"{stored}（{_span_text(audits)}）")


def _notify_step(fy: int, today: dt.date, lead_days: int, audits: list[Audit]) -> Step:
    if not audits:
        return Step("notify", NOT_STARTED, "通知する監査はまだありません。")
    pending = [a for a in audits if a.status == "planned"]
    sent = len(audits) - len(pending)
    if not pending:
        return Step("notify", DONE, f"全{len(audits)}件 通知済")
    dated = [a for a in pending if a.starts_at is not None]
    due = [a for a in dated if notice_due(a, lead_days) <= today]
    head = f"通知済 {sent}/{len(audits)}"
    if due:
        first = min(due, key=lambda a: a.starts_at)
        late = [a for a in due if a.starts_at.date() < today]
        text = f"{head}・通知が必要 {len(due)}件（{short_date(first.starts_at.date())} {first.institution.report_name}"
        text += f" ほか{len(due) - 1}件）" if len(due) > 1 else "）"
        if late:
            text += f"・監査日を過ぎても予定のまま {len(late)}件"
        return Step("notify", ATTENTION, text, "notices")
    if dated:
        first = min(dated, key=lambda a: a.starts_at)
        text = (
            f"{head}・次の通知は {short_date(notice_due(first, lead_days))}までに "
            f"{first.institution.report_name}（{short_date(first.starts_at.date())}の{CHECKLIST_KIND_LABELS[first.kind]}）"
        )
        return Step("notify", IN_PROGRESS if sent else NOT_STARTED, text, "notices")
    return Step("notify", IN_PROGRESS if sent else NOT_STARTED, f"{head}・日程未定 {len(pending)}件（日程が決まると通知できます）")


def _results_step(today: dt.date, audits: list[Audit], checklists) -> Step:
    if not audits:
        return Step("results", NOT_STARTED, "監査の予定はまだありません。")
    entered = [a for a in audits if result_entered(a, checklists)]
    if len(entered) == len(audits):
        return Step("results", DONE, f"全{len(audits)}件の結果を入力済")
    passed = audits_awaiting_results(audits, checklists, today)
    head = f"入力済 {len(entered)}/{len(audits)}"
    if passed:
        names = [f"{a.institution.report_name}（{CHECKLIST_KIND_LABELS[a.kind]} {a.starts_at.month}月{a.starts_at.day}日）" for a in passed]
        ready = [
            a
            for a in passed
            if a.status == "notified"
            and (
                a.kind not in audit_kinds.scored_audit_codes()
                or getattr(checklists.get((a.kind, a.institution_id)), "status", "") == "complete"
            )
        ]
        action = "mark_done" if ready else "enter_results"
        detail = f"{head}・監査日を過ぎて結果が未入力 {len(passed)}件: {'、'.join(names[:NAMES_SHOWN])}"
        if len(names) > NAMES_SHOWN:
            detail += f" ほか{len(names) - NAMES_SHOWN}件"
        if ready:
            detail += f"（うち{len(ready)}件はチェックリスト完了、実施済への更新待ち）"
        return Step("results", ATTENTION, detail, action)
    upcoming = sorted((a for a in audits if a not in entered and a.starts_at is not None), key=lambda a: a.starts_at)
    detail = head + (f"・次の監査 {short_date(upcoming[0].starts_at.date())}" if upcoming else "")
    return Step("results", IN_PROGRESS if entered else NOT_STARTED, detail)


def _findings_step(today: dt.date, findings: list[OpenFinding]) -> Step:
    if not findings:
        return Step("findings", DONE, "改善の確認を待つ指摘事項はありません。")
    overdue = [f for f in findings if f.days_overdue]
    undated = sum(1 for f in findings if f.due_date is None)
    head = f"未確認 {len(findings)}件"
    if overdue:
        worst = max(overdue, key=lambda f: f.days_overdue)
        return Step(
            "findings",
            ATTENTION,
            f"{head}・期限超過 {len(overdue)}件（最長 {worst.days_overdue}日: {worst.institution}）",
            "findings",
        )
    dated = [f for f in findings if f.due_date is not None]
    parts = [head]
    if dated:
        parts.append(f"次の期限 {short_date(dated[0].due_date)} {dated[0].institution}")
    if undated:
        parts.append(f"期限未設定 {undated}件")
    return Step("findings", IN_PROGRESS, "・".join(parts), "findings")


def latest_issued_shiryo2(session: Session, fy: int):
    """The newest 発行済 version of the year's 資料2 (stored by ``reports.issued``), or None."""
    from jukidesk.storage.models_evidence import IssuedPaper

    return session.scalars(
        select(IssuedPaper)
        .where(IssuedPaper.paper == "shiryo2", IssuedPaper.fy == fy)
        .order_by(IssuedPaper.issued_at.desc(), IssuedPaper.id.desc())
    ).first()


def changed_since(session: Session, event: YearEvent) -> bool:
    """Whether the data changed after ``event``: a change-log row with a higher id than the
    event's ``change_id``; events recorded before that column (NULL) compare timestamps,
    which the history keeps to the second."""
    from jukidesk.storage.models_history import ChangeLog

    if event.change_id is not None:
        later = select(ChangeLog.id).where(ChangeLog.id > event.change_id)
    else:
        later = select(ChangeLog.id).where(ChangeLog.at > event.at)
    return session.scalar(later.limit(1)) is not None


def _report_step(session: Session, fy: int) -> Step:
    issued = latest_issued_shiryo2(session, fy)
    generated = last_event(session, fy, "report_generated")
    if issued is not None:
        by = f" {issued.issued_by}" if issued.issued_by else ""
        return Step("report", DONE, f"発行済（{_stamp(issued.issued_at)}{by}）")
    if generated is None:
        return Step("report", NOT_STARTED, "資料2はまだ作成していません。", "report")
    if changed_since(session, generated):
        return Step("report", IN_PROGRESS, f"作成後にデータが変更されています（作成 {_stamp(generated.at)}）。作り直してください。", "report")
    return Step("report", IN_PROGRESS, f"作成済・未提出（{_stamp(generated.at)}）", "mark_issued")
