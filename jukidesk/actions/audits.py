"""Audits, their findings and the rotation plan: what the calendar, the audit and findings
dialogs, the plan dialog and ``jukidesk plan`` change.

Every action counts "today" from the organisation's 基準日 (``base.today``), never from the
PC's clock, and reports ``Area.AUDITS``. Applying a plan takes a ``before-bulk`` generation
of the file first, outside its transaction, and only once the plan has passed every rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from jukidesk.actions.base import Area, Outcome, read, write
from jukidesk.actions.base import today as reference_day
from jukidesk.base.fiscal import YearStyle, fiscal_year_of
from jukidesk.core import audits as core_audits
from jukidesk.core import planner, scheduler
from jukidesk.core.audits import AuditData, FindingSync
from jukidesk.core.calendar import audit_warnings
from jukidesk.core.planner import ApplyResult, Pin, Plan, PlanError, Targets
from jukidesk.core.settings import year_style
from jukidesk.storage.conflicts import refuse_if_changed
from jukidesk.storage.database import Database
from jukidesk.storage.models import Finding

CHANGES = (Area.AUDITS,)
BULK_BACKUP = "before-bulk"


# -- one audit -------------------------------------------------------------------------------


def save_audit(
    db: Database, data: AuditData, *, audit_id: int | None = None, today: dt.date | None = None,
    seen: AuditData | None = None,
) -> Outcome[int]:
    """Create (``audit_id`` None) or update an audit; returns its id. A new audit that is
    already past 予定 gets its findings from its checklist at once; a status change of an
    existing one follows the one-step rule, counted from ``today`` or the 基準日. ``seen``:
    the audit as the dialog showed it — changed by another clerk since, it is refused
    (``ConflictError``), not overwritten."""

    def work(session: Session) -> int:
        if audit_id is None:
            audit = core_audits.create_audit(session, data)
            if data.status != "planned":
                core_audits.sync_findings(session, audit.id)
        else:
            stored = core_audits.get_audit(session, audit_id)
            wanted = core_audits.validate(session, data, audit_id=audit_id)  # as it would be stored
            refuse_if_changed(session, stored, AuditData.of(stored), seen, wanted)
            audit = core_audits.update_audit(session, audit_id, data, today=reference_day(session, today))
        return audit.id

    return write(db, CHANGES, work)


def delete_audit(db: Database, audit_id: int) -> Outcome[None]:
    """Delete an audit not yet carried out (予定 / 通知済); others are records and stay."""
    return write(db, CHANGES, lambda session: core_audits.delete_audit(session, audit_id))


def move_audit(db: Database, audit_id: int, day: dt.date) -> Outcome[list[str]]:
    """Move an audit to ``day`` at the same times (the calendar's drag and drop); its fiscal
    year follows the day. Returns the warnings of the new day (weekend, holiday, an auditor
    busy elsewhere …); a broken rule raises ``ValidationError`` and nothing moves."""

    def work(session: Session) -> list[str]:
        data = AuditData.of(core_audits.get_audit(session, audit_id)).moved_to(day)
        data.fy = fiscal_year_of(day)
        core_audits.update_audit(session, audit_id, data, today=reference_day(session))
        return audit_warnings(session, data, audit_id=audit_id)

    return write(db, CHANGES, work)


def set_audit_status(
    db: Database, audit_id: int, status: str, *, on: dt.date | None = None, today: dt.date | None = None
) -> Outcome[str]:
    """One status step (予定 → 通知済 → 実施済 → 報告済, or one back). ``on`` is the notice
    date of 通知済 (default: today); "today" is ``today`` or the 基準日. Returns the status."""

    def work(session: Session) -> str:
        day = reference_day(session, today)
        return core_audits.set_status(session, audit_id, status, on=on, today=day).status

    return write(db, CHANGES, work)


# -- findings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingEdit:
    """What the clerk changed in one finding of the findings dialog. ``status`` None keeps it
    (改善確認済 is never set here: only a later audit confirms a fix)."""

    id: int
    content: str
    response: str
    due_date: dt.date | None
    status: str | None = None
    seen: tuple | None = None  # (content, response, due_date, status) as the dialog showed them

    def wanted(self, stored_status: str) -> tuple:
        return (self.content, self.response, self.due_date, self.status or stored_status)


def finding_view(finding) -> tuple:
    """A finding as the dialog shows and edits it (FindingEdit.seen)."""
    return (finding.content, finding.response, finding.due_date, finding.status)


def sync_findings(db: Database, audit_id: int) -> Outcome[FindingSync]:
    """Make the audit's findings match its checklist (one per item scored under 3)."""
    return write(db, CHANGES, lambda session: core_audits.sync_findings(session, audit_id))


def save_findings(
    db: Database,
    audit_id: int,
    edits: Iterable[FindingEdit] = (),
    *,
    confirm: Iterable[int] = (),
    unconfirm: Iterable[int] = (),
) -> Outcome[None]:
    """The findings dialog's OK, all or nothing: the edited findings, the earlier findings
    this audit confirmed as fixed (``confirm``) and those it no longer confirms."""
    edits, confirm, unconfirm = list(edits), sorted(confirm), sorted(unconfirm)

    def work(session: Session) -> None:
        core_audits.get_audit(session, audit_id)  # gone meanwhile: say so
        for edit in edits:
            stored = session.get(Finding, edit.id)
            if stored is not None:
                refuse_if_changed(session, stored, finding_view(stored), edit.seen, edit.wanted(stored.status))
            core_audits.update_finding(
                session, edit.id, content=edit.content, response=edit.response, due_date=edit.due_date,
                status=edit.status if edit.status != "confirmed" else None,
            )
        for finding_id in confirm:
            core_audits.confirm_finding(session, finding_id, audit_id)
        for finding_id in unconfirm:
            core_audits.unconfirm_finding(session, finding_id)

    return write(db, CHANGES, work)


# -- the rotation plan -----------------------------------------------------------------------


def check_plan(db: Database, plan: Plan) -> list[str]:
    """Every rule ``plan`` breaks against the data as stored now (empty when it is valid)."""

    def work(session: Session) -> list[str]:
        context = planner.planning_context(session, plan.cycle.first_fy)
        return context.check(plan.assignment(), plan.targets)

    return read(db, work)


def _apply_and_date(session: Session, plan: Plan) -> ApplyResult:
    """The plan stored, then its undated 予定 audits from this fiscal year on given the
    proposed date, time, auditors, method and place (``core.scheduler``)."""
    result = planner.apply_plan(session, plan)
    this_year = fiscal_year_of(reference_day(session))
    schedule = scheduler.schedule_undated(session, [fy for fy in plan.cycle.years if fy >= this_year])
    return replace(result, scheduled=len(schedule.proposed))


def apply_plan(db: Database, plan: Plan) -> Outcome[ApplyResult]:
    """Store a (possibly hand-edited) plan as 予定 audits, the undated ones dated by the
    proposed schedule: checked against every rule first (``PlanError`` listing them: nothing
    stored, no backup taken), then a ``before-bulk`` generation of the file, then one
    transaction."""
    problems = check_plan(db, plan)
    if problems:
        raise PlanError(problems)
    return write(db, CHANGES, lambda session: _apply_and_date(session, plan), backup=BULK_BACKUP)


@dataclass(frozen=True)
class CyclePlan:
    """The planner's proposal for a cycle (``jukidesk plan``), and what applying it did."""

    plan: Plan
    targets: Targets
    style: YearStyle
    applied: ApplyResult | None = None


def plan_cycle(
    db: Database,
    cycle_start: int,
    *,
    internal: tuple[int, ...] | None = None,
    external: tuple[int, ...] | None = None,
    pins: Sequence[Pin] = (),
    replace_planned: bool = False,
    apply: bool = False,
) -> Outcome[CyclePlan]:
    """Propose the plan of the cycle starting in ``cycle_start`` (counts default to the
    previous cycle's); with ``apply`` store it as ``apply_plan`` does. ``PlanError`` when no
    plan satisfies the rules."""

    def propose(session: Session) -> CyclePlan:
        context = planner.planning_context(session, cycle_start)
        targets = context.targets(internal, external)
        plan = context.propose(targets, list(pins), replace_planned=replace_planned)
        return CyclePlan(plan, targets, year_style(session))

    proposed = read(db, propose)
    if not apply:
        return Outcome(proposed)
    # Just proposed from the stored data, so every rule holds: no second check needed.
    done = write(db, CHANGES, lambda session: _apply_and_date(session, proposed.plan), backup=BULK_BACKUP)
    return Outcome(
        CyclePlan(proposed.plan, proposed.targets, proposed.style, done.value), done.changes, done.backup
    )
