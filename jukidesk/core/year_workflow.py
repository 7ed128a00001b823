"""The actions of the clerk's year that change the data (the home tab's buttons and the
``jukidesk year`` commands call these; ``core.year_progress`` shows where the year stands).

- ``prepare_year`` (年度更新): the registry carried forward (it is effective-dated, so this
  only reports who joins and who leaves), the year's checklists created from the template
  version in force, and the cycle's plan applied when the cycle has none yet or institutions
  due in it are in no year of it (the stored audits kept as they are); every planned
  audit of the cycle still without a date, from this year on, gets the proposed date, time,
  auditors, method and place (``core.scheduler``). Running it again changes nothing.
- ``apply_year_plan``: the rotation planner's proposal for the cycle applied (planned audits
  are kept; missing ones added), the new audits dated as 年度更新 does, and the new
  audits' checklists created.
- ``schedule_year``: the proposed schedule for the audits still undated (one button);
- ``notice_candidates``: which audits 監査通知 prints for (due ones, else an early notice);
- ``mark_notified`` / ``mark_done``: audit status steps for several audits at once.

What leaves no trace in the data (workbooks sent out, 資料2) is recorded by
``core.year_events.record_event``, with the change-log position it was recorded at.

Every function works in the caller's single transaction; the actions (``actions.year``,
``actions.papers``) own that transaction and any backup. Qt-free.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from jukidesk.base import audit_kinds
from jukidesk.base.errors import ValidationError
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
from jukidesk.core.audits import get_audit, set_status
from jukidesk.core.checklists import ensure_checklist
from jukidesk.core.settings import load_settings, year_style
from jukidesk.core.templates import template_for_year
from jukidesk.core.year_progress import (
    RegistryChanges,
    audits_needing_notice,
    audits_ready_to_mark_done,
    cycle_has_plan,
    existing_checklists,
    registry_changes,
    unplanned_institutions,
    wanted_checklists,
    year_audits,
)
from jukidesk.storage.models import Audit

if TYPE_CHECKING:
    from jukidesk.core.municipal.survey import StartResult

# core.planner and core.scheduler (with jpholiday) are imported by the functions that plan
# or date audits; ``notice_candidates`` and ``mark_notified`` do not need them.


@dataclass
class YearPreparation:
    """What ``prepare_year`` did (or, with ``dry_run``, would do)."""

    fy: int
    year_label: str
    template: str
    registry: RegistryChanges
    created: dict[str, int] = field(default_factory=dict)  # kind → checklists created
    cycle_label: str = ""
    plan_added: int = 0  # audits added to the cycle by the planner
    plan_problem: str = ""  # why no plan could be made (the rest is still done)
    plan_notes: list[str] = field(default_factory=list)  # how the planner chose its counts
    scheduled: int = 0  # planned audits given a date, time, auditors, method and place
    schedule_notes: list[str] = field(default_factory=list)  # audits the rules could not date
    training_carried: int = 0  # courses of the year before copied into this year's plan
    carried_notes: list[str] = field(default_factory=list)  # what the new year keeps as it is
    survey_started: StartResult | None = None  # core.municipal.survey.StartResult when the year's 調査票 was started
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.created.values()) or self.plan_added or self.scheduled or self.training_carried or self.survey_started
        )

    def lines(self) -> list[str]:
        """The summary shown before and after (Japanese, one fact per line)."""
        will = "作成します" if self.dry_run else "作成しました"
        lines = [
            f"機関台帳: {self.registry.institutions}機関（{self.registry.text()}）",
            f"チェックリストのテンプレート: {self.template}",
        ]
        if self.plan_added:
            verb = "適用します" if self.dry_run else "適用しました"
            lines.append(f"監査計画: {self.cycle_label}の計画（{self.plan_added}件）を{verb}")
            lines.extend(f"監査計画: {note}" for note in self.plan_notes)
        elif self.plan_problem:
            lines.append(f"監査計画: 作成できませんでした（{self.plan_problem}）")
        if self.scheduled:
            verb = "入れます" if self.dry_run else "入れました"
            lines.append(f"監査の日程: 予定{self.scheduled}件に日時・監査人・方法・場所の案を{verb}（監査カレンダーで直せます）")
        lines.extend(f"監査の日程: {note}" for note in self.schedule_notes)
        for kind, count in self.created.items():
            if count:
                lines.append(f"{CHECKLIST_KIND_LABELS[kind]}のチェックリスト {count}件を{will}")
        if self.training_carried:
            verb = "引き継ぎます" if self.dry_run else "引き継ぎました"
            lines.append(f"研修計画: 前年度の研修 {self.training_carried}件を{verb}（受講記録は新しい年度で入力）")
        if self.survey_started is not None:
            started = self.survey_started
            verb = "開始します" if self.dry_run else "開始しました"
            lines.append(
                f"調査票: 項目 {started.questions}件で{verb}（前年度の回答 {started.carried}件を未確認として引継ぎ、"
                f"手順が未整備の {started.missing}件は未整備）"
            )
        lines.extend(self.carried_notes)
        if not self.changed:
            lines.append("この年度は準備済みです。変更はありません。")
        return lines


def prepare_year(session: Session, fy: int, *, dry_run: bool = False) -> YearPreparation:
    """年度更新 for ``fy`` (see the module docstring). Raises ``ValidationError`` when no
    template is in force for the year."""
    from jukidesk.core.planner import PlanError, apply_plan, before_first_cycle, propose_plan  # only when planning
    from jukidesk.core.scheduler import schedule_undated, undated_requests  # only when dating audits

    template = template_for_year(session, fy)
    if template is None:
        raise ValidationError(
            f"{fy}年度に使うチェックリストのテンプレートがありません。先にテンプレートを読み込んでください（チェックリストのタブ）。"
        )
    style = year_style(session)
    cycle = style.cycle(fy)
    result = YearPreparation(
        fy=fy,
        year_label=style.display(fy),
        template=f"{template.name} 第{template.version}版",
        registry=registry_changes(session, fy),
        cycle_label=cycle.label(fullwidth=False) if cycle.number >= 1 else "",
        dry_run=dry_run,
    )
    planned_here: list[tuple[str, int]] = []
    if cycle.number < 1:
        result.plan_problem = before_first_cycle(style, fy)
    elif plans_cycle(session, fy):
        # no plan yet, or institutions due in the cycle that no audit covers and that can
        # still be audited this year or later: the planner's proposal, stored audits kept
        has_plan = cycle_has_plan(session, fy)
        try:
            plan = propose_plan(session, cycle.first_fy)
            past = [e for e in plan.entries if has_plan and e.source == "proposed" and e.fy < fy]
            if past:  # never an audit added to a year gone by: the clerk decides in the plan grid
                names = "、".join(e.name for e in past)
                raise PlanError([f"{names}は過ぎた年度に入るため、監査計画の画面で決めてください"])
        except PlanError as exc:
            result.plan_problem = "；".join(exc.problems)
        else:
            result.plan_notes = list(plan.notes)
            if dry_run:
                result.plan_added = sum(1 for e in plan.entries if e.source == "proposed")
                planned_here = [(e.kind, e.institution_id) for e in plan.entries if e.fy == fy and e.source == "proposed"]
                result.scheduled = sum(1 for e in plan.entries if e.source == "proposed" and e.fy >= fy)
            else:
                result.plan_added = apply_plan(session, plan).added
    if cycle.number >= 1:
        ahead = [year for year in cycle.years if year >= fy]
        if dry_run:
            result.scheduled += len(undated_requests(session, ahead))
        else:
            schedule = schedule_undated(session, ahead)
            result.scheduled = len(schedule.proposed)
            result.schedule_notes = schedule.notes()
    existing = existing_checklists(session, fy)
    wanted = [(kind, inst.id) for kind, inst in wanted_checklists(session, fy)]
    wanted += [key for key in planned_here if key not in wanted]
    created = {kind: 0 for kind in audit_kinds.scored_codes()}
    for kind, institution_id in wanted:
        if (kind, institution_id) in existing:
            continue
        if not dry_run:
            ensure_checklist(session, fy, kind, institution_id)
        created[kind] += 1
    result.created = created
    _carry_city_year(session, fy, result, dry_run=dry_run)
    session.flush()
    return result


def plans_cycle(session: Session, fy: int) -> bool:
    """Whether 年度更新 of ``fy`` applies the planner's proposal: the cycle has no plan, or
    an institution due in it has no audit and is in the registry in ``fy`` or a later year of
    the cycle (one retired before ``fy`` is left to the clerk: never an audit in a past year)."""
    cycle = year_style(session).cycle(fy)
    if cycle.number < 1:
        return False
    if not cycle_has_plan(session, fy):
        return True
    ahead = [year for year in cycle.years if year >= fy]
    return any(any(inst.valid_in(year) for year in ahead) for inst in unplanned_institutions(session, fy))


def changes_plan(session: Session, fy: int) -> bool:
    """Whether 年度更新 of ``fy`` will add or date audits of the cycle (a bulk change: the
    action backs the file up first)."""
    if year_style(session).cycle(fy).number < 1:
        return False
    return plans_cycle(session, fy) or bool(audits_to_schedule(session, fy))


def audits_to_schedule(session: Session, fy: int) -> list:
    """The undated planned audits of the cycle of ``fy``, from ``fy`` on (what 年度更新 dates)."""
    from jukidesk.core.scheduler import undated_requests  # only when dating audits

    cycle = year_style(session).cycle(fy)
    if cycle.number < 1:
        return []
    return undated_requests(session, [year for year in cycle.years if year >= fy])


def _carry_city_year(session: Session, fy: int, result: YearPreparation, *, dry_run: bool) -> None:
    """The city's plans carried into the new year: the training plan is copied (every
    course is retaken each year); the year's 調査票 is started when the organisation has an
    item list for it (last year's answers as 未確認, 未整備 from the register); the inspection sheets and the management meeting's
    standing agenda need no copy (the sheet in force stays in force, a new meeting starts
    with last year's agenda) and are only reported."""
    from jukidesk.base.fiscal import fiscal_year_bounds
    from jukidesk.base.vocabulary import INSPECTION_KIND_LABELS
    from jukidesk.core.municipal import inspections, meetings, survey, training
    from jukidesk.storage.models_municipal import INSPECTION_KINDS

    result.training_carried = training.carry_training_plan(session, fy, dry_run=dry_run)
    if survey.template_for_year(session, fy) is not None and not survey.year_answers(session, fy):
        result.survey_started = survey.start_year(session, fy, dry_run=dry_run)
    first = fiscal_year_bounds(fy)[0]
    for kind in INSPECTION_KINDS:
        sheet = inspections.template_for(session, kind, first)
        if sheet is not None:
            result.carried_notes.append(
                f"{INSPECTION_KIND_LABELS[kind]}の点検項目: 第{sheet.version}版（{len(sheet.items)}項目）を引き続き使います"
            )
    if result.carried_notes or result.training_carried:
        agenda = meetings.standing_agenda(session, fy)
        result.carried_notes.append(f"管理運用会議の定例議題: {len(agenda)}件（新しい会議に自動で入ります）")


@dataclass(frozen=True)
class YearPlanResult:
    added: int
    removed: int
    checklists: int  # audit checklists created for the year
    year_counts: dict[str, int]  # kind → audits of the year after applying
    notes: tuple[str, ...] = ()  # how the planner chose its counts (spread evenly …)
    scheduled: int = 0  # planned audits given a proposed date, time, auditors, method and place


def apply_year_plan(session: Session, fy: int) -> YearPlanResult:
    """Apply the planner's proposal for the cycle of ``fy`` (stored planned audits are kept
    as they are; only what the counts miss is added). Raises ``PlanError`` with every
    failing rule when no valid plan exists."""
    from jukidesk.core.planner import apply_plan, propose_plan  # only when planning
    from jukidesk.core.scheduler import schedule_undated  # only when dating audits

    style = year_style(session)
    cycle = style.cycle(fy)
    plan = propose_plan(session, cycle.first_fy)
    applied = apply_plan(session, plan)
    schedule = schedule_undated(session, [year for year in cycle.years if year >= fy])
    created = 0
    if template_for_year(session, fy) is not None and any(kind == "self" for kind, _ in existing_checklists(session, fy)):
        # The year is prepared: the new audits get their checklists now, as 年度更新 would.
        existing = existing_checklists(session, fy)
        for kind, inst in wanted_checklists(session, fy):
            if audit_kinds.is_audit(kind) and audit_kinds.kind(kind).scored and (kind, inst.id) not in existing:
                ensure_checklist(session, fy, kind, inst.id)
                created += 1
    session.flush()
    counts = {kind: len(plan.entries_for(fy, kind)) for kind in audit_kinds.scored_audit_codes()}
    return YearPlanResult(
        applied.added, applied.removed, created, counts, tuple(plan.notes) + tuple(schedule.notes()), len(schedule.proposed)
    )


def schedule_year(session: Session, fy: int):
    """The undated planned audits of ``fy``'s cycle, from ``fy`` on, dated by the proposed
    schedule (``core.scheduler``); returns the ``Schedule`` (what could not be placed, why)."""
    from jukidesk.core.scheduler import schedule_undated  # only when dating audits

    cycle = year_style(session).cycle(fy)
    years = [year for year in cycle.years if year >= fy] if cycle.number >= 1 else [fy]
    return schedule_undated(session, years)


def notice_candidates(session: Session, fy: int, today: dt.date) -> list[Audit]:
    """The audits 監査通知 prints for: those still 予定 whose notice is due by ``today``
    (setting ``notice_lead_days`` before the audit); when none is due yet, every dated
    audit still 予定 (an early notice)."""
    lead_days = int(load_settings(session)["notice_lead_days"])
    audits = audits_needing_notice(session, fy, today, lead_days)
    if not audits:
        audits = [a for a in year_audits(session, fy) if a.status == "planned" and a.starts_at is not None]
    return audits


def mark_notified(session: Session, audit_ids: list[int], on: dt.date | Mapping[int, dt.date]) -> list[str]:
    """予定 → 通知済 for each audit still 予定 (notice date ``on``, or each audit's own in a
    mapping audit id → date); returns the names marked."""
    marked = []
    for audit_id in audit_ids:
        audit = get_audit(session, audit_id)
        if audit.status == "planned":
            day = on[audit_id] if isinstance(on, Mapping) else on
            set_status(session, audit_id, "notified", on=day, today=day)
            marked.append(audit.institution.report_name)
    return marked


def mark_done(session: Session, fy: int, today: dt.date) -> list[str]:
    """通知済 → 実施済 for the audits of ``fy`` whose day has come and whose checklist is
    complete (the findings are created from the checklist); returns the names marked."""
    marked = []
    for audit in audits_ready_to_mark_done(session, fy, today):
        set_status(session, audit.id, "done", today=today)
        marked.append(f"{audit.institution.report_name}（{CHECKLIST_KIND_LABELS[audit.kind]}）")
    return marked
